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
    // The whole file (issue 11 #19): care records and kept changes print too.
    const plan = await client.call('careRecords.saveTutoringPlan', {
      studentId,
      semester: '2026-2027-1',
      subjects: ['数学'],
      tutorAccountId: 1,
      schedule: '每周二放学后',
      goals: '数学及格',
    });
    await client.call('careRecords.addTutoringSession', { planId: plan.id, date: '2026-10-13', minutes: 45, attended: true });
    await client.call('careRecords.addHomeContact', {
      studentId,
      date: '2026-10-20',
      channel: 'phone',
      guardian: '张大山（祖父）',
      content: '沟通近期学习情况',
      followUp: '',
    });
    await client.call('students.update', { id: studentId, set: { className: '七年级(2)班' }, reason: '分班调整' });
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
    for (const part of [
      '关爱服务记录',
      '学业辅导（A1）',
      '辅导1次（到课1次）',
      '家校沟通',
      '沟通近期学习情况',
      '档案变更记录',
      '七年级(1)班→七年级(2)班（分班调整）',
    ])
      expect(flat, part).toContain(part);
    // The print is audited as a print, not also as a view of the care records.
    expect(await app.db()('audit_log').where({ action: 'care.view' }).count({ n: '*' })).toEqual([{ n: 0 }]);
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
