/**
 * The school-year rollover (学年升级): every student in school moves to the next grade of their stage's sequence,
 * classes take the new grade's name, final-grade students graduate (their class is renamed by year, their key-care
 * cases go on the next review meeting's agenda as exits 毕业), and head teachers' classes follow their students.
 * A preview first; the commit takes a backup, then changes everything in one transaction, by id, in batches:
 * group-level statements, not one round of queries per student (50,000 students, test/bench/roster.ts).
 */
import type { Knex } from 'knex';
import type { z } from 'zod';
import type { In } from '../../../shared/contract/index';
import type { rolloverPlanSchema, schoolYearContract } from '../../../shared/contract/schoolYear';
import { compareByClassThenName, compareGrades } from '../../../shared/domain/ordering';
import {
  DEFAULT_GRADE_PROGRESSION,
  finalGrades,
  type GradeProgression,
  graduatedClassName,
  nextGrade,
  nextSchoolYear,
  promotedClassName,
  rolloverYearFor,
} from '../../../shared/domain/schoolYear';
import { formatDateZh, todayIso } from '../../../shared/domain/dates';
import { ON_LIST_STATES, STAGE_LABELS, type CaseState, type Stage } from '../../../shared/domain/enums';
import { AppError } from '../../../shared/errors';
import { appendAudit } from './audit';
import { actor, asFile, type Handlers, OK, type ServiceContext } from './context';
import { getSetting, SETTING, setSetting } from './settings';
import { requestExitsOnLeaving } from './studentEdit';

type RolloverPlan = z.infer<typeof rolloverPlanSchema>;

export async function gradeProgression(db: Knex | Knex.Transaction): Promise<GradeProgression> {
  return (await getSetting<GradeProgression>(db, SETTING.gradeProgression)) ?? DEFAULT_GRADE_PROGRESSION;
}

/** The final grades of each stage as the school has set them (E8's graduate database). */
export async function schoolFinalGrades(db: Knex | Knex.Transaction): Promise<Partial<Record<Stage, string[]>>> {
  return finalGrades(await gradeProgression(db));
}

interface Group {
  stage: Stage;
  grade: string;
  className: string;
  ids: number[];
}

/** Students in school grouped by stage, grade and class: the unit every rollover statement works on. */
async function groups(db: Knex | Knex.Transaction): Promise<Group[]> {
  const rows = (await db('students').where('status', 'active').select('id', 'stage', 'grade', 'class_name')) as Array<{
    id: number;
    stage: Stage;
    grade: string;
    class_name: string;
  }>;
  const byKey = new Map<string, Group>();
  for (const r of rows) {
    const key = `${r.stage}|${r.grade}|${r.class_name}`;
    const g = byKey.get(key) ?? { stage: r.stage, grade: r.grade, className: r.class_name, ids: [] };
    byKey.set(key, g);
    g.ids.push(r.id);
  }
  return [...byKey.values()];
}

interface Step {
  group: Group;
  to: { kind: 'move'; grade: string; className: string } | { kind: 'graduate'; className: string } | { kind: 'unknown' };
}

