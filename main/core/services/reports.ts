/** Printed documents. Each print is audited in the same step as it is produced. */
import { todayIso } from '../../../shared/domain/dates';
import type { SchoolProfile } from '../../../shared/contract/schemas';
import { renderCaseFilePdf } from '../io/caseFilePdf';
import { appendAudit } from './audit';
import { actor, type ServiceContext } from './context';
import { getSetting, SETTING } from './settings';
import { loadStudentDetail } from './students';
import { meetingDetail } from './meetings';
import { renderAgendaPdf, renderMinutesPdf } from '../io/meetingPdf';
import { AppError } from '../../../shared/errors';

export async function printCaseFile(ctx: ServiceContext, studentId: number): Promise<{ fileName: string; pdf: Buffer }> {
  const student = await loadStudentDetail(ctx, studentId);
  const profile = await getSetting<SchoolProfile>(ctx.db, SETTING.schoolProfile);
  const pdf = await renderCaseFilePdf({ student, schoolName: profile?.schoolName ?? '', printedBy: ctx.user.displayName, printedAt: ctx.now });
  await appendAudit(ctx.db, actor(ctx), 'report.caseFile', { type: 'student', id: studentId }, { bytes: pdf.length }, ctx.now);
  // The file name carries the internal id, not the child's name: downloads folders are not private.
  return { fileName: `一人一档-${studentId}-${todayIso(ctx.now)}.pdf`, pdf };
}

/** Agenda (any time) or minutes (closed meetings only) of a review meeting, audited as a print. */
export async function printMeeting(ctx: ServiceContext, meetingId: number, which: 'agenda' | 'minutes'): Promise<{ fileName: string; pdf: Buffer }> {
  const m = await meetingDetail(ctx, meetingId);
  if (which === 'minutes' && m.status !== 'closed') throw new AppError('STATE', '会议结束后才能打印纪要');
  const profile = await getSetting<SchoolProfile>(ctx.db, SETTING.schoolProfile);
  const render = which === 'agenda' ? renderAgendaPdf : renderMinutesPdf;
  const pdf = await render(m, profile?.schoolName ?? '', ctx.user.displayName, ctx.now);
  await appendAudit(ctx.db, actor(ctx), `report.meeting${which === 'agenda' ? 'Agenda' : 'Minutes'}`, { type: 'meeting', id: meetingId }, { bytes: pdf.length }, ctx.now);
  return { fileName: `集体评议${which === 'agenda' ? '议程' : '纪要'}-第${meetingId}号-${todayIso(ctx.now)}.pdf`, pdf };
}
