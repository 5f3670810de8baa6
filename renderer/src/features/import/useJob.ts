/** Polls a long job until it ends; exposes progress and cancel. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { call } from '../../api/client';
import type { MethodOutput } from '../../../../shared/contract/index';

export type JobStatus = MethodOutput<'jobs.status'>;

export function useJob(jobId: string | null, onEnd: (s: JobStatus) => void) {
  const [status, setStatus] = useState<JobStatus | null>(null);
  const end = useRef(onEnd);
  end.current = onEnd;
  useEffect(() => {
    if (!jobId) return;
    let stopped = false;
    const tick = async () => {
      try {
        const s = await call('jobs.status', { jobId });
        if (stopped) return;
        setStatus(s);
        if (s.state === 'running') setTimeout(() => void tick(), 250);
        else end.current(s);
      } catch {
        /* the session error listener shows the lock screen */
      }
    };
    void tick();
    return () => {
      stopped = true;
    };
  }, [jobId]);
  const cancel = useCallback(async () => {
    if (jobId) await call('jobs.cancel', { jobId });
  }, [jobId]);
  return { status, cancel };
}
