/**
 * Issue 13 §3: early warning as a transparent rule engine — attendance and exam scores through the one import
 * pipeline, indicators with thresholds, routing by level and scope, acknowledgement, escalation, closure, and the
 * evaluation against later outcomes. Demographic and category fields never change a warning.
 */
import { describe, expect, it } from 'vitest';
import { attendanceXlsx, examXlsx } from '../fixtures/indicatorFixture';
import { confirmedStudent } from '../support/flow';
import { commitImport, previewImport } from '../support/imports';
import { ADMIN, Client, makeIdNumber, newSchool, STUDENT, tempDir } from '../support/school';

const C1 = '七年级(1)班';
const ID_B = makeIdNumber('610113', '2012-04-04', 21);
const NO_B = `G${ID_B}`;

async function staff(client: Client, router: ConstructorParameters<typeof Client>[0]) {
  const make = async (username: string, displayName: string, role: 'headTeacher' | 'counsellor' | 'principal', classes: string[] = []) => {
    await client.call('accounts.create', { username, displayName, password: 'Staff-pass-2025', role, classes });
    const c = new Client(router);
    await c.firstLogin(username, 'Staff-pass-2025');
    return c;
  };
  return {
    head: await make('bzr', '班主任李老师', 'headTeacher', [C1]),
    counsellor: await make('xl', '心理赵老师', 'counsellor'),
    principal: await make('xz', '周校长', 'principal'),
  };
}

