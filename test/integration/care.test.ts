/**
 * Care services through the router on a real encrypted store: the contact cadence and the compliance view (P5),
 * peer-pair suggestions (A3), dropout ledgers (A4), concerns (P7), crisis records (P5) and role scoping.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { Client, newSchool, tempDir } from '../support/school';
import { confirmedStudent } from '../support/flow';
import { seedCareHistory } from '../../main/core/seed/careSeed';

/** A school whose clock the test moves; sessions expire when it jumps, so helpers log in again. */
async function schoolAt(iso: string) {
  let now = new Date(iso);
  const s = await newSchool(tempDir(), () => now);
  const staff = async (username: string, role: string, classes: string[] = []) => {
    await s.client.call('accounts.create', {
      username,
      displayName: `${username}老师`,
      password: 'Teacher-pass-1',
      role: role as 'headTeacher',
      classes,
    });
    const c = new Client(s.router);
    await c.login(username, 'Teacher-pass-1');
    await c.call('auth.changePassword', { oldPassword: 'Teacher-pass-1', newPassword: 'Teacher-pass-2' });
    return c;
  };
  return {
    ...s,
    staff,
    setNow: (d: string) => {
      now = new Date(d);
    },
  };
}

describe('contact cadence and compliance (P5)', () => {
  it('owes no ask on a day without school: the whole class cannot be recorded at once, one student can', async () => {
    const s = await schoolAt('2025-11-15T10:00:00+08:00'); // a Saturday
    const a = await confirmedStudent(s.client, 111, '张小明', '七年级(1)班');
    const b = await confirmedStudent(s.client, 112, '李小红', '七年级(1)班');
    const teacher = await s.staff('liu', 'headTeacher', ['七年级(1)班']);
    expect((await teacher.call('cadence.today', {})).schoolDay).toBe(false);
    const all = await teacher.raw('cadence.record', {
      kind: 'dailyAsk',
      date: '2025-11-15',
      entries: [{ studentId: a.studentId }, { studentId: b.studentId }],
    });
    expect(!all.ok && all.error.message).toContain('不是上课日');
    expect(
      await teacher.call('cadence.record', {
        kind: 'dailyAsk',
        date: '2025-11-15',
        entries: [{ studentId: a.studentId, note: '家长来电' }],
      }),
    ).toEqual({
      recorded: 1,
      already: 0,
    });
    const note = (await s.app.db()('contacts').where({ student_id: a.studentId, date: '2025-11-15' }).first('note')) as { note: string };
    expect(note.note).toBe('（非上课日）家长来电');
  });

  it('lists exactly the key students still owed today, by responsible person, and misses nobody', async () => {
    const s = await schoolAt('2025-11-12T09:00:00+08:00'); // a Wednesday
    const a = await confirmedStudent(s.client, 101, '张小明', '七年级(1)班');
    const b = await confirmedStudent(s.client, 102, '李小红', '七年级(1)班');
    const c = await confirmedStudent(s.client, 103, '王小刚', '七年级(1)班');
    const d = await confirmedStudent(s.client, 104, '赵小燕', '八年级(2)班');
    const teacher = await s.staff('liu', 'headTeacher', ['七年级(1)班']);
    const today = await teacher.call('cadence.today', {});
    expect(today.rows.map((r) => r.name).sort()).toEqual(['张小明', '李小红', '王小刚'].sort());
    await teacher.call('cadence.record', {
      kind: 'dailyAsk',
      date: '2025-11-12',
      entries: [{ studentId: a.studentId }, { studentId: b.studentId, unusual: true, note: '情绪低落，已联系家长' }],
    });
    // Clicking "all" afterwards records only the one still missing.
    const again = await teacher.call('cadence.record', {
      kind: 'dailyAsk',
      date: '2025-11-12',
      entries: [{ studentId: a.studentId }, { studentId: b.studentId }],
    });
    expect(again).toEqual({ recorded: 0, already: 2 });
    const comp = await teacher.call('cadence.compliance', { month: '2025-11' });
    const daily = comp.items.filter((i) => i.obligation === 'dailyAsk');
    expect(daily.map((i) => i.studentName)).toEqual(['王小刚']);
    expect(daily[0]).toMatchObject({ dueDate: '2025-11-12', status: 'due', responsibleName: 'liu老师' });
    expect(comp.items.some((i) => i.studentId === d.studentId)).toBe(false); // another class: not in this teacher's view
    // Unusual asks need a note.
    const bad = await teacher.raw('cadence.record', {
      kind: 'dailyAsk',
      date: '2025-11-12',
      entries: [{ studentId: c.studentId, unusual: true }],
    });
    expect(!bad.ok && bad.error.message).toContain('写明情况');
    // A head teacher may not record the principal's weekly see.
    const see = await teacher.raw('cadence.record', { kind: 'weeklySee', date: '2025-11-12', entries: [{ studentId: a.studentId }] });
    expect(!see.ok && see.error.code).toBe('FORBIDDEN');

    // Two school days later, with nothing else recorded: every missed day is overdue; the weekend is not owed.
    s.setNow('2025-11-17T10:00:00+08:00'); // Monday
    await s.client.login('admin', 'Admin-pass-2025');
    const later = await s.client.call('cadence.compliance', { month: '2025-11' });
    const missedDays = (id: number) =>
      later.items.filter((i) => i.studentId === id && i.obligation === 'dailyAsk').map((i) => `${i.dueDate}:${i.status}`);
    expect(missedDays(a.studentId)).toEqual(['2025-11-13:overdue', '2025-11-14:overdue', '2025-11-17:due']);
    expect(missedDays(c.studentId)).toEqual(['2025-11-12:overdue', '2025-11-13:overdue', '2025-11-14:overdue', '2025-11-17:due']);
    const weekly = later.items.filter((i) => i.obligation === 'weeklySee' && i.studentId === d.studentId);
    expect(weekly.map((i) => `${i.dueDate}:${i.status}`)).toEqual(['2025-11-14:overdue', '2025-11-21:due']);
    expect(later.items.filter((i) => i.obligation === 'monthlyTalk')).toHaveLength(4);
    expect(later.byResponsible.find((r) => r.responsibleName === 'liu老师')?.students).toBe(3);
    // Non-school days configured by the office are not owed.
    await s.client.call('calendar.save', {
      nonSchoolDays: [{ from: '2025-11-13', to: '2025-11-14', label: '运动会调休' }],
      concernDueWorkingDays: 3,
    });
    const holiday = await s.client.call('cadence.compliance', { month: '2025-11' });
    expect(holiday.items.filter((i) => i.studentId === a.studentId && i.obligation === 'dailyAsk').map((i) => i.dueDate)).toEqual([
      '2025-11-17',
    ]);
    const reminders = await s.client.call('cadence.reminders', {});
    expect(reminders.overdue + reminders.due).toBe(holiday.items.length);
  });

  it('turns an unusual ask into a follow-up for the head teacher, due the next school day, until one is recorded', async () => {
    const s = await schoolAt('2025-11-14T09:00:00+08:00'); // Friday
    const a = await confirmedStudent(s.client, 121, '张小明', '七年级(1)班');
    const teacher = await s.staff('liu', 'headTeacher', ['七年级(1)班']);
    await teacher.call('cadence.record', {
      kind: 'dailyAsk',
      date: '2025-11-14',
      entries: [{ studentId: a.studentId, unusual: true, note: '手臂有淤青，不愿说明原因' }],
    });
    const followUps = async (c: Client) =>
      (await c.call('cadence.compliance', { month: '2025-11' })).items
        .filter((i) => i.obligation === 'followUp')
        .map((i) => `${i.studentName}:${i.dueDate}:${i.status}:${i.responsibleName}`);
    // Due on Monday (the weekend is not a school day), owed by the class's head teacher.
    expect(await followUps(teacher)).toEqual(['张小明:2025-11-17:due:liu老师']);
    const timeline = (await s.client.call('students.get', { id: a.studentId })).timeline;
    expect(timeline.find((e) => e.title.includes('发现异常'))).toMatchObject({
      title: '每日一问发现异常，须于2025年11月17日前跟进',
      detail: '手臂有淤青，不愿说明原因',
    });
    // Not followed up by Tuesday: overdue, and in the reminders count.
    s.setNow('2025-11-18T09:00:00+08:00');
    await teacher.login('liu', 'Teacher-pass-2');
    expect(await followUps(teacher)).toEqual(['张小明:2025-11-17:overdue:liu老师']);
    // A later talk with the student is the follow-up; the item goes.
    await teacher.call('cadence.record', {
      kind: 'monthlyTalk',
      date: '2025-11-18',
      entries: [{ studentId: a.studentId, note: '单独谈话，已告知心理老师' }],
    });
    expect(await followUps(teacher)).toEqual([]);
  });

  it('puts overdue concerns in the compliance view (due 3 working days after receipt)', async () => {
    const s = await schoolAt('2025-11-14T09:00:00+08:00'); // Friday
    const a = await confirmedStudent(s.client, 111);
    const t = await s.client.call('concerns.create', {
      studentId: a.studentId,
      source: 'guardian',
      kind: 'request',
      fromName: '张大山',
      channel: '电话',
      content: '希望调整住宿',
      receivedAt: '2025-11-14',
      ownerAccountId: 1,
    });
    expect(t.dueDate).toBe('2025-11-19'); // Mon, Tue, Wed
    s.setNow('2025-11-20T09:00:00+08:00');
    await s.client.login('admin', 'Admin-pass-2025');
    const comp = await s.client.call('cadence.compliance', { month: '2025-11' });
    expect(comp.items.filter((i) => i.obligation === 'concern')).toEqual([
      expect.objectContaining({ ref: t.id, status: 'overdue', dueDate: '2025-11-19' }),
    ]);
    const closeEmpty = await s.client.raw('concerns.respond', { id: t.id, response: '', close: true });
    expect(!closeEmpty.ok && closeEmpty.error.message).toContain('答复');
    await s.client.call('concerns.respond', { id: t.id, response: '已协调宿舍', close: true });
    expect((await s.client.call('concerns.list', {}))[0]).toMatchObject({ overdue: true });
  });
});

