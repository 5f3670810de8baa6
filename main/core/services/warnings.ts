/**
 * Early warning (G1): the rule engine's run, and each warning's life — raised with its evidence, routed by level
 * (yellow → head teacher or tutor within 7 days, orange → funding office and counsellor within 3, red → principal the
 * same day), acknowledged with a disposition, escalated one step when nobody acknowledges it in time, closed with an
 * outcome. One open warning per student and indicator: a later run updates its value and raises (never lowers) its
 * level; when the value falls back under the thresholds the warning says so and waits for a person to close it.
 * Crisis-level warnings are seen and handled only by the roles that may read crisis records.
 */
import type { Knex } from 'knex';
import type { In } from '../../../shared/contract/index';
import type { warningsContract } from '../../../shared/contract/warnings';
import { CRISIS_ROLES } from '../../../shared/contract/roleGroups';
import { addDays, toDay } from '../../../shared/domain/calendar';
import { ROLE_LABELS, type Role } from '../../../shared/domain/enums';
import { todayIso } from '../../../shared/domain/dates';
import {
  DEFAULT_WARNING_RULES,
  ESCALATES_TO,
  evidenceText,
  INDICATOR_SPECS,
  INDICATORS,
  type Indicator,
  LEVEL_RANK,
  levelFor,
  OUTCOME_WINDOW_DAYS,
  ROUTE_ROLES,
  ruleProblems,
  WARNING_LEVEL_LABELS,
  type WarningLevel,
  type WarningRules,
  type WarningState,
} from '../../../shared/domain/warnings';
import { AppError } from '../../../shared/errors';
import { percent1 } from '../../../shared/domain/statistics';
import { difficultyLevels } from './aid';
import { appendAudit } from './audit';
import { schoolCalendar } from './calendar';
import { actor, type Handlers, OK, type ServiceContext } from './context';
import { scopeStudents } from './scope';
import { schoolFinalGrades } from './schoolYear';
import { getSetting, setSetting } from './settings';
import { addEvent } from './timeline';
import { measure, watchedStudents } from './warningIndicators';

const RULES_KEY = 'warnings.rules';
const LAST_RUN_KEY = 'warnings.lastRun';
const MANAGERS: readonly Role[] = ['admin', 'officer'];
export async function lastWarningRun(db: Knex | Knex.Transaction) {
  return getSetting<{ date: string; at: string; by: string }>(db, LAST_RUN_KEY);
}

/** The school's rules, each indicator falling back to the default the school has not changed. */
export async function warningRules(db: Knex | Knex.Transaction): Promise<WarningRules> {
  const saved = await getSetting<Partial<WarningRules>>(db, RULES_KEY);
  return {
    indicators: { ...DEFAULT_WARNING_RULES.indicators, ...(saved?.indicators ?? {}) },
    dueDays: { ...DEFAULT_WARNING_RULES.dueDays, ...(saved?.dueDays ?? {}) },
    coreSubjects: saved?.coreSubjects ?? DEFAULT_WARNING_RULES.coreSubjects,
  };
}

async function saveRules(ctx: ServiceContext, rules: WarningRules): Promise<void> {
  const problems = ruleProblems(rules);
  if (problems.length) throw new AppError('VALIDATION', `预警规则有误：${problems.map((p) => p.message).join('；')}`, problems);
  await ctx.db.transaction(async (trx) => {
    const before = await warningRules(trx);
    await setSetting(trx, RULES_KEY, rules);
    const changed = INDICATORS.filter((k) => JSON.stringify(before.indicators[k]) !== JSON.stringify(rules.indicators[k]));
    await appendAudit(trx, actor(ctx), 'warnings.rules', { type: 'settings' }, { changed }, ctx.now);
  });
}

type Staff = { id: number; display_name: string; role: Role; classes: string[] };

/** Who a warning goes to at a stage of routing, named; a stage with nobody in it passes on to the next. */
function routeFor(
  stage: WarningLevel,
  indicator: Indicator,
  student: { id: number; className: string },
  staff: Staff[],
  tutors: Map<number, number[]>,
): { route: WarningLevel; routedTo: string } {
  const named = (rows: Staff[]) => rows.map((a) => `${ROLE_LABELS[a.role]} ${a.display_name}`).join('、');
  for (let s = stage; ; s = ESCALATES_TO[s]) {
    let who: Staff[];
    if (indicator === 'crisisLevel') who = staff.filter((a) => (s === 'red' ? a.role === 'principal' : a.role === 'counsellor'));
    else if (s === 'yellow') {
      const mine = new Set(tutors.get(student.id) ?? []);
      who = staff.filter((a) => (a.role === 'headTeacher' && a.classes.includes(student.className)) || mine.has(a.id));
    } else who = staff.filter((a) => ROUTE_ROLES[s].includes(a.role));
    if (who.length) return { route: s, routedTo: named(who) };
    if (s === 'red') return { route: 'red', routedTo: '资助管理员（学校未设校长账户）' };
  }
}

