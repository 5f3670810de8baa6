/**
 * Dropout control (A4, 控辍保学): the semester registration check of every student in difficulty, the ledgers of
 * those not back (适龄儿童 / 疑似辍学 / 辍学, plus leave and transfers), follow-up and persuasion visits (劝返),
 * and closing entries one by one (动态销号). Monthly ledger export for reporting.
 */
import { AppError } from '../../../shared/errors';
import {
  ABSENCE_REASON_LABELS,
  CLOSED_LEDGER_STATUSES,
  FOLLOW_UP_KIND_LABELS,
  LEDGER_LABELS,
  LEDGER_OF_REASON,
  LEDGER_STATUS_LABELS,
  LEDGERS,
  STATUS_OF_REASON,
  type AbsenceReason,
  type FollowUpKind,
  type Ledger,
  type LedgerStatus,
} from '../../../shared/domain/care';
import { monthRange, semesterLabel, semesterRange } from '../../../shared/domain/calendar';
import { formatDateZh, todayIso } from '../../../shared/domain/dates';
import { writeInternalXlsx } from '../io/xlsxExport';
import { appendAudit } from './audit';
import type { dropoutContract } from '../../../shared/contract/dropout';
import { actor, asFile, type Handlers, OK, type ServiceContext } from './context';
import { keyStudentsBetween, populationStudents } from './keyStudents';
import { compareByClassThenName } from '../../../shared/domain/ordering';
import { assertStudentVisible, scopeStudents } from './scope';
import { addEvent } from './timeline';

const LEDGER_OF_STATUS: Partial<Record<LedgerStatus, Ledger>> = { notEnrolled: 'ageEligible', suspected: 'suspected', dropout: 'dropout' };

/** Every student in difficulty on the list during the semester, with this semester's check and open entry. */
export async function registrationSheet(ctx: ServiceContext, semester: string) {
  const { from, to } = semesterRange(semester);
  // A4 covers every student in difficulty: the semester's key students and everyone else in the population now.
  const onList = await keyStudentsBetween(ctx, from, to);
  const listed = new Set(onList.map((k) => k.studentId));
  const keys = [...onList, ...(await populationStudents(ctx)).filter((p) => !listed.has(p.studentId))].sort(compareByClassThenName);
  const ids = keys.map((k) => k.studentId);
  const checks = ids.length
    ? ((await ctx
        .db('registration_checks')
        .where({ semester })
        .whereIn('student_id', ids)
        .select('student_id', 'arrived', 'checked_at')) as Array<{ student_id: number; arrived: number; checked_at: string }>)
    : [];
  const open = ids.length
    ? ((await ctx
        .db('dropout_entries')
        .whereNull('closed_at')
        .whereIn('student_id', ids)
        .select('id', 'student_id', 'reason', 'status')) as Array<{
        id: number;
        student_id: number;
        reason: AbsenceReason;
        status: LedgerStatus;
      }>)
    : [];
  const checkOf = new Map(checks.map((c) => [c.student_id, c]));
  const openOf = new Map(open.map((o) => [o.student_id, o]));
  return keys.map((k) => {
    const c = checkOf.get(k.studentId);
    const o = openOf.get(k.studentId);
    return {
      studentId: k.studentId,
      name: k.name,
      className: k.className,
      onKeyCareList: listed.has(k.studentId),
      arrived: c ? !!c.arrived : null,
      checkedAt: c?.checked_at ?? null,
      openEntry: o ? { id: o.id, reason: o.reason, status: o.status } : null,
    };
  });
}

