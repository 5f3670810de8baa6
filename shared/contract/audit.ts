/** The hash-chained audit log. */
import { z } from 'zod';
import { type ContractSection, eitherWorkspace } from './spec';

export const auditContract = {
  'audit.verify': {
    doc: '校验审计日志哈希链是否完整，并与库外保存的链头（密钥槽文件中的锚点）核对，发现截短或改写',
    access: eitherWorkspace(['admin', 'inspector', 'principal']),
    input: z.object({}),
    output: z.object({
      ok: z.boolean(),
      count: z.number().int(),
      brokenAt: z.number().int().nullable(),
      anchor: z.object({ count: z.number().int(), ok: z.boolean(), problem: z.string() }).nullable(),
    }),
  },
} as const satisfies ContractSection;
