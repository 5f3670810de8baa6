/**
 * Collective review meetings (I5) and exits (I2). A meeting has a date, a place and at least three participants
 * (staff or named outsiders); its agenda is the pending applications and exit requests. Decisions are drafts
 * while the meeting is open and take effect together when it closes; a closed meeting cannot change (the
 * service refuses, and triggers in 0030 refuse at the store). A correction is a new meeting linked to the old one.
 */
import type { Knex } from 'knex';
import { AppError } from '../../../shared/errors';
import {
  CARE_KIND_LABELS,
  EXIT_REASON_LABELS,
  REVIEW_DECISION_LABELS,
  type CareKind,
  type CaseState,
  type ExitReason,
  type MeetingItemKind,
  type ReviewDecision,
  ON_LIST_STATES,
} from '../../../shared/domain/enums';
import { formatDateZh, todayIso } from '../../../shared/domain/dates';
import { appendAudit } from './audit';
import { actor, asFile, type Handlers, OK, type ServiceContext } from './context';
import { assertStudentVisible } from './scope';
import { addEvent } from './timeline';
import { getSetting, SETTING } from './settings';
import { renderAgendaPdf, renderMinutesPdf } from '../io/meetingPdf';
import type { In } from '../../../shared/contract/index';
import type { MeetingDetailView, meetingsContract } from '../../../shared/contract/meetings';
import type { SchoolProfile } from '../../../shared/contract/schemas';

type Participant = In<'meetings.create'>['participants'][number];

interface MeetingRow {
  id: number;
  meeting_date: string;
  place: string;
  participants: string;
  status: 'open' | 'closed' | 'cancelled';
  minutes: string;
  cancel_reason: string;
  corrects_meeting_id: number | null;
  created_at: string;
  closed_at: string | null;
}
interface ItemRow {
  id: number;
  meeting_id: number;
  case_id: number;
  kind: MeetingItemKind;
  decision: ReviewDecision;
  necessity: string;
  feasibility: string;
  care_approved: string;
  votes_for: number;
  votes_against: number;
  votes_abstain: number;
  notes: string;
}
interface CaseRow {
  id: number;
  student_id: number;
  state: CaseState;
  care_requested: string;
  facts: string;
  reasons: string;
  applicant_name: string;
  exit_requested_reason: ExitReason | null;
  student_name: string;
  class_name: string;
}

type MeetingDetail = MeetingDetailView;

async function loadMeeting(db: Knex | Knex.Transaction, id: number): Promise<MeetingRow> {
  const m = (await db('review_meetings').where({ id }).first()) as MeetingRow | undefined;
  if (!m) throw new AppError('NOT_FOUND', '评议会议不存在');
  return m;
}

function pendingCases(db: Knex | Knex.Transaction): Knex.QueryBuilder {
  return db('cases as c')
    .join('students as s', 's.id', 'c.student_id')
    .where((w) =>
      w.where('c.state', 'applied').orWhere((x) => x.whereIn('c.state', ON_LIST_STATES).whereNotNull('c.exit_requested_reason')),
    )
    .select(
      'c.id',
      'c.student_id',
      'c.state',
      'c.care_requested',
      'c.facts',
      'c.reasons',
      'c.applicant_name',
      'c.exit_requested_reason',
      's.name as student_name',
      's.class_name',
    )
    .orderBy('c.id');
}

const kindOf = (c: CaseRow): MeetingItemKind => (c.state === 'applied' ? 'admission' : 'exit');

export async function createMeeting(ctx: ServiceContext, input: In<'meetings.create'>): Promise<{ id: number }> {
  if (input.correctsMeetingId) {
    const old = await loadMeeting(ctx.db, input.correctsMeetingId);
    if (old.status !== 'closed') throw new AppError('STATE', '只能更正已结束的评议会议；未结束的会议可直接修改');
  }
  // One open meeting at a time: two open meetings would share one agenda and decide the same cases twice.
  const open = (await ctx.db('review_meetings').where({ status: 'open' }).first('id')) as { id: number } | undefined;
  if (open) throw new AppError('STATE', `第 ${open.id} 号评议会议还在进行中：请先结束或取消它，再召开新的会议`);
  const names = input.participants.map((p) => p.name.trim());
  if (new Set(names).size !== names.length)
    throw new AppError('VALIDATION', '参会人员有重名，请区分', [{ path: 'participants', message: '参会人员有重名' }]);
  let id = 0;
  await ctx.db.transaction(async (trx) => {
    const [newId] = await trx('review_meetings').insert({
      meeting_date: input.meetingDate,
      place: input.place,
      participants: JSON.stringify(input.participants),
      status: 'open',
      corrects_meeting_id: input.correctsMeetingId ?? null,
      created_by: ctx.user.id,
      created_at: ctx.now.toISOString(),
    });
    id = Number(newId);
    await appendAudit(
      trx,
      actor(ctx),
      'meeting.create',
      { type: 'meeting', id },
      { correctsMeetingId: input.correctsMeetingId ?? null },
      ctx.now,
    );
  });
  return { id };
}