interface OpenRow {
  id: number;
  student_id: number;
  indicator: Indicator;
  level: WarningLevel;
  route: WarningLevel;
  due_date: string;
  acknowledged_at: string | null;
  cleared_on: string | null;
}

export interface RunResult {
  date: string;
  watched: number;
  raised: number;
  updated: number;
  escalated: number;
  cleared: number;
}

/** One run of the rules over every watched student on `date`, applied in one transaction. */
export async function runWarnings(ctx: ServiceContext, date: string): Promise<RunResult> {
  if (date > todayIso(ctx.now)) throw new AppError('VALIDATION', '预警日期不能晚于今天', [{ path: 'date', message: '日期晚于今天' }]);
  const rules = await warningRules(ctx.db);
  const watched = await watchedStudents(ctx.db);
  const levels = await difficultyLevels(ctx.db);
  const measures = await measure(ctx.db, watched, {
    date,
    rules,
    calendar: await schoolCalendar(ctx.db),
    finalGrades: await schoolFinalGrades(ctx.db),
    topRank: Math.max(...levels.map((l) => l.rank)),
  });
  const byId = new Map(watched.map((w) => [w.id, w]));
  // Classes parsed once here, not once per warning and account.
  const staff: Staff[] = (
    (await ctx.db('accounts').where({ disabled: 0 }).select('id', 'display_name', 'role', 'classes')) as Array<
      Omit<Staff, 'classes'> & { classes: string }
    >
  ).map((a) => ({ ...a, classes: JSON.parse(a.classes) as string[] }));
  const tutors = new Map<number, number[]>();
  for (const t of (await ctx.db('tutor_assignments').select('student_id', 'tutor_account_id')) as Array<{
    student_id: number;
    tutor_account_id: number;
  }>)
    tutors.set(t.student_id, [...(tutors.get(t.student_id) ?? []), t.tutor_account_id]);
  const result: RunResult = { date, watched: watched.length, raised: 0, updated: 0, escalated: 0, cleared: 0 };
  const at = `${date}T${ctx.now.toISOString().slice(11)}`;

  await ctx.db.transaction(async (trx) => {
    const open = new Map(
      ((await trx('warnings').whereNull('closed_at').select('*')) as OpenRow[]).map((w) => [`${w.student_id}|${w.indicator}`, w]),
    );
    const firing = new Set<string>();
    for (const m of measures) {
      const rule = rules.indicators[m.indicator];
      const level = levelFor(m.value, rule);
      const student = byId.get(m.studentId);
      if (!level || !student) continue;
      const key = `${m.studentId}|${m.indicator}`;
      firing.add(key);
      const evidence = evidenceText(m.indicator, m.value, level, rule, m.detail);
      const was = open.get(key);
      if (!was) {
        const r = routeFor(level, m.indicator, student, staff, tutors);
        await trx('warnings').insert({
          student_id: m.studentId,
          indicator: m.indicator,
          level,
          value: m.value,
          evidence,
          raised_on: date,
          last_seen_on: date,
          route: r.route,
          routed_to: r.routedTo,
          due_date: addDays(date, rules.dueDays[r.route]),
        });
        result.raised++;
        // The timeline shows that a warning was raised; a crisis warning stays with the crisis roles (not on the file).
        if (m.indicator !== 'crisisLevel')
          await addEvent(trx, {
            studentId: m.studentId,
            at,
            kind: 'warning',
            title: `${WARNING_LEVEL_LABELS[level]}：${INDICATOR_SPECS[m.indicator].label}`,
            detail: `转 ${r.routedTo}`,
            actorId: null,
          });
        continue;
      }
      // Still firing: the value and evidence follow today; the level only rises while the warning is open.
      const rises = LEVEL_RANK[level] > LEVEL_RANK[was.level];
      const patch: Record<string, unknown> = { value: m.value, last_seen_on: date, cleared_on: null };
      if (rises || was.level === level) patch.evidence = evidence;
      if (rises) {
        patch.level = level;
        if (LEVEL_RANK[level] > LEVEL_RANK[was.route]) {
          const r = routeFor(level, m.indicator, student, staff, tutors);
          Object.assign(patch, { route: r.route, routed_to: r.routedTo, due_date: addDays(date, rules.dueDays[r.route]) });
        }
      }
      await trx('warnings').where({ id: was.id }).update(patch);
      result.updated++;
    }
    for (const [key, w] of open) {
      if (!firing.has(key) && !w.cleared_on) {
        await trx('warnings').where({ id: w.id }).update({ cleared_on: date });
        result.cleared++;
      }
      // Not acknowledged in time: one step up the routing, with a new deadline.
      if (!w.acknowledged_at && w.due_date < date && w.route !== 'red' && firing.has(key)) {
        const student = byId.get(w.student_id) ?? { id: w.student_id, className: '' };
        const r = routeFor(ESCALATES_TO[w.route], w.indicator, { id: student.id, className: student.className }, staff, tutors);
        await trx('warnings')
          .where({ id: w.id })
          .update({
            route: r.route,
            routed_to: r.routedTo,
            due_date: addDays(date, rules.dueDays[r.route]),
            escalations: trx.raw('escalations + 1'),
            escalated_at: at,
          });
        result.escalated++;
      }
    }
    await setSetting(trx, LAST_RUN_KEY, { date, at: ctx.now.toISOString(), by: ctx.user.displayName });
    await appendAudit(trx, actor(ctx), 'warnings.run', { type: 'warnings', id: date }, { ...result }, ctx.now);
  });
  return result;
}

