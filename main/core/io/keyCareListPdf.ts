/** The printed key-care list (I1: never published): masked, watermarked, for the case team's meetings only. */
import { formatDateZh } from '../../../shared/domain/dates';
import type { CaseView } from '../../../shared/contract/schemas';
import { finishInternalPdf, newInternalPdf, paragraph, table } from './internalPdf';

export async function renderKeyCareListPdf(rows: CaseView[], schoolName: string, printedBy: string, printedAt: Date): Promise<Buffer> {
  const doc = newInternalPdf('重点关爱学生名单');
  doc.font('cjk-bold').fontSize(17).text('重点关爱学生名单', { align: 'center' });
  doc
    .font('cjk')
    .fontSize(10)
    .fillColor('#b00020')
    .text(`${schoolName} · 仅供关爱工作团队内部使用，不公示、禁止公布（I1）`, { align: 'center' })
    .moveDown(0.6);
  const cols = [
    { h: '序号', w: 32 },
    { h: '姓名', w: 60 },
    { h: '班级', w: 80 },
    { h: '关爱内容', w: 168 },
    { h: '责任人', w: 60 },
    { h: '确认日期', w: 82 },
  ];
  table(
    doc,
    cols,
    rows.map((r, i) => [String(i + 1), r.studentName, r.className, r.careContent, r.responsibleName, formatDateZh(r.confirmedAt)]),
  );
  doc.moveDown(1);
  paragraph(doc, `共 ${rows.length} 人。`);
  return finishInternalPdf(doc, printedBy, printedAt);
}