export async function listMeetings(ctx: ServiceContext) {
  const rows = (await ctx.db('review_meetings').orderBy('id', 'desc')) as MeetingRow[];
  const counts = (await ctx.db('meeting_items').select('meeting_id').count({ n: '*' }).groupBy('meeting_id')) as Array<{
    meeting_id: number;
    n: number;
  }>;
  return rows.map((m) => ({
    id: m.id,
    meetingDate: m.meeting_date,
    place: m.place,
    status: m.status,
    participants: (JSON.parse(m.participants) as Participant[]).length,
    decisions: Number(counts.find((c) => c.meeting_id === m.id)?.n ?? 0),
    correctsMeetingId: m.corrects_meeting_id,
  }));
}

export async function meetingDetail(ctx: ServiceContext, id: number): Promise<MeetingDetail> {
  const m = await loadMeeting(ctx.db, id);
  const items = (await ctx.db('meeting_items').where({ meeting_id: id }).orderBy('id')) as ItemRow[];
  const decided = new Map(items.map((i) => [i.case_id, i]));
  // An open meeting's agenda is everything pending now; a closed one's is what it decided.
  const caseRows = (
    m.status === 'open'
      ? await pendingCases(ctx.db)
      : await ctx
          .db('cases as c')
          .join('students as s', 's.id', 'c.student_id')
          .whereIn(
            'c.id',
            items.map((i) => i.case_id),
          )
          .select(
            'c.id',
            'c.student_id',
            'c.state',
            'c.care_requested',
            'c.facts',
            'c.reasons',
            'c.applicant_name',
            'c.exit_requested_reason',
            's.name as student_name',
            's.class_name',
          )
          .orderBy('c.id')
  ) as CaseRow[];
  const corrected = (await ctx.db('review_meetings').where({ corrects_meeting_id: id }).pluck('id')) as number[];
  return {
    id: m.id,
    meetingDate: m.meeting_date,
    place: m.place,
    participants: JSON.parse(m.participants) as Participant[],
    status: m.status,
    minutes: m.minutes,
    correctsMeetingId: m.corrects_meeting_id,
    correctedByMeetingIds: corrected,
    cancelReason: m.cancel_reason ?? '',
    createdAt: m.created_at,
    closedAt: m.closed_at,
    agenda: caseRows.map((c) => {
      const d = decided.get(c.id);
      return {
        caseId: c.id,
        studentId: c.student_id,
        studentName: c.student_name,
        className: c.class_name,
        kind: d?.kind ?? kindOf(c),
        careRequested: JSON.parse(c.care_requested) as CareKind[],
        facts: c.facts,
        reasons: c.reasons,
        exitReason: c.exit_requested_reason ? EXIT_REASON_LABELS[c.exit_requested_reason] : '',
        decision: d
          ? {
              decision: d.decision,
              necessity: d.necessity,
              feasibility: d.feasibility,
              careApproved: JSON.parse(d.care_approved) as CareKind[],
              votesFor: d.votes_for,
              votesAgainst: d.votes_against,
              votesAbstain: d.votes_abstain,
              notes: d.notes,
            }
          : null,
      };
    }),
  };
}

export async function decideItem(ctx: ServiceContext, input: In<'meetings.decide'>): Promise<void> {
  // Approved care belongs to 同意 only: a 暂缓 or 不同意 records none.
  if (input.decision !== 'approve' && input.careApproved.length) {
    throw new AppError('VALIDATION', '只有评议结论为“同意”时才记录批准的关爱内容', [{ path: 'careApproved', message: '仅“同意”时填写' }]);
  }
  const m = await loadMeeting(ctx.db, input.meetingId);
  if (m.status === 'closed') throw new AppError('STATE', '评议会议已结束，记录不能修改；如需更正，请新建一次更正会议');
  if (m.status === 'cancelled') throw new AppError('STATE', '评议会议已取消，不能再记录结论');
  const participants = JSON.parse(m.participants) as Participant[];
  if (input.votesFor + input.votesAgainst + input.votesAbstain > participants.length) {
    throw new AppError('VALIDATION', `票数之和不能超过参会人数（${participants.length} 人）`, [
      { path: 'votesFor', message: '票数之和超过参会人数' },
    ]);
  }
  const c = (await pendingCases(ctx.db).where('c.id', input.caseId).first()) as CaseRow | undefined;
  if (!c) throw new AppError('STATE', '该个案不在本次会议的议程中（不是待评议的申请或退出申请）');
  await assertStudentVisible(ctx, c.student_id);
  const kind = kindOf(c);
  if (kind === 'admission' && input.decision === 'approve' && input.careApproved.length === 0) {
    throw new AppError('VALIDATION', '同意时须写明批准的关爱内容', [{ path: 'careApproved', message: '请选择批准的关爱内容' }]);
  }
  const row = {
    meeting_id: input.meetingId,
    case_id: input.caseId,
    kind,
    decision: input.decision,
    necessity: input.necessity,
    feasibility: input.feasibility,
    care_approved: JSON.stringify(input.careApproved),
    votes_for: input.votesFor,
    votes_against: input.votesAgainst,
    votes_abstain: input.votesAbstain,
    notes: input.notes,
  };
  await ctx.db.transaction(async (trx) => {
    await trx('meeting_items').insert(row).onConflict(['meeting_id', 'case_id']).merge();
    await appendAudit(
      trx,
      actor(ctx),
      'meeting.decide',
      { type: 'meeting', id: input.meetingId },
      { caseId: input.caseId, decision: input.decision },
      ctx.now,
    );
  });
}

