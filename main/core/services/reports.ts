/** Printed documents. Each print is audited in the same step as it is produced. */
import { todayIso } from '../../../shared/domain/dates';
import type { SchoolProfile } from '../../../shared/contract/schemas';
import { renderCaseFilePdf } from '../io/caseFilePdf';
import { appendAudit } from './audit';
import { actor, type ServiceContext } from './context';
import { getSetting, SETTING } from './settings';
import { loadStudentDetail } from './students';

export async function printCaseFile(ctx: ServiceContext, studentId: number): Promise<{ fileName: string; pdf: Buffer }> {
  const student = await loadStudentDetail(ctx, studentId);
  const profile = await getSetting<SchoolProfile>(ctx.db, SETTING.schoolProfile);
  const pdf = await renderCaseFilePdf({ student, schoolName: profile?.schoolName ?? '', printedBy: ctx.user.displayName, printedAt: ctx.now });
  await appendAudit(ctx.db, actor(ctx), 'report.caseFile', { type: 'student', id: studentId }, { bytes: pdf.length }, ctx.now);
  // The file name carries the internal id, not the child's name: downloads folders are not private.
  return { fileName: `一人一档-${studentId}-${todayIso(ctx.now)}.pdf`, pdf };
}
