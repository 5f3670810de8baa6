/** The hash-chained audit log. */
import { z } from 'zod';
import { fileOutSchema, isoDate } from './schemas';
import { type ContractSection, eitherWorkspace } from './spec';

const auditFilter = z.object({
  since: isoDate.optional(),
  until: isoDate.optional(),
  actorId: z.number().int().positive().optional(),
  action: z.string().trim().max(60).default(''),
  studentId: z.number().int().positive().optional(),
});

const auditRowSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actorName: z.string(),
  action: z.string(),
  actionLabel: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  detail: z.string(),
});

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
  'audit.list': {
    doc: '审计日志查看（督查、资助管理员）：按人员、操作、学生、日期筛选；查看本身记入审计日志',
    access: eitherWorkspace(['admin', 'inspector']),
    input: auditFilter.extend({
      page: z.number().int().min(1).default(1),
      pageSize: z.number().int().min(10).max(200).default(50),
    }),
    output: z.object({
      rows: z.array(auditRowSchema),
      total: z.number().int(),
      actors: z.array(z.object({ id: z.number().int(), name: z.string() })),
      actions: z.array(z.object({ action: z.string(), label: z.string() })),
    }),
  },
  'audit.export': {
    doc: '导出审计日志 xlsx（同样的筛选；最多 100,000 条；导出记入审计日志）',
    access: eitherWorkspace(['admin', 'inspector']),
    input: auditFilter,
    output: fileOutSchema,
  },
} as const satisfies ContractSection;
