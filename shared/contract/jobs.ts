/** Long-running work (imports now; reports and rollover later): progress, cancel and the result's counts. */
import { z } from 'zod';
import { ERROR_CODES } from '../errors';
import { type ContractSection, eitherWorkspace, okSchema } from './spec';

export const jobStatusSchema = z.object({
  jobId: z.string(),
  kind: z.string(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  progress: z.number(),
  message: z.string(),
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }).nullable(),
  /** For a finished commit: what was written, and the batch it was recorded as. */
  result: z.object({ counts: z.record(z.string(), z.number()), batchId: z.number().int().nullable() }).nullable(),
});

export const jobsContract = {
  'jobs.status': {
    doc: '长任务进度：状态、进度、说明、结果计数或错误',
    access: { ...eitherWorkspace('any'), passive: true },
    input: z.object({ jobId: z.string().min(1) }),
    output: jobStatusSchema,
  },
  'jobs.cancel': {
    doc: '取消长任务（未完成的导入不写入任何数据）',
    access: eitherWorkspace('any'),
    input: z.object({ jobId: z.string().min(1) }),
    output: okSchema,
  },
} as const satisfies ContractSection;
