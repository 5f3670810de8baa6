/**
 * Issue 13 §2: the annual work summary — figures from the statistics table, a draft, versions, refusal of personal
 * data, and the A4 PDF read back with pdftotext (sections and figures present, no names or ID numbers).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { confirmedStudent } from '../support/flow';
import { ADMIN, makeIdNumber, newSchool, tempDir } from '../support/school';

describe('annual work summary', () => {
  it('drafts from the statistics, keeps versions, refuses personal data and prints an A4 PDF without names', async () => {
    const dir = tempDir();
    let now = new Date('2026-12-01T10:00:00+08:00');
    const { client, app } = await newSchool(dir, () => now);
    const a = await confirmedStudent(client, 11, '甲同学');
    await confirmedStudent(client, 12, '乙同学');
    await client.call('cadence.record', { kind: 'monthlyTalk', date: '2026-12-01', entries: [{ studentId: a.studentId }] });
    now = new Date('2026-12-20T10:00:00+08:00');
    await client.login(ADMIN.username, ADMIN.password);

    const view = await client.call('summary.get', { year: 2026 });
    expect(view).toMatchObject({ year: 2026, asOf: '2026-12-15', version: null, versions: [] });
    expect(view.sections.basics).toMatch(/截至2026年12月15日，全校摸排困境学生 2 人（.*留守儿童 2 人.*），纳入重点关爱名单 2 人/);
    expect(view.charts.talksByMonth.at(-1)).toEqual({ label: '12月', value: 50 });
    expect(view.charts.categories.map((c) => c.label)).toContain('农村留守儿童');
    await expect(client.call('summary.get', { year: 2027 })).rejects.toThrow(/2027 年度尚未开始/);

    // Text naming a child, or holding an ID or phone number, is refused and says where.
    const withName = { ...view.sections, problems: '甲同学的辅导记录不全。' };
    await expect(client.call('summary.save', { year: 2026, sections: withName, note: '' })).rejects.toThrow(
      /“四、存在问题”中有学生或监护人的姓名“甲同学”/,
    );
    const withId = { ...view.sections, results: `如 ${makeIdNumber('610113', '2012-03-05', 11)} 所示` };
    await expect(client.call('summary.save', { year: 2026, sections: withId, note: '' })).rejects.toThrow(/“三、工作成效”中有身份证件号/);
    expect(await app.db()('summary_versions').count({ n: '*' })).toEqual([{ n: 0 }]);

    const first = await client.call('summary.save', {
      year: 2026,
      sections: { ...view.sections, problems: '部分班主任每月谈心记录不及时。', nextSteps: '加强育人导师培训，按月通报谈心覆盖率。' },
      note: '初稿',
    });
    const second = await client.call('summary.save', {
      year: 2026,
      sections: { ...view.sections, problems: '谈心记录不及时的问题已在 12 月整改。', nextSteps: '按月通报谈心覆盖率。' },
      note: '校长审阅后修改',
    });
    expect([first.version, second.version]).toEqual([1, 2]);
    const latest = await client.call('summary.get', { year: 2026 });
    expect(latest.version).toBe(2);
    expect(latest.versions.map((v) => [v.version, v.note])).toEqual([
      [2, '校长审阅后修改'],
      [1, '初稿'],
    ]);
    expect((await client.call('summary.get', { year: 2026, version: 1 })).sections.problems).toBe('部分班主任每月谈心记录不及时。');
    await expect(app.db()('summary_versions').where({ version: 1 }).update({ note: 'x' })).rejects.toThrow(/不能修改/);

    const file = await client.call('summary.print', { year: 2026 });
    expect(file.fileName).toBe('2026年度困境学生资助与关爱工作总结-第2版.pdf');
    const pdf = path.join(dir, 'summary.pdf');
    fs.writeFileSync(pdf, Buffer.from(file.base64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    for (const s of [
      '附件2',
      '2026年度困境学生教育资助与关爱工作总结',
      '一、基本情况',
      '五、下一步打算',
      '谈心记录不及时的问题已在 12 月整改',
      '困境学生类别构成',
      '资助金额来源',
    ]) {
      expect(text).toContain(s);
    }
    expect(text).toMatch(/第\s*2\s*版/);
    expect(text).not.toMatch(/甲同学|乙同学|\d{17}[\dX]/);
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89/);
    fs.mkdirSync(path.resolve('test/artifacts'), { recursive: true }); // absent on a clean clone until the e2e run
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', pdf, path.resolve('test/artifacts/66-annual-summary')]);
    const actions = (await app.db()('audit_log').distinct('action').pluck('action')) as string[];
    expect(actions).toEqual(expect.arrayContaining(['summary.view', 'summary.save', 'report.summary']));
  });
});