async function planRollover(ctx: ServiceContext, toYear: string, date: string) {
  const progression = await gradeProgression(ctx.db);
  const fromYear = await getSetting<string>(ctx.db, SETTING.schoolYear);
  // Once a year, into the year that starts: never twice, never ahead of the calendar, never skipping a year.
  const refuse = (message: string) => {
    throw new AppError('VALIDATION', message, [{ path: 'toYear', message }]);
  };
  if (fromYear && toYear <= fromYear) refuse(`已是 ${fromYear} 学年：只能升入 ${nextSchoolYear(fromYear)} 学年`);
  if (fromYear && toYear !== nextSchoolYear(fromYear))
    refuse(`当前为 ${fromYear} 学年：只能升入下一学年 ${nextSchoolYear(fromYear)}，不能跳过`);
  if (toYear !== rolloverYearFor(date))
    refuse(`升级日期 ${formatDateZh(date)} 只能升入 ${rolloverYearFor(date)} 学年（每年 7 月 1 日起可升入新学年）`);
  const graduationYear = Number(toYear.slice(0, 4));
  const steps: Step[] = (await groups(ctx.db)).map((group) => {
    const next = nextGrade(progression, group.stage, group.grade);
    if (next.kind === 'move')
      return { group, to: { kind: 'move', grade: next.grade, className: promotedClassName(group.className, group.grade, next.grade) } };
    if (next.kind === 'graduate')
      return { group, to: { kind: 'graduate', className: graduatedClassName(group.className, graduationYear) } };
    return { group, to: { kind: 'unknown' } };
  });
  const tally = (pick: (s: Step) => string | null) => {
    const m = new Map<string, number>();
    for (const s of steps) {
      const k = pick(s);
      if (k !== null) m.set(k, (m.get(k) ?? 0) + s.group.ids.length);
    }
    return m;
  };
  const moves = [...tally((s) => (s.to.kind === 'move' ? `${s.group.grade}|${s.to.grade}` : null)).entries()]
    .map(([k, students]) => ({ fromGrade: k.split('|')[0], toGrade: k.split('|')[1], students }))
    .sort((a, b) => compareGrades(a.fromGrade, b.fromGrade));
  const graduating = [...tally((s) => (s.to.kind === 'graduate' ? s.group.grade : null)).entries()].map(([grade, students]) => ({
    grade,
    students,
  }));
  const unknownGrades = [...tally((s) => (s.to.kind === 'unknown' ? s.group.grade : null)).entries()].map(([grade, students]) => ({
    grade,
    students,
  }));
  const gradIds = steps.filter((s) => s.to.kind === 'graduate').flatMap((s) => s.group.ids);
  const exits: Array<RolloverPlan['exits'][number] & { name: string }> = [];
  for (let i = 0; i < gradIds.length; i += 500) {
    const rows = (await ctx
      .db('cases as c')
      .join('students as s', 's.id', 'c.student_id')
      .whereIn('c.student_id', gradIds.slice(i, i + 500))
      .whereIn('c.state', ON_LIST_STATES as CaseState[])
      .whereNull('c.exit_requested_reason')
      .select('c.id', 's.name', 's.class_name')) as Array<{ id: number; name: string; class_name: string }>;
    exits.push(...rows.map((r) => ({ caseId: r.id, studentName: r.name, className: r.class_name, name: r.name })));
  }
  exits.sort(compareByClassThenName);
  const classMap = new Map<string, string>();
  for (const s of steps) if (s.to.kind !== 'unknown') classMap.set(s.group.className, s.to.className);
  const teachers = (await ctx.db('accounts').where({ role: 'headTeacher', disabled: 0 }).select('id', 'display_name', 'classes')) as Array<{
    id: number;
    display_name: string;
    classes: string;
  }>;
  const staff = teachers
    .map((t) => {
      const from = JSON.parse(t.classes) as string[];
      return { accountId: t.id, name: t.display_name, from, to: from.map((c) => classMap.get(c) ?? c) };
    })
    .filter((t) => t.from.some((c, i) => c !== t.to[i]));
  const gradSet = new Set(gradIds);
  const tutorRows = (await ctx
    .db('tutor_assignments as ta')
    .join('accounts as a', 'a.id', 'ta.tutor_account_id')
    .distinct('ta.tutor_account_id', 'ta.student_id', 'a.display_name')) as Array<{
    tutor_account_id: number;
    student_id: number;
    display_name: string;
  }>;
  const tutorCounts = new Map<number, { name: string; n: number }>();
  for (const r of tutorRows) {
    if (!gradSet.has(r.student_id)) continue;
    const t = tutorCounts.get(r.tutor_account_id) ?? { name: r.display_name, n: 0 };
    t.n++;
    tutorCounts.set(r.tutor_account_id, t);
  }
  const plan: RolloverPlan = {
    fromYear,
    toYear,
    date,
    moves,
    graduating,
    unknownGrades,
    exits: exits.map(({ caseId, studentName, className }) => ({ caseId, studentName, className })),
    staff,
    tutors: [...tutorCounts.entries()].map(([accountId, t]) => ({ accountId, name: t.name, graduating: t.n })),
  };
  return { plan, steps, classMap };
}

