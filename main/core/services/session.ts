/**
 * The public methods (status, first-run setup, login, logout) and the own password change. The first four run before
 * anyone is signed in, so they talk to the host through the narrow PublicHost interface.
 */
import type { appContract } from '../../../shared/contract/app';
import type { authContract } from '../../../shared/contract/auth';
import { changeOwnPassword } from './accounts';
import { parseDatabaseUrl } from '../store/databaseConfig';
import { type Handlers, OK } from './context';

export const appHandlers: Handlers<typeof appContract> = {
  'app.status': (c) => c.host.status(c.sessionToken),
  'setup.school': (c, i) => c.host.setupSchool(i.profile, i.admin),
  'setup.bureau': (c, i) =>
    c.host.setupBureau(i.name, i.admin, { level: i.level, area: i.area }, i.database ? parseDatabaseUrl(i.database) : null),
};

export const authHandlers: Handlers<typeof authContract> = {
  'auth.login': async (c, i) => {
    const s = await c.host.login(i.username, i.password);
    return { session: s.token, user: s.user };
  },
  'auth.recover': (c, i) => c.host.recover(i.recoveryCode, i.username, i.newPassword),
  'auth.logout': async (c) => {
    await c.host.logout(c.sessionToken);
    return OK;
  },
  'auth.changePassword': async (ctx, i) => {
    await changeOwnPassword(ctx, i.oldPassword, i.newPassword);
    return OK;
  },
};
