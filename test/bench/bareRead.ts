/** The baseline every import benchmark compares with: a bare streaming read of the same xlsx (rows counted, nothing checked). */
import { Readable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';

export async function bareRead(bytes: Buffer): Promise<{ ms: number; rows: number }> {
  const t0 = performance.now();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
    worksheets: 'emit',
  } as ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookReader>[1]);
  let rows = 0;
  for await (const ws of reader) {
    for await (const row of ws as AsyncIterable<ExcelJS.Row>) if (row.values) rows++;
    break;
  }
  return { ms: performance.now() - t0, rows };
}
