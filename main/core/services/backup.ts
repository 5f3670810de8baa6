/** Encrypted backups of the workspace: the store (still ciphertext) and its key slots, made by the host. */
import type { backupContract } from '../../../shared/contract/backup';
import { todayIso } from '../../../shared/domain/dates';
import { actor, asFile, type Handlers } from './context';

export const backupHandlers: Handlers<typeof backupContract> = {
  'backup.download': async (ctx) => {
    const bytes = await ctx.workspace.backup(actor(ctx));
    return asFile(`CareDesk备份-${todayIso(ctx.now)}.cdbackup`, bytes);
  },
  'backup.saveTo': (ctx, i) => ctx.workspace.backupToFile(actor(ctx), i.path),
  'backup.restore': async (ctx, i) => {
    const file = ctx.files.take(i.fileRef);
    const r = await ctx.workspace.restore(file.bytes, ctx.user.username, i.password, i.reenable);
    return { createdAt: r.createdAt, keptDisabled: r.keptDisabled, reenabled: r.reenabled, gone: r.gone };
  },
};
