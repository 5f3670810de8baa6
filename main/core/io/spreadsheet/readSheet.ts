/**
 * The one spreadsheet reader every import uses: streams the first worksheet of an xlsx (exceljs streaming reader,
 * styles ignored) from memory — the files hold ID numbers, so they are never written to a temp file — finds the
 * header row with the import's own detector, applies the detected (or user-chosen) column mapping, hands each
 * data row to the caller, reports progress and honours cancellation. Zip bombs and absurd sheets are refused.
 */
import { Readable, Transform } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError } from '../../../../shared/errors';
import { cellText } from '../../../../shared/domain/aidList';
import { checkZipSafety } from '../zipGuard';

export const SHEET_LIMITS = { maxRows: 200_000, maxColumns: 200, headerSearchRows: 30, maxCellChars: 2_000 };

/** One cell's text, capped: no field of any import is longer, and a hostile cell must not fill memory or a message. */
function capped(v: unknown): unknown {
  return typeof v === 'string' && v.length > SHEET_LIMITS.maxCellChars ? v.slice(0, SHEET_LIMITS.maxCellChars) : v;
}

export interface SheetRow {
  rowNumber: number;
  cells: unknown[];
}

export type Mapping = Record<string, number>;

export interface ReadSheetOptions {
  /** Returns the column mapping when these cells are the header row, otherwise null. */
  detectHeader(cells: unknown[]): Mapping | null;
  /** What the header must contain, for the message when none is found. */
  headerHint: string;
  /** A mapping the user chose instead of the detected one. */
  mapping?: Mapping;
  onRow(row: SheetRow, mapping: Mapping): void;
  signal?: AbortSignal;
  onProgress?: (fraction: number, rowsRead: number) => void;
  maxRows?: number;
}

export interface SheetRead {
  headerRow: number;
  headers: string[];
  mapping: Mapping;
  dataRows: number;
}

export class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

export async function readSheet(buf: Buffer, opts: ReadSheetOptions): Promise<SheetRead> {
  await checkZipSafety(buf);
  const maxRows = opts.maxRows ?? SHEET_LIMITS.maxRows;
  let consumed = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      consumed += chunk.length;
      cb(null, chunk);
    },
  });
  const input = Readable.from([buf]).pipe(counter);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  } as ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookReader>[1]);
  let headerRow = 0;
  let headers: string[] = [];
  let mapping: Mapping = {};
  let seen = 0;
  let dataRows = 0;
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        if (opts.signal?.aborted) throw new Cancelled();
        seen++;
        if (seen > maxRows + SHEET_LIMITS.headerSearchRows) {
          throw new AppError('VALIDATION', `文件无法导入：表格超过 ${maxRows} 行，请拆分后导入`);
        }
        const values = (row.values as unknown[]) ?? [];
        if (values.length > SHEET_LIMITS.maxColumns + 1) {
          throw new AppError('VALIDATION', `文件无法导入：第 ${row.number} 行超过 ${SHEET_LIMITS.maxColumns} 列，不是正常的导出表格`);
        }
        if (!headerRow) {
          const cells = values.map((v) => capped(cellText(v)));
          const detected = opts.detectHeader(cells);
          if (detected) {
            headerRow = row.number;
            headers = Array.from(cells, (v) => String(v ?? '').trim());
            mapping = opts.mapping ?? detected;
          } else if (row.number >= SHEET_LIMITS.headerSearchRows) {
            throw new AppError('VALIDATION', `未找到表头：前 ${SHEET_LIMITS.headerSearchRows} 行中没有${opts.headerHint}`);
          }
          continue;
        }
        if (values.every((v) => v === null || v === undefined || String(cellText(v)).trim() === '')) continue;
        dataRows++;
        if (dataRows > maxRows) throw new AppError('VALIDATION', `文件无法导入：数据超过 ${maxRows} 行，请拆分后导入`);
        opts.onRow({ rowNumber: row.number, cells: Array.from(values, (v) => capped(cellText(v))) }, mapping);
        if (dataRows % 500 === 0) opts.onProgress?.(Math.min(0.99, consumed / buf.length), dataRows);
      }
      break; // only the first worksheet holds the list
    }
  } catch (e) {
    if (e instanceof AppError || e instanceof Cancelled) throw e;
    throw new AppError('VALIDATION', '文件无法读取：不是有效的 xlsx 表格（可能已损坏，或是 .xls 旧格式，请在 Excel 中另存为 .xlsx）');
  }
  if (!headerRow) throw new AppError('VALIDATION', `未找到表头：表格中没有${opts.headerHint}`);
  for (const [field, col] of Object.entries(mapping)) {
    if (!Number.isInteger(col) || col < 1 || col > SHEET_LIMITS.maxColumns) throw new AppError('VALIDATION', `列对应关系无效：${field}`);
  }
  opts.onProgress?.(1, dataRows);
  return { headerRow, headers, mapping, dataRows };
}
