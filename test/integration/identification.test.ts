/** Intake → application → review → confirmation → key-care list, through the router on a real encrypted store. */
import { describe, expect, it } from 'vitest';
import { newSchool, STUDENT, makeIdNumber } from '../support/school';

describe('identification path', () => {
  it('takes a student from application to the key-care list, with timeline and audit', async () => {
    const { client, app } = await newSchool();
    const { id: studentId } = await client.call('students.create', STUDENT(makeIdNumber('610113', '2012-03-05', 21)));
    const { id: caseId } = await client.call('cases.apply', {
      studentId, applicantType: 'teacher', applicantName: '班主任 刘老师', careRequested: ['tutoring', 'psychological'],
      facts: '父母均在外务工，由祖父照料，近期成绩下滑明显。', reasons: '需要学业辅导和心理关爱。', categories: ['leftBehind'], riskFactors: ['academic'],
    });
    const review = await client.call('cases.review', {
      caseId, decision: 'approve', meetingDate: '2025-09-10', participants: ['王老师', '刘老师', '陈校长'],
      necessity: '符合农村留守儿童认定。', feasibility: '学校可安排辅导。', careApproved: ['tutoring', 'psychological'], votesFor: 3, votesAgainst: 0, votesAbstain: 0,
    });
    expect(review.state).toBe('reviewed');
    const staff = await client.call('staff.list', {});
    const confirm = await client.call('cases.confirm', { caseId, careContent: '每周两次数学辅导；每月谈心一次', responsibleAccountId: staff[0].id });
    expect(confirm.state).toBe('confirmed');

    const list = await client.call('cases.keyCareList', {});
    expect(list.map((c) => c.studentName)).toEqual(['张小明']);
    const detail = await client.call('students.get', { id: studentId });
    expect(detail.idNumberMasked).not.toContain('20120305');
    expect(detail.timeline.map((e) => e.kind)).toEqual(['registered', 'application', 'review', 'confirmation']);
    expect(detail.riskFactors).toEqual(['academic']);

    const audit = await app.db()('audit_log').pluck('action');
    expect(audit).toEqual(expect.arrayContaining(['case.apply', 'case.review', 'case.confirm', 'keyCareList.view', 'student.view']));
    expect((await client.call('audit.verify', {})).ok).toBe(true);
  });

  it('refuses a second student with the same ID number and names the existing file', async () => {
    const { client } = await newSchool();
    const id = makeIdNumber('610113', '2011-01-02', 33);
    await client.call('students.create', STUDENT(id));
    const r = await client.raw('students.create', STUDENT(id, '张小明二'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('CONFLICT');
      expect(r.error.message).toContain('已建档');
    }
  });

  it('refuses to confirm a case that has not been reviewed', async () => {
    const { client } = await newSchool();
    const { id: studentId } = await client.call('students.create', STUDENT(makeIdNumber('610113', '2012-03-05', 22)));
    const { id: caseId } = await client.call('cases.apply', {
      studentId, applicantType: 'student', applicantName: '张小明', careRequested: ['financialAid'], facts: '家庭困难', reasons: '申请资助', categories: [], riskFactors: [],
    });
    const r = await client.raw('cases.confirm', { caseId, careContent: '资助', responsibleAccountId: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('STATE');
  });
});
