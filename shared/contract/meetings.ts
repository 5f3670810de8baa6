/** Collective review meetings (I5): agenda, decisions, minutes, prints. */
import { z } from 'zod';
import { CARE_KINDS, MEETING_ITEM_KINDS, REVIEW_DECISIONS } from '../domain/enums';
import { CASE_READERS, CASE_WORKERS, PRINTERS } from './roleGroups';
import { fileOutSchema, isoDate, text, id } from './schemas';
import { type ContractSection, okSchema, school } from './spec';

export const participantSchema = z.object({
  name: text(30).min(1, '姓名不能为空'),
  kind: z.enum(['staff', 'outsider']),
});
export const meetingCreateSchema = z.object({
  meetingDate: isoDate,
  place: text(60).min(1, '请填写会议地点'),
  participants: z.array(participantSchema).min(3, '集体评议至少需要 3 名参会人员'),
  correctsMeetingId: id.optional(),
});
export const meetingDecideSchema = z.object({
  meetingId: id,
  caseId: id,
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
  status: z.enum(['open', 'closed', 'cancelled']),
  participants: z.number().int(),
  decisions: z.number().int(),
  correctsMeetingId: z.number().int().nullable(),
});
export const meetingDetailSchema = z.object({
  id: z.number().int(),
  meetingDate: z.string(),
  place: z.string(),
  participants: z.array(participantSchema),
  status: z.enum(['open', 'closed', 'cancelled']),
  minutes: z.string(),
  correctsMeetingId: z.number().int().nullable(),
  correctedByMeetingIds: z.array(z.number().int()),
  cancelReason: z.string(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  agenda: z.array(
    z.object({
      caseId: z.number().int(),
      studentId: z.number().int(),
      studentName: z.string(),
      className: z.string(),
      kind: z.enum(MEETING_ITEM_KINDS),
      careRequested: z.array(z.enum(CARE_KINDS)),
      facts: z.string(),
      reasons: z.string(),
      exitReason: z.string(),
      decision: z
        .object({
          decision: z.enum(REVIEW_DECISIONS),
          necessity: z.string(),
          feasibility: z.string(),
          careApproved: z.array(z.enum(CARE_KINDS)),
          votesFor: z.number().int(),
          votesAgainst: z.number().int(),
          votesAbstain: z.number().int(),
          notes: z.string(),
        })
        .nullable(),
    }),
  ),
});
export type MeetingDetailView = z.infer<typeof meetingDetailSchema>;

export const meetingsContract = {
  'meetings.list': {
    doc: '集体评议会议列表',
    access: school(CASE_READERS),
    input: z.object({}),
    output: z.array(meetingListRowSchema),
  },
  'meetings.create': {
    doc: '召开集体评议会议（I5）：日期、地点、至少 3 名参会人员；可作为对已结束会议的更正',
    access: school(CASE_WORKERS),
    input: meetingCreateSchema,
    output: z.object({ id: z.number().int() }),
  },
  'meetings.get': {
    doc: '评议会议详情：议程（待评议申请与退出申请）与各案结论',
    access: school(CASE_READERS),
    input: z.object({ id: id }),
    output: meetingDetailSchema,
  },
  'meetings.decide': {
    doc: '记录一案的评议结论（同意 / 不同意 / 暂缓）、必要性与可行性、批准的关爱内容和表决；会议结束前可修改',
    access: school(CASE_WORKERS),
    input: meetingDecideSchema,
    output: okSchema,
  },
  'meetings.cancel': {
    doc: '取消进行中的评议会议（须写明原因）：草拟的结论不生效，会议记录保留且不能再修改',
    access: school(CASE_WORKERS),
    input: z.object({ meetingId: id, reason: z.string().trim().min(1, '请填写取消原因').max(500) }),
    output: okSchema,
  },
  'meetings.close': {
    doc: '结束会议并形成纪要：各案结论同时生效；结束后记录不可修改',
    access: school(CASE_WORKERS),
    input: z.object({ meetingId: id, minutes: z.string().trim().min(1, '请填写会议纪要').max(5000) }),
    output: z.object({ applied: z.number().int() }),
  },
  'meetings.printAgenda': {
    doc: '打印评议会议议程 PDF（脱敏、水印、签名栏，记入审计日志）',
    access: school(PRINTERS),
    input: z.object({ meetingId: id }),
    output: fileOutSchema,
  },
  'meetings.printMinutes': {
    doc: '打印评议会议纪要 PDF（会议结束后；脱敏、水印、签名栏，记入审计日志）',
    access: school(PRINTERS),
    input: z.object({ meetingId: id }),
    output: fileOutSchema,
  },
} as const satisfies ContractSection;
