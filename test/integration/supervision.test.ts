/** Issue 13 §4: the supervisor's view — implementation indicators per clause, with numbers and denominators. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { confirmedStudent } from '../support/flow';
import { Client, makeIdNumber, newSchool, STUDENT, tempDir } from '../support/school';

describe('supervision indicators', () => {
  it('counts per clause who is served, for the supervisor, and audits the view', async () => {
    // The semester of the registration check follows the day: the test fixes it.
    const { client, app, router } = await newSchool(tempDir(), () => new Date('2026-11-29T10:00:00+08:00'));
    const a = await confirmedStudent(client, 11, '甲');
    await confirmedStudent(client, 12, '乙');
    await client.call('students.create', { ...STUDENT(makeIdNumber('610113', '2012-04-04', 21), '丙'), categories: ['orphan'] });
    await client.call('dropout.mark', { semester: '2026-2027-1', studentIds: [a.studentId], arrived: true, note: '' });

    await client.call('accounts.create', {
      username: 'duc',
      displayName: '督查员',
      password: 'Staff-pass-2025',
      role: 'inspector',
      classes: [],
    });
    const inspector = new Client(router);
    await inspector.firstLogin('duc', 'Staff-pass-2025');
    const r = await inspector.call('supervision.indicators', {});
    const by = Object.fromEntries(r.indicators.map((i) => [i.key, i]));
    expect(by.registration).toMatchObject({ clause: 'A4', numerator: 1, denominator: 3, rate: 33.3 });
    expect(by.onListCategory).toMatchObject({ numerator: 2, denominator: 2, rate: 100 });
    expect(by.monthlyTalk).toMatchObject({ numerator: 0, denominator: 2, rate: 0 });
    expect(by.auditChain).toMatchObject({ numerator: 1, rate: 100 });
    expect(by.highestTier.denominator).toBe(0);
    expect(by.highestTier.rate).toBeNull();
    expect(await app.db()('audit_log').where({ action: 'supervision.view' }).count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('keeps inspection records with the indicators of the day, rectification items and their closure, and prints the report', async () => {
    const dir = tempDir();
    const { client, app, router } = await newSchool(dir, () => new Date('2026-11-29T10:00:00+08:00'));
    await confirmedStudent(client, 11, '甲');
    await client.call('accounts.create', {
      username: 'duc',
      displayName: '督查员',
      password: 'Staff-pass-2025',
      role: 'inspector',
      classes: [],
    });
    const inspector = new Client(router);
    await inspector.firstLogin('duc', 'Staff-pass-2025');
    await expect(
      inspector.call('inspections.create', {
        date: '2026-11-28',
        inspectors: '县教育局资助中心 李科长、督查员',
        findings: '本月谈心未全覆盖。',
        items: [{ item: '补齐本月谈心记录', responsible: '资助办', deadline: '2026-11-01' }],
      }),
    ).rejects.toThrow(/第 1 项整改事项的整改时限早于督查日期/);
    const { id } = await inspector.call('inspections.create', {
      date: '2026-11-28',
      inspectors: '县教育局资助中心 李科长、督查员',
      findings: '本月谈心未全覆盖；学期初报到核查未逐人记录。',
      items: [
        { item: '补齐本月谈心记录', responsible: '资助办', deadline: '2026-12-05' },
        { item: '逐人核查报到并登记台账', responsible: '各班主任', deadline: '2026-11-28' },
      ],
    });
    // The head teacher may not read inspection records; the office closes an item with what was done.
    const [rec] = await client.call('inspections.list', {});
    expect(rec).toMatchObject({ id, recordedBy: '督查员', inspectors: '县教育局资助中心 李科长、督查员' });
    expect(rec.indicators.find((x) => x.key === 'monthlyTalk')).toMatchObject({ numerator: 0, denominator: 1 });
    await client.call('inspections.closeItem', { id: rec.items[0].id, closure: '已补齐，谈心1人' });
    await expect(client.call('inspections.closeItem', { id: rec.items[0].id, closure: '再次' })).rejects.toThrow(/已销号/);
    const [after] = await inspector.call('inspections.list', {});
    expect(after.items.map((x) => [x.closedBy, x.overdue])).toEqual([
      ['王老师', false],
      [null, true],
    ]);
    const file = await inspector.call('inspections.print', { id });
    const pdf = path.join(dir, 'inspection.pdf');
    fs.writeFileSync(pdf, Buffer.from(file.base64, 'base64'));
    // Cells wrap inside the table: compare without the layout's spaces and line breaks.
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    for (const s of [
      '督查报告',
      '李科长',
      '本月谈心未全覆盖',
      '补齐本月谈心记录',
      '已补齐，谈心1人',
      '逾期未销号',
      '本月已谈心的重点关爱学生',
    ])
      expect(text).toContain(s);
    fs.mkdirSync(path.resolve('test/artifacts'), { recursive: true }); // absent on a clean clone until the e2e run
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, path.resolve('test/artifacts/68-inspection-report')]);
    const actions = (await app.db()('audit_log').distinct('action').pluck('action')) as string[];
    expect(actions).toEqual(expect.arrayContaining(['inspection.create', 'inspection.closeItem', 'inspection.view', 'report.inspection']));
  });
});
