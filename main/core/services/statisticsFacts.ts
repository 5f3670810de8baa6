/**
 * The facts behind the statistics table, for one date: each student as they were that day (stage, grade, status,
 * categories and risk factors replayed back from the kept history, so a figure for a past date does not move when
 * a file is edited later) and what was done for them up to that day or within the period. One pass of bulk
 * queries, then plain arithmetic per row — never a query per student.
 */
import type { Knex } from 'knex';
import type { CareKind, CaseState, Category, RiskFactor, Stage } from '../../../shared/domain/enums';
import type { AidSource, Outcome } from '../../../shared/domain/employment';
import { MIN_RECOMMENDATIONS, notForWork } from '../../../shared/domain/employment';
import type { Placement } from '../../../shared/domain/care';
import { addDays, mondayOf, SchoolCalendar } from '../../../shared/domain/calendar';

export interface StudentFacts {
  id: number;
  name: string;
  className: string;
  stage: Stage;
  grade: string;
  birthDate: string;
  categories: Set<Category>;
  risks: Set<RiskFactor>;
  /** In the population of students in difficulty that day (a T1 category or ≥ 2 risk factors). */
  population: boolean;
  applied: boolean;
  reviewed: boolean;
  onList: boolean;
  filed: boolean;
  exitedInPeriod: boolean;
  systemPush: boolean;
  tutoringPlan: boolean;
  tutoringSessions: number;
  placement: Placement | null;
  pairs: number;
  homeContacts: number;
  dropoutOpen: boolean;
  returnedInPeriod: boolean;
  crisis: number;
  referrals: number;
  concerns: number;
  concernsOnTime: number;
  concernsClosed: number;
  finalGrade: boolean;
  mayWork: boolean;
  recommendations: number;
  employed: boolean;
  /** P5 cadence in the period while on the list: owed and done (school days, weeks, months). */
  asks: { owed: number; done: number };
  sees: { owed: number; done: number };
  talks: { owed: number; done: number };
  aidTimes: number;
  aidFen: Record<AidSource, number>;
  graded: boolean;
  highestTier: boolean;
}

type Row = Record<string, unknown>;
const inDay = (at: string | null | undefined, day: string) => !!at && at.slice(0, 10) <= day;
const inPeriod = (at: string | null | undefined, from: string, to: string) => !!at && at.slice(0, 10) >= from && at.slice(0, 10) <= to;

function countBy(rows: Row[], pick: (r: Row) => boolean = () => true): Map<number, number> {
  const m = new Map<number, number>();
  for (const r of rows) if (pick(r)) m.set(r.student_id as number, (m.get(r.student_id as number) ?? 0) + 1);
  return m;
}

