/**
 * 学籍 roster import and school-year rollover benchmark (issue 12), run on demand: `npm run bench`.
 *   - roster import: a 50,000-row 在校生信息 xlsx against 20,000 existing students on an encrypted store (20,000
 *     matched, 1 in 10 of them moved to another class, 30,000 new): preview + commit time against a bare streaming
 *     read of the same file in the same run (target ≤ 2×), and peak RSS (target < 300 MB);
 *   - rollover: 50,000 students moved up a grade (the final grade graduating), time and peak RSS.
 * Each measured step runs in its own process (rosterChild.ts) so that its peak RSS is its own. Asserts nothing.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { seedSchool } from '../../main/core/seed/seed';
import { makeIdNumber } from '../../main/core/seed/idFactory';
import { benchSchool } from './benchSchool';
import { ROSTER_HEADERS } from '../fixtures/rosterFixture';

const EXISTING = Number(process.env.BENCH_EXISTING ?? 20_000);
const ROWS = Number(process.env.BENCH_ROWS ?? 50_000);
const mb = (b: number) => `${(b / 1048576).toFixed(1)} MB`;
const GRADES = ['七年级', '八年级', '九年级'];

async function buildXlsx(existing: Array<{ id_number: string; name: string; grade: string; class_name: string }>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((r) => out.on('end', r));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true });
  const ws = wb.addWorksheet('在校生信息');
  ws.addRow(['在校生信息（基准测试）']).commit();
  ws.addRow([...ROSTER_HEADERS]).commit();
  const col = (h: (typeof ROSTER_HEADERS)[number]) => ROSTER_HEADERS.indexOf(h);
  for (let i = 0; i < ROWS; i++) {
    const cells: unknown[] = ROSTER_HEADERS.map(() => null);
    if (i < existing.length) {
      const s = existing[i];
      cells[col('姓名')] = s.name;
      cells[col('身份证件号')] = s.id_number;
      cells[col('年级')] = s.grade;
      const n = /\((\d+)\)/.exec(s.class_name)?.[1] ?? '1';
      cells[col('班级')] = i % 10 === 3 ? String(Number(n) + 1) : n;
    } else {
      const grade = GRADES[i % 3];
      const birthYear = 2013 - (i % 3);
      cells[col('姓名')] = `新生${i}`;
      // Unique for 335,000 rows: sequence, day and month carry the index; an odd sequence digit is a boy.
      const seq = (i % 999) + 1;
      const month = String((Math.floor(i / (999 * 28)) % 12) + 1).padStart(2, '0');
      const day = String((Math.floor(i / 999) % 28) + 1).padStart(2, '0');
      cells[col('性别')] = seq % 2 === 1 ? '男' : '女';
      cells[col('身份证件号')] = makeIdNumber('610125', `${birthYear}-${month}-${day}`, seq);
      cells[col('年级')] = grade;
      cells[col('班级')] = String((i % 12) + 1);
      cells[col('留守儿童')] = i % 7 === 0 ? '单亲留守' : '非';
      cells[col('成员1姓名')] = `家长${i}`;
      cells[col('成员1关系')] = '母亲';
      cells[col('成员1联系电话')] = `139${String(i).padStart(8, '0')}`;
    }
    ws.addRow(cells).commit();
  }
  ws.commit();
  await wb.commit();
  await ended;
  return Buffer.concat(chunks);
}

async function prepared(dir: string, students: number) {
  const store = await benchSchool(dir, key);
  await seedSchool(store.knex, { id: 1, name: '基准测试', role: 'admin' }, { students, seed: 12, stages: ['junior'], year: 2026 });
  return store;
}

function step(mode: string, storeDir: string, file = ''): { ms: number; maxRssMB: number; previewMs?: number; counts?: unknown } {
  // BENCH_CPU_PROF=DIR writes a CPU profile of each step there (node --cpu-prof), to find where the time goes.
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
  const r = spawnSync(process.execPath, [...prof, '--import', 'tsx', 'test/bench/rosterChild.ts', mode, storeDir, file], {
    encoding: 'utf8',
    env: { ...process.env, BENCH_KEY: key.toString('hex') },
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

const key = crypto.randomBytes(32);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caredesk-bench-roster-'));
console.log(`CareDesk roster and rollover benchmark · Node ${process.version} · ${os.cpus().length} cores`);
let t0 = performance.now();
const store = await prepared(path.join(dir, 'school'), EXISTING);
console.log(`seeded ${EXISTING} existing students in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const existing = (await store.knex('students').orderBy('id').select('id_number', 'name', 'grade', 'class_name')) as Array<{
  id_number: string;
  name: string;
  grade: string;
  class_name: string;
}>;
await store.close();
const xlsx = await buildXlsx(existing);
const file = path.join(dir, 'roster.xlsx');
fs.writeFileSync(file, xlsx);
console.log(`xlsx: ${ROWS} rows, ${mb(xlsx.length)}`);
const copy = (i: number) => {
  const d = path.join(dir, `copy${i}`);
  fs.mkdirSync(d);
  fs.copyFileSync(path.join(dir, 'school', 'caredesk.db'), path.join(d, 'caredesk.db'));
  return d;
};
const bare = [step('bare', dir, file), step('bare', dir, file)];
const imports = [step('roster', copy(1), file), step('roster', copy(2), file)];
const bareMs = Math.min(...bare.map((b) => b.ms));
const best = imports.reduce((a, b) => (b.ms < a.ms ? b : a));
console.log(
  `bare streaming read (best of 2)                       ${bareMs.toFixed(0)} ms, peak RSS ${Math.max(...bare.map((b) => b.maxRssMB))} MB`,
);
console.log(
  `roster preview + commit (best of 2, fresh store each)   ${best.ms.toFixed(0)} ms (preview ${best.previewMs?.toFixed(0)} ms) → ${(best.ms / bareMs).toFixed(2)}× the bare read (target ≤ 2×); peak RSS ${Math.max(...imports.map((b) => b.maxRssMB))} MB (target < 300 MB)`,
);
console.log(`  counts ${JSON.stringify(best.counts)}`);
const again = step('roster', path.join(dir, 'copy1'), file);
console.log(
  `the same file again (no change)                       ${again.ms.toFixed(0)} ms → ${(again.ms / bareMs).toFixed(2)}×; peak RSS ${again.maxRssMB} MB`,
);

t0 = performance.now();
const big = await prepared(path.join(dir, 'big'), Number(process.env.BENCH_ROLLOVER ?? 50_000));
await big.close();
console.log(
  `seeded ${process.env.BENCH_ROLLOVER ?? 50_000} students for the rollover in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
const roll = step('rollover', path.join(dir, 'big'));
console.log(
  `rollover of ${process.env.BENCH_ROLLOVER ?? 50_000} students (preview + commit)         ${roll.ms.toFixed(0)} ms (preview ${roll.previewMs?.toFixed(0)} ms); peak RSS ${roll.maxRssMB} MB`,
);
console.log(`  ${JSON.stringify(roll.counts)}`);
if (!process.env.BENCH_KEEP) fs.rmSync(dir, { recursive: true, force: true });
