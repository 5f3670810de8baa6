/** Issue 12 part 2: the 学籍 roster import on a real encrypted store, through the router and the caredesk command. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRosterXlsx, fullWidth, type RosterCells } from '../fixtures/rosterFixture';
import { commitImport, previewImport } from '../support/imports';
import { rolloverYearFor } from '../../shared/domain/schoolYear';
import { makeIdNumber, newSchool, STUDENT, tempDir } from '../support/school';

const ID_A = makeIdNumber('610113', '2012-03-05', 21);
const ID_B_OLD = makeIdNumber('610113', '2012-06-01', 42);
const ID_B_NEW = makeIdNumber('610113', '2012-06-01', 44);
const ID_C = makeIdNumber('610113', '2011-10-10', 31);
const ID_NEW = makeIdNumber('610113', '2013-01-20', 16);
const NO_B = `G${ID_B_OLD}`;

async function school() {
  const s = await newSchool();
  const a = await s.client.call('students.create', STUDENT(ID_A, '张小明'));
  const b = await s.client.call('students.create', { ...STUDENT(ID_B_OLD, '李小红'), studentNo: NO_B });
  const c = await s.client.call('students.create', { ...STUDENT(ID_C, '王已有', '八年级(1)班'), grade: '八年级' });
  return { ...s, ids: { a: a.id, b: b.id, c: c.id } };
}

const ROWS: Array<{ cells: RosterCells; expect: string; reason?: RegExp }> = [
  {
    // Matched by ID: moves to class 2 (the registry writes only the number), a new guardian phone; flagged orphan.
    cells: {
      姓名: '张小明',
      性别: '男',
      出生日期: '20120305',
      身份证件类型: '居民身份证',
      身份证件号: ID_A,
      年级: '七年级',
      班级: '2',
      就读方式: '住校',
      留守儿童: '双亲留守儿童',
      孤儿: '01',
      成员1姓名: '张大山',
      成员1关系: '祖父',
      成员1联系电话: '13912345678',
      成员1是否监护人: '是',
    },
    expect: 'update',
  },
  // Matched by 学籍号: the ID number was corrected in the registry.
  {
    cells: {
      姓名: '李小红',
      性别: '2',
      身份证件号: ID_B_NEW,
      全国学籍号: NO_B,
      年级: '七年级',
      班级: '七年级(1)班',
      就读方式: '住校',
      留守儿童: '双亲',
      孤儿: '02',
    },
    expect: 'update',
  },
  // New: full-width digits, an Excel serial date, the GB/T 2261 code for female.
  {
    cells: {
      姓名: '赵 新生',
      性别: '2',
      出生日期: 41294,
      身份证件号: fullWidth(ID_NEW),
      年级: '初一',
      班级: '(3)班',
      留守儿童: '非',
      孤儿: '是',
      随班就读: '非随班就读',
    },
    expect: 'new',
  },
  { cells: { 姓名: '赵新生', 身份证件号: ID_NEW, 年级: '七年级', 班级: '3' }, expect: 'rejected', reason: /与第 5 行是同一名学生/ },
  {
    cells: { 姓名: '钱校验', 身份证件号: `${ID_NEW.slice(0, 17)}${ID_NEW[17] === '1' ? '2' : '1'}`, 年级: '七年级', 班级: '1' },
    expect: 'rejected',
    reason: /身份证件号：校验位不符/,
  },
  {
    cells: { 姓名: '孙数字', 身份证件号: 610113201301201000, 年级: '七年级', 班级: '1' },
    expect: 'rejected',
    reason: /身份证件号：被 Excel 存成了数字/,
  },
  {
    cells: { 姓名: '周高一', 身份证件号: makeIdNumber('610113', '2010-02-02', 13), 年级: '高一', 班级: '1' },
    expect: 'rejected',
    reason: /年级：“高一”不属于本校学段/,
  },
  {
    cells: { 姓名: '吴生日', 出生日期: '2013-01-21', 身份证件号: makeIdNumber('610113', '2013-01-20', 17), 年级: '七年级', 班级: '1' },
    expect: 'rejected',
    reason: /出生日期：2013-01-21 与身份证件号中的 2013-01-20 不一致/,
  },
  {
    cells: { 姓名: '王已有', 身份证件号: makeIdNumber('610113', '2011-10-10', 33), 年级: '八年级', 班级: '1' },
    expect: 'rejected',
    reason: /同名、同出生日期.*人工核对/,
  },
  {
    cells: { 姓名: '郑性别', 性别: '男', 身份证件号: makeIdNumber('610113', '2013-03-03', 22), 年级: '七年级', 班级: '1' },
    expect: 'rejected',
    reason: /性别：与身份证件号不一致/,
  },
  {
    cells: { 姓名: '冯学籍', 全国学籍号: `LG${ID_NEW.slice(0, 17)}`, 年级: '七年级', 班级: '1' },
    expect: 'rejected',
    reason: /全国学籍号：不能以 LG 开头/,
  },
  {
    cells: { 姓名: '陈留守', 身份证件号: makeIdNumber('610113', '2013-04-04', 51), 年级: '七年级', 班级: '1', 留守儿童: '有时' },
    expect: 'rejected',
    reason: /留守儿童：无法识别“有时”/,
  },
];

describe('学籍 roster import', () => {
  it('previews every row (new, update field by field, unchanged, rejected with the reason) and lists who is missing', async () => {
    const { client, app, ids } = await school();
    // One file, imported twice below: an xlsx built again would differ in its zip timestamps.
    const file = await buildRosterXlsx(ROWS.map((r) => r.cells));
    const { jobId, status } = await previewImport(client, 'roster', file, '在校生信息.xlsx');
    expect(status.state, status.error?.message).toBe('done');
    const p = await client.call('imports.result', { jobId });
    expect(p.headerRow).toBe(2);
    ROWS.forEach((r, i) => {
      const got = p.rows[i];
      expect(got.rowNumber).toBe(i + 3);
      expect(got.status, `row ${got.rowNumber}: ${got.reason}`).toBe(r.expect);
      if (r.reason) expect(got.reason).toMatch(r.reason);
    });
    expect(p.counts).toEqual({ total: 12, new: 1, update: 2, unchanged: 0, rejected: 9, missing: 1 });
    expect(p.missing).toEqual([{ studentId: ids.c, name: '王已有', className: '八年级(1)班' }]);
    const a = p.rows[0];
    expect(a.fieldChanges).toEqual(
      expect.arrayContaining([
        { field: 'className', from: '七年级(1)班', to: '七年级(2)班' },
        { field: 'guardians', from: expect.stringContaining('138****5678'), to: expect.stringContaining('139****5678') },
      ]),
    );
    // The registry says orphan; the office did not record it: both are shown, the office decides.
    expect(a.warnings.join()).toMatch(/学籍系统标记为孤儿，档案未登记/);
    expect(p.rows[1].fieldChanges?.map((c) => c.field)).toEqual(['idNumber']);
    expect(JSON.stringify(p)).not.toContain(ID_B_NEW);
    // Nothing is written by a preview.
    expect(await app.db()('student_changes').count({ n: '*' })).toEqual([{ n: 0 }]);

    const done = await commitImport(client, jobId);
    expect(done.state, done.error?.message).toBe('done');
    const moved = await client.call('students.get', { id: ids.a });
    expect(moved.className).toBe('七年级(2)班');
    expect(moved.categories.sort()).toEqual(['leftBehind', 'poverty']);
    const history = await client.call('students.history', { studentId: ids.a });
    expect(history.map((h) => h.source)).toEqual(['roster', 'roster']);
    expect(history[0].reason).toBe('学籍名册导入：在校生信息.xlsx');
    const revealed = await client.call('students.reveal', { id: ids.b });
    expect(revealed.idNumber).toBe(ID_B_NEW);
    const list = await client.call('students.list', { q: '赵新生' });
    expect(list.rows).toHaveLength(1);
    expect(list.rows[0]).toMatchObject({ className: '初一(3)班', grade: '初一', categories: ['orphan'], onKeyCareList: false });
    // The missing student is kept.
    expect((await client.call('students.get', { id: ids.c })).name).toBe('王已有');
    const batch = await app.db()('import_batches').where({ kind: 'roster' }).first();
    expect(batch).toMatchObject({ created: 1, matched: 2, rejected: 9 });

    // The same file again changes nothing.
    const again = await previewImport(client, 'roster', file, '在校生信息.xlsx');
    const p2 = await client.call('imports.result', { jobId: again.jobId });
    expect(p2.alreadyImportedAt).not.toBeNull();
    expect(p2.counts).toMatchObject({ new: 0, update: 0, unchanged: 3 });
    const changesBefore = await app.db()('student_changes').count({ n: '*' });
    expect((await commitImport(client, again.jobId)).state).toBe('done');
    expect(await app.db()('student_changes').count({ n: '*' })).toEqual(changesBefore);
  });

  it('refuses to commit over a file edited after the preview, and writes nothing', async () => {
    const { client, app, ids } = await school();
    const { jobId } = await previewImport(client, 'roster', await buildRosterXlsx([ROWS[0].cells, ROWS[2].cells]));
    await client.call('students.update', { id: ids.a, set: { ethnicity: '回族' } });
    const r = await commitImport(client, jobId);
    expect(r.state).toBe('failed');
    expect(r.error?.message).toMatch(/第 3 行的学生档案在预览之后被修改过，未写入任何数据/);
    expect(await app.db()('students').count({ n: '*' })).toEqual([{ n: 3 }]);
  });

  it('caredesk import roster --preview --json prints rows, changes, missing and counts', async () => {
    const dir = path.join(tempDir(), 'cli');
    const env = { ...process.env, CAREDESK_USER: 'admin', CAREDESK_PASSWORD: 'Admin-pass-2025' };
    const run = (args: string[]) => spawnSync(process.execPath, ['bin/caredesk.mjs', ...args], { encoding: 'utf8', env });
    expect(run(['init', '--data', dir, '--school-code', '3161012345', '--school-name', '测试中学', '--admin', 'admin']).status).toBe(0);
    const file = path.join(tempDir(), 'roster.xlsx');
    fs.writeFileSync(file, await buildRosterXlsx([ROWS[2].cells, ROWS[4].cells]));
    const out = run(['import', 'roster', '--data', dir, file, '--json']);
    expect(out.status, out.stderr).toBe(0);
    const j = JSON.parse(out.stdout) as {
      rows: Array<{ row: number; status: string; reason: string; changes: unknown[] }>;
      missing: unknown[];
      counts: Record<string, number>;
    };
    expect(j.rows.map((r) => [r.row, r.status])).toEqual([
      [3, 'new'],
      [4, 'rejected'],
    ]);
    expect(j.counts).toMatchObject({ new: 1, rejected: 1, batchId: expect.any(Number) });
    expect(j.missing).toEqual([]);
    const list = JSON.parse(run(['students', 'list', '--data', dir, '--json']).stdout) as Array<{ id: number; className: string }>;
    expect(list.map((s) => s.className)).toEqual(['初一(3)班']);
    const upd = run([
      'students',
      'update',
      '--data',
      dir,
      '--student',
      String(list[0].id),
      '--set',
      'className=七年级(4)班',
      '--set',
      'riskFactors=academic,behaviour',
      '--json',
    ]);
    expect(upd.status, upd.stderr).toBe(0);
    expect(JSON.parse(upd.stdout)).toEqual({ changed: ['班级', '风险因素'] });
    const hist = JSON.parse(run(['students', 'history', '--data', dir, '--student', String(list[0].id), '--json']).stdout) as Array<{
      field: string;
    }>;
    expect(hist.map((h) => h.field).sort()).toEqual(['className', 'riskFactors']);
    const listed = JSON.parse(run(['students', 'list', '--data', dir, '--json']).stdout) as Array<{ multipleFactors: boolean }>;
    expect(listed[0].multipleFactors).toBe(true);

    // The other commands the issues spell out, with their JSON shapes.
    const screening = run(['screening', '--data', dir, '--json']);
    expect(screening.status, screening.stderr).toBe(0);
    expect(JSON.parse(screening.stdout)).toMatchObject({
      neverApplied: expect.any(Array),
      undecided: [],
      notDelivered: [],
      population: expect.any(Number),
    });
    const toYear = rolloverYearFor(new Date().toISOString().slice(0, 10));
    const roll = run(['year', 'rollover', '--data', dir, '--to', toYear, '--preview', '--json']);
    expect(roll.status, roll.stderr).toBe(0);
    expect(JSON.parse(roll.stdout)).toMatchObject({
      toYear,
      done: false,
      moves: [{ fromGrade: '初一', toGrade: '初二', students: 1 }],
      graduating: [],
    });
    const audit = run(['audit', 'list', '--data', dir, '--since', '2020-01-01', '--json']);
    expect(audit.status, audit.stderr).toBe(0);
    expect(
      (JSON.parse(audit.stdout) as Array<{ action: string; actionLabel: string }>).find((r) => r.action === 'roster.import'),
    ).toMatchObject({
      actionLabel: '学籍名册导入',
    });
  });
});
