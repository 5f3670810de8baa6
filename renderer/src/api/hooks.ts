/** Small data hooks over the client: load with loading/error state, and run an action with its error. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/contract/index';
import { ApiError, call } from './client';

export function useQuery<M extends MethodName>(method: M, input: MethodInput<M>, enabled = true) {
  const [data, setData] = useState<MethodOutput<M> | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const key = JSON.stringify(input);
  const seq = useRef(0);
  const reload = useCallback(async () => {
    if (!enabled) return;
    const my = ++seq.current;
    setLoading(true);
    try {
      const out = await call(method, JSON.parse(key) as MethodInput<M>);
      if (my === seq.current) {
        setData(out);
        setError(null);
      }
    } catch (e) {
      if (my === seq.current) setError(e instanceof ApiError ? e : new ApiError({ code: 'INTERNAL', message: String(e) }));
    } finally {
      if (my === seq.current) setLoading(false);
    }
  }, [method, key, enabled]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload };
}

export function useAction<M extends MethodName>(method: M) {
  const [error, setError] = useState<ApiError | null>(null);
  const [running, setRunning] = useState(false);
  const run = useCallback(
    async (input: MethodInput<M>): Promise<MethodOutput<M> | null> => {
      setRunning(true);
      setError(null);
      try {
        return await call(method, input);
      } catch (e) {
        setError(e instanceof ApiError ? e : new ApiError({ code: 'INTERNAL', message: String(e) }));
        return null;
      } finally {
        setRunning(false);
      }
    },
    [method],
  );
  /** The message for one field, from the last error's issues, for inline display under the input. */
  const fieldError = useCallback(
    (path: string) => error?.issues.find((i) => i.path === path || i.path.startsWith(`${path}.`))?.message,
    [error],
  );
  return { run, error, running, fieldError, clearError: () => setError(null) };
}
