/** 免申即享 import (I3) on a real encrypted store: preview with per-row reasons, all-or-nothing commit, idempotence. */
import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { semesterOf } from '../../shared/domain/calendar';
import { todayIso } from '../../shared/domain/dates';
import type { Knex } from 'knex';
import { buildAidListXlsx, buildZipBomb, fixtureRows, IDS, STUDENT_NO_ONLY } from '../fixtures/aidListFixture';
import { makeIdNumber, newSchool, STUDENT, type Client } from '../support/school';
import { previewImport, waitJob } from '../support/imports';
import { reviewInMeeting } from '../support/flow';

/** A digest of every row of every table: "nothing changed" means this is equal. */
async function contentDigest(db: Knex): Promise<string> {
  const tables = ((await db.raw("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")) as Array<{ name: string }>).map(
    (t) => t.name,
  );
  const h = crypto.createHash('sha256');
  for (const t of tables) h.update(t).update(JSON.stringify(await db(t).select('*').orderByRaw('rowid')));
  return h.digest('hex');
}

async function school() {
  const s = await newSchool();
  const a = await s.client.call('students.create', STUDENT(IDS.matchedById, '张小明'));
  const b = await s.client.call('students.create', { ...STUDENT(IDS.matchedByNo, '李小红'), studentNo: STUDENT_NO_ONLY });
  const c = await s.client.call('students.create', { ...STUDENT(IDS.unchanged, '王已有'), categories: ['poverty'] });
  const applied = await s.client.call('cases.apply', {
    studentId: c.id,
    applicantType: 'teacher',
    applicantName: '刘老师',
    careRequested: ['financialAid'],
    facts: '家庭困难',
    reasons: '资助',
    categories: [],
    riskFactors: [],
  });
  // Already graded 特别困难 this semester, as the list says: nothing changes for 王已有.
  await s.client.call('aid.grade', { studentId: c.id, semester: semesterOf(todayIso()), levelKey: 'special', types: [] });
  return { ...s, ids: { a: a.id, b: b.id, c: c.id }, caseOfC: applied.id };
}

async function preview(client: Client, bytes: Buffer) {
  const { jobId, status } = await previewImport(client, 'aidList', bytes, '资助名单.xlsx');
  return { jobId, st: status };
}

