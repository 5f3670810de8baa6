/**
 * Writes internal spreadsheets with exceljs's streaming writer into memory (no temp file: the sheet holds
 * personal data). Every text cell that starts with = + - @ (or a tab / carriage return) is neutralised with a
 * leading apostrophe so that no spreadsheet program runs it as a formula. Header and footer carry the
 * internal-use mark, who exported it and when.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { formatDateTimeZh } from '../../../shared/domain/dates';

export function neutraliseFormula(v: unknown): unknown {
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

export interface SheetSpec {
  name: string;
  title: string;
  /** numFmt for number columns, e.g. '0.00' for yuan, so sums work in the spreadsheet. */
  columns: Array<{ header: string; width: number; numFmt?: string }>;
  rows: Iterable<unknown[]>;
}

/** One workbook; several sheets for ledgers that are read side by side (e.g. the three dropout ledgers). */
export async function writeInternalXlsx(sheets: SheetSpec | SheetSpec[], exportedBy: string, exportedAt: Date): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', () => resolve());
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  wb.creator = 'CareDesk';
  const mark = `内部资料 严禁外传 · 导出人：${exportedBy} · 导出时间：${formatDateTimeZh(exportedAt.toISOString())}`;
  for (const sheet of Array.isArray(sheets) ? sheets : [sheets]) {
    const ws = wb.addWorksheet(sheet.name, {
      headerFooter: { oddHeader: `&C${sheet.title}`, oddFooter: `&L${mark}&R第 &P 页 / 共 &N 页` },
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    });
    ws.columns = sheet.columns.map((c) => ({ width: c.width, ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}) }));
    ws.addRow([sheet.title]).commit();
    ws.addRow([mark]).commit();
    const head = ws.addRow(sheet.columns.map((c) => c.header));
    head.font = { bold: true };
    head.commit();
    for (const r of sheet.rows) ws.addRow(r.map(neutraliseFormula)).commit();
    ws.commit();
  }
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}
