/**
 * Concerns, 接诉即办 (P7): a request or complaint from a student or guardian becomes a ticket with an owner and a
 * due date (default 3 working days after receipt, configurable). Overdue tickets appear in the compliance view.
 */
import { AppError } from '../../../shared/errors';
import type { In } from '../../../shared/contract/index';
import type { ConcernKind, ConcernSource } from '../../../shared/domain/care';
import { SchoolCalendar } from '../../../shared/domain/calendar';
import { todayIso } from '../../../shared/domain/dates';
import { appendAudit } from './audit';
import type { concernsContract } from '../../../shared/contract/concerns';
import { actor, type Handlers, OK, type ServiceContext } from './context';
import { careSettings } from './calendar';
import { assertStudentVisible } from './scope';

type ConcernInput = In<'concerns.create'>;

export async function createConcern(ctx: ServiceContext, c: ConcernInput): Promise<{ id: number; dueDate: string }> {
  if (c.studentId) await assertStudentVisible(ctx, c.studentId);
  const owner = await ctx.db('accounts').where({ id: c.ownerAccountId, disabled: 0 }).first('id');
  if (!owner) throw new AppError('VALIDATION', '承办人不存在或已停用', [{ path: 'ownerAccountId', message: '请选择在用的教职工' }]);
  if (c.receivedAt.slice(0, 10) > todayIso(ctx.now))
    throw new AppError('VALIDATION', '受理时间不能晚于今天', [{ path: 'receivedAt', message: '日期晚于今天' }]);
  // Working days are Monday to Friday: the office answers in term and in holidays alike.
  const dueDate = new SchoolCalendar([]).addWorkingDays(c.receivedAt.slice(0, 10), (await careSettings(ctx.db)).concernDueWorkingDays);
  let id = 0;
  await ctx.db.transaction(async (trx) => {
    const [newId] = await trx('concerns').insert({
      student_id: c.studentId,
      source: c.source,
      kind: c.kind,
      from_name: c.fromName,
      channel: c.channel,
      content: c.content,
      received_at: c.receivedAt,
      due_date: dueDate,
      owner_account_id: c.ownerAccountId,
      recorded_by: ctx.user.id,
    });
    id = Number(newId);
    await appendAudit(
      trx,
      actor(ctx),
      'concern.create',
      { type: 'concern', id },
      { studentId: c.studentId, owner: c.ownerAccountId },
      ctx.now,
    );
  });
  return { id, dueDate };
}

type Row = {
  id: number;
  student_id: number | null;
  source: ConcernSource;
  kind: ConcernKind;
  from_name: string;
  channel: string;
  content: string;
  received_at: string;
  due_date: string;
  owner_account_id: number;
  owner: string;
  response: string;
  closed_at: string | null;
  student_name: string | null;
  class_name: string | null;
};

/** Staff who are not the funding office see tickets they own or about students in their scope. */
function visible(ctx: ServiceContext) {
  const q = ctx
    .db('concerns as k')
    .leftJoin('students as s', 's.id', 'k.student_id')
    .join('accounts as a', 'a.id', 'k.owner_account_id')
    .select('k.*', 'a.display_name as owner', 's.name as student_name', 's.class_name');
  if (ctx.user.role === 'headTeacher')
    q.where((w) => w.where('k.owner_account_id', ctx.user.id).orWhereIn('s.class_name', ctx.user.classes));
  if (ctx.user.role === 'tutor' || ctx.user.role === 'counsellor') q.where('k.owner_account_id', ctx.user.id);
  return q;
}

export async function listConcerns(ctx: ServiceContext) {
  const today = todayIso(ctx.now);
  const rows = (await visible(ctx).orderByRaw('k.closed_at IS NOT NULL, k.due_date')) as Row[];
  await appendAudit(ctx.db, actor(ctx), 'concern.view', { type: 'concern' }, { count: rows.length }, ctx.now);
  return rows.map((r) => ({
    id: r.id,
    studentId: r.student_id,
    studentName: r.student_name,
    className: r.class_name,
    source: r.source,
    kind: r.kind,
    fromName: r.from_name,
    channel: r.channel,
    content: r.content,
    receivedAt: r.received_at,
    dueDate: r.due_date,
    ownerAccountId: r.owner_account_id,
    owner: r.owner,
    response: r.response,
    closedAt: r.closed_at,
    overdue: r.closed_at ? r.closed_at.slice(0, 10) > r.due_date : r.due_date < today,
  }));
}

export async function respondConcern(ctx: ServiceContext, r: { id: number; response: string; close: boolean }): Promise<void> {
  const row = (await visible(ctx).where('k.id', r.id).first()) as Row | undefined;
  if (!row) throw new AppError('NOT_FOUND', '工单不存在或不在您的范围内');
  if (row.closed_at) throw new AppError('STATE', '工单已办结，不能再修改');
  if (r.close && !r.response.trim())
    throw new AppError('VALIDATION', '办结前请填写答复与处理情况', [{ path: 'response', message: '请填写答复' }]);
  await ctx.db.transaction(async (trx) => {
    await trx('concerns')
      .where({ id: r.id })
      .update({ response: r.response, closed_at: r.close ? ctx.now.toISOString() : null });
    await appendAudit(trx, actor(ctx), r.close ? 'concern.close' : 'concern.respond', { type: 'concern', id: r.id }, {}, ctx.now);
  });
}

export const concernsHandlers: Handlers<typeof concernsContract> = {
  'concerns.list': listConcerns,
  'concerns.create': createConcern,
  'concerns.respond': async (ctx, i) => {
    await respondConcern(ctx, i);
    return OK;
  },
};