describe('early warning', () => {
  it('imports attendance and scores, raises routed warnings with evidence, escalates, closes and evaluates', async () => {
    let now = new Date('2026-11-02T10:00:00+08:00');
    const { client, router, app } = await newSchool(tempDir(), () => now);
    const people = await staff(client, router);
    const a = await confirmedStudent(client, 11, '甲同学');
    const b = await client.call('students.create', { ...STUDENT(ID_B, '乙同学'), studentNo: NO_B });
    // 丁 differs from 乙 in categories, sex and ethnicity only: the same data must give the same warnings.
    const d = await client.call('students.create', {
      ...STUDENT(makeIdNumber('610113', '2012-04-04', 32), '丁同学'),
      ethnicity: '回族',
      categories: ['orphan', 'disability'],
      disabilityType: '肢体',
    });
    // 丙 is not in the population (no category, no risk factor): never watched, whatever the data says.
    const c = await client.call('students.create', { ...STUDENT(makeIdNumber('610113', '2012-05-05', 43), '丙同学'), categories: [] });
    await client.call('dropout.mark', { semester: '2026-2027-1', studentIds: [a.studentId, b.id, d.id, c.id], arrived: true, note: '' });

    // Rules: thresholds must rise from yellow to red, and the message names the indicator.
    const { rules } = await client.call('warnings.rules', {});
    await expect(
      client.call('warnings.saveRules', {
        ...rules,
        indicators: { ...rules.indicators, absenceRate: { enabled: true, yellow: 30, orange: 20, red: 10 } },
      }),
    ).rejects.toThrow(/“缺勤率”的阈值须满足 黄 ≤ 橙 ≤ 红/);
    await client.call('warnings.saveRules', {
      ...rules,
      indicators: { ...rules.indicators, aidBelowTop: { ...rules.indicators.aidBelowTop, enabled: false } },
    });

    // Attendance: a bad row blocks the whole file and says row, field and reason.
    const bad = await previewImport(
      client,
      'attendance',
      await attendanceXlsx([
        ['甲同学', C1, '', '2026-10', 22, 25, 0, null],
        ['无此人', C1, '', '2026-10', 22, 1, 0, null],
      ]),
    );
    const badView = await client.call('imports.result', { jobId: bad.jobId });
    expect(badView.rows.map((r) => r.reason)).toEqual([
      expect.stringContaining('“缺勤天数”25 多于“应到天数”22'),
      expect.stringContaining('七年级(1)班没有名为 无此人 的在校学生'),
    ]);
    expect((await commitImport(client, bad.jobId)).error?.message).toMatch(/有 2 行不符合要求，未导入任何考勤/);
    expect(await app.db()('attendance_months').count({ n: '*' })).toEqual([{ n: 0 }]);

    const attendance = await attendanceXlsx([
      ['甲同学', C1, '', '2026年10月', 22, 5, 3, 3],
      ['乙同学', '', NO_B, '2026-10', 22, 3, 0, 0],
      ['丁同学', C1, '', '2026-10', 22, 3, 0, 0],
      ['丙同学', C1, '', '2026-10', 22, 10, 10, 10],
    ]);
    const ok = await previewImport(client, 'attendance', attendance);
    expect((await client.call('imports.result', { jobId: ok.jobId })).counts).toMatchObject({ new: 4, rejected: 0 });
    expect((await commitImport(client, ok.jobId)).state).toBe('done');
    const again = await previewImport(client, 'attendance', attendance);
    expect((await client.call('imports.result', { jobId: again.jobId })).counts).toMatchObject({ new: 0, unchanged: 4 });

    const exams = await previewImport(
      client,
      'grades',
      await examXlsx([
        ['乙同学', C1, '期中考试', '2026-10-30', 50, 40, 70, '缺考'],
        ['丁同学', C1, '期中考试', '2026-10-30', 50, 40, 70, '缺考'],
        ['甲同学', C1, '期中考试', '2026-10-30', 90, 88, 95, 80],
      ]),
    );
    const examView = await client.call('imports.result', { jobId: exams.jobId });
    expect(examView.rows[0].warnings).toEqual(['不及格：语文、数学']);
    expect((await commitImport(client, exams.jobId)).state).toBe('done');

    const run = await client.call('warnings.run', {});
    expect(run).toMatchObject({ date: '2026-11-02', watched: 3, raised: 6 });
    const all = (await client.call('warnings.list', {})).warnings;
    const of = (id: number) => all.filter((w) => w.studentId === id).map((w) => [w.indicator, w.level]);
    expect(of(a.studentId).sort()).toEqual([
      ['absenceRate', 'orange'],
      ['unexplainedRun', 'orange'],
    ]);
    expect(of(b.id).sort()).toEqual([
      ['absenceRate', 'yellow'],
      ['failedCore', 'orange'],
    ]);
    expect(of(d.id).sort()).toEqual(of(b.id).sort());
    expect(of(c.id)).toEqual([]);
    const bAbsence = all.find((w) => w.studentId === b.id && w.indicator === 'absenceRate');
    expect(bAbsence).toMatchObject({ route: 'yellow', routedTo: '班主任 班主任李老师', dueDate: '2026-11-09', state: 'open' });
    expect(bAbsence?.evidence).toBe('缺勤率 13.6%（黄色预警阈值 10%）：2026年10月 应到 22 天，缺勤 3 天（无故 0 天）');
    const aAbsence = all.find((w) => w.studentId === a.studentId && w.indicator === 'absenceRate');
    expect(aAbsence).toMatchObject({ route: 'orange', dueDate: '2026-11-05' });
    expect(aAbsence?.routedTo).toMatch(/心理教师\/辅导员 心理赵老师/);
    expect(all.find((w) => w.studentId === b.id && w.indicator === 'failedCore')?.evidence).toMatch(
      /主科不及格 2门.*期中考试（2026年10月30日）：语文 50（及格线 60）、数学 40（及格线 60）/,
    );
    // A second run the same day changes nothing.
    expect(await client.call('warnings.run', {})).toMatchObject({ raised: 0, updated: 6, escalated: 0 });

    // The head teacher takes the yellow warning of their class, but not the orange one (routed to the office).
    await people.head.call('warnings.acknowledge', { id: bAbsence?.id as number, disposition: '已电话联系家长，了解缺勤原因' });
    await expect(people.head.call('warnings.acknowledge', { id: aAbsence?.id as number, disposition: '看看' })).rejects.toThrow(
      /目前转给 .*您的角色（班主任）不能签收或办结/,
    );
    await expect(client.call('warnings.close', { id: aAbsence?.id as number, outcome: '  ' })).rejects.toThrow(/办结结果：不能为空/);

    // A crisis warning is seen only by the crisis roles, and goes to the principal at red.
    await people.counsellor.call('crisis.record', {
      studentId: a.studentId,
      date: '2026-11-02',
      levelKey: 'L1',
      disposition: 'intervene',
      note: '情绪低落',
    });
    await client.call('warnings.run', {});
    const crisisSeen = (await people.principal.call('warnings.list', {})).warnings.find((w) => w.indicator === 'crisisLevel');
    expect(crisisSeen).toMatchObject({ level: 'red', route: 'red', routedTo: '校长 周校长', dueDate: '2026-11-02' });
    expect((await people.head.call('warnings.list', {})).warnings.some((w) => w.indicator === 'crisisLevel')).toBe(false);
    expect((await client.call('warnings.list', {})).warnings.some((w) => w.indicator === 'crisisLevel')).toBe(true);
    expect((await people.counsellor.call('warnings.list', {})).warnings.some((w) => w.indicator === 'crisisLevel')).toBe(true);

    // Eight days on, 丁's yellow warning was never taken: it goes up to the office and counsellor with a new deadline.
    now = new Date('2026-11-10T10:00:00+08:00');
    await client.login(ADMIN.username, ADMIN.password);
    const later = await client.call('warnings.run', {});
    expect(later.escalated).toBeGreaterThanOrEqual(1);
    const dAbsence = (await client.call('warnings.list', {})).warnings.find((w) => w.studentId === d.id && w.indicator === 'absenceRate');
    expect(dAbsence).toMatchObject({ route: 'orange', escalations: 1, dueDate: '2026-11-13' });
    const bAfter = (await client.call('warnings.list', {})).warnings.find((w) => w.id === bAbsence?.id);
    expect(bAfter).toMatchObject({ route: 'yellow', escalations: 0, state: 'acknowledged', acknowledgedBy: '班主任李老师' });
    // The supervisor sees it: of 7 warnings due or taken, only 乙's was acknowledged in time (the rest escalated or late).
    const sup = (await client.call('supervision.indicators', {})).indicators.find((x) => x.key === 'warningsOnTime');
    expect(sup).toMatchObject({ clause: 'G1', numerator: 1, denominator: 7, rate: 14.3 });

    // 甲's October figures corrected to no absence: the warning says the value is back, and waits for a person.
    const fixed = await previewImport(client, 'attendance', await attendanceXlsx([['甲同学', C1, '', '2026-10', 22, 0, 0, 0]]));
    expect((await client.call('imports.result', { jobId: fixed.jobId })).counts).toMatchObject({ update: 1 });
    await commitImport(client, fixed.jobId);
    await client.call('warnings.run', {});
    const cleared = (await client.call('warnings.list', {})).warnings.find((w) => w.id === aAbsence?.id);
    expect(cleared).toMatchObject({ clearedOn: '2026-11-10', state: 'open' });
    await client.call('warnings.close', { id: aAbsence?.id as number, outcome: '考勤数据更正：10 月实际无缺勤' });
    const closed = (await client.call('warnings.list', { state: 'closed' })).warnings.find((w) => w.id === aAbsence?.id);
    expect(closed).toMatchObject({ state: 'closed', closedBy: '王老师', outcome: '考勤数据更正：10 月实际无缺勤' });
    const file = await client.call('students.get', { id: a.studentId });
    expect(file.timeline.map((e) => e.title)).toEqual(expect.arrayContaining(['橙色预警：缺勤率', '预警办结：缺勤率']));
    expect(file.timeline.some((e) => /心理危机/.test(e.title))).toBe(false);

    // Evaluation: 甲, 乙 and 丁 were warned in November; 乙 then failed the final exam (a hit). 甲's crisis record is
    // an outcome, but on the day of the warning, not after it: not foretold.
    now = new Date('2027-01-20T10:00:00+08:00');
    await client.login(ADMIN.username, ADMIN.password);
    const final = await previewImport(client, 'grades', await examXlsx([['乙同学', C1, '期末考试', '2027-01-15', 45, 70, 70, 80]]));
    await commitImport(client, final.jobId);
    const ev = await client.call('warnings.evaluate', { from: '2026-11-01', to: '2026-11-30' });
    expect(ev).toMatchObject({
      warnedStudents: 3,
      warnedWithOutcome: 1,
      precision: 33.3,
      outcomeStudents: 2,
      outcomeForetold: 1,
      recall: 50,
    });
    expect(ev.byIndicator.find((x) => x.indicator === 'failedCore')).toMatchObject({ warned: 2, hits: 1, precision: 50 });
    const actions = (await app.db()('audit_log').distinct('action').pluck('action')) as string[];
    expect(actions).toEqual(
      expect.arrayContaining([
        'warnings.run',
        'warnings.view',
        'warnings.acknowledge',
        'warnings.close',
        'warnings.evaluate',
        'attendance.import',
        'grades.import',
        'warnings.rules',
      ]),
    );
  });
});
