/** Staff accounts and their key slots; the staff who can be made responsible. */
import { z } from 'zod';
import { CASE_READERS } from './roleGroups';
import { accountRowSchema, newAccountSchema, passwordSchema, roleSchema, id } from './schemas';
import { type ContractSection, eitherWorkspace, idInput, school } from './spec';

/** What a rekey left for the administrator to do (see main/core/store/rekey.ts). */
const rekeyedSchema = z.object({
  ok: z.literal(true),
  /** Milliseconds the rekey took. */
  rekeyMs: z.number().int(),
  /** A new recovery code to print, when the old one could not be carried over (a slot file from before version 2). */
  newRecoveryCode: z.string().nullable(),
  /** Accounts that have not signed in since key slots became key pairs: their passwords must be reset. */
  lostAccess: z.array(z.string()),
});

export const accountsContract = {
  'accounts.list': {
    doc: '账户列表',
    access: eitherWorkspace(['admin']),
    input: z.object({}),
    output: z.array(accountRowSchema),
  },
  'accounts.create': {
    doc: '新建账户（为其建立密钥槽；教育局工作台只能建立资助中心管理员、资助专干、督查账户）',
    access: eitherWorkspace(['admin']),
    input: newAccountSchema.extend({ role: roleSchema, classes: z.array(z.string().trim().min(1)).default([]) }),
    output: z.object({ id: z.number().int() }),
  },
  'accounts.disable': {
    doc: '停用账户：销毁其密钥槽，并为数据库更换密钥（旧密钥槽与旧备份打不开此后的数据）',
    access: eitherWorkspace(['admin']),
    input: idInput,
    output: rekeyedSchema,
  },
  'accounts.resetPassword': {
    doc: '重置账户密码并解除锁定（下次登录须改密码），并为数据库更换密钥',
    access: eitherWorkspace(['admin']),
    input: z.object({ id: id, password: passwordSchema }),
    output: rekeyedSchema,
  },
  'accounts.staff': {
    doc: '可作为责任人的在用教职工（姓名与角色）',
    access: school(CASE_READERS),
    input: z.object({}),
    output: z.array(z.object({ id: z.number().int(), displayName: z.string(), role: roleSchema })),
  },
} as const satisfies ContractSection;
