/** Encrypted backups of the workspace. */
import { z } from 'zod';
import { fileOutSchema } from './schemas';
import { type ContractSection, eitherWorkspace } from './spec';

export const backupContract = {
  'backup.download': {
    doc: '生成加密备份（仍为密文，含密钥槽）；学校与教育局工作台都可用',
    access: eitherWorkspace(['admin']),
    input: z.object({}),
    output: fileOutSchema,
  },
} as const satisfies ContractSection;
