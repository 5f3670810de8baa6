/** Contract schemas for employment guidance (E8) and financial aid (F9). */
import { z } from 'zod';
import { AID_SOURCES, HELP_KINDS, OUTCOMES, PROGRAMME_KINDS, REC_RESPONSES, REC_RESULTS } from '../domain/employment';
import { STAGES } from '../domain/enums';
import { isoDate } from './schemas';
import { semesterSchema } from './careSchemas';

const text = (max: number) => z.string().trim().max(max, `不能超过 ${max} 个字`);
const required = (max: number) => text(max).min(1, '不能为空');
const list = (max: number) => z.array(z.string().trim().min(1).max(40)).max(max);

export const graduateSchema = z.object({
  studentId: z.number(), name: z.string(), className: z.string(), stage: z.enum(STAGES), grade: z.string(), intendedField: z.string(),
  skills: z.array(z.string()), certificates: z.array(z.string()), locationPref: z.string(), constraints: z.string(), outcome: z.enum(OUTCOMES),
  outcomeDate: z.string().nullable(), helperAccountId: z.number().nullable(), helperName: z.string(), recommendations: z.number(), flagged: z.boolean(), profiled: z.boolean(),
});
export const graduateInput = z.object({
  studentId: z.number().int().positive(), intendedField: text(20), skills: list(20), certificates: list(20), locationPref: text(40), constraints: text(500),
  outcome: z.enum(OUTCOMES), outcomeDate: isoDate.nullable(), helperAccountId: z.number().int().positive().nullable(),
});
export const postingSchema = z.object({
  id: z.number(), employer: z.string(), title: z.string(), location: z.string(), field: z.string(), requirements: z.string(), requiredCertificates: z.array(z.string()),
  salaryMin: z.number().nullable(), salaryMax: z.number().nullable(), deadline: z.string(), contact: z.string(), source: z.string(), expired: z.boolean(),
});
export const postingInput = z.object({
  employer: required(80), title: required(80), location: required(40), field: required(20), requirements: text(2000).default(''), requiredCertificates: list(10).default([]),
  salaryMin: z.number().int().min(0).max(1_000_000).nullable(), salaryMax: z.number().int().min(0).max(1_000_000).nullable(), deadline: isoDate, contact: text(100).default(''),
});
export const graduateDetailSchema = z.object({
  graduate: graduateSchema,
  recommendations: z.array(z.object({
    id: z.number(), postingId: z.number(), employer: z.string(), title: z.string(), location: z.string(), deadline: z.string(), score: z.number(), reasons: z.array(z.string()),
    response: z.enum(REC_RESPONSES), result: z.enum(REC_RESULTS), recommendedAt: z.string(),
  })),
  help: z.array(z.object({ id: z.number(), kind: z.enum(HELP_KINDS), date: z.string(), title: z.string(), detail: z.string(), by: z.string() })),
});
export const jobSuggestionsSchema = z.object({
  rule: z.string(), recommended: z.number(), needed: z.number(),
  suggestions: z.array(postingSchema.extend({ score: z.number(), reasons: z.array(z.string()) })),
});
export const postingImportSchema = z.object({
  rows: z.array(z.object({ row: z.number(), status: z.enum(['ok', 'unchanged', 'rejected']), title: z.string(), employer: z.string(), reason: z.string() })),
  counts: z.object({ total: z.number(), ok: z.number(), unchanged: z.number(), rejected: z.number() }),
  added: z.number(),
});

export const difficultyLevelSchema = z.object({ key: z.string().trim().regex(/^[A-Za-z0-9_-]{1,16}$/, '代码为 1–16 位字母或数字'), label: required(12), rank: z.number().int().min(0).max(9) });
export const gradingRowSchema = z.object({
  studentId: z.number(), name: z.string(), className: z.string(), stage: z.enum(STAGES), levelKey: z.string().nullable(), levelLabel: z.string(),
  types: z.array(z.string()), reason: z.string(), gradedAt: z.string().nullable(), belowHighest: z.boolean(), ungraded: z.boolean(),
});
export const gradeInput = z.object({ studentId: z.number().int().positive(), semester: semesterSchema, levelKey: required(16), types: list(16).default([]), reason: text(500).default('') });
export const programmeSchema = z.object({
  id: z.number(), code: z.string(), stage: z.enum(STAGES), name: z.string(), amountYuan: z.number().nullable(), kind: z.enum(PROGRAMME_KINDS), source: z.enum(AID_SOURCES), note: z.string(), active: z.boolean(),
});
const yuan = z.number().min(0, '金额不能为负').max(1_000_000, '金额过大').refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, '金额最多保留 2 位小数');
export const programmeInput = z.object({
  id: z.number().int().positive().optional(), code: z.string().trim().regex(/^[a-z0-9-]{2,24}$/, '代码为 2–24 位小写字母、数字或 -'), stage: z.enum(STAGES), name: required(30),
  amountYuan: yuan.nullable(), kind: z.enum(PROGRAMME_KINDS), source: z.enum(AID_SOURCES), note: text(200).default(''), active: z.boolean(),
});
export const awardInput = z.object({ studentId: z.number().int().positive(), programmeId: z.number().int().positive(), semester: semesterSchema, amountYuan: yuan, date: isoDate, source: z.enum(AID_SOURCES) });
export const awardSchema = z.object({ id: z.number(), studentId: z.number(), name: z.string(), className: z.string(), programme: z.string(), semester: z.string(), amount: z.string(), date: z.string(), source: z.enum(AID_SOURCES) });
export const gapsSchema = z.object({
  schoolYear: z.string(), semester: z.string(), highest: z.string(), entitlementNote: z.string(),
  students: z.array(z.object({
    studentId: z.number(), name: z.string(), className: z.string(), stage: z.enum(STAGES), levelLabel: z.string(), belowHighest: z.boolean(),
    reasonRecorded: z.string(), missingProgrammes: z.array(z.string()), reasons: z.array(z.string()),
  })),
});
export const workStudyInput = z.object({
  studentId: z.number().int().positive(), date: isoDate, post: required(40), hours: z.number().min(0.5, '至少 0.5 小时').max(8, '单次不超过 8 小时'), yuanPerHour: yuan,
});
export const workStudySchema = z.object({ id: z.number(), date: z.string(), post: z.string(), hours: z.number(), yuanPerHour: z.number(), pay: z.string() });
