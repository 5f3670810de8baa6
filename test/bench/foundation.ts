/**
 * Foundation benchmark (issue 2), run on demand: `npm run bench`. Prints figures and ratios against baselines
 * measured in the same process; asserts nothing.
 *   - unlock: a login (Argon2id slot + opening the store) vs the bare Argon2id derivation
 *   - 10,000 students inserted through the services (one transaction + audit entry each), encrypted vs plain
 *   - a filtered, paged student-list query on 50,000 students vs a bare indexed SQL query, encrypted and plain
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { argon2id } from 'hash-wasm';
import type { Knex } from 'knex';
import { CoreApp } from '../../main/core/app';
import { openStore, type Store } from '../../main/core/store/db';
import { KDF_PARAMS } from '../../main/core/store/keySlots';
import { createStudent, listStudents } from '../../main/core/services/students';
import type { ServiceContext } from '../../main/core/services/context';
import { bareContext } from '../support/serviceContext';
import { seedSchool, syntheticStudent, prng } from '../../main/core/seed/seed';
import { makeIdNumber } from '../../main/core/seed/idFactory';
import type { User } from '../../shared/contract/schemas';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'caredesk-bench-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(2)} ms`;
const rows: Array<[string, string]> = [];
const report = (k: string, v: string) => {
  rows.push([k, v]);
  console.log(`${k.padEnd(58)} ${v}`);
};

const USER: User = { id: 1, username: 'bench', displayName: '基准测试', role: 'admin', classes: [], mustChangePassword: false };

async function prepared(encrypted: boolean): Promise<Store> {
  const store = await openStore(tmp(), crypto.randomBytes(32), { unencryptedForBenchmark: !encrypted });
  const at = new Date().toISOString();
  await store
    .knex('accounts')
    .insert({ id: 1, username: 'bench', display_name: '基准测试', role: 'admin', classes: '[]', created_at: at, updated_at: at });
  return store;
}
const ctxOf = (db: Knex): ServiceContext => bareContext(db, USER);

async function unlock(): Promise<void> {
  const dir = tmp();
  const app = new CoreApp({ dataDir: dir });
  await app.setupSchool(
    {
      schoolName: '基准测试学校',
      schoolCode: '3161000000',
      stages: ['junior'],
      prefectureCode: '6101',
      countyCode: '610113',
      managementArea: '6101',
    },
    { username: 'bench', displayName: '基准测试', password: 'Bench-pass-2025' },
  );
  const kdf: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await argon2id({
      password: 'x',
      salt: crypto.randomBytes(16),
      parallelism: KDF_PARAMS.parallelism,
      iterations: KDF_PARAMS.iterations,
      memorySize: KDF_PARAMS.memoryKiB,
      hashLength: 32,
      outputType: 'binary',
    });
    kdf.push(performance.now() - t0);
  }
  const logins: number[] = [];
  for (let i = 0; i < 3; i++) {
    const a = new CoreApp({ dataDir: dir });
    const t0 = performance.now();
    await a.login('bench', 'Bench-pass-2025');
    logins.push(performance.now() - t0);
    await a.close();
  }
  report('unlock: login (Argon2id slot + open store), median of 3', ms(median(logins)));
  report('  baseline: bare Argon2id (64 MiB, t=4, p=1), median of 3', ms(median(kdf)));
  report('  open + checks on top of the KDF', ms(median(logins) - median(kdf)));
}

async function inserts(n: number): Promise<void> {
  const times: Record<string, number> = {};
  for (const encrypted of [false, true, false, true]) {
    const store = await prepared(encrypted);
    const rand = prng(42);
    const students = Array.from({ length: n }, (_, i) => syntheticStudent(rand, i, { students: n, seed: 42, stages: ['junior'] }));
    const ctx = ctxOf(store.knex);
    const t0 = performance.now();
    for (const [i, s] of students.entries()) {
      // Unique IDs: the index goes into the sequence digits and the birth day.
      const base = s.idNumber;
      s.idNumber = makeIdNumber(
        base.slice(0, 6),
        `${base.slice(6, 10)}-${base.slice(10, 12)}-${String((Math.floor(i / 999) % 28) + 1).padStart(2, '0')}`,
        (i % 999) + 1,
      );
      // Synthetic names repeat; the same-name same-birth-date check is for people typing, not for this load.
      await createStudent(ctx, { ...s, notDuplicate: true });
    }
    const t = performance.now() - t0;
    const key = encrypted ? 'encrypted' : 'plain';
    times[key] = Math.min(times[key] ?? Infinity, t); // best of two runs each, interleaved
    await store.close();
  }
  report(`insert ${n} students through the services, plain (best of 2)`, `${ms(times.plain)} (${(times.plain / n).toFixed(3)} ms each)`);
  report(
    `insert ${n} students through the services, encrypted (best of 2)`,
    `${ms(times.encrypted)} (${(times.encrypted / n).toFixed(3)} ms each)`,
  );
  report('  ratio encrypted / plain (target ≤ 1.3)', (times.encrypted / times.plain).toFixed(3));
}

async function listQuery(n: number): Promise<void> {
  const med: Record<string, { list: number; bare: number; whole: number; wholeBare: number }> = {};
  for (const encrypted of [false, true]) {
    const store = await prepared(encrypted);
    await seedSchool(store.knex, { id: 1, name: '基准测试', role: 'admin' }, { students: n, seed: 7, stages: ['junior'] });
    const classes = (await store.knex('students').distinct('class_name').pluck('class_name')) as string[];
    const ctx = ctxOf(store.knex);
    const listTimes: number[] = [];
    const bareTimes: number[] = [];
    const wholeTimes: number[] = [];
    const wholeBareTimes: number[] = [];
    for (let i = 0; i < 60; i++) {
      const className = classes[i % classes.length];
      const page = 1 + (i % 3);
      let t0 = performance.now();
      await listStudents(ctx, {
        q: '',
        className,
        category: i % 2 ? 'poverty' : '',
        onListOnly: false,
        multipleOnly: false,
        status: 'active',
        sort: 'className',
        page,
        pageSize: 20,
      });
      if (i >= 10) listTimes.push(performance.now() - t0);
      t0 = performance.now();
      await store.knex.raw('SELECT id, name, class_name FROM students WHERE class_name = ? ORDER BY name LIMIT 20 OFFSET ?', [
        className,
        (page - 1) * 20,
      ]);
      if (i >= 10) bareTimes.push(performance.now() - t0);
      // The whole school by name: names are ordered by pinyin in JS over all filtered ids (SQLite would give
      // code-point order), so this is the worst case for the list; the baseline is SQLite's own ORDER BY.
      if (i % 5 === 0) {
        t0 = performance.now();
        await listStudents(ctx, {
          q: '',
          className: '',
          category: '',
          onListOnly: false,
          multipleOnly: false,
          status: 'active',
          sort: 'name',
          page,
          pageSize: 20,
        });
        if (i >= 10) wholeTimes.push(performance.now() - t0);
        t0 = performance.now();
        await store.knex.raw('SELECT id, name, class_name FROM students ORDER BY name LIMIT 20 OFFSET ?', [(page - 1) * 20]);
        await store.knex.raw('SELECT COUNT(*) FROM students');
        if (i >= 10) wholeBareTimes.push(performance.now() - t0);
      }
    }
    med[encrypted ? 'encrypted' : 'plain'] = {
      list: median(listTimes),
      bare: median(bareTimes),
      whole: median(wholeTimes),
      wholeBare: median(wholeBareTimes),
    };
    await store.close();
  }
  for (const k of ['plain', 'encrypted'] as const) {
    report(`list query on ${n} students (class + category filter, page 20, total count), ${k}, median of 50`, ms(med[k].list));
    report(`  baseline: bare indexed SQL (class_name, ORDER BY name LIMIT 20), ${k}`, ms(med[k].bare));
    report(`  ratio list / bare, ${k}`, (med[k].list / med[k].bare).toFixed(1));
    report(`whole-school list by pinyin name on ${n} students (page 20, total count), ${k}, median of 10`, ms(med[k].whole));
    report(`  baseline: bare SQL ORDER BY name (code point) LIMIT 20 + COUNT(*), ${k}`, ms(med[k].wholeBare));
    report(`  ratio whole list / bare, ${k}`, (med[k].whole / med[k].wholeBare).toFixed(1));
  }
  report('  list query ratio encrypted / plain', (med.encrypted.list / med.plain.list).toFixed(3));
}

const t0 = performance.now();
console.log(`CareDesk foundation benchmark · Node ${process.version} · ${os.cpus().length} cores · ${new Date().toISOString()}`);
await unlock();
await inserts(Number(process.env.BENCH_INSERTS ?? 10_000));
await listQuery(Number(process.env.BENCH_LIST ?? 50_000));
console.log(`total ${((performance.now() - t0) / 1000).toFixed(1)} s`);
console.log(JSON.stringify(Object.fromEntries(rows)));
