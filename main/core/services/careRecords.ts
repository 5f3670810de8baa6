/**
 * Per-student care records: tutoring plans and sessions (A1), special-education placement and home-delivery visits
 * (A2), home–school contacts (A3), and the talks of the cadence. Reading them is audited like reading the file.
 */
import { AppError } from '../../../shared/errors';
import type { In } from '../../../shared/contract/index';
import { CONTACT_CHANNEL_LABELS, PLACEMENT_LABELS, type ContactChannel, type Placement } from '../../../shared/domain/care';
import { semesterOf } from '../../../shared/domain/calendar';
import { appendAudit } from './audit';
import type { careRecordsContract } from '../../../shared/contract/careRecords';
import { actor, type Handlers, OK, type ServiceContext } from './context';
import { assertStudentVisible } from './scope';
import { addEvent } from './timeline';

type TutoringPlanInput = In<'careRecords.saveTutoringPlan'>;

async function activeStaff(ctx: ServiceContext, id: number, path: string): Promise<string> {
  const a = (await ctx.db('accounts').where({ id, disabled: 0 }).first('display_name')) as { display_name: string } | undefined;
  if (!a) throw new AppError('VALIDATION', '所选教师不存在或已停用', [{ path, message: '请选择在用的教职工' }]);
  return a.display_name;
}

export async function saveTutoringPlan(ctx: ServiceContext, p: TutoringPlanInput): Promise<{ id: number }> {
  await assertStudentVisible(ctx, p.studentId);
  const tutor = await activeStaff(ctx, p.tutorAccountId, 'tutorAccountId');
  const at = ctx.now.toISOString();
  let id = p.id ?? 0;
  await ctx.db.transaction(async (trx) => {
    const row = {
      semester: p.semester,
      subjects: JSON.stringify(p.subjects),
      tutor_account_id: p.tutorAccountId,
      schedule: p.schedule,
      goals: p.goals,
    };
    if (p.id) {
      const n = await trx('tutoring_plans').where({ id: p.id, student_id: p.studentId }).update(row);
      if (!n) throw new AppError('NOT_FOUND', '辅导计划不存在');
    } else {
      const [newId] = await trx('tutoring_plans').insert({ ...row, student_id: p.studentId, recorded_by: ctx.user.id, created_at: at });
      id = Number(newId);
      await addEvent(trx, {
        studentId: p.studentId,
        at,
        kind: 'care',
        actorId: ctx.user.id,
        title: `制定学业辅导计划：${p.subjects.join('、')}`,
        detail: `辅导教师：${tutor}；${p.schedule}`,
      });
    }
    await appendAudit(trx, actor(ctx), 'care.tutoringPlan', { type: 'student', id: p.studentId }, { planId: id }, ctx.now);
  });
  return { id };
}

async function planOf(ctx: ServiceContext, planId: number): Promise<{ student_id: number }> {
  const plan = (await ctx.db('tutoring_plans').where({ id: planId }).first('student_id')) as { student_id: number } | undefined;
  if (!plan) throw new AppError('NOT_FOUND', '辅导计划不存在');
  await assertStudentVisible(ctx, plan.student_id);
  return plan;
}

export async function addTutoringSession(
  ctx: ServiceContext,
  s: { planId: number; date: string; minutes: number; attended: boolean; notes: string },
): Promise<void> {
  const plan = await planOf(ctx, s.planId);
  await ctx.db.transaction(async (trx) => {
    await trx('tutoring_sessions').insert({
      plan_id: s.planId,
      date: s.date,
      minutes: s.minutes,
      attended: s.attended ? 1 : 0,
      notes: s.notes,
      recorded_by: ctx.user.id,
    });
    await appendAudit(trx, actor(ctx), 'care.tutoringSession', { type: 'student', id: plan.student_id }, { planId: s.planId }, ctx.now);
  });
}

export async function setTutoringOutcome(ctx: ServiceContext, s: { planId: number; outcome: string }): Promise<void> {
  const plan = await planOf(ctx, s.planId);
  const at = ctx.now.toISOString();
  await ctx.db.transaction(async (trx) => {
    await trx('tutoring_plans').where({ id: s.planId }).update({ outcome: s.outcome, outcome_at: at });
    await addEvent(trx, { studentId: plan.student_id, at, kind: 'care', actorId: ctx.user.id, title: '学期辅导成效', detail: s.outcome });
    await appendAudit(trx, actor(ctx), 'care.tutoringOutcome', { type: 'student', id: plan.student_id }, { planId: s.planId }, ctx.now);
  });
}

