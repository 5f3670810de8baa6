/**
 * The statistics table as an official return (S3 附件1): title, 填报单位 and statistics date, two header rows (the
 * column groups merged over their columns, then each column with its unit), the rows, then 填报人 / 联系电话 /
 * 填报日期, the filling notes and the internal-use mark. Amounts are written in the template's unit (万元 with 4
 * decimals) as numbers, so the sheet's own sums work. Built in memory: no temp file.
 */
import ExcelJS from 'exceljs';
import { formatDateZh } from '../../../shared/domain/dates';
import { formatCell, type StatCell, type Unit } from '../../../shared/domain/statistics';
import { neutraliseFormula } from './xlsxExport';

export interface StatisticsSheet {
  attachment: string;
  title: string;
  schoolName: string;
  asOf: string;
  periodLabel: string;
  rows: Array<{ key: string; label: string; level: number }>;
  columns: Array<{ key: string; group: string; label: string; unit: Unit }>;
  cells: StatCell[];
  filledBy: string;
  phone: string;
  filledAt: Date;
  notes: string[];
}

const FORMATS: Partial<Record<Unit, string>> = { 万元: '0.0000', 元: '0.00', '%': '0.0' };

export async function writeStatisticsXlsx(s: StatisticsSheet): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CareDesk';
  const ws = wb.addWorksheet('统计表', {
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    headerFooter: { oddHeader: '&L内部资料&R&D', oddFooter: '&C第 &P 页，共 &N 页' },
    views: [{ state: 'frozen', xSplit: 1, ySplit: 4 }],
  });
  const n = s.columns.length + 1;
  const thin = { style: 'thin' as const };
  const border = { top: thin, left: thin, bottom: thin, right: thin };
  ws.getColumn(1).width = 26;
  for (let i = 2; i <= n; i++) ws.getColumn(i).width = 10;

  ws.mergeCells(1, 1, 1, n);
  ws.getCell(1, 1).value = `${s.attachment}　${s.title}`;
  ws.getCell(1, 1).font = { bold: true, size: 16 };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  ws.mergeCells(2, 1, 2, Math.max(2, Math.floor(n / 2)));
  ws.getCell(2, 1).value = neutraliseFormula(`填报单位（盖章）：${s.schoolName}`) as string;
  ws.mergeCells(2, Math.floor(n / 2) + 1, 2, n);
  ws.getCell(2, Math.floor(n / 2) + 1).value = `统计时点：${formatDateZh(s.asOf)}（${s.periodLabel}）　金额单位：见各列`;
  ws.getCell(2, Math.floor(n / 2) + 1).alignment = { horizontal: 'right' };

  // Header: groups merged over consecutive columns of the same group, then the column labels with their units.
  ws.mergeCells(3, 1, 4, 1);
  ws.getCell(3, 1).value = '项目';
  let start = 0;
  for (let i = 1; i <= s.columns.length; i++) {
    const here = s.columns[i - 1];
    const next = s.columns[i];
    if (!next || next.group !== here.group) {
      const from = start + 2;
      const to = i + 1;
      if (to > from) ws.mergeCells(3, from, 3, to);
      ws.getCell(3, from).value = here.group;
      start = i;
    }
    ws.getCell(4, i + 1).value = `${here.label}（${here.unit}）`;
  }
  for (const r of [3, 4])
    for (let c = 1; c <= n; c++) {
      const cell = ws.getCell(r, c);
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = border;
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFF3F8' } };
    }
  ws.getRow(3).height = 30;
  ws.getRow(4).height = 32;

  const value = new Map(s.cells.map((c) => [`${c.row}|${c.col}`, c.value]));
  s.rows.forEach((row, i) => {
    const r = 5 + i;
    ws.getCell(r, 1).value = row.label;
    ws.getCell(r, 1).font = { bold: row.level < 2 };
    ws.getCell(r, 1).border = border;
    s.columns.forEach((c, j) => {
      // A cell the table does not list is 0; a null is a figure that cannot be given (a rate summed over schools).
      const listed = value.get(`${row.key}|${c.key}`);
      const v = listed === undefined ? 0 : listed;
      const cell = ws.getCell(r, j + 2);
      // Written as the number in the column's unit, so that the spreadsheet's own sums give the same figure.
      cell.value = v === null ? '—' : Number(formatCell(c.unit, v));
      const fmt = FORMATS[c.unit];
      if (fmt) cell.numFmt = fmt;
      cell.border = border;
      cell.alignment = { horizontal: 'right' };
      if (row.level < 2) cell.font = { bold: true };
    });
  });
  let r = 5 + s.rows.length + 1;
  ws.getCell(r, 1).value = neutraliseFormula(`填报人：${s.filledBy}`) as string;
  ws.getCell(r, 4).value = neutraliseFormula(`联系电话：${s.phone}`) as string;
  ws.getCell(r, 8).value = `填报日期：${formatDateZh(s.filledAt.toISOString().slice(0, 10))}`;
  r += 2;
  ws.getCell(r, 1).value = '填表说明：';
  ws.getCell(r, 1).font = { bold: true };
  for (const [i, note] of s.notes.entries()) {
    r++;
    ws.mergeCells(r, 1, r, n);
    ws.getCell(r, 1).value = `${i + 1}. ${note}`;
  }
  r += 2;
  ws.getCell(r, 1).value = '内部资料　本表为汇总数，不含学生个人信息；重点关爱名单不公示、禁止公布。';
  ws.getCell(r, 1).font = { italic: true, color: { argb: 'FF888888' } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
