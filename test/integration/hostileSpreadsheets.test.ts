/**
 * Hostile spreadsheets through the real import (imports.preview on an encrypted store), each in its own process so
 * its peak resident memory can be measured: zip bombs whose directory lies about their sizes (in the sheet and in
 * the shared strings) are refused with a sentence and stay under 400 MB; an overlong cell is capped and quoted back
 * in at most 200 characters.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { lyingBomb } from '../fixtures/hostileXlsx';
import { tempDir } from '../support/school';

function previewInChild(file: string): { state: string; message: string; maxRssMB: number; rows: Array<{ reason: string }> } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'test/support/previewChild.ts', file], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}');
}

describe('hostile spreadsheets', () => {
  it('refuses a 1.4 MB file that inflates to 400 MB though its directory declares 4 KB, under 400 MB resident', async () => {
    const file = path.join(tempDir('caredesk-hostile-'), 'bomb.xlsx');
    fs.writeFileSync(file, await lyingBomb(400));
    const r = previewInChild(file);
    expect(r.state).toBe('failed');
    expect(r.message).toContain('疑似压缩炸弹');
    expect(r.maxRssMB).toBeLessThan(400);
  }, 120_000);

  it('refuses a shared-strings table that inflates past what the reader may hold', async () => {
    const file = path.join(tempDir('caredesk-hostile-'), 'strings.xlsx');
    fs.writeFileSync(file, await lyingBomb(80, 'xl/sharedStrings.xml'));
    const r = previewInChild(file);
    expect(r.state).toBe('failed');
    expect(r.message).toContain('sharedStrings.xml');
    expect(r.maxRssMB).toBeLessThan(400);
  }, 120_000);

  it('caps an overlong cell and quotes at most 200 characters of it', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['姓名', '身份证件号', '出生日期']);
    ws.addRow(['张三', '34052419800101001X', `1980${'9'.repeat(3_000_000)}`]);
    const file = path.join(tempDir('caredesk-hostile-'), 'long.xlsx');
    fs.writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
    const r = previewInChild(file);
    expect(r.state).toBe('done');
    expect(r.rows[0].reason).toMatch(/出生日期：无法识别/);
    expect(r.rows[0].reason.length).toBeLessThan(300);
    expect(r.maxRssMB).toBeLessThan(400);
  }, 120_000);
});