export async function saveSpecialEd(
  ctx: ServiceContext,
  s: { studentId: number; placement: Placement; disabilityType: string; note: string },
): Promise<void> {
  await assertStudentVisible(ctx, s.studentId);
  const at = ctx.now.toISOString();
  await ctx.db.transaction(async (trx) => {
    await trx('special_ed')
      .insert({
        student_id: s.studentId,
        placement: s.placement,
        disability_type: s.disabilityType,
        note: s.note,
        updated_by: ctx.user.id,
        updated_at: at,
      })
      .onConflict('student_id')
      .merge();
    await addEvent(trx, {
      studentId: s.studentId,
      at,
      kind: 'care',
      actorId: ctx.user.id,
      title: `特殊教育安置：${PLACEMENT_LABELS[s.placement]}`,
      detail: `残疾类型：${s.disabilityType}`,
    });
    await appendAudit(trx, actor(ctx), 'care.specialEd', { type: 'student', id: s.studentId }, { placement: s.placement }, ctx.now);
  });
}

export async function addHomeVisit(
  ctx: ServiceContext,
  v: { studentId: number; date: string; teacherAccountId: number; content: string; minutes: number },
): Promise<void> {
  await assertStudentVisible(ctx, v.studentId);
  await activeStaff(ctx, v.teacherAccountId, 'teacherAccountId');
  const placement = (await ctx.db('special_ed').where({ student_id: v.studentId }).first('placement')) as
    | { placement: Placement }
    | undefined;
  if (placement?.placement !== 'homeDelivery')
    throw new AppError('STATE', '送教上门记录只适用于安置方式为“送教上门”的学生，请先登记安置方式');
  await ctx.db.transaction(async (trx) => {
    await trx('home_visits').insert({
      student_id: v.studentId,
      date: v.date,
      semester: semesterOf(v.date),
      teacher_account_id: v.teacherAccountId,
      content: v.content,
      minutes: v.minutes,
      recorded_by: ctx.user.id,
    });
    await appendAudit(trx, actor(ctx), 'care.homeVisit', { type: 'student', id: v.studentId }, {}, ctx.now);
  });
}

export async function addHomeContact(
  ctx: ServiceContext,
  c: { studentId: number; date: string; channel: ContactChannel; guardian: string; content: string; followUp: string },
): Promise<void> {
  await assertStudentVisible(ctx, c.studentId);
  const at = ctx.now.toISOString();
  await ctx.db.transaction(async (trx) => {
    await trx('home_contacts').insert({
      student_id: c.studentId,
      date: c.date,
      channel: c.channel,
      guardian: c.guardian,
      content: c.content,
      follow_up: c.followUp,
      recorded_by: ctx.user.id,
    });
    await addEvent(trx, {
      studentId: c.studentId,
      at,
      kind: 'care',
      actorId: ctx.user.id,
      title: `家校沟通（${CONTACT_CHANNEL_LABELS[c.channel]}）`,
      detail: `对象：${c.guardian}`,
    });
    await appendAudit(trx, actor(ctx), 'care.homeContact', { type: 'student', id: c.studentId }, {}, ctx.now);
  });
}

