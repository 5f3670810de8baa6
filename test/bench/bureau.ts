/**
 * The bureau benchmark (issue 14), run on demand: `npm run bench`. On the embedded encrypted SQLite store, then on
 * PostgreSQL (a fresh database on CAREDESK_TEST_DATABASE_URL, as the tests use; BENCH_ENGINES=sqlite to skip it):
 *  - imports 2,000 real signed, encrypted school packages (value sets) through the router, per package;
 *  - then grows the workspace to a province of 20,000 schools and times the regional summary by county and by
 *    prefecture against the bare GROUP BY over the same rows in the same process (target ≤ 3×), the region-warning
 *    evaluation, and the upward forward of the whole province;
 *  - prints peak resident memory (target < 400 MB).
 * Prints figures; asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { report } from './timing';
import { makeSchools, writePackages } from './valueSchools';
import { newBureau } from '../support/school';
import { freshDatabase } from '../support/engine';
import { insertedId } from '../../main/core/store/portableSql';
import { SCHOOL_VALUE_KEYS } from '../../shared/domain/regionWarnings';

const IMPORTED = 2000;
const PROVINCE = 20_000;
const PERIOD = '2026H1';
let peak = 0;
const sample = () => {
  peak = Math.max(peak, process.memoryUsage().rss);
};

async function main(engine: string): Promise<void> {
  console.log(`\n--- ${engine === 'postgres' ? 'PostgreSQL' : 'embedded encrypted SQLite'} ---`);
  peak = 0;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'caredesk-bench-bureau-'));
  const dir = path.join(root, 'bureau');
  const { app, client } = await newBureau(
    dir,
    () => new Date('2026-07-20T10:00:00+08:00'),
    { level: 'prefecture', area: '6101' },
    engine === 'postgres' ? await freshDatabase() : undefined,
  );
  const { recipient } = await client.call('bureau.key', {});
  const timer = setInterval(sample, 50);

  // 1. Import: 2,000 packages, one school each, for one period.
  let t0 = performance.now();
  const schools = makeSchools(PROVINCE, 10);
  const first = schools.slice(0, IMPORTED);
  const files = await writePackages(first, [PERIOD], recipient, path.join(root, 'packages'), { everyone: true });
  report('generate 2,000 signed, encrypted packages', `${((performance.now() - t0) / 1000).toFixed(1)} s`);
  for (const s of first) await client.call('bureau.registerSchool', { keyText: s.keyText });
  t0 = performance.now();
  for (const f of files) {
    await client.call('bureau.importPackage', { fileRef: await client.send(fs.readFileSync(f), path.basename(f), 'package') });
  }
  const importMs = performance.now() - t0;
  report(
    `import ${files.length} packages (verify, decrypt, write, audit)`,
    `${(importMs / 1000).toFixed(1)} s, ${(importMs / files.length).toFixed(1)} ms per package`,
  );

  // 2. The rest of the province, written as the import writes it (rows, not packages: generating 18,000 more
  //    signed packages measures the generator, not the bureau).
  t0 = performance.now();
  const db = app.db();
  const now = new Date().toISOString();
  const rest = schools.slice(IMPORTED);
  const chunk = 500;
  for (let i = 0; i < rest.length; i += chunk) {
    const part = rest.slice(i, i + chunk);
    await db.transaction(async (trx) => {
      await trx('bureau_schools').insert(
        part.map((s) => ({
          school_code: s.code,
          school_name: s.name,
          public_key: JSON.parse(s.keyText).publicKey,
          registered_at: now,
          prefecture_code: s.county.slice(0, 4),
          county_code: s.county,
          stages: '["junior"]',
        })),
      );
      for (const [j, s] of part.entries()) {
        const id = await insertedId(
          trx('bureau_packages').insert({
            school_code: s.code,
            period: PERIOD,
            sequence: 1,
            created_at: '2026-06-25T01:00:00.000Z',
            imported_at: now,
            sha256: `${s.code}`.padEnd(64, '0'),
            count: 0,
            due_date: '2026-06-30',
          }),
        );
        const key = 10 + ((i + j) % 40);
        await trx('bureau_values').insert(
          [
            [SCHOOL_VALUE_KEYS.keyStudents, key, 0],
            [SCHOOL_VALUE_KEYS.population, key + 5, 0],
            [SCHOOL_VALUE_KEYS.monthlyTalk, key - ((i + j) % 5 === 1 ? 6 : 0), key],
            [SCHOOL_VALUE_KEYS.highestTier, key - ((i + j) % 4 === 2 ? 1 : 0), key],
            [SCHOOL_VALUE_KEYS.postings, 3, 3],
            [SCHOOL_VALUE_KEYS.redWarnings, (i + j) % 7 === 3 ? 10 : 1, key],
            [SCHOOL_VALUE_KEYS.openDropout, (i + j) % 6 === 0 ? 3 : 0, 0],
          ].map(([k, n, d]) => ({
            package_id: id,
            school_code: s.code,
            period: PERIOD,
            as_of: '2026-06-25',
            key: k,
            numerator: n,
            denominator: d,
          })),
        );
      }
    });
  }
  const counties = new Set(schools.map((s) => s.county)).size;
  report(`grow to ${PROVINCE.toLocaleString('en')} schools in ${counties} counties`, `${((performance.now() - t0) / 1000).toFixed(1)} s`);

  clearInterval(timer);
  sample();
  report('peak resident memory while generating and importing', `${(peak / 1024 / 1024).toFixed(0)} MB`);
  await app.close();

  // 3. Aggregation, in a process of its own (its resident memory is the aggregation's, not the import's).
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'test/bench/bureauChild.ts', dir, PERIOD], {
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(child.stderr);
  const r = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as Record<string, number>;
  for (const by of ['county', 'prefecture']) {
    report(`summary by ${by}: bare GROUP BY`, `${r[`${by}Bare`].toFixed(0)} ms`);
    report(`summary by ${by}: bureau.regionSummary (this period)`, `${r[by].toFixed(0)} ms = ${(r[by] / r[`${by}Bare`]).toFixed(2)}× bare`);
    report(
      `summary by ${by}: with the 4-period trend`,
      `${r[`${by}Trend`].toFixed(0)} ms = ${(r[`${by}Trend`] / r[`${by}Bare`]).toFixed(2)}× bare`,
    );
  }
  report('region warnings, first evaluation (raise all)', `${r.warningsFirst.toFixed(0)} ms, ${r.warnings.toLocaleString('en')} warnings`);
  report('region warnings, re-evaluation (nothing new)', `${r.warningsAgain.toFixed(0)} ms`);
  report(
    'forward the whole province upward',
    `${r.forward.toFixed(0)} ms, ${r.forwardSchools.toLocaleString('en')} schools, ${r.forwardMB.toFixed(1)} MB`,
  );
  report('aggregation process: resident after sign-in', `${r.signedInMB.toFixed(0)} MB`);
  report(
    '  after one pass (summary by county and prefecture)',
    `${r.onePassMB.toFixed(0)} MB (live heap after GC ${r.liveHeapMB.toFixed(0)} MB)`,
  );
  report('  after the timed repetitions and the warnings', `${r.aggregationPeakMB.toFixed(0)} MB`);
  report('  after the province-wide forward', `${r.peakMB.toFixed(0)} MB`);
  if (process.env.BENCH_KEEP) report('kept for another look', dir);
  else fs.rmSync(root, { recursive: true, force: true });
}

// The tests' server and role (README, "PostgreSQL 上的测试"); the password defaults to the test role's.
process.env.CAREDESK_DB_PASSWORD ??= 'caredesk';
for (const engine of (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',')) await main(engine);