/** One statement per chunk of ids: SQLite allows 999 bound variables per statement in older builds; 500 is safe. */
async function inChunks(ids: number[], run: (chunk: number[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) await run(ids.slice(i, i + 500));
}

async function rollover(ctx: ServiceContext, input: In<'year.rollover'>) {
  const date = input.date ?? todayIso(ctx.now);
  const { plan, steps, classMap } = await planRollover(ctx, input.toYear, date);
  if (input.preview) return { plan, done: false, backup: null };
  if (plan.unknownGrades.length) {
    const list = plan.unknownGrades.map((g) => `“${g.grade}”（${g.students} 人）`).join('、');
    throw new AppError('STATE', `以下年级不在年级顺序中，无法升级：${list}。请先更正这些学生的年级，或在“年级顺序”中加入该年级`);
  }
  // The backup is taken first, so the office can return to the year before if the rollover was a mistake.
  const backup = await ctx.workspace.backup(actor(ctx));
  const at = ctx.now.toISOString();
  const reason = `学年升级：升入 ${input.toYear} 学年`;
  await ctx.db.transaction(async (trx) => {
    for (const { group, to } of steps) {
      if (to.kind === 'unknown') continue;
      const newGrade = to.kind === 'move' ? to.grade : group.grade;
      const changes: Array<[string, string, string]> = [];
      if (newGrade !== group.grade) changes.push(['grade', group.grade, newGrade]);
      if (to.className !== group.className) changes.push(['className', group.className, to.className]);
      if (to.kind === 'graduate') changes.push(['status', 'active', 'graduated']);
      const title = to.kind === 'graduate' ? `毕业离校（${input.toYear} 学年升级）` : `升入${newGrade}：${to.className}`;
      await inChunks(group.ids, async (ids) => {
        const update: Record<string, unknown> = { grade: newGrade, class_name: to.className, updated_at: at };
        if (to.kind === 'graduate') Object.assign(update, { status: 'graduated', left_at: date, left_reason: '毕业' });
        await trx('students').whereIn('id', ids).update(update);
        await trx('student_changes').insert(
          ids.flatMap((id) =>
            changes.map(([field, from, toValue]) => ({
              student_id: id,
              at,
              actor_id: ctx.user.id,
              field,
              from_value: from,
              to_value: toValue,
              reason,
              effective_from: date,
              source: 'rollover',
            })),
          ),
        );
        await trx('care_events').insert(
          ids.map((id) => ({ student_id: id, at, kind: 'change', title, detail: reason, actor_id: ctx.user.id })),
        );
      });
    }
    const gradIds = steps.filter((s) => s.to.kind === 'graduate').flatMap((s) => s.group.ids);
    await requestExitsOnLeaving(trx, gradIds, 'graduated', at, ctx.user.id);
    for (const t of plan.staff)
      await trx('accounts')
        .where({ id: t.accountId })
        .update({ classes: JSON.stringify(t.from.map((c) => classMap.get(c) ?? c)) });
    await setSetting(trx, SETTING.schoolYear, input.toYear);
    await appendAudit(
      trx,
      actor(ctx),
      'year.rollover',
      { type: 'store' },
      {
        toYear: input.toYear,
        moved: plan.moves.reduce((n, m) => n + m.students, 0),
        graduated: gradIds.length,
        exits: plan.exits.length,
        staff: plan.staff.length,
      },
      ctx.now,
    );
  });
  return { plan, done: true, backup: asFile(`CareDesk备份-学年升级前-${todayIso(ctx.now)}.cdbackup`, backup) };
}

export const schoolYearHandlers: Handlers<typeof schoolYearContract> = {
  'year.status': async (ctx) => ({
    schoolYear: await getSetting<string>(ctx.db, SETTING.schoolYear),
    progression: await gradeProgression(ctx.db),
  }),
  'year.saveProgression': async (ctx, i) => {
    for (const [stage, seqs] of Object.entries(i.progression)) {
      const all = (seqs ?? []).flat();
      if (new Set(all).size !== all.length) {
        const message = `学段“${STAGE_LABELS[stage as Stage]}”的年级顺序中有重复的年级`;
        throw new AppError('VALIDATION', message, [{ path: 'progression', message }]);
      }
    }
    await setSetting(ctx.db, SETTING.gradeProgression, i.progression);
    await appendAudit(ctx.db, actor(ctx), 'year.saveProgression', { type: 'settings' }, {}, ctx.now);
    return OK;
  },
  'year.rollover': rollover,
};
