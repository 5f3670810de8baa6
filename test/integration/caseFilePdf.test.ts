/** The printed case file read back with pdftotext: Chinese name present, identifiers masked, footer on every page. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeIdNumber, newSchool, tempDir } from '../support/school';
import { confirmedStudent } from '../support/flow';

describe('case-file PDF', () => {
  it('shows the Chinese name, masks the ID number and phone, carries the watermark footer, and is audited', async () => {
    const { client, app } = await newSchool();
    const { studentId } = await confirmedStudent(client, 71, '欧阳晓燕');
    const idNumber = makeIdNumber('610113', '2012-03-05', 71);
    const pdf = await client.call('students.printCaseFile', { studentId });
    expect(pdf.fileName).not.toContain('欧阳');
    const file = path.join(tempDir('caredesk-pdf-'), 'case.pdf');
    fs.writeFileSync(file, Buffer.from(pdf.base64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('欧阳晓燕');
    expect(flat).toContain('一人一档');
    expect(flat).not.toContain(idNumber);
    expect(flat).not.toContain('13812345678');
    expect(flat).not.toContain('20120305');
    expect(flat).toContain('6101**********');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    const footers = flat.match(/内部资料严禁外传·打印人：王老师·打印时间/g) ?? [];
    expect(footers.length).toBe(pages);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSansSC/);
    expect(fonts).toMatch(/yes\s+yes\s+(yes|no)/); // embedded and subset
    const audit = await app.db()('audit_log').where({ action: 'report.caseFile' }).count<{ n: number }[]>({ n: '*' });
    expect(Number(audit[0].n)).toBe(1);
  });

  it('is refused to a role that may not print', async () => {
    const { client } = await newSchool();
    const { studentId } = await confirmedStudent(client, 72);
    await client.call('accounts.create', {
      username: 'tutor1',
      displayName: '赵导师',
      password: 'Tutor-pass-1',
      role: 'inspector',
      classes: [],
    });
    const other = new (client.constructor as typeof import('../support/school').Client)(client.router);
    await other.firstLogin('tutor1', 'Tutor-pass-1');
    const r = await other.raw('students.printCaseFile', { studentId });
    expect(!r.ok && r.error.code).toBe('FORBIDDEN');
  });
});
