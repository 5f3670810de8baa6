/** Contract schemas for the care services (A1–A4, P5–P7, G2). */
import { z } from 'zod';
import {
  ABSENCE_REASONS, ACTIVITY_KINDS, CRISIS_COLORS, CONCERN_KINDS, CONCERN_SOURCES, CONTACT_CHANNELS, CONTACT_KINDS, DISABILITY_TYPES, DISPOSITIONS,
  FOLLOW_UP_KINDS, LEDGER_STATUSES, LEDGERS, OBLIGATIONS, PAIR_STATES, PLACEMENTS, SEMESTER_KEY, SUBJECTS,
} from '../domain/care';
import { isoDate } from './schemas';

const id = z.number().int().positive();
const text = (max: number) => z.string().trim().max(max, `不能超过 ${max} 个字`);
const required = (max: number) => text(max).min(1, '不能为空');
export const semesterSchema = z.string().regex(SEMESTER_KEY, '学期格式应为 2025-2026-1（秋季）或 2025-2026-2（春季）');
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
const subjects = z.array(z.enum(SUBJECTS)).max(11);
const minutes = z.number().int().min(1, '时长至少 1 分钟').max(600, '时长不超过 600 分钟');

export const tutoringPlanInput = z.object({
  id: id.optional(), studentId: id, semester: semesterSchema, subjects: subjects.min(1, '请选择至少一门学科'), tutorAccountId: id,
  schedule: required(200), goals: required(1000),
});
export const tutoringSessionInput = z.object({ planId: id, date: isoDate, minutes, attended: z.boolean(), notes: text(1000).default('') });
export const specialEdInput = z.object({ studentId: id, placement: z.enum(PLACEMENTS), disabilityType: z.enum(DISABILITY_TYPES), note: text(500).default('') });
export const homeVisitInput = z.object({ studentId: id, date: isoDate, teacherAccountId: id, content: required(1000), minutes });
export const homeContactInput = z.object({ studentId: id, date: isoDate, channel: z.enum(CONTACT_CHANNELS), guardian: required(40), content: required(2000), followUp: text(1000).default('') });

export const studentServicesSchema = z.object({
  tutoringPlans: z.array(z.object({
    id: z.number(), semester: z.string(), subjects: z.array(z.string()), tutorAccountId: z.number(), tutorName: z.string(), schedule: z.string(),
    goals: z.string(), outcome: z.string(), outcomeAt: z.string().nullable(),
    sessions: z.array(z.object({ id: z.number(), date: z.string(), minutes: z.number(), attended: z.boolean(), notes: z.string() })),
  })),
  specialEd: z.object({ placement: z.enum(PLACEMENTS), disabilityType: z.string(), note: z.string(), updatedAt: z.string() }).nullable(),
  homeVisits: z.array(z.object({ id: z.number(), date: z.string(), semester: z.string(), content: z.string(), minutes: z.number(), teacher: z.string() })),
  visitsPerSemester: z.record(z.string(), z.number()),
  homeContacts: z.array(z.object({ id: z.number(), date: z.string(), channel: z.enum(CONTACT_CHANNELS), guardian: z.string(), content: z.string(), followUp: z.string(), by: z.string() })),
  talks: z.array(z.object({ id: z.number(), kind: z.enum(['monthlyTalk', 'countyLook']), date: z.string(), note: z.string(), by: z.string() })),
});

export const recordContactsInput = z.object({
  kind: z.enum(CONTACT_KINDS), date: isoDate,
  entries: z.array(z.object({ studentId: id, note: text(500).default(''), unusual: z.boolean().default(false) })).min(1, '请至少选择一名学生').max(5000),
});
export const todayListSchema = z.object({
  date: z.string(), schoolDay: z.boolean(),
  rows: z.array(z.object({ studentId: z.number(), name: z.string(), className: z.string(), askedToday: z.boolean(), seenThisWeek: z.boolean(), talkedThisMonth: z.boolean(), lastTalk: z.string().nullable(), unusualToday: z.string() })),
});
const status = z.enum(['overdue', 'due']);
export const complianceSchema = z.object({
  month: z.string(), asOf: z.string(), keyStudents: z.number(),
  items: z.array(z.object({
    studentId: z.number(), studentName: z.string(), className: z.string(), obligation: z.enum(OBLIGATIONS), obligationLabel: z.string(), dueDate: z.string(),
    status, responsibleId: z.number().nullable(), responsibleName: z.string(), ref: z.number().nullable(),
  })),
  byStudent: z.array(z.object({ studentId: z.number(), studentName: z.string(), className: z.string(), overdue: z.number(), due: z.number(), obligations: z.partialRecord(z.enum(OBLIGATIONS), z.number()), earliestDue: z.string() })),
  byResponsible: z.array(z.object({ responsibleId: z.number().nullable(), responsibleName: z.string(), overdue: z.number(), due: z.number(), students: z.number() })),
});

