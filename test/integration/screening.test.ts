/** Issue 12 parts 5–6: every student in difficulty is served — the 一个都不少 view, T1 at confirmation, T3 delivery. */
import { describe, expect, it } from 'vitest';
import { confirmedStudent, reviewInMeeting } from '../support/flow';
import { makeIdNumber, newSchool, STUDENT } from '../support/school';

describe('一个都不少', () => {
  it('names who in the population is not yet served: never applied, undecided, approved but not delivered', async () => {
    const { client, app } = await newSchool();
    // On the list, approved for tutoring, nothing delivered yet.
    const onList = await confirmedStudent(client, 11, '甲名单');
    // A category, never applied.
    const never = await client.call('students.create', {
      ...STUDENT(makeIdNumber('610113', '2012-04-04', 21), '乙未申请'),
      categories: ['orphan'],
    });
    // No category but two risk factors: 多种因素叠加, also in the population.
    const multi = await client.call('students.create', {
      ...STUDENT(makeIdNumber('610113', '2012-05-05', 31), '丙多因素'),
      categories: [],
      riskFactors: ['academic', 'behaviour'],
    });
    // One risk factor and no category: not in the population.
    await client.call('students.create', {
      ...STUDENT(makeIdNumber('610113', '2012-06-06', 41), '丁一个因素'),
      categories: [],
      riskFactors: ['academic'],
    });
    // Applied, not yet reviewed.
    const applied = await client.call('students.create', STUDENT(makeIdNumber('610113', '2012-07-07', 51), '戊待评议'));
    await client.call('cases.apply', {
      studentId: applied.id,
      applicantType: 'guardian',
      applicantName: '戊妈妈',
      careRequested: ['psychological'],
      facts: '孩子情绪低落。',
      reasons: '需要心理关爱。',
      categories: [],
      riskFactors: [],
    });

    const s = await client.call('students.screening', {});
    // Same class, so by pinyin: 丙 (bǐng) before 乙 (yǐ).
    expect(s.neverApplied.map((p) => [p.name, p.multipleFactors])).toEqual([
      ['丙多因素', true],
      ['乙未申请', false],
    ]);
    expect(s.undecided.map((p) => [p.name, p.state])).toEqual([['戊待评议', 'applied']]);
    expect(s.notDelivered).toEqual([expect.objectContaining({ studentId: onList.studentId, missing: ['tutoring'] })]);
    expect([s.population, s.onList]).toEqual([4, 1]);
    expect(never.id + multi.id).toBeGreaterThan(0);

    // Writing the tutoring plan is the delivery the approval asked for.
    const staff = await client.call('accounts.staff', {});
    await client.call('careRecords.saveTutoringPlan', {
      studentId: onList.studentId,
      semester: '2026-2027-1',
      subjects: ['数学'],
      tutorAccountId: staff[0].id,
      schedule: '每周二、四放学后',
      goals: '数学成绩回到班级中等',
    });
    expect((await client.call('students.screening', {})).notDelivered).toEqual([]);
    expect(await app.db()('audit_log').where({ action: 'screening.view' }).count({ n: '*' })).toEqual([{ n: 2 }]);

    // A4 and F9 serve the whole population, with the key-care list marked.
    const gaps = await client.call('aid.gaps', {});
    expect(gaps.students.find((g) => g.name === '乙未申请')).toMatchObject({ onKeyCareList: false });
    expect(gaps.students.find((g) => g.name === '甲名单')).toMatchObject({ onKeyCareList: true });
    const reg = await client.call('dropout.registration', { semester: '2026-2027-1' });
    expect(reg.map((r) => [r.name, r.onKeyCareList])).toEqual(
      expect.arrayContaining([
        ['乙未申请', false],
        ['丙多因素', false],
        ['甲名单', true],
      ]),
    );
    expect(reg.map((r) => r.name)).not.toContain('丁一个因素');
    // The list filter for 多种因素叠加.
    expect((await client.call('students.list', { multipleOnly: true })).rows.map((r) => r.name)).toEqual(['丙多因素']);
  });

  it('refuses to confirm a case whose student has no T1 category, naming the student, and confirms once one is recorded', async () => {
    const { client } = await newSchool();
    const { id: studentId } = await client.call('students.create', {
      ...STUDENT(makeIdNumber('610113', '2012-03-05', 21), '己无类别'),
      categories: [],
    });
    const { id: caseId } = await client.call('cases.apply', {
      studentId,
      applicantType: 'teacher',
      applicantName: '刘老师',
      careRequested: ['tutoring'],
      facts: '成绩下滑。',
      reasons: '需要辅导。',
      categories: [],
      riskFactors: ['academic'],
    });
    await reviewInMeeting(client, [caseId]);
    const staff = await client.call('accounts.staff', {});
    const input = { caseId, careContent: '每周辅导两次', responsibleAccountId: staff[0].id };
    const refused = await client.raw('cases.confirm', input);
    expect(refused.ok || refused.error.message).toMatch(/己无类别（七年级\(1\)班）尚未登记困境类别（T1）/);
    expect(refused.ok || refused.error.issues?.[0]?.path).toBe('categories');
    await client.call('students.update', { id: studentId, set: { categories: ['poverty'] } });
    expect((await client.call('cases.confirm', input)).state).toBe('confirmed');
  });
});