/** Each student in school on `asOf`, with what the table counts. */
export async function factsOn(
  db: Knex,
  o: {
    asOf: string;
    from: string;
    to: string;
    semester: string;
    finalGrades: Partial<Record<Stage, string[]>>;
    topRank: number;
    /** Non-school days (holidays, breaks): the daily ask is owed on school days only. */
    calendar?: SchoolCalendar;
  },
): Promise<StudentFacts[]> {
  const { asOf, from, to } = o;
  const students = (await db('students').select(
    'id',
    'name',
    'class_name',
    'stage',
    'grade',
    'birth_date',
    'status',
    'created_at',
  )) as Array<{
    id: number;
    name: string;
    class_name: string;
    stage: Stage;
    grade: string;
    birth_date: string;
    status: string;
    created_at: string;
  }>;
  // Later changes are undone, newest first, to see each file as it stood that day.
  const later = (await db('student_changes')
    .whereRaw('substr(at, 1, 10) > ?', [asOf])
    .whereIn('field', ['stage', 'grade', 'className', 'status', 'categories', 'riskFactors'])
    .orderBy('id', 'desc')
    .select('student_id', 'field', 'from_value')) as Array<{ student_id: number; field: string; from_value: string }>;
  const undo = new Map<number, Map<string, string>>();
  for (const c of later) {
    const m = undo.get(c.student_id) ?? new Map<string, string>();
    m.set(c.field, c.from_value); // the oldest later change is applied last: its old value is the value that day
    undo.set(c.student_id, m);
  }
  const cats = new Map<number, Set<Category>>();
  for (const r of (await db('student_categories').select('student_id', 'category', 'since')) as Array<{
    student_id: number;
    category: Category;
    since: string | null;
  }>)
    if (!r.since || r.since <= asOf) cats.set(r.student_id, (cats.get(r.student_id) ?? new Set()).add(r.category));
  const risks = new Map<number, Set<RiskFactor>>();
  for (const r of (await db('student_risk_factors').select('student_id', 'factor', 'since')) as Array<{
    student_id: number;
    factor: RiskFactor;
    since: string | null;
  }>)
    if (!r.since || r.since <= asOf) risks.set(r.student_id, (risks.get(r.student_id) ?? new Set()).add(r.factor));

  const cases = (await db('cases as c')
    .leftJoin('filing_packages as f', 'f.id', 'c.filed_package_id')
    .select(
      'c.student_id',
      'c.state',
      'c.source',
      'c.applied_at',
      'c.confirmed_at',
      'c.exited_at',
      'c.review',
      'f.created_at as filed_at',
    )) as Array<{
    student_id: number;
    state: CaseState;
    source: string;
    applied_at: string;
    confirmed_at: string | null;
    exited_at: string | null;
    review: string | null;
    filed_at: string | null;
  }>;
  const caseFacts = new Map<
    number,
    { applied: boolean; reviewed: boolean; onList: boolean; filed: boolean; exited: boolean; push: boolean }
  >();
  for (const c of cases) {
    const f = caseFacts.get(c.student_id) ?? { applied: false, reviewed: false, onList: false, filed: false, exited: false, push: false };
    const review = c.review ? (JSON.parse(c.review) as { decision?: string; meetingDate?: string; careApproved?: CareKind[] }) : null;
    const onList = inDay(c.confirmed_at, asOf) && !(c.exited_at && c.exited_at.slice(0, 10) <= asOf);
    f.applied ||= inDay(c.applied_at, asOf);
    f.reviewed ||= review?.decision === 'approve' && inDay(review.meetingDate ?? c.applied_at, asOf);
    f.onList ||= onList;
    f.filed ||= onList && inDay(c.filed_at, asOf);
    f.exited ||= inPeriod(c.exited_at, from, to);
    f.push ||= onList && c.source === 'systemPush';
    caseFacts.set(c.student_id, f);
  }

  const plans = (await db('tutoring_plans').select('id', 'student_id', 'created_at')) as Row[];
  const planOwner = new Map(plans.map((p) => [p.id as number, p.student_id as number]));
  const withPlan = new Set(plans.filter((p) => inDay(p.created_at as string, asOf)).map((p) => p.student_id as number));
  const sessions = new Map<number, number>();
  for (const s of (await db('tutoring_sessions').whereBetween('date', [from, to]).select('plan_id')) as Row[]) {
    const sid = planOwner.get(s.plan_id as number);
    if (sid) sessions.set(sid, (sessions.get(sid) ?? 0) + 1);
  }
  const placement = new Map(
    ((await db('special_ed').select('student_id', 'placement', 'updated_at')) as Row[])
      .filter((r) => inDay(r.updated_at as string, asOf))
      .map((r) => [r.student_id as number, r.placement as Placement]),
  );
  const pairs = countBy(
    (await db('peer_pairs').select('student_id', 'started_at', 'ended_at')) as Row[],
    (r) => inDay(r.started_at as string, asOf) && !(r.ended_at && (r.ended_at as string).slice(0, 10) <= asOf),
  );
  const home = countBy([
    ...((await db('home_contacts').whereBetween('date', [from, to]).select('student_id')) as Row[]),
    ...((await db('home_visits').whereBetween('date', [from, to]).select('student_id')) as Row[]),
  ]);
  const ledger = (await db('dropout_entries').select('student_id', 'status', 'opened_at', 'closed_at')) as Row[];
  const dropoutOpen = new Set(
    ledger
      .filter((r) => inDay(r.opened_at as string, asOf) && !(r.closed_at && (r.closed_at as string).slice(0, 10) <= asOf))
      .map((r) => r.student_id as number),
  );
  const returned = new Set(
    ledger.filter((r) => r.status === 'returned' && inPeriod(r.closed_at as string, from, to)).map((r) => r.student_id as number),
  );
  const crisisRows = (await db('crisis_records').select('id', 'student_id', 'date')) as Row[];
  const crisis = countBy(crisisRows, (r) => inPeriod(r.date as string, from, to));
  const crisisOwner = new Map(crisisRows.map((r) => [r.id as number, r.student_id as number]));
  const referrals = new Map<number, number>();
  for (const r of (await db('referrals').whereBetween('date', [from, to]).select('crisis_id')) as Row[]) {
    const sid = crisisOwner.get(r.crisis_id as number);
    if (sid) referrals.set(sid, (referrals.get(sid) ?? 0) + 1);
  }
  const concerns = (
    (await db('concerns').whereNotNull('student_id').select('student_id', 'received_at', 'due_date', 'closed_at')) as Row[]
  ).filter((r) => inPeriod(r.received_at as string, from, to));
  const concernCount = countBy(concerns);
  const concernClosed = countBy(concerns, (r) => inDay(r.closed_at as string, asOf));
  const concernOnTime = countBy(
    concerns,
    (r) => inDay(r.closed_at as string, asOf) && (r.closed_at as string).slice(0, 10) <= (r.due_date as string),
  );
  const recs = countBy((await db('job_recommendations').select('student_id', 'recommended_at')) as Row[], (r) =>
    inDay(r.recommended_at as string, asOf),
  );
  const employed = new Set(
    ((await db('graduates').select('student_id', 'outcome', 'outcome_date')) as Row[])
      .filter((r) => (r.outcome as Outcome) === 'employed' && inDay((r.outcome_date as string) ?? '', asOf))
      .map((r) => r.student_id as number),
  );
  // Each award records its own fund source (国家 / 地方 / 学校 / 社会).
  const awards = (await db('aid_awards').whereBetween('date', [from, to]).select('student_id', 'amount_fen', 'source')) as Array<{
    student_id: number;
    amount_fen: number;
    source: AidSource;
  }>;
  const aid = new Map<number, { times: number; fen: Record<AidSource, number> }>();
  for (const a of awards) {
    const x = aid.get(a.student_id) ?? { times: 0, fen: { national: 0, local: 0, school: 0, social: 0 } };
    x.times++;
    x.fen[a.source] += a.amount_fen;
    aid.set(a.student_id, x);
  }
  const gradings = new Map(
    ((await db('difficulty_gradings').where({ semester: o.semester }).select('student_id', 'level_rank', 'graded_at')) as Row[])
      .filter((r) => inDay(r.graded_at as string, asOf))
      .map((r) => [r.student_id as number, r.level_rank as number]),
  );

  const cadence = await cadenceFacts(db, cases, from, to < asOf ? to : asOf, o.calendar ?? new SchoolCalendar([]));

  const out: StudentFacts[] = [];
  for (const s of students) {
    if (!inDay(s.created_at, asOf)) continue;
    const u = undo.get(s.id);
    const status = u?.get('status') ?? s.status;
    if (status !== 'active') continue;
    const stage = (u?.get('stage') ?? s.stage) as Stage;
    const grade = u?.get('grade') ?? s.grade;
    const catSet = u?.has('categories')
      ? new Set((u.get('categories') ?? '').split(',').filter(Boolean) as Category[])
      : (cats.get(s.id) ?? new Set<Category>());
    const riskSet = u?.has('riskFactors')
      ? new Set((u.get('riskFactors') ?? '').split(',').filter(Boolean) as RiskFactor[])
      : (risks.get(s.id) ?? new Set<RiskFactor>());
    const c = caseFacts.get(s.id);
    const finalGrade = o.finalGrades[stage]?.includes(grade) ?? false;
    const g = gradings.get(s.id);
    out.push({
      id: s.id,
      name: s.name,
      className: u?.get('className') ?? s.class_name,
      stage,
      grade,
      birthDate: s.birth_date,
      categories: catSet,
      risks: riskSet,
      population: catSet.size > 0 || riskSet.size >= 2,
      applied: !!c?.applied,
      reviewed: !!c?.reviewed,
      onList: !!c?.onList,
      filed: !!c?.filed,
      exitedInPeriod: !!c?.exited,
      systemPush: !!c?.push,
      tutoringPlan: withPlan.has(s.id),
      tutoringSessions: sessions.get(s.id) ?? 0,
      placement: placement.get(s.id) ?? null,
      pairs: pairs.get(s.id) ?? 0,
      homeContacts: home.get(s.id) ?? 0,
      dropoutOpen: dropoutOpen.has(s.id),
      returnedInPeriod: returned.has(s.id),
      crisis: crisis.get(s.id) ?? 0,
      referrals: referrals.get(s.id) ?? 0,
      concerns: concernCount.get(s.id) ?? 0,
      concernsClosed: concernClosed.get(s.id) ?? 0,
      concernsOnTime: concernOnTime.get(s.id) ?? 0,
      finalGrade,
      mayWork: finalGrade && notForWork(stage, s.birth_date, asOf) === null,
      recommendations: recs.get(s.id) ?? 0,
      employed: employed.has(s.id),
      asks: cadence.get(s.id)?.asks ?? { owed: 0, done: 0 },
      sees: cadence.get(s.id)?.sees ?? { owed: 0, done: 0 },
      talks: cadence.get(s.id)?.talks ?? { owed: 0, done: 0 },
      aidTimes: aid.get(s.id)?.times ?? 0,
      aidFen: aid.get(s.id)?.fen ?? { national: 0, local: 0, school: 0, social: 0 },
      graded: g !== undefined,
      highestTier: g !== undefined && g >= o.topRank,
    });
  }
  return out;
}