describe('peer pairs (A3)', () => {
  it('ranks partners by the stated rule and never exceeds capacity', async () => {
    const s = await schoolAt('2025-10-09T09:00:00+08:00');
    const needy = await confirmedStudent(s.client, 121, '受助生', '七年级(1)班');
    await s.client.call('careRecords.saveTutoringPlan', {
      studentId: needy.studentId,
      semester: '2025-2026-1',
      subjects: ['数学', '英语'],
      tutorAccountId: 1,
      schedule: '每周二、四下午',
      goals: '数学及格',
    });
    const mk = async (seq: number, name: string, className: string, grade: string) =>
      (
        await s.client.call('students.create', {
          ...(
            await import('../support/school')
          ).STUDENT((await import('../support/school')).makeIdNumber('610113', '2012-04-01', seq), name, className),
          grade,
          categories: [],
          leftBehind: 'none',
        })
      ).id;
    const v = {
      sameClassOne: await mk(201, '甲同班擅长数学', '七年级(1)班', '七年级'),
      sameClassBoth: await mk(202, '乙同班擅长数英', '七年级(1)班', '七年级'),
      sameGradeBoth: await mk(203, '丙同年级擅长数英', '七年级(2)班', '七年级'),
      otherGrade: await mk(204, '丁八年级擅长数英', '八年级(1)班', '八年级'),
      noConsent: await mk(205, '戊未同意', '七年级(1)班', '七年级'),
      full: await mk(206, '己已满额', '七年级(1)班', '七年级'),
    };
    await s.client.call('pairs.saveVolunteer', { studentId: v.sameClassOne, strengths: ['数学'], capacity: 1, consent: true });
    await s.client.call('pairs.saveVolunteer', { studentId: v.sameClassBoth, strengths: ['数学', '英语'], capacity: 1, consent: true });
    await s.client.call('pairs.saveVolunteer', { studentId: v.sameGradeBoth, strengths: ['英语', '数学'], capacity: 2, consent: true });
    await s.client.call('pairs.saveVolunteer', { studentId: v.otherGrade, strengths: ['数学', '英语'], capacity: 2, consent: true });
    await s.client.call('pairs.saveVolunteer', { studentId: v.noConsent, strengths: ['数学', '英语'], capacity: 2, consent: false });
    const fullVol = await s.client.call('pairs.saveVolunteer', {
      studentId: v.full,
      strengths: ['数学', '英语'],
      capacity: 1,
      consent: true,
    });
    const other = await confirmedStudent(s.client, 122, '另一受助生', '七年级(3)班');
    await s.client.call('pairs.create', { volunteerId: fullVol.id, studentId: other.studentId, subjects: ['数学'] });

    const r = await s.client.call('pairs.suggest', { studentId: needy.studentId });
    expect(r.weakSubjects).toEqual(['数学', '英语']);
    expect(r.suggestions.map((x) => x.name)).toEqual(['乙同班擅长数英', '甲同班擅长数学', '丙同年级擅长数英', '丁八年级擅长数英']);
    expect(r.suggestions[0].reasons).toEqual(['同班', '擅长数学、英语（与薄弱学科相符）', '当前结对 0/1 人']);
    expect(r.rule).toContain('同班优先');

    const first = r.suggestions[0];
    await s.client.call('pairs.create', { volunteerId: first.volunteerId, studentId: needy.studentId, subjects: ['数学'] });
    // One partner at a time, and the volunteer is now full.
    const second = await s.client.raw('pairs.create', {
      volunteerId: r.suggestions[2].volunteerId,
      studentId: needy.studentId,
      subjects: [],
    });
    expect(!second.ok && second.error.message).toContain('已有结对伙伴');
    const over = await s.client.raw('pairs.create', { volunteerId: first.volunteerId, studentId: other.studentId, subjects: [] });
    expect(!over.ok && over.error.code).toBe('CONFLICT');
    const after = await s.client.call('pairs.suggest', { studentId: other.studentId, weakSubjects: ['英语'] });
    expect(after.suggestions.map((x) => x.volunteerId)).not.toContain(first.volunteerId);
    for (const vol of await s.client.call('pairs.volunteers', {})) expect(vol.load).toBeLessThanOrEqual(vol.capacity);
    const pairs = await s.client.call('pairs.list', {});
    await s.client.call('pairs.addActivity', { pairId: pairs[0].id, date: '2025-10-09', content: '一起订正数学作业', minutes: 40 });
    await s.client.call('pairs.setState', { pairId: pairs[0].id, state: 'ended' });
    const ended = await s.client.raw('pairs.addActivity', { pairId: pairs[0].id, date: '2025-10-09', content: 'x', minutes: 10 });
    expect(!ended.ok && ended.error.code).toBe('STATE');
  });
});

