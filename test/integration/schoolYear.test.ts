/** Issue 12 parts 3–4: the school-year rollover and transfers, through the router on a real encrypted store. */
import { describe, expect, it } from 'vitest';
import { confirmedStudent } from '../support/flow';
import { buildRosterXlsx } from '../fixtures/rosterFixture';
import { previewImport } from '../support/imports';
import { Client, makeIdNumber, newSchool, STUDENT, tempDir } from '../support/school';

/** A rollover moves into the school year the day belongs to (from 1 July): the tests fix the day. */
const NOW = new Date('2026-11-29T10:00:00+08:00');

describe('school-year rollover', () => {
  it('previews, refuses unknown grades, then moves every class, graduates the final grade and puts their cases up for exit', async () => {
    const { client, app, router } = await newSchool(tempDir(), () => NOW);
    const a = await client.call('students.create', STUDENT(makeIdNumber('610113', '2013-03-05', 21), '安七'));
    const b = await confirmedStudent(client, 33, '白九', '九年级(2)班', '九年级');
    const d = await client.call('students.create', {
      ...STUDENT(makeIdNumber('610113', '2013-05-05', 45), '丁预备', '预备(1)班'),
      grade: '预备班',
    });
    await client.call('accounts.create', {
      username: 'bzr1',
      displayName: '刘老师',
      password: 'Teacher-pass-2025',
      role: 'headTeacher',
      classes: ['九年级(2)班', '七年级(1)班'],
    });

    const preview = await client.call('year.rollover', { toYear: '2026-2027', preview: true });
    expect(preview.done).toBe(false);
    expect(preview.plan.moves).toEqual([{ fromGrade: '七年级', toGrade: '八年级', students: 1 }]);
    expect(preview.plan.graduating).toEqual([{ grade: '九年级', students: 1 }]);
    expect(preview.plan.unknownGrades).toEqual([{ grade: '预备班', students: 1 }]);
    expect(preview.plan.exits.map((e) => e.studentName)).toEqual(['白九']);
    expect(preview.plan.staff).toEqual([
      expect.objectContaining({ name: '刘老师', from: ['九年级(2)班', '七年级(1)班'], to: ['2026届九年级(2)班', '八年级(1)班'] }),
    ]);
    const refused = await client.raw('year.rollover', { toYear: '2026-2027', preview: false });
    expect(refused.ok || refused.error.message).toMatch(/“预备班”（1 人）/);
    expect((await client.call('students.get', { id: a.id })).grade).toBe('七年级');

    await client.call('students.update', { id: d.id, set: { grade: '七年级', className: '七年级(2)班' } });
    const done = await client.call('year.rollover', { toYear: '2026-2027', preview: false });
    expect(done.done).toBe(true);
    expect(Buffer.from(done.backup?.base64 ?? '', 'base64').length).toBeGreaterThan(1000);

    const moved = await client.call('students.get', { id: a.id });
    expect([moved.grade, moved.className, moved.status]).toEqual(['八年级', '八年级(1)班', 'active']);
    const grad = await client.call('students.get', { id: b.studentId });
    expect([grad.className, grad.status, grad.leftReason]).toEqual(['2026届九年级(2)班', 'graduated', '毕业']);
    expect(grad.cases[0].exitRequested).toBe('毕业');
    const history = await client.call('students.history', { studentId: b.studentId });
    expect(history.map((h) => [h.fieldLabel, h.to, h.source])).toEqual(
      expect.arrayContaining([
        ['班级', '2026届九年级(2)班', 'rollover'],
        ['在校状态', '已毕业', 'rollover'],
      ]),
    );
    // Graduates leave the daily roster but keep a read-only file.
    expect((await client.call('students.list', {})).rows.map((r) => r.name).sort()).toEqual(['丁预备', '安七'].sort());
    expect((await client.call('students.list', { status: 'left' })).rows.map((r) => r.name)).toEqual(['白九']);
    const edit = await client.raw('students.update', { id: b.studentId, set: { ethnicity: '回族' } });
    expect(edit.ok || edit.error.message).toMatch(/该生已毕业.*档案只读/);
    // The head teacher follows their students.
    const teacher = new Client(router);
    await teacher.firstLogin('bzr1', 'Teacher-pass-2025');
    expect((await teacher.call('students.list', { status: 'all' })).rows.map((r) => r.className).sort()).toEqual(
      ['2026届九年级(2)班', '八年级(1)班'].sort(),
    );

    expect((await client.call('year.status', {})).schoolYear).toBe('2026-2027');
    const again = await client.raw('year.rollover', { toYear: '2026-2027', preview: true });
    expect(again.ok || again.error.message).toMatch(/已是 2026-2027 学年/);
    // Never ahead of the calendar, never skipping a year.
    const early = await client.raw('year.rollover', { toYear: '2027-2028', preview: true });
    expect(early.ok || early.error.message).toMatch(/只能升入/);
    const skip = await client.raw('year.rollover', { toYear: '2028-2029', preview: true });
    expect(skip.ok || skip.error.message).toMatch(/不能跳过/);
    expect(await app.db()('audit_log').where({ action: 'year.rollover' }).count({ n: '*' })).toEqual([{ n: 1 }]);
    expect(await app.db()('audit_log').where({ action: 'backup.create' }).count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('uses the school’s own grade sequences: the final grade is the last one, for the rollover and for E8', async () => {
    const { client } = await newSchool(tempDir(), () => NOW);
    await client.call('year.saveProgression', { progression: { junior: [['七年级', '八年级', '九年级', '十年级']] } });
    const s = await client.call('students.create', {
      ...STUDENT(makeIdNumber('610113', '2011-03-05', 21), '九年级生', '九年级(1)班'),
      grade: '九年级',
    });
    const p = await client.call('year.rollover', { toYear: '2026-2027', preview: true });
    expect(p.plan.moves).toEqual([{ fromGrade: '九年级', toGrade: '十年级', students: 1 }]);
    expect(p.plan.graduating).toEqual([]);
    const dup = await client.raw('year.saveProgression', { progression: { junior: [['七年级', '七年级']] } });
    expect(dup.ok || dup.error.message).toMatch(/学段“初中”的年级顺序中有重复的年级/);
    expect(s.id).toBeGreaterThan(0);
    // E8's graduate database follows the same setting: a key student in 十年级 is a graduate, one in 九年级 is not.
    await confirmedStudent(client, 61, '十年级生', '十年级(1)班', '十年级');
    await confirmedStudent(client, 62, '九年级key', '九年级(2)班', '九年级');
    expect((await client.call('employment.graduates', {})).map((g) => g.name)).toEqual(['十年级生']);
  });
});

describe('transfers', () => {
  it('a student who transfers out keeps a read-only file, leaves the list, their case goes up for exit; transfer in restores', async () => {
    const { client } = await newSchool(tempDir(), () => NOW);
    const c = await confirmedStudent(client, 51, '陈转', '八年级(1)班', '八年级');
    await client.call('students.transfer', {
      id: c.studentId,
      direction: 'out',
      date: '2026-11-20',
      reason: '随父母迁居',
      school: '宝鸡市第一中学',
    });
    const file = await client.call('students.get', { id: c.studentId });
    expect([file.status, file.leftAt, file.leftReason]).toEqual(['transferred', '2026-11-20', '转至宝鸡市第一中学；随父母迁居']);
    expect(file.cases[0].exitRequested).toBe('转学');
    expect((await client.call('students.list', {})).total).toBe(0);
    const edit = await client.raw('students.update', { id: c.studentId, set: { className: '八年级(2)班' } });
    expect(edit.ok || edit.error.code).toBe('STATE');
    // The roster does not silently bring a transferred student back.
    const idNumber = (await client.call('students.reveal', { id: c.studentId })).idNumber;
    const { jobId } = await previewImport(
      client,
      'roster',
      await buildRosterXlsx([{ 姓名: '陈转', 身份证件号: idNumber, 年级: '八年级', 班级: '1' }]),
    );
    const p = await client.call('imports.result', { jobId });
    expect(p.rows[0].reason).toMatch(/档案中该生已转出（2026年11月20日）：如已返校，请先在学生档案中办理转入/);

    const future = await client.raw('students.transfer', { id: c.studentId, direction: 'in', date: '2099-01-01', reason: '返校' });
    expect(future.ok || future.error.issues?.[0]?.path).toBe('date');
    await client.call('students.transfer', {
      id: c.studentId,
      direction: 'in',
      date: '2026-11-28',
      reason: '返校就读',
      className: '八年级(3)班',
    });
    const back = await client.call('students.get', { id: c.studentId });
    expect([back.status, back.className]).toEqual(['active', '八年级(3)班']);
    const h = await client.call('students.history', { studentId: c.studentId });
    expect(h.filter((x) => x.field === 'status').map((x) => x.to)).toEqual(['在校', '已转出']);
  });
});
