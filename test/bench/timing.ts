/** What the benchmarks share: the median of repeated runs after a warm-up, and one aligned line per figure. */
import { performance } from 'node:perf_hooks';

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const report = (k: string, v: string) => console.log(`${k.padEnd(58)} ${v}`);

/** Median milliseconds of `runs` calls, after one call that warms the page cache and the statement cache. */
export async function time(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  return median(xs);
}
