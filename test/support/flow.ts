/** Puts students through application, a collective review meeting and confirmation, as the office would. */
import type { ReviewDecision, Stage } from '../../shared/domain/enums';
import type { Client } from './school';
import { makeIdNumber, STUDENT } from './school';

export const PARTICIPANTS = [
  { name: '王老师', kind: 'staff' as const },
  { name: '刘老师', kind: 'staff' as const },
  { name: '陈校长', kind: 'staff' as const },
];

/** Opens a meeting, records one decision per case, closes it; returns the meeting id. */
export async function reviewInMeeting(client: Client, caseIds: number[], decision: ReviewDecision = 'approve'): Promise<number> {
  const { id: meetingId } = await client.call('meetings.create', {
    meetingDate: '2025-09-10',
    place: '行政楼三楼会议室',
    participants: PARTICIPANTS,
  });
  for (const caseId of caseIds) {
    await client.call('meetings.decide', {
      meetingId,
      caseId,
      decision,
      necessity: '符合认定条件，确有需要。',
      feasibility: '学校具备提供关爱的条件。',
      careApproved: decision === 'approve' ? ['tutoring'] : [],
      votesFor: 3,
      votesAgainst: 0,
      votesAbstain: 0,
      notes: '',
    });
  }
  await client.call('meetings.close', { meetingId, minutes: '会议按程序评议了上述申请，结论如上。' });
  return meetingId;
}

export async function confirmedStudent(
  client: Client,
  seq: number,
  name = '张小明',
  className = '七年级(1)班',
  grade = '七年级',
  stage: Stage = 'junior',
  birth = '2012-03-05',
): Promise<{ studentId: number; caseId: number }> {
  const { id: studentId } = await client.call('students.create', {
    ...STUDENT(makeIdNumber('610113', birth, seq), name, className),
    grade,
    stage,
  });
  const { id: caseId } = await client.call('cases.apply', {
    studentId,
    applicantType: 'teacher',
    applicantName: '刘老师',
    careRequested: ['tutoring'],
    facts: '成绩下滑，父母在外务工。',
    reasons: '需要学业辅导。',
    categories: ['leftBehind'],
    riskFactors: [],
  });
  await reviewInMeeting(client, [caseId]);
  await client.call('cases.confirm', { caseId, careContent: '每周两次数学辅导', responsibleAccountId: 1 });
  return { studentId, caseId };
}