/** Closes the meeting: every recorded decision takes effect on its case, in one transaction with the close. */
/** Cancels an open meeting with a reason: its draft decisions never take effect; the record stays, fixed. */
export async function cancelMeeting(ctx: ServiceContext, input: In<'meetings.cancel'>): Promise<void> {
  const m = await loadMeeting(ctx.db, input.meetingId);
  if (m.status !== 'open')
    throw new AppError('STATE', m.status === 'closed' ? '评议会议已结束，不能取消；如需更正，请新建更正会议' : '评议会议已取消');
  await ctx.db.transaction(async (trx) => {
    await trx('review_meetings')
      .where({ id: m.id })
      .update({ status: 'cancelled', cancel_reason: input.reason, closed_at: ctx.now.toISOString() });
    await appendAudit(trx, actor(ctx), 'meeting.cancel', { type: 'meeting', id: m.id }, {}, ctx.now);
  });
}

export async function closeMeeting(ctx: ServiceContext, input: In<'meetings.close'>): Promise<{ applied: number }> {
  const m = await loadMeeting(ctx.db, input.meetingId);
  if (m.status === 'closed') throw new AppError('STATE', '评议会议已结束，不能重复结束');
  if (m.status === 'cancelled') throw new AppError('STATE', '评议会议已取消，不能结束');
  const participants = JSON.parse(m.participants) as Participant[];
  const items = (await ctx.db('meeting_items').where({ meeting_id: m.id }).orderBy('id')) as ItemRow[];
  if (items.length === 0) throw new AppError('STATE', '本次会议还没有记录任何评议结论');
  const at = ctx.now.toISOString();
  await ctx.db.transaction(async (trx) => {
    for (const it of items) {
      const c = (await trx('cases').where({ id: it.case_id }).first()) as {
        id: number;
        student_id: number;
        state: CaseState;
        exit_requested_reason: ExitReason | null;
      };
      const label = REVIEW_DECISION_LABELS[it.decision];
      if (it.kind === 'admission') {
        if (c.state !== 'applied') throw new AppError('STATE', `个案 ${c.id} 已不在待评议状态，请核对后再结束会议`);
        const review = {
          decision: it.decision,
          meetingDate: m.meeting_date,
          participants: participants.map((p) => p.name),
          necessity: it.necessity,
          feasibility: it.feasibility,
          careApproved: JSON.parse(it.care_approved) as CareKind[],
          votesFor: it.votes_for,
          votesAgainst: it.votes_against,
          votesAbstain: it.votes_abstain,
        };
        const state: CaseState = it.decision === 'approve' ? 'reviewed' : it.decision === 'reject' ? 'rejected' : 'applied';
        await trx('cases')
          .where({ id: c.id })
          .update({ state, review: JSON.stringify(review), reviewed_by: ctx.user.id, reviewed_in_meeting_id: m.id });
        await addEvent(trx, {
          studentId: c.student_id,
          caseId: c.id,
          at,
          kind: 'review',
          actorId: ctx.user.id,
          title: `集体评议：${label}`,
          detail: `${formatDateZh(m.meeting_date)} ${m.place}，参会 ${participants.length} 人，赞成 ${it.votes_for} / 反对 ${it.votes_against} / 弃权 ${it.votes_abstain}${review.careApproved.length ? `；批准：${review.careApproved.map((k) => CARE_KIND_LABELS[k]).join('、')}` : ''}`,
        });
      } else {
        if (!ON_LIST_STATES.includes(c.state) || !c.exit_requested_reason)
          throw new AppError('STATE', `个案 ${c.id} 已不在待退出状态，请核对后再结束会议`);
        if (it.decision === 'approve') {
          await trx('cases').where({ id: c.id }).update({
            state: 'exited',
            exited_at: at,
            exit_reason: EXIT_REASON_LABELS[c.exit_requested_reason],
            exited_in_meeting_id: m.id,
          });
          await addEvent(trx, {
            studentId: c.student_id,
            caseId: c.id,
            at,
            kind: 'exit',
            actorId: ctx.user.id,
            title: '经集体评议退出重点关爱名单',
            detail: `${EXIT_REASON_LABELS[c.exit_requested_reason]}（${formatDateZh(m.meeting_date)} 集体评议）`,
          });
        } else {
          if (it.decision === 'reject')
            await trx('cases').where({ id: c.id }).update({ exit_requested_reason: null, exit_requested_at: null });
          await addEvent(trx, {
            studentId: c.student_id,
            caseId: c.id,
            at,
            kind: 'review',
            actorId: ctx.user.id,
            title: `退出申请评议：${label}`,
            detail: it.notes,
          });
        }
      }
    }
    // Last: after this update the triggers freeze the meeting and its items.
    await trx('review_meetings')
      .where({ id: m.id })
      .update({ status: 'closed', minutes: input.minutes, closed_at: at, closed_by: ctx.user.id });
    await appendAudit(trx, actor(ctx), 'meeting.close', { type: 'meeting', id: m.id }, { decisions: items.length }, ctx.now);
  });
  return { applied: items.length };
}

