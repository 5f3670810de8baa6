/** Dropout control (A4): registration checks, the ledgers, follow-ups, the monthly export. */
import { z } from 'zod';
import { ABSENCE_REASONS, FOLLOW_UP_KINDS, LEDGERS, LEDGER_STATUSES } from '../domain/care';
import { CASE_READERS, DROPOUT_STAFF, PRINTERS } from './roleGroups';
import { fileOutSchema, id, isoDate, monthSchema, required, semesterSchema, text } from './schemas';
import { type ContractSection, okSchema, school } from './spec';

export const registrationRowSchema = z.object({
  studentId: z.number(),
  name: z.string(),
  className: z.string(),
  onKeyCareList: z.boolean(),
  arrived: z.boolean().nullable(),
  checkedAt: z.string().nullable(),
  openEntry: z.object({ id: z.number(), reason: z.enum(ABSENCE_REASONS), status: z.enum(LEDGER_STATUSES) }).nullable(),
});
export const markRegistrationInput = z.object({
  semester: semesterSchema,
  studentIds: z.array(id).min(1, '请至少选择一名学生').max(5000),
  arrived: z.boolean(),
  reason: z.enum(ABSENCE_REASONS).optional(),
  note: text(500).default(''),
});
export const ledgerEntrySchema = z.object({
  id: z.number(),
  studentId: z.number(),
  name: z.string(),
  className: z.string(),
  semester: z.string(),
  ledger: z.enum(LEDGERS),
  reason: z.enum(ABSENCE_REASONS),
  status: z.enum(LEDGER_STATUSES),
  note: z.string(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  followUps: z.array(
    z.object({
      id: z.number(),
      date: z.string(),
      kind: z.enum(FOLLOW_UP_KINDS),
      note: z.string(),
      statusAfter: z.enum(LEDGER_STATUSES),
      by: z.string(),
    }),
  ),
});
export const followUpInput = z.object({
  entryId: id,
  date: isoDate,
  kind: z.enum(FOLLOW_UP_KINDS),
  note: required(1000),
  statusAfter: z.enum(LEDGER_STATUSES),
});

export const dropoutContract = {
  'dropout.registration': {
    doc: '学期报到核查（A4）：每名困境学生是否按时报到',
    access: school(CASE_READERS),
    input: z.object({ semester: semesterSchema }),
    output: z.array(registrationRowSchema),
  },
  'dropout.mark': {
    doc: '批量标记已报到 / 未报到；未报到须选原因并登记台账，迟到报到自动销号',
    access: school(DROPOUT_STAFF),
    input: markRegistrationInput,
    output: z.object({ marked: z.number().int(), opened: z.number().int(), closed: z.number().int() }),
  },
  'dropout.ledger': {
    doc: '控辍保学台账：适龄儿童、疑似辍学、辍学及请假休学转学（查看记入审计日志）',
    access: school(CASE_READERS),
    input: z.object({ ledger: z.enum(LEDGERS).optional(), includeClosed: z.boolean().default(false) }),
    output: z.array(ledgerEntrySchema),
  },
  'dropout.followUp': {
    doc: '记录跟进或劝返，更新状态；已复学或已转出即销号',
    access: school(DROPOUT_STAFF),
    input: followUpInput,
    output: okSchema,
  },
  'dropout.exportLedger': {
    doc: '导出月度控辍保学台账 xlsx（三本台账分表；水印；记入审计日志）',
    access: school(PRINTERS),
    input: z.object({ month: monthSchema }),
    output: fileOutSchema,
  },
} as const satisfies ContractSection;
