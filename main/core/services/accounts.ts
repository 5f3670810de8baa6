/** Staff accounts: created, disabled and reset by an administrator; each account's key slot follows its state. */
import { AppError } from '../../../shared/errors';
import type { AccountRow, User } from '../../../shared/contract/schemas';
import { ROLE_LABELS, type Role } from '../../../shared/domain/enums';
import type { In } from '../../../shared/contract/index';
import { appendAudit } from './audit';
import type { accountsContract } from '../../../shared/contract/accounts';
import { actor, type Handlers, type RekeyOutcomeForAdmin, type ServiceContext } from './context';
import { BUREAU_ROLES, CRISIS_ROLES } from '../../../shared/contract/roleGroups';
import { getSetting, SETTING, setSetting } from './settings';
import { REKEY_DUE_SETTING } from '../store/rekey';
import { insertedId } from '../store/portableSql';

/** An account row as the store holds it. */
export interface AccountDbRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  classes: string;
  disabled: number;
  must_change_password: number;
  created_at: string;
}

/** An account row as the store holds it, as the signed-in user the screens see. */
export function toUser(r: {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  classes: string;
  must_change_password: number;
}): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    classes: JSON.parse(r.classes) as string[],
    mustChangePassword: !!r.must_change_password,
  };
}

export async function listAccounts(ctx: ServiceContext): Promise<AccountRow[]> {
  const rows = (await ctx.db('accounts').select('*').orderBy('id')) as AccountDbRow[];
  return rows.map((r) => {
    const slot = ctx.workspace.slotState(r.id);
    return { ...toUser(r), disabled: !!r.disabled, createdAt: r.created_at, failedAttempts: slot.failed, lockedUntil: slot.lockedUntil };
  });
}

export async function listStaff(ctx: ServiceContext): Promise<Array<{ id: number; displayName: string; role: Role }>> {
  const rows = (await ctx.db('accounts').where({ disabled: 0 }).select('id', 'display_name', 'role').orderBy('id')) as AccountDbRow[];
  return rows.map((r) => ({ id: r.id, displayName: r.display_name, role: r.role }));
}

export async function createAccount(ctx: ServiceContext, input: In<'accounts.create'>): Promise<{ id: number }> {
  const exists = await ctx.db('accounts').where({ username: input.username }).first();
  if (exists) throw new AppError('CONFLICT', `用户名“${input.username}”已被使用`, [{ path: 'username', message: '用户名已被使用' }]);
  // A bureau has no classes, cases or crisis records: only its own three roles (issue 14 §7).
  if ((await getSetting(ctx.db, SETTING.bureauName)) !== null && !BUREAU_ROLES.includes(input.role)) {
    throw new AppError('VALIDATION', `教育局工作台只能建立${BUREAU_ROLES.map((r) => ROLE_LABELS[r]).join('、')}账户`, [
      { path: 'role', message: '教育局工作台没有该角色' },
    ]);
  }
  if (input.role === 'headTeacher' && input.classes.length === 0) {
    throw new AppError('VALIDATION', '班主任账户须填写负责的班级', [{ path: 'classes', message: '班主任须至少负责一个班级' }]);
  }
  const at = ctx.now.toISOString();
  let id = 0;
  await ctx.db.transaction(async (trx) => {
    const newId = await insertedId(
      trx('accounts').insert({
        username: input.username,
        display_name: input.displayName,
        role: input.role,
        classes: JSON.stringify(input.classes),
        must_change_password: 1,
        created_at: at,
        updated_at: at,
      }),
    );
    id = Number(newId);
    await appendAudit(trx, actor(ctx), 'account.create', { type: 'account', id }, { role: input.role }, ctx.now);
    // The slot is written before the commit: if it fails, the account row is rolled back with it.
    await ctx.workspace.setAccountSlot(id, input.username, input.password, CRISIS_ROLES.includes(input.role));
  });
  return { id };
}

