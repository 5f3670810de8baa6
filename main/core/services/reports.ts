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
import { formatDateZh } from '../../../shared/domain/dates';
import { CATEGORY_LABELS, ON_LIST_STATES } from '../../../shared/domain/enums';
import { listCases } from './cases';
import { renderKeyCareListPdf } from '../io/keyCareListPdf';
import { writeInternalXlsx } from '../io/xlsxExport';

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

/** The key-care list as a PDF for internal meetings (roles checked by the router; I1: never published). */
export async function printKeyCareList(ctx: ServiceContext): Promise<{ fileName: string; pdf: Buffer }> {
  const rows = await listCases(ctx, [...ON_LIST_STATES]);
  const profile = await getSetting<SchoolProfile>(ctx.db, SETTING.schoolProfile);
  const pdf = await renderKeyCareListPdf(rows, profile?.schoolName ?? '', ctx.user.displayName, ctx.now);
  await appendAudit(ctx.db, actor(ctx), 'report.keyCareList', { type: 'keyCareList' }, { count: rows.length }, ctx.now);
  return { fileName: `重点关爱名单-内部-${todayIso(ctx.now)}.pdf`, pdf };
}

/** The key-care list as xlsx for the funding office's own work; identifiers are not included. */
export async function exportKeyCareList(ctx: ServiceContext): Promise<{ fileName: string; xlsx: Buffer }> {
  const rows = await listCases(ctx, [...ON_LIST_STATES]);
  const cats = (await ctx.db('student_categories').whereIn('student_id', rows.map((r) => r.studentId)).select('student_id', 'category')) as Array<{ student_id: number; category: keyof typeof CATEGORY_LABELS }>;
  const xlsx = await writeInternalXlsx({
    name: '重点关爱名单',
    title: '重点关爱学生名单（内部资料，不公示、禁止公布）',
    columns: [
      { header: '序号', width: 6 }, { header: '姓名', width: 12 }, { header: '班级', width: 16 }, { header: '困境类别', width: 28 },
      { header: '来源', width: 10 }, { header: '关爱内容', width: 40 }, { header: '责任人', width: 12 }, { header: '确认日期', width: 16 }, { header: '备案', width: 16 },
    ],
    rows: rows.map((r, i) => [
      i + 1, r.studentName, r.className, cats.filter((c) => c.student_id === r.studentId).map((c) => CATEGORY_LABELS[c.category]).join('、'),
      r.source === 'systemPush' ? '系统推送' : '申请', r.careContent, r.responsibleName, formatDateZh(r.confirmedAt), r.filedPackage ?? '未备案',
    ]),
  }, ctx.user.displayName, ctx.now);
  await appendAudit(ctx.db, actor(ctx), 'export.keyCareList', { type: 'keyCareList' }, { count: rows.length }, ctx.now);
  return { fileName: `重点关爱名单-内部-${todayIso(ctx.now)}.xlsx`, xlsx };
}
