/**
 * The annual work summary printed on A4 (S3 附件2): title, the five sections of the office's text, the year's key
 * figures and three bar charts drawn as vectors (category mix, monthly-talk coverage by month, aid by source).
 * Aggregates and the office's words only: the service has already refused names, ID and phone numbers.
 */
import type { SummaryView } from '../../../shared/contract/summary';
import { formatDateZh } from '../../../shared/domain/dates';
import { SUMMARY_SECTION_LABELS, SUMMARY_SECTIONS } from '../../../shared/domain/summary';
import { finishInternalPdf, heading, newInternalPdf, type Pdf } from './internalPdf';

/**
 * pdfkit breaks lines only at spaces, and Chinese has none: the text is cut into lines here by measured width,
 * keeping runs of Latin letters and digits (2026, 13.6%) whole.
 */
export function wrapCjk(doc: Pdf, text: string, width: number): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    const tokens = para.match(/[A-Za-z0-9.%]+|./gu) ?? [''];
    let line = '';
    for (const tok of tokens) {
      if (line && doc.widthOfString(line + tok) > width) {
        // Never start a line with closing punctuation: the character before it comes down with it (禁则).
        if (/^[，。、；：！？）》”]$/.test(tok) && line.length > 1) {
          lines.push(line.slice(0, -1));
          line = line.slice(-1) + tok;
        } else {
          lines.push(line);
          line = tok;
        }
      } else line += tok;
    }
    lines.push(line);
  }
  return lines;
}

function body(doc: Pdf, text: string): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.font('cjk').fontSize(10.5).fillColor('#000000');
  for (const line of wrapCjk(doc, text, width)) {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 16) doc.addPage();
    doc.text(line, left, doc.y, { lineBreak: false });
    doc.y += 16;
  }
  doc.x = left; // the next heading starts at the margin, not where the last line ended
}

/** A horizontal bar chart: one labelled bar per value, scaled to the largest, the value written at its end. */
function barChart(doc: Pdf, title: string, bars: Array<{ label: string; value: number }>, unit: string, max?: number): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const rowH = 16;
  const need = 24 + Math.max(1, bars.length) * rowH + 10;
  if (doc.y + need > doc.page.height - doc.page.margins.bottom) doc.addPage();
  doc.font('cjk-bold').fontSize(10).fillColor('#1a3d6d').text(title, left, doc.y, { lineBreak: false });
  doc.y += 18;
  const labelW = 130;
  const barW = width - labelW - 80;
  const top = Math.max(max ?? 0, ...bars.map((b) => b.value), 1);
  if (!bars.length) {
    doc.font('cjk').fontSize(9).fillColor('#777777').text('（没有数据）', left, doc.y, { lineBreak: false });
    doc.y += rowH;
  }
  for (const b of bars) {
    const y = doc.y;
    doc
      .font('cjk')
      .fontSize(9)
      .fillColor('#333333')
      .text(b.label, left, y + 2, { width: labelW - 6, align: 'right', lineBreak: false });
    doc.rect(left + labelW, y + 2, barW, rowH - 5).fill('#eef2f7');
    doc.rect(left + labelW, y + 2, Math.max(0.5, (barW * b.value) / top), rowH - 5).fill('#3b6fb6');
    const shown = unit === '万元' ? b.value.toFixed(4) : Number.isInteger(b.value) ? String(b.value) : b.value.toFixed(1);
    doc.fillColor('#000000').text(`${shown}${unit}`, left + labelW + barW + 6, y + 2, { width: 74, lineBreak: false });
    doc.y = y + rowH;
  }
  doc.y += 10;
  doc.x = left;
}

export async function renderAnnualSummaryPdf(o: {
  schoolName: string;
  view: SummaryView;
  printedBy: string;
  printedAt: Date;
}): Promise<Buffer> {
  const v = o.view;
  const title = `${v.year}年度困境学生教育资助与关爱工作总结`;
  const doc = newInternalPdf(title);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.font('cjk').fontSize(9).fillColor('#555555').text('附件2', left, doc.y, { lineBreak: false });
  doc.y += 16;
  doc.font('cjk-bold').fontSize(16).fillColor('#000000').text(title, left, doc.y, { width, align: 'center', lineBreak: false });
  doc.y += 26;
  doc
    .font('cjk')
    .fontSize(10)
    .fillColor('#333333')
    .text(`${o.schoolName}　统计日：${formatDateZh(v.asOf)}　${v.version ? `第 ${v.version} 版` : '草稿（尚未保存）'}`, left, doc.y, {
      width,
      align: 'center',
      lineBreak: false,
    });
  doc.y += 12;
  doc.x = left;
  for (const k of SUMMARY_SECTIONS) {
    heading(doc, SUMMARY_SECTION_LABELS[k]);
    body(doc, v.sections[k].trim() || '（未填写）');
  }
  heading(doc, '附：主要数据与图表');
  barChart(doc, '困境学生类别构成（人；一人可属多类）', v.charts.categories, '人');
  barChart(doc, '重点关爱学生每月谈心覆盖率', v.charts.talksByMonth, '%', 100);
  barChart(doc, '资助金额来源', v.charts.aidBySource, '万元');
  const half = width / 2;
  doc.font('cjk').fontSize(9);
  for (let i = 0; i < v.figures.length; i += 2) {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 14) doc.addPage();
    const y = doc.y;
    for (let j = 0; j < 2 && i + j < v.figures.length; j++) {
      const f = v.figures[i + j];
      doc.fillColor('#555555').text(f.label, left + j * half, y, { width: half - 70, lineBreak: false, ellipsis: true });
      doc.fillColor('#000000').text(f.value, left + j * half + half - 70, y, { width: 60, align: 'right', lineBreak: false });
    }
    doc.y = y + 13;
  }
  doc.x = left;
  return finishInternalPdf(doc, o.printedBy, o.printedAt);
}