/**
 * After a disable or a reset the store gets new keys: whatever the person could have copied before (the folder, their
 * old slot file, a backup) opens only the data of that time. The marker written with the change makes the next
 * administrator's sign-in finish a rekey that a crash cut short.
 */
async function rekeyAfter(ctx: ServiceContext, reason: string): Promise<{ ok: true } & RekeyOutcomeForAdmin> {
  const r = await ctx.workspace.rekey(actor(ctx), reason);
  return { ok: true, ...r };
}

export async function disableAccount(ctx: ServiceContext, id: number): Promise<{ ok: true } & RekeyOutcomeForAdmin> {
  if (id === ctx.user.id) throw new AppError('STATE', '不能停用自己的账户');
  const row = (await ctx.db('accounts').where({ id }).first()) as AccountDbRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', '账户不存在');
  if (row.role === 'admin') {
    const admins = await ctx.db('accounts').where({ role: 'admin', disabled: 0 }).count<{ n: number }[]>({ n: '*' });
    if (Number(admins[0].n) <= 1) throw new AppError('STATE', '至少要保留一位在用的资助管理员');
  }
  await ctx.db.transaction(async (trx) => {
    await trx('accounts').where({ id }).update({ disabled: 1, updated_at: ctx.now.toISOString() });
    await appendAudit(trx, actor(ctx), 'account.disable', { type: 'account', id }, {}, ctx.now);
    await setSetting(trx, REKEY_DUE_SETTING, { reason: 'disable', account: id, at: ctx.now.toISOString() });
    ctx.workspace.removeAccountSlot(id);
  });
  ctx.workspace.endSessionsOf(id);
  return rekeyAfter(ctx, 'disable');
}

export async function resetPassword(ctx: ServiceContext, id: number, password: string): Promise<{ ok: true } & RekeyOutcomeForAdmin> {
  const row = (await ctx.db('accounts').where({ id }).first()) as AccountDbRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', '账户不存在');
  await ctx.db.transaction(async (trx) => {
    await trx('accounts').where({ id }).update({ disabled: 0, must_change_password: 1, updated_at: ctx.now.toISOString() });
    await appendAudit(trx, actor(ctx), 'account.resetPassword', { type: 'account', id }, {}, ctx.now);
    await setSetting(trx, REKEY_DUE_SETTING, { reason: 'reset', account: id, at: ctx.now.toISOString() });
    await ctx.workspace.setAccountSlot(id, row.username, password, CRISIS_ROLES.includes(row.role));
  });
  return rekeyAfter(ctx, 'reset');
}

export async function changeOwnPassword(ctx: ServiceContext, oldPassword: string, newPassword: string): Promise<void> {
  if (newPassword === oldPassword) {
    throw new AppError('VALIDATION', '新密码不能与原密码相同', [
      { path: 'newPassword', message: '新密码不能与原密码（管理员设置的密码）相同' },
    ]);
  }
  if (!(await ctx.workspace.verifyPassword(ctx.user.id, oldPassword))) {
    throw new AppError('WRONG_PASSWORD', '原密码不正确', [{ path: 'oldPassword', message: '原密码不正确' }]);
  }
  await ctx.db.transaction(async (trx) => {
    await trx('accounts').where({ id: ctx.user.id }).update({ must_change_password: 0, updated_at: ctx.now.toISOString() });
    await appendAudit(trx, actor(ctx), 'account.changePassword', { type: 'account', id: ctx.user.id }, {}, ctx.now);
    await ctx.workspace.setAccountSlot(ctx.user.id, ctx.user.username, newPassword, CRISIS_ROLES.includes(ctx.user.role));
  });
  (ctx.user as User).mustChangePassword = false;
}

export const accountsHandlers: Handlers<typeof accountsContract> = {
  'accounts.list': listAccounts,
  'accounts.create': createAccount,
  'accounts.disable': (ctx, i) => disableAccount(ctx, i.id),
  'accounts.resetPassword': (ctx, i) => resetPassword(ctx, i.id, i.password),
  'accounts.staff': listStaff,
};