/**
 * The contact cadence (P5) over a period, per student on the key-care list: the school days, weeks and months of the
 * period while on the list (daily ask, weekly see, monthly talk owed), and how many of them have a contact recorded.
 */
async function cadenceFacts(
  db: Knex,
  cases: Array<{ student_id: number; confirmed_at: string | null; exited_at: string | null }>,
  from: string,
  end: string,
  calendar: SchoolCalendar,
) {
  type Tally = { owed: number; done: number };
  const out = new Map<number, { asks: Tally; sees: Tally; talks: Tally }>();
  if (end < from) return out;
  // One walk over the period: the school days (owed) and the others (a daily ask on them does not count).
  const schoolDays: string[] = [];
  const closedDays: string[] = [];
  for (let d = from; d <= end; d = addDays(d, 1)) (calendar.isSchoolDay(d) ? schoolDays : closedDays).push(d);
  const windows = new Map<number, Array<[string, string]>>();
  for (const c of cases) {
    if (!c.confirmed_at) continue;
    const a = c.confirmed_at.slice(0, 10) > from ? c.confirmed_at.slice(0, 10) : from;
    const exit = c.exited_at ? addDays(c.exited_at.slice(0, 10), -1) : end;
    const b = exit < end ? exit : end;
    if (a <= b) windows.set(c.student_id, [...(windows.get(c.student_id) ?? []), [a, b]]);
  }
  if (!windows.size) return out;
  // Done, counted in SQL (a half-year of contacts is hundreds of thousands of rows): distinct school days, weeks
  // (their Monday) and months with a contact. Contacts exist only while a student is on the list (the cadence refuses
  // others), so no window test is needed here. Daily asks on a weekend or a school holiday do not count: those dates
  // are listed (a few dozen in a half-year) rather than computed per row, which costs a date function on every row.
  const done = new Map<string, number>();
  for (const r of (await db('contacts')
    .whereIn('kind', ['dailyAsk', 'weeklySee', 'monthlyTalk'])
    .whereBetween('date', [from, end])
    .where((w) => w.whereNot('kind', 'dailyAsk').orWhereNotIn('date', closedDays))
    .groupBy('student_id', 'kind')
    .select(
      'student_id',
      'kind',
      db.raw(
        "count(DISTINCT CASE kind WHEN 'dailyAsk' THEN date WHEN 'weeklySee' THEN date(date, '-6 days', 'weekday 1') ELSE substr(date, 1, 7) END) AS n",
      ),
    )) as Array<{ student_id: number; kind: string; n: number }>)
    done.set(`${r.student_id}|${r.kind}`, Number(r.n));
  // Owed, by prefix counts over the period's school days: how many days, new weeks and new months up to each one.
  const weekStarts: number[] = [];
  const monthStarts: number[] = [];
  schoolDays.forEach((d, i) => {
    const newWeek = i === 0 || mondayOf(d) !== mondayOf(schoolDays[i - 1]);
    const newMonth = i === 0 || d.slice(0, 7) !== schoolDays[i - 1].slice(0, 7);
    weekStarts.push((weekStarts[i - 1] ?? 0) + (newWeek ? 1 : 0));
    monthStarts.push((monthStarts[i - 1] ?? 0) + (newMonth ? 1 : 0));
  });
  /** Index of the first school day on or after `d`. */
  const lower = (d: string) => {
    let lo = 0;
    let hi = schoolDays.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (schoolDays[mid] < d) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (const [id, ws] of windows) {
    let days = 0;
    let weeks = 0;
    let months = 0;
    // Windows of one student do not overlap (a case is exited before another is confirmed); each is counted whole.
    for (const [a, b] of ws) {
      const i = lower(a);
      const j = lower(addDays(b, 1)) - 1;
      if (j < i) continue;
      days += j - i + 1;
      weeks += weekStarts[j] - weekStarts[i] + 1;
      months += monthStarts[j] - monthStarts[i] + 1;
    }
    const count = (kind: string, owed: number) => Math.min(owed, done.get(`${id}|${kind}`) ?? 0);
    out.set(id, {
      asks: { owed: days, done: count('dailyAsk', days) },
      sees: { owed: weeks, done: count('weeklySee', weeks) },
      talks: { owed: months, done: count('monthlyTalk', months) },
    });
  }
  return out;
}

type Count = (s: StudentFacts) => number;
type Rate = { num: (s: StudentFacts) => number; den: (s: StudentFacts) => number };
const one =
  (p: (s: StudentFacts) => boolean): Count =>
  (s) =>
    p(s) ? 1 : 0;

/** Each measure a template column may name: a count or amount summed over a row's students, or a rate. */
export const MEASURES: Record<string, Count | Rate> = {
  screened: one((s) => s.population),
  applied: one((s) => s.applied),
  reviewed: one((s) => s.reviewed),
  onList: one((s) => s.onList),
  onListWithoutCategory: one((s) => s.onList && s.categories.size === 0),
  filed: one((s) => s.filed),
  exited: one((s) => s.exitedInPeriod),
  systemPush: one((s) => s.systemPush),
  tutoringPersons: one((s) => s.tutoringPlan),
  tutoringSessions: (s) => s.tutoringSessions,
  'placement:regularClass': one((s) => s.placement === 'regularClass'),
  'placement:specialClass': one((s) => s.placement === 'specialClass'),
  'placement:specialSchool': one((s) => s.placement === 'specialSchool'),
  'placement:homeDelivery': one((s) => s.placement === 'homeDelivery'),
  pairs: (s) => s.pairs,
  homeContacts: (s) => s.homeContacts,
  dropoutOpen: one((s) => s.dropoutOpen),
  returned: one((s) => s.returnedInPeriod),
  crisis: (s) => s.crisis,
  referrals: (s) => s.referrals,
  concerns: (s) => s.concerns,
  'rate:concernsOnTime': { num: (s) => s.concernsOnTime, den: (s) => s.concerns },
  'rate:dailyAsk': { num: (s) => s.asks.done, den: (s) => s.asks.owed },
  'rate:weeklySee': { num: (s) => s.sees.done, den: (s) => s.sees.owed },
  'rate:monthlyTalk': { num: (s) => s.talks.done, den: (s) => s.talks.owed },
  graduates: one((s) => s.finalGrade && s.population),
  'rate:graduates3': {
    num: one((s) => s.mayWork && s.population && s.recommendations >= MIN_RECOMMENDATIONS),
    den: one((s) => s.mayWork && s.population),
  },
  'rate:employed': { num: one((s) => s.mayWork && s.population && s.employed), den: one((s) => s.mayWork && s.population) },
  aidPersons: one((s) => s.aidTimes > 0),
  aidTimes: (s) => s.aidTimes,
  'aid:national': (s) => s.aidFen.national,
  'aid:local': (s) => s.aidFen.local,
  'aid:school': (s) => s.aidFen.school,
  'aid:social': (s) => s.aidFen.social,
  'rate:highestTier': { num: one((s) => s.population && s.highestTier), den: one((s) => s.population && s.graded) },
};

/** The students a measure counts (for the drill-down): those contributing a non-zero figure. */
export function contributes(measure: string, s: StudentFacts): boolean {
  const m = MEASURES[measure];
  if (!m) return false;
  return typeof m === 'function' ? m(s) > 0 : m.num(s) > 0 || m.den(s) > 0;
}

export function measureValue(measure: string, students: StudentFacts[]): number | null {
  const m = MEASURES[measure];
  if (!m) throw new Error(`unknown measure ${measure}`);
  if (typeof m === 'function') return students.reduce((n, s) => n + m(s), 0);
  const den = students.reduce((n, s) => n + m.den(s), 0);
  return den === 0 ? null : Math.round((1000 * students.reduce((n, s) => n + m.num(s), 0)) / den) / 10;
}