describe('dropout control (A4)', () => {
  it('puts not-arrived students on the right ledger, closes on return, and exports the monthly ledger', async () => {
    const s = await schoolAt('2025-09-03T09:00:00+08:00');
    const a = await confirmedStudent(s.client, 131, '张一', '七年级(1)班');
    const b = await confirmedStudent(s.client, 132, '李二', '七年级(1)班');
    const c = await confirmedStudent(s.client, 133, '=HYPERLINK("x")', '七年级(1)班');
    const sheet = await s.client.call('dropout.registration', { semester: '2025-2026-1' });
    expect(sheet.map((r) => r.arrived)).toEqual([null, null, null]);
    const noReason = await s.client.raw('dropout.mark', { semester: '2025-2026-1', studentIds: [b.studentId], arrived: false });
    expect(!noReason.ok && noReason.error.message).toContain('原因');
    await s.client.call('dropout.mark', { semester: '2025-2026-1', studentIds: [a.studentId], arrived: true });
    await s.client.call('dropout.mark', {
      semester: '2025-2026-1',
      studentIds: [b.studentId, c.studentId],
      arrived: false,
      reason: 'suspectedDropout',
      note: '',
    });
    const suspected = await s.client.call('dropout.ledger', { ledger: 'suspected' });
    expect(suspected.map((e) => e.studentId).sort()).toEqual([b.studentId, c.studentId].sort());
    await s.client.call('dropout.followUp', {
      entryId: suspected.find((e) => e.studentId === c.studentId)!.id,
      date: '2025-09-03',
      kind: 'persuasion',
      note: '家访劝返，家长同意下周返校',
      statusAfter: 'dropout',
    });
    expect((await s.client.call('dropout.ledger', { ledger: 'dropout' })).map((e) => e.studentId)).toEqual([c.studentId]);
    await s.client.call('dropout.mark', { semester: '2025-2026-1', studentIds: [b.studentId], arrived: true });
    expect(await s.client.call('dropout.ledger', { ledger: 'suspected' })).toEqual([]);

    const file = await s.client.call('dropout.exportLedger', { month: '2025-09' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
    const rows = (name: string) => {
      const ws = wb.worksheets.find((w) => w.name.startsWith(name))!;
      const out: string[][] = [];
      ws.eachRow((r, n) => {
        if (n > 3) out.push((r.values as unknown[]).slice(1).map((v) => String(v ?? '')));
      });
      return out;
    };
    expect(wb.worksheets.map((w) => w.name)).toHaveLength(4);
    expect(rows('疑似辍学').map((r) => [r[1], r[5]])).toEqual([['李二', '已复学']]);
    const dropout = rows('辍学学生');
    expect(dropout).toHaveLength(1);
    expect(dropout[0][1]).toBe(`'=HYPERLINK("x")`); // a name that looks like a formula stays text
    expect(dropout[0][8]).toBe('1');
    expect(rows('适龄儿童')).toEqual([]);
  });
});

describe('role scoping', () => {
  it('refuses crisis records to head teachers and tutors, and other classes to a head teacher, through the router', async () => {
    const s = await schoolAt('2025-10-09T09:00:00+08:00');
    const mine = await confirmedStudent(s.client, 141, '张小明', '七年级(1)班');
    const theirs = await confirmedStudent(s.client, 142, '李小红', '八年级(3)班');
    const counsellor = await s.staff('xinli', 'counsellor');
    const { id: crisisId } = await counsellor.call('crisis.record', {
      studentId: theirs.studentId,
      date: '2025-10-09',
      levelKey: 'L2',
      disposition: 'intervene',
      note: '近期情绪波动明显',
    });
    await counsellor.call('crisis.addReferral', { crisisId, institution: '西安市精神卫生中心', date: '2025-10-09', result: '门诊评估' });
    const list = await counsellor.call('crisis.list', {});
    expect(list[0]).toMatchObject({ levelLabel: '二级（橙色）', severity: 3, disposition: 'refer' });
    expect(await s.app.db()('audit_log').where({ action: 'crisis.view' }).first()).toBeTruthy();

    const teacher = await s.staff('liu', 'headTeacher', ['七年级(1)班']);
    const tutor = await s.staff('dao', 'tutor');
    for (const c of [teacher, tutor]) {
      for (const [m, input] of [
        ['crisis.list', {}],
        ['crisis.scheme', {}],
        ['crisis.record', { studentId: mine.studentId, date: '2025-10-09', levelKey: 'L1', disposition: 'watch', note: 'x' }],
      ] as const) {
        const r = await c.raw(m, input);
        expect(!r.ok && r.error.code, m).toBe('FORBIDDEN');
      }
    }
    for (const [m, input] of [
      ['careRecords.ofStudent', { studentId: theirs.studentId }],
      ['cadence.record', { kind: 'dailyAsk', date: '2025-10-09', entries: [{ studentId: theirs.studentId }] }],
      ['careRecords.addHomeContact', { studentId: theirs.studentId, date: '2025-10-09', channel: 'phone', guardian: '母亲', content: 'x' }],
      ['pairs.suggest', { studentId: theirs.studentId }],
    ] as const) {
      const r = await teacher.raw(m, input);
      expect(!r.ok && r.error.code, m).toBe('FORBIDDEN');
    }
    expect((await teacher.call('cadence.today', {})).rows.map((r) => r.name)).toEqual(['张小明']);
    // A tutor sees only the students assigned to them this semester.
    expect((await tutor.call('cadence.today', {})).rows).toEqual([]);
    const tutorId = (await s.client.call('accounts.staff', {})).find((x) => x.displayName === 'dao老师')!.id;
    await s.client.call('tutors.assign', { semester: '2025-2026-1', tutorAccountId: tutorId, studentIds: [mine.studentId] });
    expect((await tutor.call('cadence.today', {})).rows.map((r) => r.name)).toEqual(['张小明']);
    const denied = await tutor.raw('careRecords.ofStudent', { studentId: theirs.studentId });
    expect(!denied.ok && denied.error.code).toBe('FORBIDDEN');
    await tutor.call('cadence.record', {
      kind: 'monthlyTalk',
      date: '2025-10-09',
      entries: [{ studentId: mine.studentId, note: '谈学习计划' }],
    });
    const work = await tutor.call('tutors.workload', { semester: '2025-2026-1' });
    expect(work).toEqual([expect.objectContaining({ tutorName: 'dao老师', students: 1, talks: 1 })]);
    // The printed workload report, read back: the tutor's row, the semester and the internal footer.
    const refused = await tutor.raw('tutors.printWorkload', { semester: '2025-2026-1' });
    expect(!refused.ok && refused.error.code).toBe('FORBIDDEN');
    const pdf = await s.client.call('tutors.printWorkload', { semester: '2025-2026-1' });
    const file = path.join(tempDir(), 'workload.pdf');
    fs.writeFileSync(file, Buffer.from(pdf.base64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('育人导师工作量统计');
    expect(text).toContain('2025-2026学年秋季学期');
    expect(text).toMatch(/dao老师1100/);
    expect(text).toContain('内部资料严禁外传');
    expect(await s.app.db()('audit_log').where({ action: 'report.tutorWorkload' }).first()).toBeTruthy();
  });
});

describe('the compliance view misses nobody', () => {
  it('agrees with a brute-force recount, day by day and student by student, over a seeded history with gaps', async () => {
    const s = await schoolAt('2025-12-10T10:00:00+08:00'); // a Wednesday
    const students = [];
    for (let i = 0; i < 6; i++) students.push(await confirmedStudent(s.client, 150 + i, `学生${i}`, i < 3 ? '七年级(1)班' : '七年级(2)班'));
    const db = s.app.db();
    await seedCareHistory(db, { id: 1, name: '王老师', role: 'admin' }, { seed: 7, from: '2025-10-08', to: '2025-12-09', missRate: 0.15 });
    // One student left the list on 3 December; one joined only on 20 November.
    await db('cases').where({ id: students[4].caseId }).update({ state: 'exited', exited_at: '2025-12-03T09:00:00.000Z' });
    await db('cases').where({ id: students[5].caseId }).update({ confirmed_at: '2025-11-20T09:00:00.000Z' });
    await s.client.login('admin', 'Admin-pass-2025');
    const asOf = '2025-12-10';
    const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();
    const day = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    for (const month of ['2025-11', '2025-12']) {
      const report = await s.client.call('cadence.compliance', { month });
      const got = new Set(
        report.items.filter((i) => i.obligation !== 'concern').map((i) => `${i.obligation}|${i.studentId}|${i.dueDate}|${i.status}`),
      );
      const expected = new Set<string>();
      const first = `${month}-01`;
      const last = day(`${month === '2025-11' ? '2025-12' : '2026-01'}-01`, -1);
      const schoolDays: string[] = [];
      for (let d = first; d <= last; d = day(d, 1)) if (weekday(d) >= 1 && weekday(d) <= 5) schoolDays.push(d);
      for (const st of students) {
        const c = (await db('cases').where({ id: st.caseId }).first('confirmed_at', 'exited_at')) as {
          confirmed_at: string;
          exited_at: string | null;
        };
        const on = (d: string) => c.confirmed_at.slice(0, 10) <= d && (!c.exited_at || c.exited_at.slice(0, 10) > d);
        const has = async (kind: string, lo: string, hi: string) =>
          !!(await db('contacts').where({ student_id: st.studentId, kind }).whereBetween('date', [lo, hi]).first('id'));
        for (const d of schoolDays.filter((x) => x <= asOf)) {
          if (on(d) && !(await has('dailyAsk', d, d))) expected.add(`dailyAsk|${st.studentId}|${d}|${d < asOf ? 'overdue' : 'due'}`);
        }
        // Weeks (Monday–Friday) whose Friday falls in the month and which have begun.
        for (const fri of schoolDays.filter((d) => weekday(d) === 5)) {
          const mon = day(fri, -4);
          const days = [0, 1, 2, 3, 4].map((k) => day(mon, k)).filter((d) => d <= asOf);
          if (days.length && days.some(on) && !(await has('weeklySee', mon, day(mon, 6))))
            expected.add(`weeklySee|${st.studentId}|${fri}|${fri < asOf ? 'overdue' : 'due'}`);
        }
        const lastSchool = schoolDays[schoolDays.length - 1];
        if (schoolDays.some((d) => d <= asOf && on(d)) && !(await has('monthlyTalk', first, last)))
          expected.add(`monthlyTalk|${st.studentId}|${lastSchool}|${lastSchool < asOf ? 'overdue' : 'due'}`);
      }
      expect([...got].sort(), month).toEqual([...expected].sort());
      expect(expected.size, month).toBeGreaterThan(5); // the seeded gaps are really there
    }
  });
});

describe('month ends inside a week counted next month', () => {
  it('still tells apart the asks recorded and missed on the last days of the month', async () => {
    const s = await schoolAt('2025-12-31T18:00:00+08:00'); // a Wednesday; the week of 29 December ends on 2 January
    const a = await confirmedStudent(s.client, 171);
    await s.app.db()('cases').where({ id: a.caseId }).update({ confirmed_at: '2025-12-22T09:00:00.000Z' });
    for (const date of ['2025-12-22', '2025-12-23', '2025-12-24', '2025-12-25', '2025-12-26', '2025-12-29', '2025-12-31']) {
      await s.client.call('cadence.record', { kind: 'dailyAsk', date, entries: [{ studentId: a.studentId }] });
    }
    const december = await s.client.call('cadence.compliance', { month: '2025-12' });
    // Only the 30th is missing: the 29th and 31st were recorded, and none of the three may be confused with another.
    expect(december.items.filter((i) => i.obligation === 'dailyAsk').map((i) => `${i.dueDate}:${i.status}`)).toEqual([
      '2025-12-30:overdue',
    ]);
    // That week's see is January's obligation (due Friday 2 January), the week before is December's.
    expect(december.items.filter((i) => i.obligation === 'weeklySee').map((i) => i.dueDate)).toEqual(['2025-12-26']);
  });
});