type ListRow = {
  id: number;
  student_id: number;
  name: string;
  class_name: string;
  indicator: Indicator;
  level: WarningLevel;
  value: number;
  evidence: string;
  raised_on: string;
  last_seen_on: string;
  cleared_on: string | null;
  route: WarningLevel;
  routed_to: string;
  due_date: string;
  escalations: number;
  acknowledged_at: string | null;
  acknowledged_name: string | null;
  disposition: string;
  closed_at: string | null;
  closed_name: string | null;
  outcome: string;
};

const mayReadCrisis = (ctx: ServiceContext) => CRISIS_ROLES.includes(ctx.user.role);

function visibleWarnings(ctx: ServiceContext) {
  const q = ctx
    .db('warnings as w')
    .join('students as s', 's.id', 'w.student_id')
    .leftJoin('accounts as ak', 'ak.id', 'w.acknowledged_by')
    .leftJoin('accounts as ac', 'ac.id', 'w.closed_by')
    .select('w.*', 's.name', 's.class_name', 'ak.display_name as acknowledged_name', 'ac.display_name as closed_name');
  if (!mayReadCrisis(ctx)) q.whereNot('w.indicator', 'crisisLevel');
  return scopeStudents(ctx, q);
}

function stateOf(r: { closed_at: string | null; acknowledged_at: string | null }): WarningState {
  return r.closed_at ? 'closed' : r.acknowledged_at ? 'acknowledged' : 'open';
}

/** Whether this user may acknowledge or close: the office and principal always, others at their stage of routing. */
function mayAct(ctx: ServiceContext, r: { route: WarningLevel; indicator: Indicator }): boolean {
  if (r.indicator === 'crisisLevel') return mayReadCrisis(ctx);
  if (['admin', 'officer', 'principal'].includes(ctx.user.role)) return true;
  return ROUTE_ROLES[r.route].includes(ctx.user.role) || (r.route !== 'yellow' && ctx.user.role === 'counsellor');
}

