/**
 * One measured step of the roster benchmark, in its own process so that its peak RSS is its own:
 *   node --import tsx test/bench/rosterChild.ts bare|roster|rollover DIR [FILE.xlsx]   (data key hex in BENCH_KEY)
 * Prints one JSON line: { ms, previewMs?, maxRssMB (sampled every 5 ms), counts? }.
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { bareRead } from './bareRead';
import { openStore } from '../../main/core/store/db';
import { rosterImporter } from '../../main/core/services/rosterImport';
import { schoolYearHandlers } from '../../main/core/services/schoolYear';
import { bareContext } from '../support/serviceContext';

const [mode, dir, file] = process.argv.slice(2);
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
let out: Record<string, unknown> = {};
const user = { id: 1, username: 'bench', displayName: '基准测试', role: 'admin' as const, classes: [], mustChangePassword: false };
if (mode === 'bare') {
  const bytes = fs.readFileSync(file);
  out = await bareRead(bytes);
} else {
  const store = await openStore(dir, Buffer.from(process.env.BENCH_KEY ?? '', 'hex'));
  const ctx = bareContext(store.knex, user, new Date('2026-11-29T09:00:00+08:00'));
  if (mode === 'roster') {
    const bytes = fs.readFileSync(file);
    const t0 = performance.now();
    const preview = await rosterImporter.preview(ctx, { fileName: 'roster.xlsx', bytes });
    const previewMs = performance.now() - t0;
    if (process.env.BENCH_PREVIEW_ONLY) {
      clearInterval(sampler);
      process.stdout.write(`${JSON.stringify({ previewMs, maxRssMB: Math.round(peak / 1048576) })}\n`);
      process.exit(0);
    }
    const counts = (await rosterImporter.commit(ctx, preview.plan, new AbortController().signal)).counts;
    out = { ms: performance.now() - t0, previewMs, counts };
  } else {
    const t0 = performance.now();
    await schoolYearHandlers['year.rollover'](ctx, { toYear: '2026-2027', preview: true });
    const previewMs = performance.now() - t0;
    const r = await schoolYearHandlers['year.rollover'](ctx, { toYear: '2026-2027', preview: false });
    out = {
      ms: performance.now() - t0,
      previewMs,
      counts: { moves: r.plan.moves, graduating: r.plan.graduating, exits: r.plan.exits.length },
    };
  }
  await store.close();
}
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
process.stdout.write(`${JSON.stringify({ ...out, maxRssMB: Math.round(peak / 1048576) })}\n`);
