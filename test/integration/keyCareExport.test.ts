/** The key-care list printed and exported (I1): only by the roles that need it, watermarked, audited, no formulas. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { Client, newSchool, tempDir } from '../support/school';
import { confirmedStudent } from '../support/flow';

describe('key-care list print and export', () => {
  it('is refused to head teachers, tutors and inspectors (export) and audited for the office', async () => {
    const { client, app } = await newSchool();
    await confirmedStudent(client, 91, '张小明');
    const as = async (username: string, role: 'headTeacher' | 'tutor' | 'inspector' | 'counsellor') => {
      await client.call('accounts.create', {
        username,
        displayName: username,
        password: 'Pass-word-123',
        role,
        classes: role === 'headTeacher' ? ['七年级(1)班'] : [],
      });
      const c = new Client(client.router);
      await c.login(username, 'Pass-word-123');
      return c;
    };
    for (const [u, role] of [
      ['ht', 'headTeacher'],
      ['tu', 'tutor'],
      ['co', 'counsellor'],
      ['in', 'inspector'],
    ] as const) {
      const c = await as(u, role);
      const p = await c.raw('cases.printKeyCareList', {});
      expect(!p.ok && p.error.code, `${role} print`).toBe('FORBIDDEN');
      const x = await c.raw('cases.exportKeyCareList', {});
      expect(!x.ok && x.error.code, `${role} export`).toBe('FORBIDDEN');
    }
    await client.call('cases.printKeyCareList', {});
    await client.call('cases.exportKeyCareList', {});
    const actions = (await app.db()('audit_log').pluck('action')) as string[];
    expect(actions.filter((a) => a === 'report.keyCareList')).toHaveLength(1);
    expect(actions.filter((a) => a === 'export.keyCareList')).toHaveLength(1);
  });

  it('prints a watermarked PDF and exports an xlsx without identifiers, with formula text neutralised', async () => {
    const { client } = await newSchool();
    await confirmedStudent(client, 92, '欧阳晓燕');
    await confirmedStudent(client, 93, '李小红');
    const dir = tempDir('caredesk-export-');
    const pdf = path.join(dir, 'list.pdf');
    fs.writeFileSync(pdf, Buffer.from((await client.call('cases.printKeyCareList', {})).base64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('欧阳晓燕');
    expect(text).toContain('禁止公布');
    expect(text).toContain('内部资料严禁外传·打印人：王老师');

    const x = await client.call('cases.exportKeyCareList', {});
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(x.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const values = ws.getSheetValues().flat().map(String).join('|');
    expect(values).toContain('欧阳晓燕');
    expect(values).toContain('内部资料 严禁外传');
    expect(values).not.toMatch(/6101\d{14}/);
    expect(ws.headerFooter.oddFooter).toContain('内部资料 严禁外传');
  });
});