export const volunteerInput = z.object({
  studentId: id, strengths: subjects.min(1, '请选择至少一门擅长学科'), capacity: z.number().int().min(1, '至少 1 人').max(3, '一名同学最多帮扶 3 人'),
  consent: z.boolean(), consentNote: text(200).default(''), active: z.boolean().default(true),
});
export const volunteerSchema = z.object({
  id: z.number(), studentId: z.number(), name: z.string(), className: z.string(), grade: z.string(), strengths: z.array(z.string()), capacity: z.number(),
  load: z.number(), consent: z.boolean(), consentNote: z.string(), active: z.boolean(),
});
export const suggestionsSchema = z.object({
  rule: z.string(), weakSubjects: z.array(z.string()), hasPartner: z.boolean(),
  suggestions: z.array(z.object({
    volunteerId: z.number(), studentId: z.number(), name: z.string(), className: z.string(), score: z.number(), load: z.number(), capacity: z.number(),
    strengths: z.array(z.string()), matched: z.array(z.string()), reasons: z.array(z.string()),
  })),
});
export const pairSchema = z.object({
  id: z.number(), state: z.enum(PAIR_STATES), subjects: z.array(z.string()), startedAt: z.string(), endedAt: z.string().nullable(), studentId: z.number(),
  studentName: z.string(), className: z.string(), volunteerName: z.string(), volunteerClass: z.string(),
  activities: z.array(z.object({ id: z.number(), date: z.string(), content: z.string(), minutes: z.number() })),
});

export const registrationRowSchema = z.object({
  studentId: z.number(), name: z.string(), className: z.string(), arrived: z.boolean().nullable(), checkedAt: z.string().nullable(),
  openEntry: z.object({ id: z.number(), reason: z.enum(ABSENCE_REASONS), status: z.enum(LEDGER_STATUSES) }).nullable(),
});
export const markRegistrationInput = z.object({
  semester: semesterSchema, studentIds: z.array(id).min(1, '请至少选择一名学生').max(5000), arrived: z.boolean(), reason: z.enum(ABSENCE_REASONS).optional(), note: text(500).default(''),
});
export const ledgerEntrySchema = z.object({
  id: z.number(), studentId: z.number(), name: z.string(), className: z.string(), semester: z.string(), ledger: z.enum(LEDGERS), reason: z.enum(ABSENCE_REASONS),
  status: z.enum(LEDGER_STATUSES), note: z.string(), openedAt: z.string(), closedAt: z.string().nullable(),
  followUps: z.array(z.object({ id: z.number(), date: z.string(), kind: z.enum(FOLLOW_UP_KINDS), note: z.string(), statusAfter: z.enum(LEDGER_STATUSES), by: z.string() })),
});
export const followUpInput = z.object({ entryId: id, date: isoDate, kind: z.enum(FOLLOW_UP_KINDS), note: required(1000), statusAfter: z.enum(LEDGER_STATUSES) });

export const crisisLevelSchema = z.object({
  key: z.string().trim().regex(/^[A-Za-z0-9_-]{1,16}$/, '代码为 1–16 位字母或数字'), label: required(20),
  color: z.enum(CRISIS_COLORS), severity: z.number().int().min(1).max(9),
});
export const crisisInput = z.object({ id: id.optional(), studentId: id, date: isoDate, levelKey: required(16), disposition: z.enum(DISPOSITIONS), note: required(2000) });
export const crisisRecordSchema = z.object({
  id: z.number(), studentId: z.number(), name: z.string(), className: z.string(), date: z.string(), levelKey: z.string(), levelLabel: z.string(),
  levelColor: z.string(), severity: z.number(), disposition: z.enum(DISPOSITIONS), note: z.string(), by: z.string(),
  referrals: z.array(z.object({ id: z.number(), institution: z.string(), date: z.string(), result: z.string() })),
});
export const referralInput = z.object({ crisisId: id, institution: required(100), date: isoDate, result: text(1000).default('') });

export const activityInput = z.object({
  date: isoDate, kind: z.enum(ACTIVITY_KINDS), title: required(60), content: text(2000).default(''),
  attendees: z.array(z.object({ studentId: id, guardian: text(40).default('') })).max(2000),
});
export const activitySchema = z.object({
  id: z.number(), date: z.string(), kind: z.enum(ACTIVITY_KINDS), title: z.string(), content: z.string(),
  attendees: z.array(z.object({ studentId: z.number(), name: z.string(), className: z.string(), guardian: z.string() })),
});

export const concernInput = z.object({
  studentId: id.nullable(), source: z.enum(CONCERN_SOURCES), kind: z.enum(CONCERN_KINDS), fromName: required(40), channel: required(20),
  content: required(2000), receivedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/, '受理时间格式不正确'), ownerAccountId: id,
});
export const concernSchema = z.object({
  id: z.number(), studentId: z.number().nullable(), studentName: z.string().nullable(), className: z.string().nullable(), source: z.enum(CONCERN_SOURCES),
  kind: z.enum(CONCERN_KINDS), fromName: z.string(), channel: z.string(), content: z.string(), receivedAt: z.string(), dueDate: z.string(),
  ownerAccountId: z.number(), owner: z.string(), response: z.string(), closedAt: z.string().nullable(), overdue: z.boolean(),
});

export const tutorWorkloadSchema = z.object({
  tutorAccountId: z.number(), tutorName: z.string(), students: z.number(), talks: z.number(), homeContacts: z.number(), sessions: z.number(),
  hours: z.number(), plans: z.number(), outcomes: z.number(),
});
export type TutorWorkload = z.infer<typeof tutorWorkloadSchema>;
export const assignmentSchema = z.object({ studentId: z.number(), name: z.string(), className: z.string(), tutorAccountId: z.number().nullable(), tutorName: z.string() });

export const careSettingsSchema = z.object({
  nonSchoolDays: z.array(z.object({ from: isoDate, to: isoDate, label: required(30) })).max(100),
  concernDueWorkingDays: z.number().int().min(1).max(15),
});