export async function markRegistration(
  ctx: ServiceContext,
  m: { semester: string; studentIds: number[]; arrived: boolean; reason?: AbsenceReason; note: string },
): Promise<{ marked: number; opened: number; closed: number }> {
  if (!m.arrived && !m.reason)
    throw new AppError('VALIDATION', '未按时报到的学生请选择原因（病假、休学、疑似辍学、辍学、转学…）', [
      { path: 'reason', message: '请选择原因' },
    ]);
  for (const id of m.studentIds) await assertStudentVisible(ctx, id);
  const at = ctx.now.toISOString();
  const today = todayIso(ctx.now);
  let opened = 0;
  let closed = 0;
  await ctx.db.transaction(async (trx) => {
    for (const studentId of m.studentIds) {
      await trx('registration_checks')
        .insert({ semester: m.semester, student_id: studentId, arrived: m.arrived ? 1 : 0, checked_at: at, checked_by: ctx.user.id })
        .onConflict(['semester', 'student_id'])
        .merge();
      const open = (await trx('dropout_entries').where({ student_id: studentId }).whereNull('closed_at').first('id')) as
        | { id: number }
        | undefined;
      if (m.arrived && open) {
        // Arriving late closes the entry as returned (已复学), with the arrival as its last follow-up.
        await trx('dropout_followups').insert({
          entry_id: open.id,
          date: today,
          kind: 'followUp',
          note: '学期报到：已到校',
          status_after: 'returned',
          recorded_by: ctx.user.id,
        });
        await trx('dropout_entries').where({ id: open.id }).update({ status: 'returned', closed_at: at });
        await addEvent(trx, { studentId, at, kind: 'care', actorId: ctx.user.id, title: '控辍保学：已复学，台账销号' });
        closed++;
      } else if (!m.arrived && !open && m.reason) {
        const status = STATUS_OF_REASON[m.reason];
        await trx('dropout_entries').insert({
          student_id: studentId,
          semester: m.semester,
          ledger: LEDGER_OF_REASON[m.reason],
          reason: m.reason,
          status,
          note: m.note,
          opened_at: at,
          closed_at: CLOSED_LEDGER_STATUSES.includes(status) ? at : null,
          opened_by: ctx.user.id,
        });
        await addEvent(trx, {
          studentId,
          at,
          kind: 'care',
          actorId: ctx.user.id,
          title: `学期报到未到校：${ABSENCE_REASON_LABELS[m.reason]}`,
          detail: `已登记${LEDGER_LABELS[LEDGER_OF_REASON[m.reason]]}`,
        });
        opened++;
      }
    }
    await appendAudit(
      trx,
      actor(ctx),
      'dropout.registration',
      { type: 'semester', id: m.semester },
      { students: m.studentIds.length, arrived: m.arrived, opened, closed },
      ctx.now,
    );
  });
  return { marked: m.studentIds.length, opened, closed };
}

interface EntryRow {
  id: number;
  student_id: number;
  name: string;
  class_name: string;
  semester: string;
  ledger: Ledger;
  reason: AbsenceReason;
  status: LedgerStatus;
  note: string;
  opened_at: string;
  closed_at: string | null;
}

async function entries(ctx: ServiceContext, where: (q: ReturnType<ServiceContext['db']>) => void) {
  const q = ctx
    .db('dropout_entries as e')
    .join('students as s', 's.id', 'e.student_id')
    .select('e.*', 's.name', 's.class_name')
    .orderBy([{ column: 'e.closed_at' }, { column: 'e.opened_at', order: 'desc' }]);
  where(q);
  const rows = (await scopeStudents(ctx, q)) as EntryRow[];
  const fus = rows.length
    ? ((await ctx
        .db('dropout_followups as f')
        .join('accounts as a', 'a.id', 'f.recorded_by')
        .whereIn(
          'f.entry_id',
          rows.map((r) => r.id),
        )
        .orderBy([{ column: 'f.date' }, { column: 'f.id' }])
        .select('f.id', 'f.entry_id', 'f.date', 'f.kind', 'f.note', 'f.status_after', 'a.display_name as by')) as Array<{
        id: number;
        entry_id: number;
        date: string;
        kind: FollowUpKind;
        note: string;
        status_after: LedgerStatus;
        by: string;
      }>)
    : [];
  return rows.map((r) => ({
    id: r.id,
    studentId: r.student_id,
    name: r.name,
    className: r.class_name,
    semester: r.semester,
    ledger: r.ledger,
    reason: r.reason,
    status: r.status,
    note: r.note,
    openedAt: r.opened_at,
    closedAt: r.closed_at,
    followUps: fus
      .filter((f) => f.entry_id === r.id)
      .map((f) => ({ id: f.id, date: f.date, kind: f.kind, note: f.note, statusAfter: f.status_after, by: f.by })),
  }));
}

export async function ledger(ctx: ServiceContext, f: { ledger?: Ledger; includeClosed: boolean }) {
  const rows = await entries(ctx, (q) => {
    if (f.ledger) q.where('e.ledger', f.ledger);
    if (!f.includeClosed) q.whereNull('e.closed_at');
  });
  await appendAudit(ctx.db, actor(ctx), 'dropout.ledgerView', { type: 'ledger', id: f.ledger ?? 'all' }, { count: rows.length }, ctx.now);
  return rows;
}

