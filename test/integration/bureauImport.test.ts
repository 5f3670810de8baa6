/**
 * The bureau's folder import (issue 14 §2, the CLI shape the issue fixes): a dry run first, per file accepted or
 * refused with its reason and nothing written; then the import, in order per school; again, every file unchanged.
 * Version-2 packages place the school by its prefecture and county; version-1 packages still import.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { CoreApp } from '../../main/core/app';
import { createRouter } from '../../main/ipc/router';
import { buildFilingPackage, parseFilingPackage } from '../../main/core/io/filingPackage';
import { confirmedStudent } from '../support/flow';
import { Client, newBureau, newSchool, PROFILE, tempDir } from '../support/school';

const BUREAU = { CAREDESK_USER: 'bureau', CAREDESK_PASSWORD: 'Bureau-pass-2025' };
const cli = (args: string[]) =>
  spawnSync(process.execPath, ['bin/caredesk.mjs', ...args], { encoding: 'utf8', env: { ...process.env, ...BUREAU } });

describe('caredesk bureau import FILE_OR_FOLDER… [--dry-run] [--json]', () => {
  it('dry-runs a folder without writing, imports it in sequence order, and finds it unchanged the second time', async () => {
    const school = await newSchool();
    const bureau = await newBureau();
    await confirmedStudent(school.client, 61, '张小明');
    const { recipient } = await bureau.client.call('bureau.key', {});
    await bureau.client.call('bureau.registerSchool', { keyText: (await school.client.call('filing.schoolKey', {})).keyText });
    const folder = tempDir('caredesk-packages-');
    // Named so that the alphabetical order is the wrong one: the import must follow the sequence numbers.
    const first = await school.client.call('filing.export', { period: '2026H1', bureauKey: recipient });
    fs.writeFileSync(path.join(folder, 'b-first.cdfile'), Buffer.from(first.base64, 'base64'));
    const second = await school.client.call('filing.export', { period: '2026H2', bureauKey: recipient });
    fs.writeFileSync(path.join(folder, 'a-second.cdfile'), Buffer.from(second.base64, 'base64'));
    const tampered = Buffer.from(second.base64, 'base64');
    tampered[tampered.length - 10] ^= 1;
    fs.writeFileSync(path.join(folder, 'c-tampered.cdfile'), tampered);
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'not a package'); // not a .cdfile: left alone
    await school.app.close();
    await bureau.app.close();

    const dry = cli(['bureau', 'import', '--data', bureau.dir, folder, '--dry-run', '--json']);
    expect(dry.status, dry.stderr).toBe(1); // one file refused
    const plan = JSON.parse(dry.stdout) as {
      files: Array<{ file: string; status: string; reason: string; school: string; period: string }>;
    };
    expect(plan.files.map((f) => [path.basename(f.file), f.status, f.school, f.period])).toEqual([
      ['b-first.cdfile', 'accepted', PROFILE.schoolCode, '2026H1'],
      ['a-second.cdfile', 'accepted', PROFILE.schoolCode, '2026H2'],
      ['c-tampered.cdfile', 'refused', PROFILE.schoolCode, '2026H2'],
    ]);
    expect(plan.files[2].reason).toContain('签名校验失败');
    const afterDry = new Client(createRouter(new CoreApp({ dataDir: bureau.dir }), () => undefined));
    await afterDry.login(BUREAU.CAREDESK_USER, BUREAU.CAREDESK_PASSWORD);
    expect((await afterDry.call('bureau.summary', {}))[0]).toMatchObject({ lastPeriod: null, students: 0 });
    await afterDry.call('auth.logout', {});

    const real = cli([
      'bureau',
      'import',
      '--data',
      bureau.dir,
      path.join(folder, 'b-first.cdfile'),
      path.join(folder, 'a-second.cdfile'),
      '--json',
    ]);
    expect(real.status, real.stderr).toBe(0);
    expect((JSON.parse(real.stdout) as typeof plan).files.map((f) => f.status)).toEqual(['accepted', 'accepted']);
    const again = cli(['bureau', 'import', '--data', bureau.dir, folder, '--json']);
    expect((JSON.parse(again.stdout) as typeof plan).files.map((f) => f.status)).toEqual(['unchanged', 'unchanged', 'refused']);

    const view = new Client(createRouter(new CoreApp({ dataDir: bureau.dir }), () => undefined));
    await view.login(BUREAU.CAREDESK_USER, BUREAU.CAREDESK_PASSWORD);
    expect((await view.call('bureau.summary', {}))[0]).toMatchObject({
      lastPeriod: '2026H2',
      lastSequence: 2,
      students: 1,
      prefectureCode: PROFILE.prefectureCode,
      countyCode: PROFILE.countyCode,
    });
  });

  it('still imports a version-1 package (no area in its header); the school waits to be placed', async () => {
    const school = await newSchool();
    const bureau = await newBureau();
    await confirmedStudent(school.client, 62, '李小红');
    const { recipient } = await bureau.client.call('bureau.key', {});
    await bureau.client.call('bureau.registerSchool', { keyText: (await school.client.call('filing.schoolKey', {})).keyText });
    const v2 = Buffer.from((await school.client.call('filing.export', { period: '2026H1', bureauKey: recipient })).base64, 'base64');
    expect(parseFilingPackage(v2).header).toMatchObject({ version: 2, area: { county: PROFILE.countyCode }, dueDate: '2026-06-30' });
    // The same school's package as CareDesk wrote it before version 2, signed with the school's own key.
    const signingKey = await school.app.db()('settings').where({ key: 'school.signingKey' }).first('value');
    expect(signingKey).toBeTruthy();
    const v1 = await buildFilingPackage({
      version: 1,
      header: {
        schoolCode: PROFILE.schoolCode,
        schoolName: PROFILE.schoolName,
        period: '2026H1',
        sequence: 9,
        createdAt: new Date().toISOString(),
      },
      entries: [],
      bureauRecipient: recipient,
      signingKey: JSON.parse((signingKey as { value: string }).value),
    });
    const r = await bureau.client.call('bureau.importPackage', { fileRef: await bureau.client.send(v1, 'old.cdfile', 'package') });
    expect(r).toMatchObject({ status: 'accepted', sequence: 9, count: 0 });
    expect((await bureau.client.call('bureau.summary', {}))[0]).toMatchObject({ countyCode: null, lastSequence: 9 });
  });
});

describe('late and missing filers (issue 14 §4)', () => {
  /** A school of its own code and county, on its own clock (the day its package is made is the filing day). */
  async function schoolOn(code: string, county: string, day: string, clock = { day }) {
    const app = new CoreApp({ dataDir: tempDir(), now: () => new Date(`${clock.day}T10:00:00+08:00`) });
    const client = new Client(createRouter(app, () => undefined));
    await client.call('setup.school', {
      profile: { ...PROFILE, schoolCode: code, schoolName: `测试学校${code.slice(-2)}`, countyCode: county },
      admin: { username: 'admin', displayName: '王老师', password: 'Admin-pass-2025' },
    });
    await client.login('admin', 'Admin-pass-2025');
    return { app, client };
  }

  it('tells on time, late by days and missing apart against 30 June, counts them per county, and exports the call list', async () => {
    const { app: bureauApp, client: bureau } = await newBureau(undefined, () => new Date('2026-07-15T10:00:00+08:00'));
    const { recipient } = await bureau.call('bureau.key', {});
    const onTime = await schoolOn('3161010001', '610113', '2026-06-20');
    const late = await schoolOn('3161010002', '610113', '2026-07-10');
    const silent = await schoolOn('3161010003', '610102', '2026-06-01');
    for (const s of [onTime, late, silent])
      await bureau.call('bureau.registerSchool', { keyText: (await s.client.call('filing.schoolKey', {})).keyText });
    for (const s of [onTime, late]) {
      const pkg = await s.client.call('filing.export', { period: '2026H1', bureauKey: recipient });
      await bureau.call('bureau.importPackage', { fileRef: await bureau.send(Buffer.from(pkg.base64, 'base64'), pkg.fileName, 'package') });
    }
    const f = await bureau.call('bureau.filers', {});
    expect(f).toMatchObject({ period: '2026H1', dueDate: '2026-06-30' });
    expect(f.schools.map((s) => [s.schoolCode, s.status, s.daysLate])).toEqual([
      ['3161010001', 'onTime', 0],
      ['3161010002', 'late', 10],
      ['3161010003', 'missing', 15],
    ]);
    // The silent school never sent a version-2 package, so the bureau does not know its county yet.
    expect(f.byCounty).toEqual([
      { prefectureCode: '6101', countyCode: '610113', counts: { onTime: 1, late: 1, missing: 0, notDue: 0 } },
      { prefectureCode: null, countyCode: null, counts: { onTime: 0, late: 0, missing: 1, notDue: 0 } },
    ]);
    // The bureau's own deadline (earlier than the province's): the school that filed on 20 June is now 5 days late.
    const later = await bureau.raw('bureau.setDeadline', { period: '2026H1', dueDate: '2026-07-01' });
    expect(!later.ok && later.error.message).toContain('本局截止日不能晚于省定截止日 2026年6月30日');
    await bureau.call('bureau.setDeadline', { period: '2026H1', dueDate: '2026-06-15' });
    const own = await bureau.call('bureau.filers', { period: '2026H1' });
    expect(own).toMatchObject({ dueDate: '2026-06-15', ownDeadline: true, provincialDueDate: '2026-06-30' });
    expect(own.schools.find((s) => s.schoolCode === '3161010001')).toMatchObject({ status: 'late', daysLate: 5 });
    await bureau.call('bureau.setDeadline', { period: '2026H1', dueDate: null });
    expect(await bureau.call('bureau.filers', { period: '2026H1' })).toMatchObject({ dueDate: '2026-06-30', ownDeadline: false });
    const h2 = await bureau.call('bureau.filers', { period: '2026H2' });
    expect(h2.schools.every((s) => s.status === 'notDue')).toBe(true);

    const file = await bureau.call('bureau.callList', { period: '2026H1' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
    const text = JSON.stringify(wb.worksheets[0].getSheetValues());
    expect(text).toContain('3161010002');
    expect(text).toContain('逾期未报');
    expect(text).not.toContain('3161010001'); // on time: nobody needs to call
    expect(await bureauApp.db()('audit_log').where({ action: 'bureau.callList.export' }).first()).toBeTruthy();
  });
  it('sums the submitted statistics tables by county and prefecture in the same template, cross-foot checked (§3)', async () => {
    const { client: bureau, app: bureauApp, dir } = await newBureau(undefined, () => new Date('2026-07-05T10:00:00+08:00'));
    const { recipient } = await bureau.call('bureau.key', {});
    // Students are confirmed in June; the tables for 30 June are submitted on 1 July.
    const clock = { day: '2026-06-10' };
    const a = await schoolOn('3161010011', '610113', '', clock);
    const b = await schoolOn('3161010012', '610113', '', clock);
    const c = await schoolOn('3161010013', '610102', '', clock);
    for (const [i, s] of [a, b, c].entries()) for (let n = 0; n <= i; n++) await confirmedStudent(s.client, 70 + n, `学生${n}`);
    clock.day = '2026-07-01';
    const totals: number[] = [];
    for (const s of [a, b, c]) {
      await s.client.login('admin', 'Admin-pass-2025');
      await s.client.call('statistics.submit', { asOf: '2026-06-30' });
      const own = await s.client.call('statistics.table', { asOf: '2026-06-30' });
      totals.push(own.cells.find((x) => x.row === 'total' && x.col === own.columns[0].key)?.value ?? 0);
      await bureau.call('bureau.registerSchool', { keyText: (await s.client.call('filing.schoolKey', {})).keyText });
      const pkg = await s.client.call('filing.export', { period: '2026H1', bureauKey: recipient });
      await bureau.call('bureau.importPackage', { fileRef: await bureau.send(Buffer.from(pkg.base64, 'base64'), pkg.fileName, 'package') });
    }
    expect(totals[0]).toBeGreaterThan(0);
    expect(totals[1]).toBeGreaterThan(totals[0]); // one, two and three students on the list
    const total = (t: { cells: Array<{ row: string; col: string; value: number | null }>; columns: Array<{ key: string }> }) =>
      t.cells.find((x) => x.row === 'total' && x.col === t.columns[0].key)?.value;
    const county = await bureau.call('bureau.statistics', { asOf: '2026-06-30', area: '610113' });
    expect(county.schools.map((x) => x.schoolCode)).toEqual(['3161010011', '3161010012']);
    expect(total(county)).toBe(totals[0] + totals[1]);
    expect(county.checks.length).toBeGreaterThan(0);
    expect(county.checks.every((x) => x.ok)).toBe(true);
    const prefecture = await bureau.call('bureau.statistics', { asOf: '2026-06-30', area: '6101' });
    expect(total(prefecture)).toBe(totals[0] + totals[1] + totals[2]);
    expect(prefecture).toMatchObject({ areaLabel: '西安市', dates: ['2026-06-30'], missing: [] });
    expect(prefecture.areas).toEqual(['6101', '610102', '610113']);
    // Rates cannot be added: empty in the consolidated table.
    const rate = prefecture.columns.find((x) => x.unit === '%');
    if (rate) expect(prefecture.cells.find((x) => x.row === 'total' && x.col === rate.key)?.value).toBeNull();

    const file = await bureau.call('bureau.exportStatistics', { asOf: '2026-06-30', area: '6101' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
    expect(JSON.stringify(wb.worksheets[0].getSheetValues())).toContain('西安市汇总，3 所学校');
    // A rate is not summed: its cells show a dash, not 0.0 (which would read as "nobody was contacted").
    if (rate) expect(JSON.stringify(wb.worksheets[0].getSheetValues())).toContain('—');
    // The same table printed for a meeting: read back with pdftotext.
    const pdf = await bureau.call('bureau.exportStatistics', { asOf: '2026-06-30', area: '6101', format: 'pdf' });
    const pdfFile = path.join(tempDir('caredesk-stats-pdf-'), 'stats.pdf');
    fs.writeFileSync(pdfFile, Buffer.from(pdf.base64, 'base64'));
    expect(pdf.fileName).toBe('统计表汇总-西安市-2026-06-30.pdf');
    const printed = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(printed).toContain('西安市汇总，3所学校');
    if (rate) expect(printed).toContain('—');
    const bad = await bureau.raw('bureau.statistics', { area: '9999' });
    expect(!bad.ok && bad.error.message).toContain('地区代码应为 61');

    // The CLI the issue fixes: the half-year's table (its due date is the statistics day), the school's JSON shape.
    await bureauApp.shutdown();
    const out = path.join(tempDir('caredesk-stats-cli-'), '汇总表.xlsx');
    const r = cli(['bureau', 'report', 'statistics', '--data', dir, '--period', '2026H1', '--area', '6101', '--out', out, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const shape = JSON.parse(r.stdout) as {
      asOf: string;
      period: string;
      cells: Array<{ row: string; col: string; value: number | null }>;
      checks: Array<{ ok: boolean }>;
    };
    expect(shape.asOf).toBe('2026-06-30');
    expect(total({ ...shape, columns: prefecture.columns })).toBe(totals[0] + totals[1] + totals[2]);
    expect(shape.checks.every((x) => x.ok)).toBe(true);
    const written = new ExcelJS.Workbook();
    await written.xlsx.readFile(out);
    expect(JSON.stringify(written.worksheets[0].getSheetValues())).toContain('西安市汇总，3 所学校');
  });
});

describe('caredesk bureau register-schools FILE.xlsx (issue 14 §2)', () => {
  async function listXlsx(rows: unknown[][]): Promise<string> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('学校名单');
    ws.addRow(['2026 年西安市学校名单']);
    ws.addRow(['序号', '学校标识码', '学校名称', '县（区）代码', '学段', '联系人', '联系电话']);
    for (const r of rows) ws.addRow(r);
    const file = path.join(tempDir('caredesk-registry-'), '学校名单.xlsx');
    await wb.xlsx.writeFile(file);
    return file;
  }

  it('writes the whole list or nothing, names every bad row, and lists unkeyed schools as missing filers', async () => {
    const bureau = await newBureau();
    await bureau.app.close();
    const bad = await listXlsx([
      [1, '3161010021', '西安市第二十一中学', '610113', '初中、高中', '王老师', '029-88886666'],
      [2, '316101002', '少一位的学校', '710113', '大学', '', ''],
      [3, '3161010021', '西安市第二十一中学', '610113', '初中', '', ''],
    ]);
    const refused = cli(['bureau', 'register-schools', '--data', bureau.dir, bad, '--json']);
    expect(refused.status).toBe(1);
    const r = JSON.parse(refused.stdout) as { rows: Array<{ rowNumber: number; status: string; reason: string }>; written: boolean };
    expect(r.written).toBe(false);
    expect(r.rows.map((x) => [x.rowNumber, x.status])).toEqual([
      [3, 'new'],
      [4, 'rejected'],
      [5, 'rejected'],
    ]);
    expect(r.rows[1].reason).toContain('学校标识码应为 10 位数字');
    expect(r.rows[1].reason).toContain('县（区）代码应为 61 开头');
    expect(r.rows[1].reason).toContain('学段“大学”不认识');
    expect(r.rows[2].reason).toContain('与第 3 行是同一学校');

    const good = await listXlsx([
      [1, '3161010021', '西安市第二十一中学', '610113', '初中、高中', '王老师', '029-88886666'],
      [2, '3161010022', '西安市第二十二中学', '610102', '小学', '', ''],
    ]);
    const done = cli(['bureau', 'register-schools', '--data', bureau.dir, good, '--json']);
    expect(done.status, done.stderr).toBe(0);
    expect((JSON.parse(done.stdout) as { counts: unknown; written: boolean }).counts).toEqual({
      new: 2,
      updated: 0,
      unchanged: 0,
      rejected: 0,
    });
    const again = JSON.parse(cli(['bureau', 'register-schools', '--data', bureau.dir, good, '--json']).stdout) as {
      counts: { unchanged: number };
    };
    expect(again.counts.unchanged).toBe(2);

    // Neither school's key has come: both are expected to file, so both are missing once 30 June has passed.
    const filersOut = JSON.parse(cli(['bureau', 'filers', '--data', bureau.dir, '--period', '2026H1', '--json']).stdout) as {
      schools: Array<{ schoolCode: string; status: string; hasKey: boolean; countyCode: string }>;
    };
    expect(filersOut.schools.map((s) => [s.schoolCode, s.countyCode, s.hasKey, s.status])).toEqual([
      ['3161010022', '610102', false, 'missing'],
      ['3161010021', '610113', false, 'missing'],
    ]);
    // The call list says whom to call, from the list.
    const callList = path.join(tempDir('caredesk-calllist-'), '催报名单.xlsx');
    expect(cli(['bureau', 'filers', '--data', bureau.dir, '--period', '2026H1', '--out', callList]).status).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(callList);
    const sheet = JSON.stringify(wb.worksheets[0].getSheetValues());
    expect(sheet).toContain('王老师');
    expect(sheet).toContain('029-88886666');
  });
});
