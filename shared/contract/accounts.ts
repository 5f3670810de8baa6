/** Staff accounts and their key slots; the staff who can be made responsible. */
import { z } from 'zod';
import { CASE_READERS } from './roleGroups';
import { accountRowSchema, newAccountSchema, passwordSchema, roleSchema, id } from './schemas';
import { type ContractSection, idInput, okSchema, school } from './spec';

export const accountsContract = {
  'accounts.list': {
    doc: '账户列表',
    access: school(['admin']),
    input: z.object({}),
    output: z.array(accountRowSchema),
  },
  'accounts.create': {
    doc: '新建账户（为其建立密钥槽）',
    access: school(['admin']),
    input: newAccountSchema.extend({ role: roleSchema, classes: z.array(z.string().trim().min(1)).default([]) }),
    output: z.object({ id: z.number().int() }),
  },
  'accounts.disable': {
    doc: '停用账户：销毁其密钥槽',
    access: school(['admin']),
    input: idInput,
    output: okSchema,
  },
  'accounts.resetPassword': {
    doc: '重置账户密码并解除锁定（下次登录须改密码）',
    access: school(['admin']),
    input: z.object({ id: id, password: passwordSchema }),
    output: okSchema,
  },
  'accounts.staff': {
    doc: '可作为责任人的在用教职工（姓名与角色）',
    access: school(CASE_READERS),
    input: z.object({}),
    output: z.array(z.object({ id: z.number().int(), displayName: z.string(), role: roleSchema })),
  },
} as const satisfies ContractSection;
