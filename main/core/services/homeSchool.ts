/** Home–school cooperation (P6): parent-school sessions, lectures and guardian guidance, with who attended. */
import { AppError } from '../../../shared/errors';
import type { ActivityKind } from '../../../shared/domain/care';
import { ACTIVITY_KIND_LABELS } from '../../../shared/domain/care';
import { appendAudit } from './audit';
import type { homeSchoolContract } from '../../../shared/contract/homeSchool';
import { actor, type Handlers, type ServiceContext } from './context';
import { assertStudentVisible, scopeStudents } from './scope';
import { addEvent } from './timeline';

export async function createActivity(
  ctx: ServiceContext,
  a: { date: string; kind: ActivityKind; title: string; content: string; attendees: Array<{ studentId: number; guardian: string }> },
): Promise<{ id: number }> {
  const ids = a.attendees.map((x) => x.studentId);
  if (new Set(ids).size !== ids.length)
    throw new AppError('VALIDATION', '同一学生的家长只能登记一次', [{ path: 'attendees', message: '重复' }]);
  for (const id of ids) await assertStudentVisible(ctx, id);
  let id = 0;
  const at = ctx.now.toISOString();
  await ctx.db.transaction(async (trx) => {
    const [newId] = await trx('home_school_activities').insert({
      date: a.date,
      kind: a.kind,
      title: a.title,
      content: a.content,
      recorded_by: ctx.user.id,
    });
    id = Number(newId);
    for (const x of a.attendees) {
      await trx('activity_attendance').insert({ activity_id: id, student_id: x.studentId, guardian: x.guardian });
      await addEvent(trx, {
        studentId: x.studentId,
        at,
        kind: 'care',
        actorId: ctx.user.id,
        title: `家校协同：${ACTIVITY_KIND_LABELS[a.kind]}“${a.title}”`,
        detail: x.guardian ? `参加：${x.guardian}` : '',
      });
    }
    await appendAudit(trx, actor(ctx), 'homeSchool.create', { type: 'activity', id }, { attendees: ids.length }, ctx.now);
  });
  return { id };
}

/** Activities with their attendees; a head teacher sees attendees from their classes only. */
export async function listActivities(ctx: ServiceContext) {
  const acts = (await ctx.db('home_school_activities').orderBy('date', 'desc')) as Array<{
    id: number;
    date: string;
    kind: ActivityKind;
    title: string;
    content: string;
  }>;
  const att = (await scopeStudents(
    ctx,
    ctx
      .db('activity_attendance as t')
      .join('students as s', 's.id', 't.student_id')
      .select('t.activity_id', 's.id', 's.name', 's.class_name', 't.guardian'),
  )) as Array<{ activity_id: number; id: number; name: string; class_name: string; guardian: string }>;
  return acts.map((a) => ({
    id: a.id,
    date: a.date,
    kind: a.kind,
    title: a.title,
    content: a.content,
    attendees: att
      .filter((x) => x.activity_id === a.id)
      .map((x) => ({ studentId: x.id, name: x.name, className: x.class_name, guardian: x.guardian })),
  }));
}

export const homeSchoolHandlers: Handlers<typeof homeSchoolContract> = {
  'homeSchool.list': listActivities,
  'homeSchool.create': createActivity,
};
