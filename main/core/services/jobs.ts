/** Long-running work as seen by its owner: progress, the result's counts, cancel. */
import type { jobsContract } from '../../../shared/contract/jobs';
import { type Handlers, OK } from './context';

export const jobsHandlers: Handlers<typeof jobsContract> = {
  'jobs.status': async (ctx, i) => {
    const job = ctx.jobs.get(i.jobId, ctx.user.id);
    const done = job.state === 'done' && job.kind.endsWith('.commit');
    const result = done ? (job.result as { counts: Record<string, number>; batchId: number | null }) : null;
    return {
      jobId: job.id,
      kind: job.kind,
      state: job.state,
      progress: job.progress,
      message: job.message,
      error: job.error ? { code: job.error.code, message: job.error.message } : null,
      result: result ? { counts: result.counts, batchId: result.batchId } : null,
    };
  },
  'jobs.cancel': async (ctx, i) => {
    ctx.jobs.cancel(i.jobId, ctx.user.id);
    return OK;
  },
};