export async function addFollowUp(
  ctx: ServiceContext,
  f: { entryId: number; date: string; kind: FollowUpKind; note: string; statusAfter: LedgerStatus },
): Promise<void> {
  const e = (await ctx.db('dropout_entries').where({ id: f.entryId }).first()) as EntryRow | undefined;
  if (!e) throw new AppError('NOT_FOUND', '台账记录不存在');
  await assertStudentVisible(ctx, e.student_id);
  if (e.closed_at) throw new AppError('STATE', '该台账记录已销号，不能再跟进');
  if (f.date > todayIso(ctx.now)) throw new AppError('VALIDATION', '跟进日期不能晚于今天', [{ path: 'date', message: '日期晚于今天' }]);
  const at = ctx.now.toISOString();
  const closes = CLOSED_LEDGER_STATUSES.includes(f.statusAfter);
  await ctx.db.transaction(async (trx) => {
    await trx('dropout_followups').insert({
      entry_id: f.entryId,
      date: f.date,
      kind: f.kind,
      note: f.note,
      status_after: f.statusAfter,
      recorded_by: ctx.user.id,
    });
    await trx('dropout_entries')
      .where({ id: f.entryId })
      .update({ status: f.statusAfter, ledger: LEDGER_OF_STATUS[f.statusAfter] ?? e.ledger, closed_at: closes ? at : null });
    await addEvent(trx, {
      studentId: e.student_id,
      at,
      kind: 'care',
      actorId: ctx.user.id,
      title: `控辍保学${FOLLOW_UP_KIND_LABELS[f.kind]}：${LEDGER_STATUS_LABELS[f.statusAfter]}${closes ? '（销号）' : ''}`,
    });
    await appendAudit(
      trx,
      actor(ctx),
      'dropout.followUp',
      { type: 'dropoutEntry', id: f.entryId },
      { kind: f.kind, status: f.statusAfter },
      ctx.now,
    );
  });
}

/** The monthly ledger (学校每月上报): every entry open at any time in the month, one sheet per ledger. */
export async function exportMonthlyLedger(ctx: ServiceContext, month: string): Promise<{ fileName: string; xlsx: Buffer; count: number }> {
  const { from, to } = monthRange(month);
  const rows = await entries(ctx, (q) =>
    q.where('e.opened_at', '<', `${to}T99`).where((w) => w.whereNull('e.closed_at').orWhere('e.closed_at', '>=', from)),
  );
  const sheets = LEDGERS.map((l) => ({
    name: LEDGER_LABELS[l].replace(/[（）、，]/g, '').slice(0, 28),
    title: `${LEDGER_LABELS[l]} · ${month.replace('-', '年')}月（内部资料）`,
    columns: [
      { header: '序号', width: 6 },
      { header: '姓名', width: 12 },
      { header: '班级', width: 16 },
      { header: '学期', width: 24 },
      { header: '原因', width: 12 },
      { header: '当前状态', width: 14 },
      { header: '登记日期', width: 16, date: true },
      { header: '跟进次数', width: 10 },
      { header: '劝返次数', width: 10 },
      { header: '最近跟进', width: 40 },
      { header: '销号日期', width: 16, date: true },
    ],
    rows: rows
      .filter((r) => r.ledger === l)
      .map((r, i) => {
        const last = r.followUps.at(-1);
        return [
          i + 1,
          r.name,
          r.className,
          semesterLabel(r.semester),
          ABSENCE_REASON_LABELS[r.reason],
          LEDGER_STATUS_LABELS[r.status],
          formatDateZh(r.openedAt),
          r.followUps.filter((f) => f.kind === 'followUp').length,
          r.followUps.filter((f) => f.kind === 'persuasion').length,
          last ? `${formatDateZh(last.date)} ${FOLLOW_UP_KIND_LABELS[last.kind]}：${last.note}` : '',
          formatDateZh(r.closedAt),
        ];
      }),
  }));
  const xlsx = await writeInternalXlsx(sheets, ctx.user.displayName, ctx.now);
  await appendAudit(ctx.db, actor(ctx), 'export.dropoutLedger', { type: 'ledger', id: month }, { count: rows.length }, ctx.now);
  return { fileName: `控辍保学台账-${month}-内部.xlsx`, xlsx, count: rows.length };
}

export const dropoutHandlers: Handlers<typeof dropoutContract> = {
  'dropout.registration': (ctx, i) => registrationSheet(ctx, i.semester),
  'dropout.mark': markRegistration,
  'dropout.ledger': ledger,
  'dropout.followUp': async (ctx, i) => {
    await addFollowUp(ctx, i);
    return OK;
  },
  'dropout.exportLedger': async (ctx, i) => {
    const r = await exportMonthlyLedger(ctx, i.month);
    return asFile(r.fileName, r.xlsx);
  },
};
