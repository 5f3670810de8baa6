/**
 * Compliance benchmark (issue 4), run on demand: `npm run bench`. A synthetic school with 3,000 key students and
 * three school years of daily asks, weekly sees and monthly talks (about two million contact rows) in the
 * encrypted store. Times this month's compliance view for the whole school and for one head teacher against a
 * bare indexed count over the same month's rows, in the same process. Prints figures; asserts nothing.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { report, time } from './timing';
import { benchStaff } from './benchSchool';
import { openStore } from '../../main/core/store/db';
import { seedSchool } from '../../main/core/seed/seed';
import { seedCareHistory } from '../../main/core/seed/careSeed';
import { compliance } from '../../main/core/services/cadence';
import type { ServiceContext } from '../../main/core/services/context';
import { bareContext } from '../support/serviceContext';
import type { User } from '../../shared/contract/schemas';
import { addDays, monthRange } from '../../shared/domain/calendar';

const KEY_STUDENTS = Number(process.env.BENCH_KEY_STUDENTS ?? 3000);
const NOW = new Date('2026-06-19T10:00:00+08:00');
const MONTH = '2026-06';

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caredesk-bench-compliance-'));
  const store = await openStore(dir, crypto.randomBytes(32));
  const db = store.knex;
  const at = NOW.toISOString();
  await db('accounts').insert({
    id: 1,
    username: 'bench',
    display_name: '基准测试',
    role: 'admin',
    classes: '[]',
    created_at: at,
    updated_at: at,
  });
  const actor = { id: 1, name: '基准测试', role: 'admin' as const };

  const t0 = performance.now();
  await seedSchool(db, actor, { students: KEY_STUDENTS, seed: 11, stages: ['junior'] }, NOW);
  // Every seeded student becomes a key student (one confirmed case each).
  await db('cases').update({ state: 'confirmed', exited_at: null, confirmed_at: at, responsible_account_id: 1 });
  const without = (await db('students as s').whereNotExists(db('cases as c').whereRaw('c.student_id = s.id')).pluck('s.id')) as number[];
  for (let i = 0; i < without.length; i += 400) {
    await db('cases').insert(
      without.slice(i, i + 400).map((id) => ({
        student_id: id,
        state: 'confirmed',
        source: 'application',
        applicant_type: 'teacher',
        applicant_name: '班主任',
        care_requested: '["tutoring"]',
        facts: '',
        reasons: '',
        applied_at: at,
        applied_by: 1,
        care_content: '学业辅导',
        responsible_account_id: 1,
        confirmed_at: at,
        confirmed_by: 1,
      })),
    );
  }
  const { headTeacherOfClass, principal } = await benchStaff(db, at);
  const classes = Object.keys(headTeacherOfClass);
  const from = addDays(NOW.toISOString().slice(0, 10), -3 * 365);
  const to = addDays(NOW.toISOString().slice(0, 10), -1);
  const counts = await seedCareHistory(db, actor, { seed: 11, from, to, staff: { headTeacherOfClass, principal } });
  const [{ n: rows }] = (await db('contacts').count({ n: '*' })) as Array<{ n: number }>;
  report('key students / classes', `${KEY_STUDENTS} / ${classes.length}`);
  report(
    `contact rows (${from} … ${to})`,
    `${Number(rows).toLocaleString('en')} (daily ${counts.dailyAsk}, weekly ${counts.weeklySee}, talks ${counts.monthlyTalk})`,
  );
  report('seeding time', `${((performance.now() - t0) / 1000).toFixed(1)} s`);

  await db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
  const size = fs.readdirSync(dir).reduce((a, f) => a + fs.statSync(path.join(dir, f)).size, 0);
  report(
    'store size on disk (encrypted, after checkpoint)',
    `${(size / 1024 / 1024).toFixed(1)} MiB (${(size / Number(rows)).toFixed(0)} bytes per contact row)`,
  );

  const admin: User = { id: 1, username: 'bench', displayName: '基准测试', role: 'admin', classes: [], mustChangePassword: false };
  const oneClass = classes[0];
  const teacher: User = {
    id: headTeacherOfClass[oneClass],
    username: 'ht0',
    displayName: '班主任1',
    role: 'headTeacher',
    classes: [oneClass],
    mustChangePassword: false,
  };
  const ctx = (user: User): ServiceContext => bareContext(db, user, NOW);
  const { from: mFrom, to: mTo } = monthRange(MONTH);
  const bare = await time(9, () =>
    db.raw(
      "SELECT kind, count(*) AS n FROM contacts WHERE kind IN ('dailyAsk','weeklySee','monthlyTalk') AND date BETWEEN ? AND ? GROUP BY kind",
      [mFrom, mTo],
    ),
  );
  const whole = await time(5, () => compliance(ctx(admin), MONTH));
  const mine = await time(9, () => compliance(ctx(teacher), MONTH));
  const wholeReport = await compliance(ctx(admin), MONTH, { audit: false });
  const mineReport = await compliance(ctx(teacher), MONTH, { audit: false });
  report(`bare indexed count over ${MONTH}'s contact rows`, `${bare.toFixed(2)} ms`);
  report(
    `compliance view, whole school (${wholeReport.items.length} open items)`,
    `${whole.toFixed(1)} ms  = ${(whole / bare).toFixed(1)}× bare`,
  );
  report(
    `compliance view, one head teacher (${mineReport.keyStudents} students, ${mineReport.items.length} items)`,
    `${mine.toFixed(1)} ms  = ${(mine / bare).toFixed(1)}× bare`,
  );
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