describe('免申即享 import', () => {
  it('says why a matched row changes nothing: the open case, and a deferral by the review meeting (issue 11 #11)', async () => {
    const { client, caseOfC } = await school();
    const reasonOf = async () => {
      const { jobId } = await preview(client, await buildAidListXlsx());
      return (await client.call('imports.result', { jobId })).rows.find((r) => r.name === '王已有');
    };
    expect(await reasonOf()).toMatchObject({ status: 'unchanged', reason: '已有进行中的个案（待评议），名单没有带来新信息' });
    await reviewInMeeting(client, [caseOfC], 'defer');
    expect(await reasonOf()).toMatchObject({ status: 'unchanged', reason: expect.stringContaining('集体评议暂缓，等待下次评议') });
  });

  it('previews every row with its status and reason and writes nothing', async () => {
    const { client, app } = await school();
    const before = await contentDigest(app.db());
    const { jobId, st } = await preview(client, await buildAidListXlsx());
    expect(st.state).toBe('done');
    const p = await client.call('imports.result', { jobId });
    expect(p.headerRow).toBe(3);
    expect(p.mapping).toMatchObject({ name: 2, idNumber: 4, studentNo: 5, level: 9, flagPoverty: 10, flagOrphan: 12 });
    const rows = fixtureRows();
    expect(p.rows).toHaveLength(rows.length);
    rows.forEach((r, i) => {
      const got = p.rows[i];
      expect(got.rowNumber).toBe(i + 4);
      expect(got.status, `row ${got.rowNumber}: ${got.reason}`).toBe(r.expect);
      if (r.reason) expect(got.reason).toMatch(r.reason);
    });
    expect(p.counts).toEqual({ total: 15, matched: 2, created: 2, newCases: 4, unchanged: 1, rejected: 10 });
    expect(p.rows[3].idMasked).toMatch(/^6101\*{10}104\d$/); // masked, and the 15-digit ID was converted
    expect(JSON.stringify(p)).not.toContain(IDS.newStudentSerial);
    expect(await contentDigest(app.db())).toBe(before);

    // The rejected rows go back to whoever sent the list: row number, name, masked ID and the reason.
    const out = await client.call('imports.exportRejected', { jobId });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(out.base64, 'base64') as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(sheet.getRow(3).values).toEqual([undefined, '原表行号', '姓名', '证件号（遮挡）', '原因']);
    const back = [] as Array<[number, string]>;
    sheet.eachRow((r, i) => {
      if (i > 3) back.push([Number(r.getCell(1).value), String(r.getCell(4).value)]);
    });
    const rejected = p.rows.filter((r) => r.status === 'rejected');
    expect(back).toEqual(rejected.map((r) => [r.rowNumber, r.reason]));
    expect(JSON.stringify(back)).not.toContain(IDS.newStudentSerial);
    expect(await app.db()('audit_log').where({ action: 'export.importRejected' }).first()).toBeTruthy();
  });

  it('commits all at once: system-push cases awaiting confirmation, a batch record; a second import changes nothing', async () => {
    const { client, app, ids } = await school();
    const bytes = await buildAidListXlsx();
    const first = await preview(client, bytes);
    const { jobId } = await client.call('imports.commit', { jobId: first.jobId });
    const done = await waitJob(client, jobId);
    expect(done.state).toBe('done');
    expect(done.result?.counts).toMatchObject({ newCases: 4, created: 2, rejected: 10 });
    const pushed = await client.call('cases.list', { states: ['reviewed'] });
    expect(pushed.map((c) => c.studentName).sort()).toEqual(['张小明', '李小红', '赵新生', '钱序列'].sort());
    expect(pushed.every((c) => c.source === 'systemPush' && c.review === null)).toBe(true);
    const a = await client.call('students.get', { id: ids.a });
    expect(a.categories.sort()).toEqual(['leftBehind', 'poverty']);
    // The list's 认定级别 is this semester's F9 grading; below the highest tier it says where it came from.
    const gradings = (await app
      .db()('difficulty_gradings')
      .orderBy('student_id')
      .select('student_id', 'level_label', 'reason_below_highest')) as Array<{
      student_id: number;
      level_label: string;
      reason_below_highest: string;
    }>;
    expect(gradings.find((g) => g.student_id === ids.a)).toMatchObject({ level_label: '特别困难', reason_below_highest: '' });
    expect(gradings.find((g) => g.student_id === ids.b)?.reason_below_highest).toMatch(/^资助系统名单认定（免申即享导入第 \d+ 批）$/);
    const batch = await app.db()('import_batches').first();
    expect(batch).toMatchObject({ kind: 'aidList', rows: 15, new_cases: 4, rejected: 10 });
    // The simplified procedure still needs the school's confirmation.
    const confirm = await client.call('cases.confirm', {
      caseId: pushed[0].id,
      careContent: '国家助学金；学业关心',
      responsibleAccountId: 1,
    });
    expect(confirm.state).toBe('confirmed');

    const before = await contentDigest(app.db());
    const second = await preview(client, bytes);
    const p2 = await client.call('imports.result', { jobId: second.jobId });
    expect(p2.alreadyImportedAt).not.toBeNull();
    expect(p2.counts).toMatchObject({ matched: 0, created: 0, newCases: 0, unchanged: 5, rejected: 10 });
    const again = await waitJob(client, (await client.call('imports.commit', { jobId: second.jobId })).jobId);
    expect(again.result?.batchId).toBeNull();
    expect(await contentDigest(app.db())).toBe(before);
  });

  it('leaves the store exactly as it was when cancelled, or when the commit fails part-way', async () => {
    const { client, app } = await school();
    const before = await contentDigest(app.db());
    const { jobId } = await client.call('imports.preview', {
      kind: 'aidList',
      fileRef: await client.send(await buildAidListXlsx(), 'x.xlsx'),
    });
    await client.call('jobs.cancel', { jobId });
    const st = await waitJob(client, jobId);
    expect(['cancelled', 'done']).toContain(st.state);
    expect(await contentDigest(app.db())).toBe(before);

    const p = await preview(client, await buildAidListXlsx());
    // Someone registers one of the "new" students between preview and commit: the commit must fail whole.
    await client.call('students.create', STUDENT(makeIdNumber('610113', '2011-09-01', 105), '钱序列'));
    const mid = await contentDigest(app.db());
    const failed = await waitJob(client, (await client.call('imports.commit', { jobId: p.jobId })).jobId);
    expect(failed.state).toBe('failed');
    expect(failed.error?.message).toContain('请重新预览');
    expect(await contentDigest(app.db())).toBe(mid);
    expect(await app.db()('import_batches').count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('refuses a zip bomb, a non-xlsx file and a sheet without the headers, with clear messages', async () => {
    const { client } = await school();
    const bomb = await preview(client, await buildZipBomb());
    expect(bomb.st.state).toBe('failed');
    expect(bomb.st.error?.message).toMatch(/压缩炸弹|压缩比/);
    const notXlsx = await preview(client, Buffer.from('姓名,身份证号\n张三,1'));
    expect(notXlsx.st.error?.message).toContain('不是 xlsx');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('x').addRow(['学生', '号码']);
    const noHeader = await preview(client, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(noHeader.st.error?.message).toContain('未找到表头');
  });

  it('is refused to a head teacher', async () => {
    const { client } = await school();
    await client.call('accounts.create', {
      username: 'liu',
      displayName: '刘老师',
      password: 'Teacher-pass-1',
      role: 'headTeacher',
      classes: ['七年级(1)班'],
    });
    const t = new (client.constructor as typeof Client)(client.router);
    await t.firstLogin('liu', 'Teacher-pass-1');
    const r = await t.raw('imports.preview', { kind: 'aidList', fileRef: await t.send(Buffer.from('AAAA'), 'x.xlsx') });
    expect(!r.ok && r.error.code).toBe('FORBIDDEN');
  });
});
