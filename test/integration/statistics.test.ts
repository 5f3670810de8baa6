/** Issue 13 §1: the statistics table (S3 附件1) on a real encrypted store — figures, cross-foot, as-of, export, drill, submit. */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { confirmedStudent } from '../support/flow';
import { ADMIN, makeIdNumber, newBureau, newSchool, registerAndFile, STUDENT, tempDir } from '../support/school';

let now = new Date('2026-12-15T10:00:00+08:00');
const AS_OF = '2026-12-15';

async function school() {
  now = new Date('2026-12-15T10:00:00+08:00');
  const s = await newSchool(tempDir(), () => now);
  const { client } = s;
  // 甲: orphan and poor, on the key-care list, tutored twice this half-year, aided 1,000 yuan from national funds.
  const a = await confirmedStudent(client, 11, '甲');
  await client.call('students.update', { id: a.studentId, set: { categories: ['orphan', 'poverty'] }, since: '2026-09-01' });
  const staff = await client.call('accounts.staff', {});
  const plan = await client.call('careRecords.saveTutoringPlan', {
    studentId: a.studentId,
    semester: '2026-2027-1',
    subjects: ['数学'],
    tutorAccountId: staff[0].id,
    schedule: '每周二',
    goals: '数学及格',
  });
  for (const date of ['2026-10-10', '2026-11-10'])
    await client.call('careRecords.addTutoringSession', { planId: plan.id, date, minutes: 45, attended: true });
  const programme = (await client.call('aid.programmes', {}))[0];
  await client.call('aid.addAward', {
    studentId: a.studentId,
    programmeId: programme.id,
    semester: '2026-2027-1',
    amountYuan: 1000,
    date: '2026-10-20',
    source: 'national',
  });
  // 乙: 农村留守儿童, never applied. 丙: no category but two risk factors (多种因素叠加). 丁: one risk factor: not counted.
  const b = await client.call('students.create', {
    ...STUDENT(makeIdNumber('610113', '2012-04-04', 21), '乙'),
    categories: ['leftBehind'],
  });
  await client.call('students.create', {
    ...STUDENT(makeIdNumber('610113', '2012-05-05', 31), '丙'),
    categories: [],
    riskFactors: ['academic', 'behaviour'],
  });
  await client.call('students.create', {
    ...STUDENT(makeIdNumber('610113', '2012-06-06', 41), '丁'),
    categories: [],
    riskFactors: ['academic'],
  });
  return { ...s, ids: { a: a.studentId, b: b.id } };
}

const cell = (t: { cells: Array<{ row: string; col: string; value: number | null }> }, row: string, col: string) =>
  t.cells.find((c) => c.row === row && c.col === col)?.value;

