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

/** Excel's own format for a date as people write it: 2026年11月29日. */
export const DATE_FORMAT = 'yyyy"年"m"月"d"日"';

/** A calendar day as an Excel date (UTC midnight, so the serial is exactly that day); anything else unchanged. */
export function asExcelDate(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v) ?? /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(v);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : v;
}

export interface SheetSpec {
  name: string;
  title: string;
  /**
   * numFmt for number columns, e.g. '0.00' for yuan, so sums work in the spreadsheet. `date`: the column's
   * cells (2026-11-29 or 2026年11月29日) are written as real dates shown as 2026年11月29日, so they sort and filter.
   */
  columns: Array<{ header: string; width: number; numFmt?: string; date?: boolean }>;
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
    ws.columns = sheet.columns.map((c) => {
      const numFmt = c.date ? DATE_FORMAT : c.numFmt;
      return { width: c.width, ...(numFmt ? { style: { numFmt } } : {}) };
    });
    const dateColumns = sheet.columns.flatMap((c, i) => (c.date ? [i] : []));
    ws.addRow([sheet.title]).commit();
    ws.addRow([mark]).commit();
    const head = ws.addRow(sheet.columns.map((c) => c.header));
    head.font = { bold: true };
    head.commit();
    for (const r of sheet.rows) ws.addRow(r.map((v, i) => (dateColumns.includes(i) ? asExcelDate(v) : neutraliseFormula(v)))).commit();
    ws.commit();
  }
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}
