/** Schemas for collective review meetings (I5) and their decisions. */
import { z } from 'zod';
import { CARE_KINDS, MEETING_ITEM_KINDS, REVIEW_DECISIONS } from '../domain/enums';
import { isoDate } from './schemas';

const text = (max: number) => z.string().trim().max(max, `不能超过 ${max} 个字`);

export const participantSchema = z.object({
  name: text(30).min(1, '姓名不能为空'),
  kind: z.enum(['staff', 'outsider']),
});

export const meetingCreateSchema = z.object({
  meetingDate: isoDate,
  place: text(60).min(1, '请填写会议地点'),
  participants: z.array(participantSchema).min(3, '集体评议至少需要 3 名参会人员'),
  correctsMeetingId: z.number().int().positive().optional(),
});

export const meetingDecideSchema = z
  .object({
    meetingId: z.number().int().positive(),
    caseId: z.number().int().positive(),
    decision: z.enum(REVIEW_DECISIONS),
    necessity: text(1000).min(1, '请填写必要性意见'),
    feasibility: text(1000).min(1, '请填写可行性意见'),
    careApproved: z.array(z.enum(CARE_KINDS)).default([]),
    votesFor: z.number().int().min(0),
    votesAgainst: z.number().int().min(0),
    votesAbstain: z.number().int().min(0),
    notes: text(1000).default(''),
  });

export const meetingListRowSchema = z.object({
  id: z.number().int(),
  meetingDate: z.string(),
  place: z.string(),
  status: z.enum(['open', 'closed']),
  participants: z.number().int(),
  decisions: z.number().int(),
  correctsMeetingId: z.number().int().nullable(),
});

export const meetingDetailSchema = z.object({
  id: z.number().int(),
  meetingDate: z.string(),
  place: z.string(),
  participants: z.array(participantSchema),
  status: z.enum(['open', 'closed']),
  minutes: z.string(),
  correctsMeetingId: z.number().int().nullable(),
  correctedByMeetingIds: z.array(z.number().int()),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  agenda: z.array(z.object({
    caseId: z.number().int(),
    studentId: z.number().int(),
    studentName: z.string(),
    className: z.string(),
    kind: z.enum(MEETING_ITEM_KINDS),
    careRequested: z.array(z.enum(CARE_KINDS)),
    facts: z.string(),
    reasons: z.string(),
    exitReason: z.string(),
    decision: z.object({
      decision: z.enum(REVIEW_DECISIONS),
      necessity: z.string(),
      feasibility: z.string(),
      careApproved: z.array(z.enum(CARE_KINDS)),
      votesFor: z.number().int(),
      votesAgainst: z.number().int(),
      votesAbstain: z.number().int(),
      notes: z.string(),
    }).nullable(),
  })),
});
export type MeetingDetailView = z.infer<typeof meetingDetailSchema>;