describe('statistics table (S3)', () => {
  it('fills the template for a date, cross-foots, and gives the same figures for that date after later edits', async () => {
    const { client, ids } = await school();
    // 甲 went on the list today (a school day): one daily ask, one weekly see, one monthly talk owed; the ask is done.
    await client.call('cadence.record', { kind: 'dailyAsk', date: AS_OF, entries: [{ studentId: ids.a }] });
    const t = await client.call('statistics.table', { asOf: AS_OF });
    expect([cell(t, 'total', 'askRate'), cell(t, 'total', 'seeRate'), cell(t, 'total', 'talkRate')]).toEqual([100, 0, 0]);
    expect(cell(t, 'junior/cat:leftBehind', 'askRate')).toBeNull(); // 乙 is not on the list: nothing owed
    expect(t.period).toEqual({ from: '2026-07-01', to: AS_OF, label: '2026年下半年' });
    expect(t.rows.map((r) => r.key)).toContain('junior/cat:orphan');
    expect(t.rows.at(-1)?.key).toBe('total');
    expect([cell(t, 'total', 'screened'), cell(t, 'junior/all', 'screened')]).toEqual([3, 3]);
    expect(cell(t, 'junior/cat:orphan', 'screened')).toBe(1);
    expect(cell(t, 'junior/cat:leftBehind', 'screened')).toBe(1);
    expect(cell(t, 'junior/multiple', 'screened')).toBe(1);
    expect(cell(t, 'total', 'onList')).toBe(1);
    expect([cell(t, 'total', 'tutoringPersons'), cell(t, 'total', 'tutoringTimes')]).toEqual([1, 2]);
    // Amounts are kept in fen; the template prints them in 万元.
    expect(cell(t, 'total', 'aidNational')).toBe(100_000);
    expect(t.columns.find((c) => c.key === 'aidNational')?.unit).toBe('万元');
    expect(t.checks.length).toBeGreaterThan(10);
    expect(t.checks.filter((c) => !c.ok)).toEqual([]);

    // A week later 乙's category is removed: the table for 15 December still counts her, the table for today does not.
    now = new Date('2026-12-22T10:00:00+08:00');
    await client.login(ADMIN.username, ADMIN.password); // a week later the idle lock has closed the session
    await client.call('students.update', { id: ids.b, set: { categories: [] } });
    const again = await client.call('statistics.table', { asOf: AS_OF });
    expect(again.cells).toEqual(t.cells);
    expect(cell(await client.call('statistics.table', { asOf: '2026-12-22' }), 'total', 'screened')).toBe(2);
    const future = await client.raw('statistics.table', { asOf: '2027-01-01' });
    expect(future.ok || future.error.issues?.[0]?.path).toBe('asOf');
  });

  it('exports an official return, drills into a figure (audited), submits once and sends it in the next filing package', async () => {
    const { client, app } = await school();
    const file = await client.call('statistics.export', { asOf: AS_OF, phone: '029-88880000' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(String(ws.getCell(1, 1).value)).toContain('附件1');
    expect(String(ws.getCell(2, 1).value)).toContain('西安市雁塔区第一示范中学');
    expect(String(ws.getCell(3, 2).value)).toBe('摸排与建档');
    expect(ws.getCell(3, 3).isMerged).toBe(true);
    expect(String(ws.getCell(4, 2).value)).toBe('摸排困境学生（人）');
    const labels = ws.getColumn(1).values.map(String);
    const totalRow = labels.indexOf('合计');
    expect(ws.getCell(totalRow, 2).value).toBe(3);
    const nationalCol = (ws.getRow(4).values as unknown[]).findIndex((v) => String(v) === '国家（万元）');
    expect(ws.getCell(totalRow, nationalCol).value).toBe(0.1);
    const text = JSON.stringify(ws.getSheetValues());
    expect(text).toContain('填报人：王老师');
    expect(text).toContain('联系电话：029-88880000');
    expect(text).not.toMatch(/6101\d{14}/);

    // The print for an internal meeting: landscape, every column block repeating the row labels, no names.
    const pdf = await client.call('statistics.print', { asOf: AS_OF, phone: '029-88880000' });
    const pdfPath = path.join(tempDir(), 'stat.pdf');
    fs.writeFileSync(pdfPath, Buffer.from(pdf.base64, 'base64'));
    const pdfText = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    expect(pdfText).toContain('附件1');
    expect(pdfText).toContain('摸排困境学生');
    expect(pdfText).toContain('资助金额（F9）');
    expect(pdfText.match(/合计/g)?.length).toBeGreaterThanOrEqual(4); // one block per 9 columns
    expect(pdfText).toContain('内部资料');
    for (const name of ['甲', '乙', '丙']) expect(pdfText).not.toContain(name);
    const drill = await client.call('statistics.drill', { asOf: AS_OF, row: 'total', col: 'screened' });
    expect(drill.students.map((s) => s.name)).toEqual(['丙', '甲', '乙']);
    expect(await app.db()('audit_log').where({ action: 'statistics.drill' }).count({ n: '*' })).toEqual([{ n: 1 }]);

    const sub = await client.call('statistics.submit', { asOf: AS_OF });
    expect(sub.sha256).toMatch(/^[0-9a-f]{64}$/);
    const twice = await client.raw('statistics.submit', { asOf: AS_OF });
    expect(twice.ok || twice.error.code).toBe('CONFLICT');
    expect((await client.call('statistics.table', { asOf: AS_OF })).submitted?.sha256).toBe(sub.sha256);
    await expect(app.db()('statistics_submissions').update({ table_json: '{}' })).rejects.toThrow(/不能修改/);
    const bureau = await newBureau();
    await registerAndFile(client, bureau.client, '2026H2');
    expect(await app.db()('statistics_submissions').whereNotNull('package_id').count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('blocks export and submission when a check fails, naming the rule', async () => {
    const { client } = await school();
    // A key-care student whose categories were all removed: on the list but not counted as screened.
    const c = await confirmedStudent(client, 61, '戊');
    await client.call('students.update', { id: c.studentId, set: { categories: [] } });
    const t = await client.call('statistics.table', { asOf: AS_OF });
    const failed = t.checks.filter((x) => !x.ok);
    expect(failed.map((f) => f.rule)).toEqual([expect.stringMatching(/^重点关爱名单上未登记困境类别的学生为 0/)]);
    expect(failed[0].detail).toBe('共 1 人：请在学生档案中登记类别');
    const exp = await client.raw('statistics.export', { asOf: AS_OF, phone: '' });
    expect(exp.ok || exp.error.message).toMatch(/1 项校验未通过，不能导出/);
    const sub = await client.raw('statistics.submit', { asOf: AS_OF });
    expect(sub.ok || sub.error.message).toMatch(/不能报送/);
  });

  it('caredesk report statistics prints the cells and checks as JSON and exits non-zero on a failed check', async () => {
    const dir = path.join(tempDir(), 'cli');
    const env = { ...process.env, CAREDESK_USER: 'admin', CAREDESK_PASSWORD: 'Admin-pass-2025' };
    const run = (args: string[]) => spawnSync(process.execPath, ['bin/caredesk.mjs', ...args], { encoding: 'utf8', env });
    expect(run(['init', '--data', dir, '--school-code', '3161012345', '--school-name', '测试中学', '--admin', 'admin']).status).toBe(0);
    expect(run(['seed', '--data', dir, '--students', '60', '--seed', '3', '--care-days', '0']).status).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    const out = path.join(tempDir(), 'stat.xlsx');
    const r = run(['report', 'statistics', '--data', dir, '--as-of', today, '--json', '--out', out]);
    const j = JSON.parse(r.stdout) as {
      asOf: string;
      cells: Array<{ row: string; col: string; value: number | null }>;
      checks: Array<{ ok: boolean }>;
    };
    expect(j.asOf).toBe(today);
    expect(j.cells.find((c) => c.row === 'total' && c.col === 'screened')?.value).toBeGreaterThan(0);
    expect(r.status).toBe(j.checks.every((c) => c.ok) ? 0 : 1);
  });
});
