/**
 * The measured values behind early warning (G1), for every watched student on one date: one bulk aggregate query
 * per indicator, then plain arithmetic per student — never a query per student. The inputs are attendance, exams,
 * contacts, crisis records, ledgers, registration, grading, postings and concerns; never categories, gender,
 * ethnicity or any other demographic field (the population decides who is watched, nothing here weighs who they are).
 */
import type { Knex } from 'knex';
import { addDays, type SchoolCalendar, semesterOf, toDay } from '../../../shared/domain/calendar';
import { ON_LIST_STATES, type Stage } from '../../../shared/domain/enums';
import { LEDGER_STATUS_LABELS, type LedgerStatus } from '../../../shared/domain/care';
import { formatDateZh } from '../../../shared/domain/dates';
import { MIN_RECOMMENDATIONS, notForWork } from '../../../shared/domain/employment';
import { percent1 } from '../../../shared/domain/statistics';
import type { Indicator, WarningRules } from '../../../shared/domain/warnings';
import { inPopulation } from './scope';

export interface WatchedStudent {
  id: number;
  name: string;
  className: string;
  onList: boolean;
  /** The day the student went on the key-care list (the earliest confirmation still on the list). */
  listedOn: string | null;
  /** The day the file was created (registration is owed from the later of this and the term start). */
  createdOn: string;
  stage: Stage;
  grade: string;
  birthDate: string;
}

export interface Measure {
  studentId: number;
  indicator: Indicator;
  value: number;
  detail: string;
}

const LEDGER_WEIGHT: Partial<Record<LedgerStatus, number>> = {
  onLeave: 1,
  notEnrolled: 1,
  suspected: 2,
  persuading: 2,
  dropout: 3,
};

const days = (from: string, to: string) => toDay(to) - toDay(from);
const zhMonth = (m: string) => `${Number(m.slice(0, 4))}年${Number(m.slice(5, 7))}月`;

/** The first school day of the semester `date` falls in (autumn from 1 September, spring from 15 February). */
export function termStart(date: string, calendar: SchoolCalendar): string {
  const sem = semesterOf(date);
  const [a, b, n] = sem.split('-');
  let d = n === '1' ? `${a}-09-01` : `${b}-02-15`;
  for (let i = 0; i < 60 && !calendar.isSchoolDay(d); i++) d = addDays(d, 1);
  return d;
}

/** The students watched on `date`: the population in school (T1 category or ≥ 2 risk factors), with the list flag. */
export async function watchedStudents(db: Knex): Promise<WatchedStudent[]> {
  const rows = (await db('students as s')
    .where(inPopulation(db))
    .select('s.id', 's.name', 's.class_name', 's.created_at', 's.stage', 's.grade', 's.birth_date')) as Array<{
    id: number;
    name: string;
    class_name: string;
    created_at: string;
    stage: Stage;
    grade: string;
    birth_date: string;
  }>;
  const listed = new Map(
    (
      (await db('cases')
        .whereIn('state', ON_LIST_STATES as string[])
        .groupBy('student_id')
        .select('student_id', db.raw('min(coalesce(confirmed_at, applied_at)) as since'))) as Array<{ student_id: number; since: string }>
    ).map((r) => [r.student_id, r.since.slice(0, 10)]),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    className: r.class_name,
    onList: listed.has(r.id),
    listedOn: listed.get(r.id) ?? null,
    createdOn: r.created_at.slice(0, 10),
    stage: r.stage,
    grade: r.grade,
    birthDate: r.birth_date,
  }));
}

export interface MeasureOptions {
  date: string;
  rules: WarningRules;
  calendar: SchoolCalendar;
  finalGrades: Partial<Record<Stage, string[]>>;
  topRank: number;
}

