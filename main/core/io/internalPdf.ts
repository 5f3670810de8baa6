/**
 * Shared frame for every internal PDF (case files, agendas, minutes): A4, the shipped CJK font, a faint
 * diagonal "内部资料" mark and the footer "内部资料 严禁外传 · 打印人 · 打印时间 · 页码" on every page.
 */
import PDFDocument from 'pdfkit';
import { formatDateTimeZh } from '../../../shared/domain/dates';
import { cjkBoldFontPath, cjkFontPath } from './pdfFont';

export type Pdf = InstanceType<typeof PDFDocument>;

export function newInternalPdf(title: string, layout: 'portrait' | 'landscape' = 'portrait'): Pdf {
  const doc = new PDFDocument({
    size: 'A4',
    layout,
    margins: { top: 56, bottom: 64, left: 56, right: 56 },
    bufferPages: true,
    info: { Title: title, Producer: 'CareDesk' },
  });
  doc.registerFont('cjk', cjkFontPath());
  doc.registerFont('cjk-bold', cjkBoldFontPath());
  doc.font('cjk');
  return doc;
}

/** Draws the watermark and footer on every buffered page, then ends the document and returns its bytes. */
export function finishInternalPdf(doc: Pdf, printedBy: string, printedAt: Date): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const range = doc.bufferedPageRange();
  const footer = `内部资料 严禁外传 · 打印人：${printedBy} · 打印时间：${formatDateTimeZh(printedAt.toISOString())}`;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { width, height } = doc.page;
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing into the margin must not start a new page
    doc.save();
    doc.rotate(-35, { origin: [width / 2, height / 2] });
    doc.font('cjk').fontSize(64).fillColor('#000000').fillOpacity(0.06);
    doc.text('内部资料 严禁外传', 0, height / 2 - 40, { width, align: 'center', lineBreak: false });
    doc.restore();
    doc.font('cjk').fontSize(8.5).fillColor('#555555').fillOpacity(1);
    doc.text(footer, 56, height - 40, { width: width - 112 - 60, align: 'left', lineBreak: false });
    doc.text(`第 ${i - range.start + 1} 页 / 共 ${range.count} 页`, width - 56 - 80, height - 40, {
      width: 80,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

export function heading(doc: Pdf, text: string): void {
  doc.moveDown(0.6).font('cjk-bold').fontSize(12.5).fillColor('#1a3d6d').text(text).moveDown(0.2);
  const y = doc.y;
  doc
    .moveTo(doc.page.margins.left, y)
    .lineTo(doc.page.width - doc.page.margins.right, y)
    .lineWidth(0.5)
    .strokeColor('#9bb0cc')
    .stroke();
  doc.moveDown(0.3).font('cjk').fontSize(10).fillColor('#000000');
}

/** Label–value pairs in two columns. */
export function fields(doc: Pdf, all: Array<[string, string]>): void {
  const pairs = all.filter(([k]) => k !== '');
  const left = doc.page.margins.left;
  const colW = (doc.page.width - left - doc.page.margins.right) / 2;
  for (let i = 0; i < pairs.length; i += 2) {
    const y = doc.y;
    let maxY = y;
    for (let j = 0; j < 2 && i + j < pairs.length; j++) {
      const [k, v] = pairs[i + j];
      doc
        .font('cjk')
        .fontSize(10)
        .fillColor('#555555')
        .text(`${k}：`, left + j * colW, y, { width: 80, continued: false });
      doc.fillColor('#000000').text(v || '—', left + j * colW + 80, y, { width: colW - 88 });
      maxY = Math.max(maxY, doc.y);
    }
    doc.x = left;
    doc.y = maxY + 3;
  }
}

export function paragraph(doc: Pdf, text: string, opts: { color?: string; size?: number } = {}): void {
  doc
    .font('cjk')
    .fontSize(opts.size ?? 10)
    .fillColor(opts.color ?? '#000000')
    .text(text, doc.page.margins.left, doc.y, {
      width: doc.page.width - doc.page.margins.left - doc.page.margins.right,
    });
}

/** A simple ruled table that repeats its header on each new page. Widths in points. */
export function table(doc: Pdf, cols: Array<{ h: string; w: number }>, rows: string[][]): void {
  const left = doc.page.margins.left;
  const drawHeader = () => {
    let x = left;
    doc.font('cjk-bold').fontSize(9.5).fillColor('#000000');
    const y = doc.y;
    for (const c of cols) {
      doc.text(c.h, x, y, { width: c.w - 4 });
      x += c.w;
    }
    doc
      .moveTo(left, doc.y + 2)
      .lineTo(left + cols.reduce((a, c) => a + c.w, 0), doc.y + 2)
      .lineWidth(0.5)
      .strokeColor('#888888')
      .stroke();
    doc.y += 5;
  };
  drawHeader();
  for (const vals of rows) {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 30) {
      doc.addPage();
      drawHeader();
    }
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
  }
  doc.x = left;
}