export async function listWarnings(ctx: ServiceContext, i: In<'warnings.list'>) {
  const today = todayIso(ctx.now);
  const q = visibleWarnings(ctx).orderByRaw(
    "w.closed_at IS NOT NULL, CASE w.level WHEN 'red' THEN 0 WHEN 'orange' THEN 1 ELSE 2 END, w.due_date, w.id",
  );
  if (i.state === 'open') q.whereNull('w.closed_at');
  if (i.state === 'closed') q.whereNotNull('w.closed_at');
  if (i.studentId) q.where('w.student_id', i.studentId);
  const rows = (await q) as ListRow[];
  await appendAudit(
    ctx.db,
    actor(ctx),
    'warnings.view',
    { type: 'warnings' },
    { count: rows.length, studentId: i.studentId ?? null },
    ctx.now,
  );
  const last = await lastWarningRun(ctx.db);
  return {
    lastRun: last,
    warnings: rows.map((r) => ({
      id: r.id,
      studentId: r.student_id,
      studentName: r.name,
      className: r.class_name,
      indicator: r.indicator,
      indicatorLabel: INDICATOR_SPECS[r.indicator].label,
      level: r.level,
      value: r.value,
      evidence: r.evidence,
      raisedOn: r.raised_on,
      lastSeenOn: r.last_seen_on,
      clearedOn: r.cleared_on,
      route: r.route,
      routedTo: r.routed_to,
      dueDate: r.due_date,
      overdue: !r.acknowledged_at && !r.closed_at && r.due_date < today,
      escalations: r.escalations,
      state: stateOf(r),
      acknowledgedBy: r.acknowledged_name,
      acknowledgedAt: r.acknowledged_at,
      disposition: r.disposition,
      closedBy: r.closed_name,
      closedAt: r.closed_at,
      outcome: r.outcome,
      canAct: !r.closed_at && mayAct(ctx, r),
    })),
  };
}

async function actionable(ctx: ServiceContext, id: number): Promise<ListRow> {
  const row = (await visibleWarnings(ctx).where('w.id', id).first()) as ListRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', '预警不存在或不在您的范围内');
  if (row.closed_at) throw new AppError('STATE', '预警已办结，不能再修改');
  if (!mayAct(ctx, row))
    throw new AppError('FORBIDDEN', `该预警目前转给 ${row.routed_to}，您的角色（${ROLE_LABELS[ctx.user.role]}）不能签收或办结`);
  return row;
}

async function acknowledge(ctx: ServiceContext, i: In<'warnings.acknowledge'>): Promise<void> {
  const row = await actionable(ctx, i.id);
  if (row.acknowledged_at) throw new AppError('STATE', '预警已签收；请在办结时填写处置结果');
  await ctx.db.transaction(async (trx) => {
    await trx('warnings')
      .where({ id: i.id })
      .update({ acknowledged_by: ctx.user.id, acknowledged_at: ctx.now.toISOString(), disposition: i.disposition });
    await appendAudit(trx, actor(ctx), 'warnings.acknowledge', { type: 'warning', id: i.id }, { studentId: row.student_id }, ctx.now);
  });
}

async function close(ctx: ServiceContext, i: In<'warnings.close'>): Promise<void> {
  const row = await actionable(ctx, i.id);
  await ctx.db.transaction(async (trx) => {
    const now = ctx.now.toISOString();
    // Closing is also taking it: a warning closed without a separate acknowledgement counts as acknowledged now.
    const taken = row.acknowledged_at ? {} : { acknowledged_by: ctx.user.id, acknowledged_at: now };
    await trx('warnings')
      .where({ id: i.id })
      .update({ closed_by: ctx.user.id, closed_at: now, outcome: i.outcome, ...taken });
    if (row.indicator !== 'crisisLevel')
      await addEvent(trx, {
        studentId: row.student_id,
        at: now,
        kind: 'warning',
        title: `预警办结：${INDICATOR_SPECS[row.indicator].label}`,
        detail: i.outcome,
        actorId: ctx.user.id,
      });
    await appendAudit(trx, actor(ctx), 'warnings.close', { type: 'warning', id: i.id }, { studentId: row.student_id }, ctx.now);
  });
}

/**
 * How well the warnings of a period foretold what happened next, so the school can tune its thresholds: a later
 * outcome is a dropout-ledger entry, a crisis record or a failed core subject within 90 days after the warning.
 * Precision: warned students who had an outcome afterwards. Recall: students with an outcome who were warned first.
 */
