import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DATE_FORMAT, neutraliseFormula, writeInternalXlsx } from '../../main/core/io/xlsxExport';

describe('xlsx export', () => {
  it('neutralises text that a spreadsheet would run as a formula', async () => {
    expect(neutraliseFormula('=HYPERLINK("http://x","点我")')).toBe('\'=HYPERLINK("http://x","点我")');
    expect(neutraliseFormula('+1')).toBe("'+1");
    expect(neutraliseFormula('-1')).toBe("'-1");
    expect(neutraliseFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutraliseFormula('正常文本')).toBe('正常文本');
    expect(neutraliseFormula(42)).toBe(42);
    const buf = await writeInternalXlsx(
      { name: 's', title: 't', columns: [{ header: 'a', width: 10 }], rows: [['=HYPERLINK("http://x","点我")']] },
      '王老师',
      new Date(),
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const cell = wb.worksheets[0].getCell('A4');
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.formula).toBeUndefined();
  });

  it('writes date columns as real dates shown the Chinese way, so they sort and filter', async () => {
    const buf = await writeInternalXlsx(
      {
        name: 's',
        title: 't',
        columns: [
          { header: '日期', width: 16, date: true },
          { header: '说明', width: 10 },
        ],
        rows: [
          ['2026-11-29', '2026-11-29'],
          ['2025年9月1日', '=1+1'],
          ['', '—'],
        ],
      },
      '王老师',
      new Date(),
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A4').value).toEqual(new Date(Date.UTC(2026, 10, 29)));
    expect(ws.getCell('A4').numFmt).toBe(DATE_FORMAT);
    expect(ws.getCell('A5').value).toEqual(new Date(Date.UTC(2025, 8, 1)));
    expect(ws.getCell('A6').value).toBeNull(); // an empty date stays empty
    expect(ws.getCell('B4').value).toBe('2026-11-29'); // only the date column converts
    expect(ws.getCell('B5').value).toBe("'=1+1");
  });
});
