/**
 * The tutor system (G2, 育人导师制度): each semester key students are assigned to tutors, and a workload report per
 * tutor (students, contacts, hours, results) feeds workload recognition. Printable and exportable.
 */
import { AppError } from '../../../shared/errors';
import { semesterLabel, semesterRange } from '../../../shared/domain/calendar';
import { todayIso } from '../../../shared/domain/dates';
import type { SchoolProfile } from '../../../shared/contract/schemas';
import type { TutorWorkload } from '../../../shared/contract/tutors';
import { renderTutorWorkloadPdf } from '../io/tutorWorkloadPdf';
import { writeInternalXlsx } from '../io/xlsxExport';
import { appendAudit } from './audit';
import type { tutorsContract } from '../../../shared/contract/tutors';
import { actor, asFile, type Handlers, type ServiceContext } from './context';
import { keyStudentsBetween } from './keyStudents';
import { TUTOR_ROLES } from '../../../shared/contract/roleGroups';
import { getSetting, SETTING } from './settings';

export async function tutorAssignments(ctx: ServiceContext, semester: string) {
  const { from, to } = semesterRange(semester);
  const keys = await keyStudentsBetween(ctx, from, to);
  const rows = (await ctx
    .db('tutor_assignments as t')
    .join('accounts as a', 'a.id', 't.tutor_account_id')
    .where('t.semester', semester)
    .select('t.student_id', 't.tutor_account_id', 'a.display_name')) as Array<{
    student_id: number;
    tutor_account_id: number;
    display_name: string;
  }>;
  const of = new Map(rows.map((r) => [r.student_id, r]));
  return keys.map((k) => ({
    studentId: k.studentId,
    name: k.name,
    className: k.className,
    tutorAccountId: of.get(k.studentId)?.tutor_account_id ?? null,
    tutorName: of.get(k.studentId)?.display_name ?? '',
  }));
}

export async function assignTutor(
  ctx: ServiceContext,
  a: { semester: string; tutorAccountId: number | null; studentIds: number[] },
): Promise<{ assigned: number }> {
  if (a.tutorAccountId !== null) {
    const t = (await ctx.db('accounts').where({ id: a.tutorAccountId, disabled: 0 }).first('role')) as { role: string } | undefined;
    if (!t || !(TUTOR_ROLES as readonly string[]).includes(t.role))
      throw new AppError('VALIDATION', '所选教职工不能担任育人导师（应为导师、班主任、心理教师或资助专干，且账户在用）', [
        { path: 'tutorAccountId', message: '请选择导师' },
      ]);
  }
  const { from, to } = semesterRange(a.semester);
  const onList = new Set((await keyStudentsBetween(ctx, from, to)).map((k) => k.studentId));
  const off = a.studentIds.find((id) => !onList.has(id));
  if (off !== undefined)
    throw new AppError('VALIDATION', '只能为本学期在重点关爱名单上的学生指定导师', [
      { path: 'studentIds', message: '不在名单上', ref: off },
    ]);
  await ctx.db.transaction(async (trx) => {
    for (const studentId of a.studentIds) {
      if (a.tutorAccountId === null) await trx('tutor_assignments').where({ semester: a.semester, student_id: studentId }).delete();
      else
        await trx('tutor_assignments')
          .insert({ semester: a.semester, student_id: studentId, tutor_account_id: a.tutorAccountId, assigned_at: ctx.now.toISOString() })
          .onConflict(['semester', 'student_id'])
          .merge();
    }
    await appendAudit(
      trx,
      actor(ctx),
      'tutors.assign',
      { type: 'semester', id: a.semester },
      { tutor: a.tutorAccountId, students: a.studentIds.length },
      ctx.now,
    );
  });
  return { assigned: a.studentIds.length };
}

