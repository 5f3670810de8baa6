/** Encrypted backups of the workspace: downloaded through the page (browser shell) or written straight to a file. */
import { z } from 'zod';
import { fileRefSchema } from './files';
import { fileOutSchema } from './schemas';
import { type ContractSection, eitherWorkspace } from './spec';

export const backupContract = {
  'backup.download': {
    doc: '生成加密备份（仍为密文，含密钥槽）；学校与教育局工作台都可用',
    access: eitherWorkspace(['admin']),
    input: z.object({}),
    output: fileOutSchema,
  },
  'backup.saveTo': {
    doc: '桌面版与命令行：把加密备份直接写到所选位置（先写临时文件、校验后替换，完成后才记录备份日期）',
    access: { ...eitherWorkspace(['admin']), transports: ['desktop', 'local'] },
    input: z.object({ path: z.string().trim().min(1, '请选择保存位置').max(1000) }),
    output: z.object({ fileName: z.string(), bytes: z.number().int() }),
  },
  'backup.restore': {
    doc: '从加密备份恢复（仅资助管理员）：先结束所有登录，用本账户在备份中的密码解开并校验，原数据移至 .before-restore-* 文件夹；备份之后停用的账户保持停用，除非逐一确认',
    access: eitherWorkspace(['admin']),
    input: z.object({
      fileRef: fileRefSchema,
      password: z.string().min(1, '请输入您在备份时的密码'),
      reenable: z.array(z.string().trim().min(1).max(40)).max(200).default([]),
    }),
    output: z.object({
      createdAt: z.string(),
      keptDisabled: z.array(z.string()),
      reenabled: z.array(z.string()),
      gone: z.array(z.string()),
    }),
  },
} as const satisfies ContractSection;