/** Every enabled indicator's value for every watched student that has one (no data → no value → no warning). */
export async function measure(db: Knex, watched: WatchedStudent[], o: MeasureOptions): Promise<Measure[]> {
  const { date, rules } = o;
  const on = (k: Indicator) => rules.indicators[k].enabled;
  const ids = new Set(watched.map((w) => w.id));
  const out: Measure[] = [];
  const push = (studentId: number, indicator: Indicator, value: number, detail: string) => {
    if (ids.has(studentId) && value > 0) out.push({ studentId, indicator, value, detail });
  };
  const semester = semesterOf(date);
  const start = termStart(date, o.calendar);

  if (on('absenceRate') || on('unexplainedRun')) {
    const rows = (await db('attendance_months as a')
      .join(
        db('attendance_months')
          .where('month', '<=', date.slice(0, 7))
          .groupBy('student_id')
          .select('student_id', db.raw('max(month) as m'))
          .as('l'),
        (j) => j.on('l.student_id', 'a.student_id').andOn('l.m', 'a.month'),
      )
      .select('a.*')) as Array<{
      student_id: number;
      month: string;
      school_days: number;
      absent_days: number;
      unexplained_days: number;
      longest_unexplained: number | null;
    }>;
    for (const r of rows) {
      // A month of attendance older than two months says nothing about today.
      if (r.month < addDays(date, -62).slice(0, 7)) continue;
      const where = `${zhMonth(r.month)} 应到 ${r.school_days} 天，缺勤 ${r.absent_days} 天（无故 ${r.unexplained_days} 天）`;
      if (on('absenceRate') && r.school_days > 0) push(r.student_id, 'absenceRate', percent1(r.absent_days, r.school_days) ?? 0, where);
      if (on('unexplainedRun') && r.longest_unexplained !== null) push(r.student_id, 'unexplainedRun', r.longest_unexplained, where);
    }
  }

  if (on('failedCore') && rules.coreSubjects.length) {
    const core = rules.coreSubjects;
    // Two plain scans joined here: SQLite joins a grouped subquery to exam_scores by scanning it per row (measured
    // 20 s for 5,000 students), while the latest date per student and the failed rows are each one pass.
    const latest = new Map(
      (
        (await db('exam_scores')
          .where('exam_date', '<=', date)
          .whereIn('subject', core)
          .groupBy('student_id')
          .select('student_id', db.raw('max(exam_date) as d'))) as Array<{ student_id: number; d: string }>
      ).map((r) => [r.student_id, r.d]),
    );
    const rows = (
      (await db('exam_scores')
        .where('exam_date', '<=', date)
        .whereIn('subject', core)
        .whereRaw('score < pass_line')
        .select('student_id', 'exam', 'exam_date', 'subject', 'score', 'pass_line')
        .orderBy(['student_id', 'exam', 'subject'])) as Array<{
        student_id: number;
        exam: string;
        exam_date: string;
        subject: string;
        score: number;
        pass_line: number;
      }>
    ).filter((r) => latest.get(r.student_id) === r.exam_date);
    const byStudent = new Map<number, typeof rows>();
    for (const r of rows) byStudent.set(r.student_id, [...(byStudent.get(r.student_id) ?? []), r]);
    for (const [id, list] of byStudent) {
      const exam = list[0].exam;
      // In the order the school lists its core subjects (语文、数学、英语), as a score sheet reads.
      const failed = list.filter((r) => r.exam === exam).sort((x, y) => core.indexOf(x.subject) - core.indexOf(y.subject));
      push(
        id,
        'failedCore',
        failed.length,
        `${exam}（${formatDateZh(failed[0].exam_date)}）：${failed.map((f) => `${f.subject} ${f.score}（及格线 ${f.pass_line}）`).join('、')}`,
      );
    }
  }

  const listed = watched.filter((w) => w.onList);
  if (on('daysSinceTalk') && listed.length) {
    const last = new Map(
      (
        (await db('contacts')
          .where({ kind: 'monthlyTalk' })
          .where('date', '<=', date)
          .groupBy('student_id')
          .select('student_id', db.raw('max(date) as d'))) as Array<{ student_id: number; d: string }>
      ).map((r) => [r.student_id, r.d]),
    );
    for (const w of listed) {
      const since = last.get(w.id) ?? w.listedOn;
      if (since && since <= date)
        push(
          w.id,
          'daysSinceTalk',
          days(since, date),
          last.has(w.id) ? `上次谈心 ${formatDateZh(since)}` : `列入名单（${formatDateZh(since)}）后从未谈心`,
        );
    }
  }

  if (on('unusualAsks') && listed.length) {
    const rows = (await db('contacts')
      .where({ kind: 'dailyAsk', unusual: 1 })
      .where('date', '>', addDays(date, -30))
      .where('date', '<=', date)
      .groupBy('student_id')
      .select('student_id', db.raw('count(*) as n'), db.raw('max(date) as d'))) as Array<{ student_id: number; n: number; d: string }>;
    const onList = new Set(listed.map((w) => w.id));
    for (const r of rows) if (onList.has(r.student_id)) push(r.student_id, 'unusualAsks', Number(r.n), `最近一次 ${formatDateZh(r.d)}`);
  }

  if (on('crisisLevel')) {
    const rows = (await db('crisis_records')
      .whereNot('disposition', 'closed')
      .where('date', '<=', date)
      .orderBy([{ column: 'student_id' }, { column: 'severity', order: 'desc' }])
      .select('student_id', 'severity', 'level_label', 'date')) as Array<{
      student_id: number;
      severity: number;
      level_label: string;
      date: string;
    }>;
    const seen = new Set<number>();
    for (const r of rows) {
      if (seen.has(r.student_id)) continue;
      seen.add(r.student_id);
      push(r.student_id, 'crisisLevel', r.severity, `${r.level_label}（${formatDateZh(r.date)} 记录，未结案）`);
    }
  }

  if (on('dropoutLedger')) {
    const rows = (await db('dropout_entries')
      .whereNull('closed_at')
      .where('opened_at', '<=', `${date}T23:59:59`)
      .select('student_id', 'status', 'opened_at')) as Array<{ student_id: number; status: LedgerStatus; opened_at: string }>;
    const worst = new Map<number, { v: number; r: (typeof rows)[number] }>();
    for (const r of rows) {
      const v = LEDGER_WEIGHT[r.status] ?? 0;
      if (v > (worst.get(r.student_id)?.v ?? 0)) worst.set(r.student_id, { v, r });
    }
    for (const [id, { v, r }] of worst)
      push(id, 'dropoutLedger', v, `${LEDGER_STATUS_LABELS[r.status]}（${formatDateZh(r.opened_at)} 登记）`);
  }

  if (on('notRegistered') && date >= start) {
    const arrived = new Set((await db('registration_checks').where({ semester, arrived: 1 }).pluck('student_id')) as number[]);
    for (const w of watched) {
      if (arrived.has(w.id)) continue;
      const from = w.createdOn > start ? w.createdOn : start;
      push(w.id, 'notRegistered', days(from, date), `开学（${formatDateZh(start)}）以来未核查报到`);
    }
  }

  if (on('aidBelowTop')) {
    const graded = new Map(
      (
        (await db('difficulty_gradings')
          .where({ semester })
          .select('student_id', 'level_label', 'level_rank', 'reason_below_highest')) as Array<{
          student_id: number;
          level_label: string;
          level_rank: number;
          reason_below_highest: string;
        }>
      ).map((g) => [g.student_id, g]),
    );
    for (const w of watched) {
      const g = graded.get(w.id);
      // Not yet graded is the office's task list (资助 gaps, supervision), not a warning about this child.
      if (g && g.level_rank < o.topRank) {
        push(
          w.id,
          'aidBelowTop',
          g.reason_below_highest.trim() ? 1 : 2,
          `认定为“${g.level_label}”${g.reason_below_highest.trim() ? '（已记录理由）' : '，未记录低于最高档的理由'}`,
        );
      }
    }
  }

  if (on('graduatePostings') && semester.endsWith('-2')) {
    const recs = new Map(
      (
        (await db('job_recommendations')
          .where('recommended_at', '<=', `${date}T23:59:59`)
          .groupBy('student_id')
          .select('student_id', db.raw('count(*) as n'))) as Array<{
          student_id: number;
          n: number;
        }>
      ).map((r) => [r.student_id, Number(r.n)]),
    );
    // The watched students already carry stage, grade and birth date (no second read by id list).
    for (const p of watched) {
      if (!(o.finalGrades[p.stage] ?? []).includes(p.grade) || notForWork(p.stage, p.birthDate, date)) continue;
      const n = recs.get(p.id) ?? 0;
      push(p.id, 'graduatePostings', Math.max(0, MIN_RECOMMENDATIONS - n), `已推送岗位信息 ${n} 个（至少 ${MIN_RECOMMENDATIONS} 个）`);
    }
  }

  if (on('concernOverdue')) {
    const rows = (await db('concerns')
      .whereNull('closed_at')
      .whereNotNull('student_id')
      .where('due_date', '<', date)
      .groupBy('student_id')
      .select('student_id', db.raw('min(due_date) as d'), db.raw('count(*) as n'))) as Array<{ student_id: number; d: string; n: number }>;
    for (const r of rows) push(r.student_id, 'concernOverdue', days(r.d, date), `${r.n} 件未办结，最早应于 ${formatDateZh(r.d)} 办结`);
  }

  if (on('noCareRecord') && listed.length) {
    const last = new Map<number, string>();
    const note = (id: number, d: string) => {
      if (d > (last.get(id) ?? '')) last.set(id, d);
    };
    for (const r of (await db('contacts')
      .where('date', '<=', date)
      .groupBy('student_id')
      .select('student_id', db.raw('max(date) as d'))) as Array<{
      student_id: number;
      d: string;
    }>)
      note(r.student_id, r.d);
    for (const r of (await db('care_events')
      .where({ kind: 'care' })
      .where('at', '<=', `${date}T23:59:59`)
      .groupBy('student_id')
      .select('student_id', db.raw('max(substr(at, 1, 10)) as d'))) as Array<{ student_id: number; d: string }>)
      note(r.student_id, r.d);
    for (const w of listed) {
      const since = last.get(w.id) ?? w.listedOn;
      if (since && since <= date)
        push(
          w.id,
          'noCareRecord',
          days(since, date),
          last.has(w.id) ? `上次记录 ${formatDateZh(since)}` : `列入名单（${formatDateZh(since)}）后没有任何记录`,
        );
    }
  }
  return out;
}
