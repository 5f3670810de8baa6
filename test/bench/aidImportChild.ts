/**
 * One measured step of the import benchmark, in its own process so that its peak RSS is its own:
 *   node --import tsx test/bench/aidImportChild.ts bare|import DIR FILE.xlsx   (data key hex in BENCH_KEY)
 * Prints one JSON line: { ms, maxRssMB (sampled every 5 ms), counts? }.
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { bareRead } from './bareRead';
import { openStore } from '../../main/core/store/db';
import { commitAidImport, previewAidImport } from '../../main/core/services/aidImport';
import type { ServiceContext } from '../../main/core/services/context';
import { bareContext } from '../support/serviceContext';

const [mode, dir, file] = process.argv.slice(2);
const bytes = fs.readFileSync(file);
// Sampled, not getrusage's maxRSS: on Linux that carries the parent's peak across fork+exec.
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
let out: Record<string, unknown> = {};
if (mode === 'bare') {
  out = await bareRead(bytes);
} else {
  const store = await openStore(dir, Buffer.from(process.env.BENCH_KEY ?? '', 'hex'));
  const ctx: ServiceContext = bareContext(store.knex, {
    id: 1,
    username: 'bench',
    displayName: '基准测试',
    role: 'admin',
    classes: [],
    mustChangePassword: false,
  });
  const t0 = performance.now();
  const preview = await previewAidImport(ctx, { fileName: 'bench.xlsx', bytes });
  const previewMs = performance.now() - t0;
  const counts = (await commitAidImport(ctx, preview.plan)).counts;
  out = { ms: performance.now() - t0, previewMs, counts };
  await store.close();
}
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
process.stdout.write(`${JSON.stringify({ ...out, maxRssMB: Math.round(peak / 1048576) })}\n`);
