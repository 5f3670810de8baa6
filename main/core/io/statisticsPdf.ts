/**
 * The statistics table printed for an internal meeting (S3): A4 landscape, the table split into column groups that
 * each repeat the row labels (a return of 31 columns does not fit one page width), the filling notes, and the
 * internal-use frame of every CareDesk PDF. Aggregates only: no names.
 */
import { formatDateZh } from '../../../shared/domain/dates';
import { formatCell } from '../../../shared/domain/statistics';
import type { StatisticsSheet } from './statisticsXlsx';
import { finishInternalPdf, newInternalPdf, type Pdf } from './internalPdf';

const COLUMNS_PER_BLOCK = 9;
const LABEL_WIDTH = 150;
const ROW_HEIGHT = 14;
const HEADER_HEIGHT = 36;

function header(doc: Pdf, cols: StatisticsSheet['columns'], x0: number, colWidth: number): void {
  const y = doc.y;
  doc.font('cjk-bold').fontSize(7.5).fillColor('#000000');
  doc.rect(x0, y, LABEL_WIDTH + colWidth * cols.length, HEADER_HEIGHT).fillAndStroke('#eef3f8', '#888888');
  doc.fillColor('#000000').text('项目', x0 + 4, y + 14, { width: LABEL_WIDTH - 8, lineBreak: false });
  cols.forEach((c, i) => {
    const x = x0 + LABEL_WIDTH + i * colWidth;
    doc
      .moveTo(x, y)
      .lineTo(x, y + HEADER_HEIGHT)
      .strokeColor('#888888')
      .stroke();
    doc.text(`${c.group}`, x + 2, y + 3, { width: colWidth - 4, align: 'center', height: 10, lineBreak: false, ellipsis: true });
    // Label and unit on lines of their own: pdfkit does not break between CJK characters.
    doc.text(c.label, x + 2, y + 14, { width: colWidth - 4, align: 'center', lineBreak: false, ellipsis: true });
    doc.text(`（${c.unit}）`, x + 2, y + 24, { width: colWidth - 4, align: 'center', lineBreak: false });
  });
  doc.y = y + HEADER_HEIGHT;
}

export async function renderStatisticsPdf(s: StatisticsSheet): Promise<Buffer> {
  const doc = newInternalPdf(`${s.attachment} ${s.title}`, 'landscape');
  const x0 = doc.page.margins.left;
  const usable = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const value = new Map(s.cells.map((c) => [`${c.row}|${c.col}`, c.value]));
  doc.font('cjk-bold').fontSize(14).text(`${s.attachment}　${s.title}`, { align: 'center' });
  doc
    .font('cjk')
    .fontSize(9)
    .text(`填报单位：${s.schoolName}　　统计时点：${formatDateZh(s.asOf)}（${s.periodLabel}）`, { align: 'center' })
    .moveDown(0.6);
  for (let start = 0; start < s.columns.length; start += COLUMNS_PER_BLOCK) {
    const cols = s.columns.slice(start, start + COLUMNS_PER_BLOCK);
    const colWidth = (usable - LABEL_WIDTH) / COLUMNS_PER_BLOCK;
    const bottom = () => doc.page.height - doc.page.margins.bottom - ROW_HEIGHT;
    if (doc.y + HEADER_HEIGHT + ROW_HEIGHT * 3 > bottom()) doc.addPage();
    header(doc, cols, x0, colWidth);
    for (const row of s.rows) {
      if (doc.y > bottom()) {
        doc.addPage();
        header(doc, cols, x0, colWidth);
      }
      const y = doc.y;
      doc
        .rect(x0, y, LABEL_WIDTH + colWidth * cols.length, ROW_HEIGHT)
        .strokeColor('#bbbbbb')
        .stroke();
      doc
        .font(row.level < 2 ? 'cjk-bold' : 'cjk')
        .fontSize(7.5)
        .fillColor('#000000');
      doc.text(row.label, x0 + 4, y + 3.5, { width: LABEL_WIDTH - 8, lineBreak: false, ellipsis: true });
      cols.forEach((c, i) => {
        const x = x0 + LABEL_WIDTH + i * colWidth;
        // Unlisted is 0; null (a rate summed over schools) prints as a dash, as in the xlsx.
        const listed = value.get(`${row.key}|${c.key}`);
        doc.text(formatCell(c.unit, listed === undefined ? 0 : listed), x + 2, y + 3.5, {
          width: colWidth - 6,
          align: 'right',
          lineBreak: false,
        });
      });
      doc.y = y + ROW_HEIGHT;
    }
    doc.moveDown(0.8);
  }
  if (doc.y > doc.page.height - doc.page.margins.bottom - 80) doc.addPage();
  doc.x = x0;
  doc.font('cjk').fontSize(8.5).fillColor('#000000');
  doc
    .text(`填报人：${s.filledBy}　　联系电话：${s.phone || '—'}　　填报日期：${formatDateZh(s.filledAt.toISOString().slice(0, 10))}`, x0)
    .moveDown(0.4);
  doc.font('cjk-bold').text('填表说明：', x0);
  doc.font('cjk');
  for (const [i, n] of s.notes.entries()) doc.text(`${i + 1}. ${n}`, x0, undefined, { width: usable });
  return finishInternalPdf(doc, s.filledBy, s.filledAt);
}
