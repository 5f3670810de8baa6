/**
 * The measured half of the bureau benchmark, in its own process so its resident memory is its own:
 *   node --import tsx test/bench/bureauChild.ts DIR PERIOD
 * Signs in to the province-sized bureau workspace the parent built, then times the bare GROUP BY and the regional
 * summaries by county and prefecture, the region-warning evaluation and the upward forward. Prints one JSON line.
 */
import { performance } from 'node:perf_hooks';
import { CoreApp } from '../../main/core/app';
import { createRouter } from '../../main/ipc/router';
import { Client } from '../support/school';
import { time } from './timing';

const [dir, period] = process.argv.slice(2);
const app = new CoreApp({ dataDir: dir, now: () => new Date('2026-07-20T10:00:00+08:00') });
const client = new Client(createRouter(app, () => undefined));
await client.login('bureau', 'Bureau-pass-2025');
const signedIn = process.memoryUsage().rss;
let peak = signedIn;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
const db = app.db();
/** The bare GROUP BY: the period's value rows summed per area and key, no latest-package choice, no pivot. */
const bare = (level: 'county_code' | 'prefecture_code') =>
  db.raw(
    `SELECT s.${level} AS area, v.key, count(*) AS schools, sum(v.numerator) AS n, sum(v.denominator) AS d
       FROM bureau_values v JOIN bureau_schools s ON s.school_code = v.school_code
      WHERE v.period = ?
      GROUP BY s.${level}, v.key`,
    [period],
  );
const out: Record<string, number> = {};
// One pass as an office works (a summary by county, one by prefecture, the warnings), with the resident size after
// it; better-sqlite3 is synchronous, so a timer cannot sample during a query: the sizes are read between steps.
await client.call('bureau.regionSummary', { by: 'county', period, trend: 4 });
await client.call('bureau.regionSummary', { by: 'prefecture', period, trend: 4 });
out.onePassMB = process.memoryUsage().rss / 1024 / 1024;
(globalThis as { gc?: () => void }).gc?.();
out.liveHeapMB = process.memoryUsage().heapUsed / 1024 / 1024;

for (const [by, col] of [
  ['county', 'county_code'],
  ['prefecture', 'prefecture_code'],
] as const) {
  out[`${by}Bare`] = await time(5, () => bare(col));
  out[`${by}`] = await time(5, () => client.call('bureau.regionSummary', { by, period, trend: 1 }));
  out[`${by}Trend`] = await time(3, () => client.call('bureau.regionSummary', { by, period, trend: 4 }));
}
let t0 = performance.now();
const w = await client.call('bureau.regionWarnings', { period });
out.warningsFirst = performance.now() - t0;
out.warnings = w.warnings.length;
out.warningsAgain = await time(3, () => client.call('bureau.regionWarnings', { period }));
// Aggregation ends here; the forward (every school's value set in one encrypted file) is measured on its own.
out.aggregationPeakMB = Math.max(peak, process.memoryUsage().rss) / 1024 / 1024;
const { recipient } = await client.call('bureau.key', {});
t0 = performance.now();
const fwd = await client.call('bureau.forward', { period, recipient });
out.forward = performance.now() - t0;
out.forwardMB = Buffer.from(fwd.base64, 'base64').length / 1e6;
out.forwardSchools = fwd.schools;
clearInterval(sampler);
out.signedInMB = signedIn / 1024 / 1024;
out.peakMB = Math.max(peak, process.memoryUsage().rss) / 1024 / 1024;
await app.close();
process.stdout.write(`${JSON.stringify(out)}\n`);
