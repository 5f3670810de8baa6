/** The printed key-care list (I1: never published): masked, watermarked, for the case team's meetings only. */
import { formatDateZh } from '../../../shared/domain/dates';
import type { CaseView } from '../../../shared/contract/schemas';
import { finishInternalPdf, newInternalPdf, paragraph } from './internalPdf';

export async function renderKeyCareListPdf(rows: CaseView[], schoolName: string, printedBy: string, printedAt: Date): Promise<Buffer> {
  const doc = newInternalPdf('重点关爱学生名单');
  doc.font('cjk-bold').fontSize(17).text('重点关爱学生名单', { align: 'center' });
  doc.font('cjk').fontSize(10).fillColor('#b00020').text(`${schoolName} · 仅供关爱工作团队内部使用，不公示、禁止公布（I1）`, { align: 'center' }).moveDown(0.6);
  const cols = [{ h: '序号', w: 32 }, { h: '姓名', w: 60 }, { h: '班级', w: 80 }, { h: '关爱内容', w: 168 }, { h: '责任人', w: 60 }, { h: '确认日期', w: 82 }];
  const left = doc.page.margins.left;
  const drawHeader = () => {
    let x = left;
    doc.font('cjk-bold').fontSize(9.5).fillColor('#000000');
    const y = doc.y;
    for (const c of cols) {
      doc.text(c.h, x, y, { width: c.w - 4 });
      x += c.w;
    }
    doc.moveTo(left, doc.y + 2).lineTo(left + cols.reduce((a, c) => a + c.w, 0), doc.y + 2).lineWidth(0.5).strokeColor('#888888').stroke();
    doc.y += 5;
  };
  drawHeader();
  rows.forEach((r, i) => {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 30) {
      doc.addPage();
      drawHeader();
    }
    const vals = [String(i + 1), r.studentName, r.className, r.careContent, r.responsibleName, formatDateZh(r.confirmedAt)];
    const y = doc.y;
    let x = left;
    let maxY = y;
    doc.font('cjk').fontSize(9.5).fillColor('#000000');
    vals.forEach((v, j) => {
      doc.text(v || '—', x, y, { width: cols[j].w - 4 });
      maxY = Math.max(maxY, doc.y);
      x += cols[j].w;
    });
    doc.y = maxY + 3;
  });
  doc.x = left;
  doc.moveDown(1);
  paragraph(doc, `共 ${rows.length} 人。`);
  return finishInternalPdf(doc, printedBy, printedAt);
}
