/** Login, logout and the own password. */
import { z } from 'zod';
import { passwordSchema, userSchema, usernameSchema } from './schemas';
import { type ContractSection, okSchema, publicAccess } from './spec';

export const authContract = {
  'auth.login': {
    doc: '登录：用口令解开本人的密钥槽并打开加密库',
    access: publicAccess,
    input: z.object({ username: usernameSchema, password: z.string().min(1, '请输入密码').max(128) }),
    output: z.object({ session: z.string(), user: userSchema }),
  },
  'auth.recover': {
    doc: '忘记密码：资助管理员用恢复码重设本人密码；原恢复码作废，返回只显示一次的新恢复码',
    access: publicAccess,
    input: z.object({
      username: usernameSchema,
      recoveryCode: z.string().trim().min(1, '请输入恢复码').max(64, '恢复码格式不正确'),
      newPassword: passwordSchema,
    }),
    output: z.object({ recoveryCode: z.string() }),
  },
  'auth.logout': {
    doc: '退出登录（锁定）',
    access: publicAccess,
    input: z.object({}),
    output: okSchema,
  },
  'auth.changePassword': {
    doc: '修改本人密码（重新包裹本人的密钥槽）',
    access: { kind: 'session', workspace: 'any', roles: 'any' },
    input: z.object({ oldPassword: z.string().min(1), newPassword: passwordSchema }),
    output: okSchema,
  },
} as const satisfies ContractSection;
