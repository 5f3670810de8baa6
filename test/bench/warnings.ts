/**
 * Early-warning benchmark (issue 13), run on demand: `npm run bench`. A synthetic school of 20,000 students with
 * 3,000 key students and three school years of contacts (about two million rows), attendance and exam scores in the
 * encrypted store. Times the warning run (measure every indicator, then apply raises and updates in one transaction)
 * against the sum of the bare aggregate queries it needs, run in the same process. Prints figures; asserts nothing.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { report, time } from './timing';
import { bigCareSchool, NOW, STUDENTS, TODAY } from './bigCareSchool';
import { runWarnings } from '../../main/core/services/warnings';
import { statisticsTable } from '../../main/core/services/statistics';
import { bareContext } from '../support/serviceContext';
import type { User } from '../../shared/contract/schemas';
import { addDays } from '../../shared/domain/calendar';

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caredesk-bench-warnings-'));
  const t0 = performance.now();
  const { store, pop } = await bigCareSchool(dir, crypto.randomBytes(32));
  const db = store.knex;
  const count = async (t: string) => Number(((await db(t).count({ n: '*' })) as Array<{ n: number }>)[0].n);
  report(
    'students / in the population / key students',
    `${STUDENTS} / ${pop.length} / ${await db('cases')
      .whereIn('state', ['confirmed', 'filed'])
      .count({ n: '*' })
      .then((r) => (r as Array<{ n: number }>)[0].n)}`,
  );
  report(
    'contact rows / attendance rows / score rows',
    `${(await count('contacts')).toLocaleString('en')} / ${await count('attendance_months')} / ${await count('exam_scores')}`,
  );
  report('seeding time', `${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // The bare aggregates the run needs: one per indicator source, as plain SQL, summed.
  const q = (sql: string, b: unknown[] = []) => db.raw(sql, b as never);
  const bareQueries = async () => {
    await q(
      "SELECT s.id FROM students s WHERE s.status = 'active' AND (EXISTS (SELECT 1 FROM student_categories c WHERE c.student_id = s.id) OR s.id IN (SELECT student_id FROM student_risk_factors GROUP BY student_id HAVING count(*) >= 2))",
    );
    await q("SELECT student_id, min(confirmed_at) FROM cases WHERE state IN ('confirmed','filed') GROUP BY student_id");
    await q(
      'SELECT a.* FROM attendance_months a JOIN (SELECT student_id, max(month) m FROM attendance_months WHERE month <= ? GROUP BY student_id) l ON l.student_id = a.student_id AND l.m = a.month',
      [TODAY.slice(0, 7)],
    );
    await q(
      "SELECT student_id, max(exam_date) FROM exam_scores WHERE exam_date <= ? AND subject IN ('语文','数学','英语') GROUP BY student_id",
      [TODAY],
    );
    await q(
      "SELECT student_id, exam_date, subject FROM exam_scores WHERE exam_date <= ? AND subject IN ('语文','数学','英语') AND score < pass_line",
      [TODAY],
    );
    await q("SELECT student_id, max(date) FROM contacts WHERE kind = 'monthlyTalk' AND date <= ? GROUP BY student_id", [TODAY]);
    await q(
      "SELECT student_id, count(*) FROM contacts WHERE kind = 'dailyAsk' AND unusual = 1 AND date > ? AND date <= ? GROUP BY student_id",
      [addDays(TODAY, -30), TODAY],
    );
    await q("SELECT student_id, max(severity) FROM crisis_records WHERE disposition != 'closed' GROUP BY student_id");
    await q('SELECT student_id, status FROM dropout_entries WHERE closed_at IS NULL');
    await q('SELECT student_id FROM registration_checks WHERE semester = ? AND arrived = 1', ['2026-2027-1']);
    await q('SELECT student_id, level_rank FROM difficulty_gradings WHERE semester = ?', ['2026-2027-1']);
    await q(
      'SELECT student_id, min(due_date) FROM concerns WHERE closed_at IS NULL AND student_id IS NOT NULL AND due_date < ? GROUP BY student_id',
      [TODAY],
    );
    await q('SELECT student_id, max(date) FROM contacts WHERE date <= ? GROUP BY student_id', [TODAY]);
    await q("SELECT student_id, max(substr(at, 1, 10)) FROM care_events WHERE kind = 'care' GROUP BY student_id");
  };
  const admin: User = { id: 1, username: 'bench', displayName: '基准测试', role: 'admin', classes: [], mustChangePassword: false };
  const ctx = bareContext(db, admin, NOW);
  const t1 = performance.now();
  const first = await runWarnings(ctx, TODAY);
  const firstMs = performance.now() - t1;
  const bare = await time(3, bareQueries);
  const steady = await time(3, () => runWarnings(ctx, TODAY));
  report(
    `first run (raises ${first.raised} warnings over ${first.watched} watched)`,
    `${firstMs.toFixed(0)} ms  = ${(firstMs / bare).toFixed(1)}× bare`,
  );
  report('sum of the bare aggregate queries', `${bare.toFixed(0)} ms`);
  report('a later run (updates every open warning)', `${steady.toFixed(0)} ms  = ${(steady / bare).toFixed(1)}× bare`);
  // The statistics table for the half-year on the same school, against the bare aggregates it reads (one per source).
  const from = '2026-07-01';
  const bareStatistics = async () => {
    for (const sql of [
      'SELECT id, stage, grade, class_name, status, created_at FROM students',
      'SELECT student_id, count(*) FROM student_categories GROUP BY student_id',
      'SELECT student_id, count(*) FROM student_risk_factors GROUP BY student_id',
      "SELECT count(*) FROM student_changes WHERE substr(at, 1, 10) > '2026-11-27'",
      'SELECT student_id, state, confirmed_at, exited_at FROM cases',
      'SELECT student_id, count(*) FROM tutoring_plans GROUP BY student_id',
      `SELECT plan_id, count(*) FROM tutoring_sessions WHERE date BETWEEN '${from}' AND '${TODAY}' GROUP BY plan_id`,
      'SELECT student_id, placement FROM special_ed',
      'SELECT student_id, count(*) FROM peer_pairs GROUP BY student_id',
      `SELECT student_id, count(*) FROM home_contacts WHERE date BETWEEN '${from}' AND '${TODAY}' GROUP BY student_id`,
      'SELECT student_id, status FROM dropout_entries',
      'SELECT student_id, count(*) FROM crisis_records GROUP BY student_id',
      'SELECT student_id, count(*) FROM concerns WHERE student_id IS NOT NULL GROUP BY student_id',
      'SELECT student_id, count(*) FROM job_recommendations GROUP BY student_id',
      `SELECT student_id, sum(amount_fen) FROM aid_awards WHERE date BETWEEN '${from}' AND '${TODAY}' GROUP BY student_id, source`,
      "SELECT student_id, level_rank FROM difficulty_gradings WHERE semester = '2026-2027-1'",
      `SELECT student_id, kind, count(DISTINCT date) FROM contacts WHERE kind IN ('dailyAsk','weeklySee','monthlyTalk') AND date BETWEEN '${from}' AND '${TODAY}' GROUP BY student_id, kind`,
    ])
      await q(sql);
  };
  const bareStats = await time(3, bareStatistics);
  const stats = await time(3, () => statisticsTable(ctx, TODAY));
  report('sum of the bare aggregates the statistics table reads', `${bareStats.toFixed(0)} ms`);
  report('statistics table for the half-year (every row and column)', `${stats.toFixed(0)} ms  = ${(stats / bareStats).toFixed(1)}× bare`);
  report('peak resident memory', `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