export async function requestExit(ctx: ServiceContext, input: In<'cases.requestExit'>): Promise<void> {
  const c = (await ctx.db('cases').where({ id: input.caseId }).first()) as
    | { id: number; student_id: number; state: CaseState; exit_requested_reason: string | null }
    | undefined;
  if (!c) throw new AppError('NOT_FOUND', '个案不存在');
  await assertStudentVisible(ctx, c.student_id);
  if (!ON_LIST_STATES.includes(c.state)) throw new AppError('STATE', '只有在重点关爱名单上的学生才能申请退出');
  if (c.exit_requested_reason) throw new AppError('CONFLICT', '该生已有待评议的退出申请');
  const at = ctx.now.toISOString();
  await ctx.db.transaction(async (trx) => {
    await trx('cases').where({ id: c.id }).update({ exit_requested_reason: input.reason, exit_requested_at: at });
    await addEvent(trx, {
      studentId: c.student_id,
      caseId: c.id,
      at,
      kind: 'note',
      actorId: ctx.user.id,
      title: `提出退出申请：${EXIT_REASON_LABELS[input.reason]}`,
      detail: input.note,
    });
    await appendAudit(trx, actor(ctx), 'case.requestExit', { type: 'case', id: c.id }, { reason: input.reason }, ctx.now);
  });
}

/** Agenda (any time) or minutes (closed meetings only) of a review meeting, audited as a print. */
export async function printMeeting(
  ctx: ServiceContext,
  meetingId: number,
  which: 'agenda' | 'minutes',
): Promise<{ fileName: string; pdf: Buffer }> {
  const m = await meetingDetail(ctx, meetingId);
  if (which === 'minutes' && m.status !== 'closed') throw new AppError('STATE', '会议结束后才能打印纪要');
  const profile = await getSetting<SchoolProfile>(ctx.db, SETTING.schoolProfile);
  const render = which === 'agenda' ? renderAgendaPdf : renderMinutesPdf;
  const pdf = await render(m, profile?.schoolName ?? '', ctx.user.displayName, ctx.now);
  await appendAudit(
    ctx.db,
    actor(ctx),
    `report.meeting${which === 'agenda' ? 'Agenda' : 'Minutes'}`,
    { type: 'meeting', id: meetingId },
    { bytes: pdf.length },
    ctx.now,
  );
  return { fileName: `集体评议${which === 'agenda' ? '议程' : '纪要'}-第${meetingId}号-${todayIso(ctx.now)}.pdf`, pdf };
}

export const meetingsHandlers: Handlers<typeof meetingsContract> = {
  'meetings.list': listMeetings,
  'meetings.create': createMeeting,
  'meetings.get': (ctx, i) => meetingDetail(ctx, i.id),
  'meetings.decide': async (ctx, i) => {
    await decideItem(ctx, i);
    return OK;
  },
  'meetings.close': closeMeeting,
  'meetings.cancel': async (ctx, i) => {
    await cancelMeeting(ctx, i);
    return OK;
  },
  'meetings.printAgenda': async (ctx, i) => {
    const r = await printMeeting(ctx, i.meetingId, 'agenda');
    return asFile(r.fileName, r.pdf);
  },
  'meetings.printMinutes': async (ctx, i) => {
    const r = await printMeeting(ctx, i.meetingId, 'minutes');
    return asFile(r.fileName, r.pdf);
  },
};