/** Per tutor: assigned students, talks and home contacts they recorded, tutoring sessions and hours, outcomes. */
export async function tutorWorkload(ctx: ServiceContext, semester: string): Promise<TutorWorkload[]> {
  const { from, to } = semesterRange(semester);
  const db = ctx.db;
  const count = async (q: ReturnType<typeof db>, col: string) =>
    new Map(
      ((await q.groupBy(col).select(`${col} as id`).count({ n: '*' })) as Array<{ id: number; n: number }>).map((r) => [r.id, Number(r.n)]),
    );
  const students = await count(db('tutor_assignments').where({ semester }), 'tutor_account_id');
  const talks = await count(db('contacts').where('kind', 'monthlyTalk').whereBetween('date', [from, to]), 'account_id');
  const homeContacts = await count(db('home_contacts').whereBetween('date', [from, to]), 'recorded_by');
  const plans = (await db('tutoring_plans')
    .where({ semester })
    .groupBy('tutor_account_id')
    .select('tutor_account_id as id')
    .count({ n: '*' })
    .sum({ done: db.raw("CASE WHEN outcome <> '' THEN 1 ELSE 0 END") })) as Array<{ id: number; n: number; done: number }>;
  const sessions = (await db('tutoring_sessions as s')
    .join('tutoring_plans as p', 'p.id', 's.plan_id')
    .whereBetween('s.date', [from, to])
    .where('s.attended', 1)
    .groupBy('p.tutor_account_id')
    .select('p.tutor_account_id as id')
    .count({ n: '*' })
    .sum({ minutes: 's.minutes' })) as Array<{ id: number; n: number; minutes: number }>;
  const visits = (await db('home_visits')
    .whereBetween('date', [from, to])
    .groupBy('teacher_account_id')
    .select('teacher_account_id as id')
    .sum({ minutes: 'minutes' })) as Array<{ id: number; minutes: number }>;
  const ids = new Set<number>([...students.keys(), ...plans.map((p) => p.id), ...sessions.map((s) => s.id)]);
  if (ctx.user.role === 'tutor') for (const id of [...ids]) if (id !== ctx.user.id) ids.delete(id);
  const names = new Map(
    (
      (await db('accounts')
        .whereIn('id', [...ids])
        .select('id', 'display_name')) as Array<{ id: number; display_name: string }>
    ).map((a) => [a.id, a.display_name]),
  );
  return [...ids]
    .map((id) => {
      const p = plans.find((x) => x.id === id);
      const s = sessions.find((x) => x.id === id);
      const v = visits.find((x) => x.id === id);
      return {
        tutorAccountId: id,
        tutorName: names.get(id) ?? '',
        students: students.get(id) ?? 0,
        talks: talks.get(id) ?? 0,
        homeContacts: homeContacts.get(id) ?? 0,
        sessions: Number(s?.n ?? 0),
        hours: Math.round(((Number(s?.minutes ?? 0) + Number(v?.minutes ?? 0)) / 60) * 10) / 10,
        plans: Number(p?.n ?? 0),
        outcomes: Number(p?.done ?? 0),
      };
    })
    .sort((a, b) => b.students - a.students || a.tutorName.localeCompare(b.tutorName, 'zh-CN'));
}

export async function printTutorWorkload(ctx: ServiceContext, semester: string) {
  const rows = await tutorWorkload(ctx, semester);
  const profile = await getSetting<SchoolProfile>(ctx.db, SETTING.schoolProfile);
  const pdf = await renderTutorWorkloadPdf(semester, rows, profile?.schoolName ?? '', ctx.user.displayName, ctx.now);
  await appendAudit(ctx.db, actor(ctx), 'report.tutorWorkload', { type: 'semester', id: semester }, { tutors: rows.length }, ctx.now);
  return { fileName: `育人导师工作量-${semester}-${todayIso(ctx.now)}.pdf`, pdf };
}

export async function exportTutorWorkload(ctx: ServiceContext, semester: string) {
  const rows = await tutorWorkload(ctx, semester);
  const xlsx = await writeInternalXlsx(
    {
      name: '导师工作量',
      title: `育人导师工作量统计 · ${semesterLabel(semester)}（内部资料）`,
      columns: [
        { header: '导师', width: 12 },
        { header: '负责学生', width: 10 },
        { header: '谈心谈话', width: 10 },
        { header: '家校沟通', width: 10 },
        { header: '辅导次数', width: 10 },
        { header: '辅导及送教时长（小时）', width: 20 },
        { header: '辅导计划', width: 10 },
        { header: '已记成效', width: 10 },
      ],
      rows: rows.map((r) => [r.tutorName, r.students, r.talks, r.homeContacts, r.sessions, r.hours, r.plans, r.outcomes]),
    },
    ctx.user.displayName,
    ctx.now,
  );
  await appendAudit(ctx.db, actor(ctx), 'export.tutorWorkload', { type: 'semester', id: semester }, { tutors: rows.length }, ctx.now);
  return { fileName: `育人导师工作量-${semester}-${todayIso(ctx.now)}.xlsx`, xlsx };
}

export const tutorsHandlers: Handlers<typeof tutorsContract> = {
  'tutors.assignments': (ctx, i) => tutorAssignments(ctx, i.semester),
  'tutors.assign': assignTutor,
  'tutors.workload': (ctx, i) => tutorWorkload(ctx, i.semester),
  'tutors.printWorkload': async (ctx, i) => {
    const r = await printTutorWorkload(ctx, i.semester);
    return asFile(r.fileName, r.pdf);
  },
  'tutors.exportWorkload': async (ctx, i) => {
    const r = await exportTutorWorkload(ctx, i.semester);
    return asFile(r.fileName, r.xlsx);
  },
};
