/** The contact cadence (P5): today's asks, recording contacts, the month's compliance and its reminder count. */
import { z } from 'zod';
import { CONTACT_KINDS, OBLIGATIONS } from '../domain/care';
import { CARE_STAFF, CASE_READERS } from './roleGroups';
import { id, isoDate, monthSchema, text } from './schemas';
import { type ContractSection, school } from './spec';

export const recordContactsInput = z.object({
  kind: z.enum(CONTACT_KINDS),
  date: isoDate,
  entries: z
    .array(z.object({ studentId: id, note: text(500).default(''), unusual: z.boolean().default(false) }))
    .min(1, '请至少选择一名学生')
    .max(5000),
});
export const todayListSchema = z.object({
  date: z.string(),
  schoolDay: z.boolean(),
  rows: z.array(
    z.object({
      studentId: z.number(),
      name: z.string(),
      className: z.string(),
      askedToday: z.boolean(),
      seenThisWeek: z.boolean(),
      talkedThisMonth: z.boolean(),
      lastTalk: z.string().nullable(),
      unusualToday: z.string(),
    }),
  ),
});
const status = z.enum(['overdue', 'due']);
export const complianceSchema = z.object({
  month: z.string(),
  asOf: z.string(),
  keyStudents: z.number(),
  items: z.array(
    z.object({
      studentId: z.number(),
      studentName: z.string(),
      className: z.string(),
      obligation: z.enum(OBLIGATIONS),
      obligationLabel: z.string(),
      dueDate: z.string(),
      status,
      responsibleId: z.number().nullable(),
      responsibleName: z.string(),
      ref: z.number().nullable(),
    }),
  ),
  byStudent: z.array(
    z.object({
      studentId: z.number(),
      studentName: z.string(),
      className: z.string(),
      overdue: z.number(),
      due: z.number(),
      obligations: z.partialRecord(z.enum(OBLIGATIONS), z.number()),
      earliestDue: z.string(),
    }),
  ),
  byResponsible: z.array(
    z.object({
      responsibleId: z.number().nullable(),
      responsibleName: z.string(),
      overdue: z.number(),
      due: z.number(),
      students: z.number(),
    }),
  ),
});

export const cadenceContract = {
  'cadence.today': {
    doc: '今日联系（P5）：本人负责的重点关爱学生今天是否已“每日一问”、本周是否“每周一见”、本月是否谈心',
    access: school(CASE_READERS),
    input: z.object({ date: isoDate.optional() }),
    output: todayListSchema,
  },
  'cadence.record': {
    doc: '记录联系（P5）：每日一问、每周一见、谈心谈话或县教育部门每月一看；可一次记录多名学生，异常须写明',
    access: school(CARE_STAFF),
    input: recordContactsInput,
    output: z.object({ recorded: z.number().int(), already: z.number().int() }),
  },
  'cadence.compliance': {
    doc: '合规提醒：本月每名学生、每位责任人逾期或待完成的联系与工单（按日历逐日计算，不会漏人）',
    access: school(CASE_READERS),
    input: z.object({ month: monthSchema }),
    output: complianceSchema,
  },
  'cadence.reminders': {
    doc: '提醒角标：本月逾期与今日待完成的数量（仅计数）',
    access: { ...school(CASE_READERS), passive: true },
    input: z.object({}),
    output: z.object({ overdue: z.number().int(), due: z.number().int() }),
  },
} as const satisfies ContractSection;
