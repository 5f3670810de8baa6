import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { neutraliseFormula, writeInternalXlsx } from '../../main/core/io/xlsxExport';

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
});