/** Everything the care team recorded for one student, for the "关爱服务" panel of the student file. */
export async function studentServices(ctx: ServiceContext, studentId: number, opts: { audit?: boolean } = {}) {
  await assertStudentVisible(ctx, studentId);
  const db = ctx.db;
  const plans = (await db('tutoring_plans as p')
    .join('accounts as a', 'a.id', 'p.tutor_account_id')
    .where('p.student_id', studentId)
    .orderBy('p.id', 'desc')
    .select('p.*', 'a.display_name as tutor_name')) as Array<{
    id: number;
    semester: string;
    subjects: string;
    tutor_account_id: number;
    tutor_name: string;
    schedule: string;
    goals: string;
    outcome: string;
    outcome_at: string | null;
  }>;
  const sessions = plans.length
    ? ((await db('tutoring_sessions')
        .whereIn(
          'plan_id',
          plans.map((p) => p.id),
        )
        .orderBy('date', 'desc')) as Array<{ id: number; plan_id: number; date: string; minutes: number; attended: number; notes: string }>)
    : [];
  const special = (await db('special_ed').where({ student_id: studentId }).first()) as
    | { placement: Placement; disability_type: string; note: string; updated_at: string }
    | undefined;
  const visits = (await db('home_visits as v')
    .join('accounts as a', 'a.id', 'v.teacher_account_id')
    .where('v.student_id', studentId)
    .orderBy('v.date', 'desc')
    .select('v.id', 'v.date', 'v.semester', 'v.content', 'v.minutes', 'a.display_name as teacher')) as Array<{
    id: number;
    date: string;
    semester: string;
    content: string;
    minutes: number;
    teacher: string;
  }>;
  const homeContacts = (await db('home_contacts as h')
    .join('accounts as a', 'a.id', 'h.recorded_by')
    .where('h.student_id', studentId)
    .orderBy('h.date', 'desc')
    .select('h.id', 'h.date', 'h.channel', 'h.guardian', 'h.content', 'h.follow_up', 'a.display_name as by')) as Array<{
    id: number;
    date: string;
    channel: ContactChannel;
    guardian: string;
    content: string;
    follow_up: string;
    by: string;
  }>;
  const talks = (await db('contacts as c')
    .join('accounts as a', 'a.id', 'c.account_id')
    .where('c.student_id', studentId)
    .whereIn('c.kind', ['monthlyTalk', 'countyLook'])
    .orderBy('c.date', 'desc')
    .limit(24)
    .select('c.id', 'c.kind', 'c.date', 'c.note', 'a.display_name as by')) as Array<{
    id: number;
    kind: 'monthlyTalk' | 'countyLook';
    date: string;
    note: string;
    by: string;
  }>;
  // A print is audited as the print; a view of the records on screen as a view.
  if (opts.audit !== false) await appendAudit(db, actor(ctx), 'care.view', { type: 'student', id: studentId }, {}, ctx.now);
  const visitsPerSemester: Record<string, number> = {};
  for (const v of visits) visitsPerSemester[v.semester] = (visitsPerSemester[v.semester] ?? 0) + 1;
  return {
    tutoringPlans: plans.map((p) => ({
      id: p.id,
      semester: p.semester,
      subjects: JSON.parse(p.subjects) as string[],
      tutorAccountId: p.tutor_account_id,
      tutorName: p.tutor_name,
      schedule: p.schedule,
      goals: p.goals,
      outcome: p.outcome,
      outcomeAt: p.outcome_at,
      sessions: sessions
        .filter((s) => s.plan_id === p.id)
        .map((s) => ({ id: s.id, date: s.date, minutes: s.minutes, attended: !!s.attended, notes: s.notes })),
    })),
    specialEd: special
      ? { placement: special.placement, disabilityType: special.disability_type, note: special.note, updatedAt: special.updated_at }
      : null,
    homeVisits: visits.map((v) => ({
      id: v.id,
      date: v.date,
      semester: v.semester,
      content: v.content,
      minutes: v.minutes,
      teacher: v.teacher,
    })),
    visitsPerSemester,
    homeContacts: homeContacts.map((h) => ({
      id: h.id,
      date: h.date,
      channel: h.channel,
      guardian: h.guardian,
      content: h.content,
      followUp: h.follow_up,
      by: h.by,
    })),
    talks: talks.map((t) => ({ id: t.id, kind: t.kind, date: t.date, note: t.note, by: t.by })),
  };
}
export type StudentServices = Awaited<ReturnType<typeof studentServices>>;

export const careRecordsHandlers: Handlers<typeof careRecordsContract> = {
  'careRecords.ofStudent': (ctx, i) => studentServices(ctx, i.studentId),
  'careRecords.saveTutoringPlan': saveTutoringPlan,
  'careRecords.addTutoringSession': async (ctx, i) => {
    await addTutoringSession(ctx, i);
    return OK;
  },
  'careRecords.setTutoringOutcome': async (ctx, i) => {
    await setTutoringOutcome(ctx, i);
    return OK;
  },
  'careRecords.saveSpecialEd': async (ctx, i) => {
    await saveSpecialEd(ctx, i);
    return OK;
  },
  'careRecords.addHomeVisit': async (ctx, i) => {
    await addHomeVisit(ctx, i);
    return OK;
  },
  'careRecords.addHomeContact': async (ctx, i) => {
    await addHomeContact(ctx, i);
    return OK;
  },
};
