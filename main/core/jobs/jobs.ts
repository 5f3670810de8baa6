/**
 * Long work as jobs: progress, cancel, and a result kept in memory for the caller that started it (a preview's
 * plan holds personal data, so it never goes to disk and only its owner may read it). Jobs end with the session.
 */
import crypto from 'node:crypto';
import { AppError, type ErrorBody } from '../../../shared/errors';

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface Job<T = unknown> {
  id: string;
  kind: string;
  ownerId: number;
  state: JobState;
  progress: number;
  message: string;
  result: T | null;
  error: ErrorBody | null;
  controller: AbortController;
}

export interface JobHandle {
  signal: AbortSignal;
  progress(fraction: number, message: string): void;
}

const MAX_JOBS_PER_OWNER = 5;

export class Jobs {
  private jobs = new Map<string, Job>();

  start<T>(kind: string, ownerId: number, work: (h: JobHandle) => Promise<T>): Job<T> {
    const mine = [...this.jobs.values()].filter((j) => j.ownerId === ownerId);
    // Keep memory bounded: drop the oldest finished jobs of this person.
    for (const old of mine.filter((j) => j.state !== 'running').slice(0, Math.max(0, mine.length - MAX_JOBS_PER_OWNER + 1)))
      this.jobs.delete(old.id);
    const job: Job<T> = {
      id: crypto.randomBytes(12).toString('base64url'),
      kind,
      ownerId,
      state: 'running',
      progress: 0,
      message: '',
      result: null,
      error: null,
      controller: new AbortController(),
    };
    this.jobs.set(job.id, job as Job);
    const handle: JobHandle = {
      signal: job.controller.signal,
      progress: (fraction, message) => {
        job.progress = Math.max(0, Math.min(1, fraction));
        job.message = message;
      },
    };
    void work(handle).then(
      (result) => {
        if (job.controller.signal.aborted) job.state = 'cancelled';
        else {
          job.result = result;
          job.state = 'done';
          job.progress = 1;
        }
      },
      (e: unknown) => {
        if (job.controller.signal.aborted) {
          job.state = 'cancelled';
          job.message = '已取消，未作任何改动';
        } else {
          job.state = 'failed';
          job.error = e instanceof AppError ? e.toBody() : { code: 'INTERNAL', message: '处理失败，未作任何改动' };
        }
      },
    );
    return job;
  }

  get<T>(id: string, ownerId: number): Job<T> {
    const job = this.jobs.get(id);
    if (!job || job.ownerId !== ownerId) throw new AppError('NOT_FOUND', '任务不存在或已过期');
    return job as Job<T>;
  }

  cancel(id: string, ownerId: number): void {
    const job = this.get(id, ownerId);
    if (job.state === 'running') job.controller.abort();
  }

  /** Waits until a job has finished (for the CLI and tests). */
  async wait<T>(id: string, ownerId: number): Promise<Job<T>> {
    const job = this.get<T>(id, ownerId);
    while (job.state === 'running') await new Promise((r) => setTimeout(r, 20));
    return job;
  }

  endFor(ownerId: number): void {
    for (const [id, j] of this.jobs)
      if (j.ownerId === ownerId) {
        j.controller.abort();
        this.jobs.delete(id);
      }
  }
}

/** What services may do with jobs: start their own, read and cancel them, wait for them (CLI, tests). */
export type JobRunner = Pick<Jobs, 'start' | 'get' | 'cancel' | 'wait'>;
