/** The hash-chained audit log. */
import { z } from 'zod';
import { type ContractSection, school } from './spec';

export const auditContract = {
  'audit.verify': {
    doc: '校验审计日志哈希链是否完整',
    access: school(['admin', 'inspector', 'principal']),
    input: z.object({}),
    output: z.object({ ok: z.boolean(), count: z.number().int(), brokenAt: z.number().int().nullable() }),
  },
} as const satisfies ContractSection;
