/** Puts one student through application, review and confirmation, as the office would. */
import type { Client } from './school';
import { makeIdNumber, STUDENT } from './school';

export async function confirmedStudent(client: Client, seq: number, name = '张小明', className = '七年级(1)班'): Promise<{ studentId: number; caseId: number }> {
  const { id: studentId } = await client.call('students.create', STUDENT(makeIdNumber('610113', '2012-03-05', seq), name, className));
  const { id: caseId } = await client.call('cases.apply', {
    studentId, applicantType: 'teacher', applicantName: '刘老师', careRequested: ['tutoring'], facts: '成绩下滑，父母在外务工。', reasons: '需要学业辅导。', categories: ['leftBehind'], riskFactors: [],
  });
  await client.call('cases.review', {
    caseId, decision: 'approve', meetingDate: '2025-09-10', participants: ['王老师', '刘老师', '陈校长'], necessity: '必要', feasibility: '可行',
    careApproved: ['tutoring'], votesFor: 3, votesAgainst: 0, votesAbstain: 0,
  });
  await client.call('cases.confirm', { caseId, careContent: '每周两次数学辅导', responsibleAccountId: 1 });
  return { studentId, caseId };
}
