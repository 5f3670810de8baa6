/**
 * Streams the first worksheet of an aid-system xlsx (exceljs streaming reader, styles ignored) from memory:
 * the file holds ID numbers, so it is never written to a temp file. Finds the header row by its Chinese headers,
 * applies the detected (or user-chosen) column mapping, and reports progress; honours cancellation.
 */
import { Readable, Transform } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError } from '../../../../shared/errors';
import { AID_FIELDS, cellText, detectMapping, isHeaderRow, type AidField } from '../../../../shared/domain/aidList';
import { checkZipSafety } from '../zipGuard';

export const SHEET_LIMITS = { maxRows: 200_000, maxColumns: 200, headerSearchRows: 30 };

export interface RawAidRow {
  rowNumber: number;
  cells: unknown[];
}

export interface ParsedAidList {
  headerRow: number;
  headers: string[];
  mapping: Partial<Record<AidField, number>>;
  rows: RawAidRow[];
}

export interface ReadOptions {
  mapping?: Partial<Record<AidField, number>>;
  /** Streams each data row to the caller instead of collecting them (keeps memory flat for large lists). */
  onRow?: (row: RawAidRow, mapping: Partial<Record<AidField, number>>) => void;
  signal?: AbortSignal;
  onProgress?: (fraction: number, rowsRead: number) => void;
}

export class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

export async function readAidList(buf: Buffer, opts: ReadOptions = {}): Promise<ParsedAidList> {
  checkZipSafety(buf);
  let consumed = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      consumed += chunk.length;
      cb(null, chunk);
    },
  });
  const input = Readable.from([buf]).pipe(counter);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit',
  } as ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookReader>[1]);
  let headerRow = 0;
  let headers: string[] = [];
  let mapping: Partial<Record<AidField, number>> = {};
  const rows: RawAidRow[] = [];
  let seen = 0;
  let dataRows = 0;
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        if (opts.signal?.aborted) throw new Cancelled();
        seen++;
        if (seen > SHEET_LIMITS.maxRows) throw new AppError('VALIDATION', `文件无法导入：表格超过 ${SHEET_LIMITS.maxRows} 行，请按学校拆分后导入`);
        const values = (row.values as unknown[]) ?? [];
        if (values.length > SHEET_LIMITS.maxColumns + 1) throw new AppError('VALIDATION', `文件无法导入：第 ${row.number} 行超过 ${SHEET_LIMITS.maxColumns} 列，不是正常的导出表格`);
        if (!headerRow) {
          if (isHeaderRow(values.map(cellText))) {
            headerRow = row.number;
            headers = Array.from(values, (v) => String(cellText(v) ?? '').trim());
            mapping = opts.mapping ?? detectMapping(headers);
          } else if (row.number >= SHEET_LIMITS.headerSearchRows) {
            throw new AppError('VALIDATION', `未找到表头：前 ${SHEET_LIMITS.headerSearchRows} 行中没有同时包含“姓名”和“身份证件号”或“学籍号”的行`);
          }
          continue;
        }
        if (values.every((v) => v === null || v === undefined || String(cellText(v)).trim() === '')) continue;
        const raw = { rowNumber: row.number, cells: Array.from(values, cellText) };
        dataRows++;
        if (opts.onRow) opts.onRow(raw, mapping);
        else rows.push(raw);
        if (dataRows % 500 === 0) opts.onProgress?.(Math.min(0.99, consumed / buf.length), dataRows);
      }
      break; // only the first worksheet holds the list
    }
  } catch (e) {
    if (e instanceof AppError || e instanceof Cancelled) throw e;
    throw new AppError('VALIDATION', '文件无法读取：不是有效的 xlsx 表格（可能已损坏，或是 .xls 旧格式，请在 Excel 中另存为 .xlsx）');
  }
  if (!headerRow) throw new AppError('VALIDATION', '未找到表头：表格中没有同时包含“姓名”和“身份证件号”或“学籍号”的行');
  if (!mapping.name) throw new AppError('VALIDATION', '列对应关系中缺少“姓名”列');
  if (!mapping.idNumber && !mapping.studentNo) throw new AppError('VALIDATION', '列对应关系中至少需要“身份证件号”或“学籍号”列');
  for (const f of AID_FIELDS) {
    const col = mapping[f];
    if (col !== undefined && (col < 1 || col > SHEET_LIMITS.maxColumns)) throw new AppError('VALIDATION', `列对应关系无效：${f}`);
  }
  opts.onProgress?.(1, dataRows);
  return { headerRow, headers, mapping, rows };
}