export async function evaluateWarnings(ctx: ServiceContext, i: { from: string; to: string }) {
  if (i.from > i.to) throw new AppError('VALIDATION', '开始日期晚于结束日期', [{ path: 'from', message: '开始日期晚于结束日期' }]);
  const rules = await warningRules(ctx.db);
  const end = addDays(i.to, OUTCOME_WINDOW_DAYS);
  const warned = (await ctx
    .db('warnings')
    .whereBetween('raised_on', [i.from, i.to])
    .select('student_id', 'indicator', 'level', 'raised_on')) as Array<{
    student_id: number;
    indicator: Indicator;
    level: WarningLevel;
    raised_on: string;
  }>;
  const outcomes = new Map<number, string[]>();
  const note = (id: number, d: string) => outcomes.set(id, [...(outcomes.get(id) ?? []), d.slice(0, 10)]);
  for (const r of (await ctx
    .db('dropout_entries')
    .whereBetween('opened_at', [i.from, `${end}T23:59:59`])
    .select('student_id', 'opened_at')) as Array<{
    student_id: number;
    opened_at: string;
  }>)
    note(r.student_id, r.opened_at);
  for (const r of (await ctx.db('crisis_records').whereBetween('date', [i.from, end]).select('student_id', 'date')) as Array<{
    student_id: number;
    date: string;
  }>)
    note(r.student_id, r.date);
  for (const r of (await ctx
    .db('exam_scores')
    .whereBetween('exam_date', [i.from, end])
    .whereIn('subject', rules.coreSubjects)
    .whereRaw('score < pass_line')
    .select('student_id', 'exam_date')) as Array<{ student_id: number; exam_date: string }>)
    note(r.student_id, r.exam_date);
  const within = (raised: string, d: string) => d > raised && toDay(d) - toDay(raised) <= OUTCOME_WINDOW_DAYS;
  const hit = (studentId: number, raised: string) => (outcomes.get(studentId) ?? []).some((d) => within(raised, d));
  /** Each warned student once, with the day of their first warning in the period; and how many had an outcome after it. */
  const firstWarned = (ws: typeof warned) => {
    const first = new Map<number, string>();
    for (const w of ws) if ((first.get(w.student_id) ?? '9999') > w.raised_on) first.set(w.student_id, w.raised_on);
    return { first, hits: [...first].filter(([id, raised]) => hit(id, raised)).length };
  };
  const { first: students, hits: warnedHits } = firstWarned(warned);
  const outcomeStudents = [...outcomes].filter(([, ds]) => ds.some((d) => d >= i.from && d <= end));
  const foretold = outcomeStudents.filter(([id, ds]) => {
    const raised = students.get(id);
    return raised !== undefined && ds.some((d) => within(raised, d));
  }).length;
  const byIndicator = INDICATORS.map((k) => {
    const { first, hits } = firstWarned(warned.filter((w) => w.indicator === k));
    return { indicator: k, label: INDICATOR_SPECS[k].label, warned: first.size, hits, precision: percent1(hits, first.size) };
  }).filter((x) => x.warned > 0);
  await appendAudit(ctx.db, actor(ctx), 'warnings.evaluate', { type: 'warnings' }, { from: i.from, to: i.to }, ctx.now);
  return {
    from: i.from,
    to: i.to,
    windowDays: OUTCOME_WINDOW_DAYS,
    complete: end <= todayIso(ctx.now),
    warnedStudents: students.size,
    warnedWithOutcome: warnedHits,
    precision: percent1(warnedHits, students.size),
    outcomeStudents: outcomeStudents.length,
    outcomeForetold: foretold,
    recall: percent1(foretold, outcomeStudents.length),
    byIndicator,
  };
}

/** Open warnings by level and those past their deadline, for the home page and the supervisor. */
export async function warningCounts(ctx: ServiceContext) {
  const today = todayIso(ctx.now);
  const rows = (await visibleWarnings(ctx).whereNull('w.closed_at').select('w.level', 'w.due_date', 'w.acknowledged_at')) as Array<{
    level: WarningLevel;
    due_date: string;
    acknowledged_at: string | null;
  }>;
  const by = (l: WarningLevel) => rows.filter((r) => r.level === l).length;
  return {
    red: by('red'),
    orange: by('orange'),
    yellow: by('yellow'),
    overdue: rows.filter((r) => !r.acknowledged_at && r.due_date < today).length,
  };
}

export const warningsHandlers: Handlers<typeof warningsContract> = {
  'warnings.rules': async (ctx) => ({
    rules: await warningRules(ctx.db),
    defaults: DEFAULT_WARNING_RULES,
    mayEdit: MANAGERS.includes(ctx.user.role),
  }),
  'warnings.saveRules': async (ctx, i) => {
    await saveRules(ctx, i);
    return OK;
  },
  'warnings.run': (ctx, i) => runWarnings(ctx, i.date ?? todayIso(ctx.now)),
  'warnings.list': listWarnings,
  'warnings.acknowledge': async (ctx, i) => {
    await acknowledge(ctx, i);
    return OK;
  },
  'warnings.close': async (ctx, i) => {
    await close(ctx, i);
    return OK;
  },
  'warnings.evaluate': evaluateWarnings,
  'warnings.counts': warningCounts,
};
