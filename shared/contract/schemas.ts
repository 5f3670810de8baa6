/**
 * zod schemas for what crosses the contract. Input schemas carry Chinese messages (the zod zh-CN locale plus the
 * field labels in fieldLabels.ts); output schemas guard against a service leaking a field it should not return.
 */
import { z } from 'zod';
import { STUDENT_STATUSES } from '../domain/schoolYear';
import {
  APPLICANT_TYPES,
  CARE_KINDS,
  CASE_SOURCES,
  CASE_STATES,
  CATEGORIES,
  EVENT_KINDS,
  GENDERS,
  LEFT_BEHIND,
  MANAGEMENT_AREAS,
  PREFECTURES,
  REVIEW_DECISIONS,
  RISK_FACTORS,
  ROLES,
  STAGES,
} from '../domain/enums';
import { checkIdNumber, checkStudentNo } from '../domain/idNumber';
import { SEMESTER_KEY } from '../domain/calendar';
import { errorSentence } from './errorSentences';

// zod's Chinese locale for anything the sentences below do not cover; our sentences first.
z.config(z.locales.zhCN());
z.config({ customError: errorSentence });

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 年-月-日');
export const text = (max: number) => z.string().trim().max(max, `不能超过 ${max} 个字`);
export const requiredText = (max: number) => text(max).min(1, '不能为空');
/** Short alias used by the domain contract files. */
export const required = requiredText;
/** A positive record id: always picked from a list on screen, so a missing one reads 请选择. */
export const id = z.number({ error: '请选择' }).int().positive('请选择');
/** A list of short texts (skills, certificates, types). */
export const list = (max: number) => z.array(z.string().trim().min(1).max(40)).max(max);
/** Yuan with at most two decimals (stored as fen). */
export const yuan = z
  .number()
  .min(0, '金额不能为负')
  .max(1_000_000, '金额过大')
  .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, '金额最多保留 2 位小数');
export const semesterSchema = z.string().regex(SEMESTER_KEY, '学期格式应为 2025-2026-1（秋季）或 2025-2026-2（春季）');
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');

export const usernameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.\-\u4e00-\u9fa5]{2,32}$/, '用户名为 2–32 位字母、数字、汉字或 _ . -');
/** Passwords: long enough that the Argon2id slot is the cost an attacker pays, not a guessable word. */
export const passwordSchema = z.string().min(8, '密码至少 8 位').max(128, '密码不能超过 128 位');

export const idNumberSchema = z.string().transform((v, ctx) => {
  const r = checkIdNumber(v);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.reason });
    return z.NEVER;
  }
  return r.value;
});
/**
 * An ID number as typed on a form: checked, but not converted here — a 15-digit number is converted by the service
 * only once the office has seen and confirmed the 18-digit number it becomes.
 */
export const idNumberInputSchema = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    const r = checkIdNumber(v);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.reason });
  });
export const studentNoSchema = z.string().transform((v, ctx) => {
  const r = checkStudentNo(v);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.reason });
    return z.NEVER;
  }
  return r.value;
});
export const phoneSchema = z
  .string()
  .trim()
  .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, '电话号码应为 11 位手机号或带区号的座机号');

export const roleSchema = z.enum(ROLES);
export const stageSchema = z.enum(STAGES);
export const categorySchema = z.enum(CATEGORIES);
export const riskFactorSchema = z.enum(RISK_FACTORS);
export const careKindSchema = z.enum(CARE_KINDS);
export const caseStateSchema = z.enum(CASE_STATES);

export const schoolProfileSchema = z.object({
  schoolName: requiredText(60),
  schoolCode: z
    .string()
    .trim()
    .regex(/^\d{10}$/, '学校标识码应为 10 位数字'),
  stages: z.array(stageSchema).min(1, '至少选择一个学段'),
  prefectureCode: z.string().refine((v) => v in PREFECTURES, '请选择陕西省的市'),
  countyCode: z.string().regex(/^61\d{4}$/, '县（区）代码应为 61 开头的 6 位数字'),
  managementArea: z.string().refine((v) => v in MANAGEMENT_AREAS, '请选择管理区域'),
});
export type SchoolProfile = z.infer<typeof schoolProfileSchema>;

export const newAccountSchema = z.object({
  username: usernameSchema,
  displayName: requiredText(30),
  password: passwordSchema,
});

export const userSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  classes: z.array(z.string()),
  mustChangePassword: z.boolean(),
});
export type User = z.infer<typeof userSchema>;

export const accountRowSchema = userSchema.extend({
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  failedAttempts: z.number().int(),
  createdAt: z.string(),
});
export type AccountRow = z.infer<typeof accountRowSchema>;

export const guardianInputSchema = z.object({
  name: requiredText(30),
  relation: requiredText(10),
  phone: phoneSchema.optional().or(z.literal('')),
  address: text(120).optional(),
  isGuardian: z.boolean().default(true),
});

export const studentInputSchema = z.object({
  name: requiredText(30),
  idNumber: idNumberInputSchema,
  /** For a 15-digit ID number: the 18-digit number it converts to, as the office confirmed it. */
  confirmConvertedId: z.string().trim().max(18).optional(),
  studentNo: studentNoSchema.optional().or(z.literal('')),
  ethnicity: text(20).optional(),
  stage: stageSchema,
  grade: requiredText(20),
  className: requiredText(30),
  boarding: z.boolean().default(false),
  leftBehind: z.enum(LEFT_BEHIND).default('none'),
  householdAddress: text(120).optional(),
  currentAddress: text(120).optional(),
  disabilityType: text(20).optional(),
  categories: z.array(categorySchema).default([]),
  riskFactors: z.array(riskFactorSchema).default([]),
  guardians: z.array(guardianInputSchema).max(4, '监护人最多 4 位').default([]),
  /** Set after the office has checked that a same-name, same-birth-date student is a different child. */
  notDuplicate: z.boolean().default(false),
});
export type StudentInput = z.input<typeof studentInputSchema>;

/**
 * The fields of a student that can be changed, each optional (absent = unchanged). Written out rather than
 * `studentInputSchema.partial()`: zod 4 fills defaults inside optional fields, which would clear categories and
 * guardians on every edit that does not mention them.
 */
export const studentEditSchema = z.object({
  name: requiredText(30).optional(),
  idNumber: idNumberInputSchema.optional(),
  studentNo: studentNoSchema.optional().or(z.literal('')),
  ethnicity: text(20).optional(),
  stage: stageSchema.optional(),
  grade: requiredText(20).optional(),
  className: requiredText(30).optional(),
  boarding: z.boolean().optional(),
  leftBehind: z.enum(LEFT_BEHIND).optional(),
  householdAddress: text(120).optional(),
  currentAddress: text(120).optional(),
  disabilityType: text(20).optional(),
  categories: z.array(categorySchema).optional(),
  riskFactors: z.array(riskFactorSchema).optional(),
  guardians: z.array(guardianInputSchema).max(4, '监护人最多 4 位').optional(),
});
export type StudentEdit = z.infer<typeof studentEditSchema>;

/** One kept change of a student's file; identifiers, phones and addresses arrive masked. */
export const studentChangeSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  field: z.string(),
  fieldLabel: z.string(),
  from: z.string(),
  to: z.string(),
  reason: z.string(),
  effectiveFrom: z.string().nullable(),
  source: z.enum(['edit', 'roster', 'rollover']),
  actorName: z.string(),
});
export type StudentChange = z.infer<typeof studentChangeSchema>;

const screeningPerson = {
  studentId: z.number().int(),
  name: z.string(),
  className: z.string(),
};
/** 一个都不少: who in the population of students in difficulty is not yet served, and why. */
export const screeningSchema = z.object({
  neverApplied: z.array(
    z.object({
      ...screeningPerson,
      categories: z.array(categorySchema),
      riskFactors: z.array(riskFactorSchema),
      multipleFactors: z.boolean(),
    }),
  ),
  undecided: z.array(
    z.object({ ...screeningPerson, caseId: z.number().int(), state: caseStateSchema, since: z.string(), days: z.number().int() }),
  ),
  notDelivered: z.array(
    z.object({ ...screeningPerson, caseId: z.number().int(), confirmedAt: z.string(), missing: z.array(careKindSchema) }),
  ),
  /** Everyone with a T1 category or two or more risk factors, on the key-care list or not. */
  population: z.number().int(),
  onList: z.number().int(),
});
export type Screening = z.infer<typeof screeningSchema>;

/** A student as lists show it: identifiers masked (I1, G3). */
export const studentListRowSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  gender: z.enum(GENDERS),
  idNumberMasked: z.string(),
  stage: stageSchema,
  grade: z.string(),
  className: z.string(),
  categories: z.array(categorySchema),
  riskFactors: z.array(riskFactorSchema),
  /** 多种因素叠加 (T2): two or more risk factors. */
  multipleFactors: z.boolean(),
  onKeyCareList: z.boolean(),
  status: z.enum(STUDENT_STATUSES),
  caseState: caseStateSchema.nullable(),
});
export type StudentListRow = z.infer<typeof studentListRowSchema>;

export const guardianViewSchema = z.object({
  name: z.string(),
  relation: z.string(),
  phoneMasked: z.string(),
  addressMasked: z.string(),
  isGuardian: z.boolean(),
});

export const timelineEventSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  kind: z.enum(EVENT_KINDS),
  title: z.string(),
  detail: z.string(),
  actorName: z.string(),
});
export type TimelineEvent = z.infer<typeof timelineEventSchema>;

export const caseViewSchema = z.object({
  id: z.number().int(),
  studentId: z.number().int(),
  studentName: z.string(),
  className: z.string(),
  state: caseStateSchema,
  source: z.enum(CASE_SOURCES),
  applicantType: z.enum(APPLICANT_TYPES).nullable(),
  applicantName: z.string(),
  careRequested: z.array(careKindSchema),
  facts: z.string(),
  reasons: z.string(),
  appliedAt: z.string(),
  review: z
    .object({
      decision: z.enum(REVIEW_DECISIONS),
      meetingDate: z.string(),
      participants: z.array(z.string()),
      necessity: z.string(),
      feasibility: z.string(),
      careApproved: z.array(careKindSchema),
      votesFor: z.number().int(),
      votesAgainst: z.number().int(),
      votesAbstain: z.number().int(),
    })
    .nullable(),
  careContent: z.string(),
  responsibleName: z.string(),
  confirmedAt: z.string().nullable(),
  filedPackage: z.string().nullable(),
  exitedAt: z.string().nullable(),
  exitReason: z.string(),
  exitRequested: z.string().nullable(),
});
export type CaseView = z.infer<typeof caseViewSchema>;

export const studentDetailSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  gender: z.enum(GENDERS),
  birthDate: z.string(),
  idNumberMasked: z.string(),
  studentNoMasked: z.string(),
  ethnicity: z.string(),
  stage: stageSchema,
  grade: z.string(),
  className: z.string(),
  boarding: z.boolean(),
  leftBehind: z.enum(LEFT_BEHIND),
  householdAddressMasked: z.string(),
  currentAddressMasked: z.string(),
  disabilityType: z.string(),
  status: z.enum(STUDENT_STATUSES),
  leftAt: z.string().nullable(),
  leftReason: z.string(),
  categories: z.array(categorySchema),
  riskFactors: z.array(riskFactorSchema),
  guardians: z.array(guardianViewSchema),
  cases: z.array(caseViewSchema),
  timeline: z.array(timelineEventSchema),
});
export type StudentDetail = z.infer<typeof studentDetailSchema>;

export const applicationInputSchema = z.object({
  studentId: id,
  applicantType: z.enum(APPLICANT_TYPES),
  applicantName: requiredText(30),
  careRequested: z.array(careKindSchema).min(1, '至少选择一项申请的关爱内容'),
  facts: requiredText(2000),
  reasons: requiredText(2000),
  categories: z.array(categorySchema).default([]),
  riskFactors: z.array(riskFactorSchema).default([]),
});

export const confirmInputSchema = z.object({
  caseId: id,
  careContent: requiredText(1000),
  responsibleAccountId: id,
});

export const fileOutSchema = z.object({ fileName: z.string(), base64: z.string() });
export type FileOut = z.infer<typeof fileOutSchema>;

export const filingPeriodSchema = z.string().regex(/^\d{4}H[12]$/, '报送期次格式为 年份+H1/H2，如 2025H2');

export const bureauSchoolSummarySchema = z.object({
  schoolCode: z.string(),
  schoolName: z.string(),
  registeredAt: z.string(),
  /** Where the school is, from its latest version-2 package (null until one arrives). */
  prefectureCode: z.string().nullable(),
  countyCode: z.string().nullable(),
  lastPeriod: z.string().nullable(),
  lastSequence: z.number().int().nullable(),
  lastImportedAt: z.string().nullable(),
  students: z.number().int(),
  /** The bureau below that forwarded the latest package (its list stayed there), or null. */
  viaArea: z.string().nullable(),
  byCategory: z.record(z.string(), z.number().int()),
  /** What the bureau noticed about the school's audit chain head ('' when it extends the last one). */
  auditFlag: z.string(),
});

export const statusSchema = z.object({
  workspace: z.enum(['none', 'school', 'bureau']),
  name: z.string(),
  user: userSchema.nullable(),
  idleMinutes: z.number().int(),
  backup: z.object({ lastAt: z.string().nullable(), overdue: z.boolean() }).nullable(),
  /** A statistics table due soon or overdue and not yet submitted (S3), for the funding office's reminder. */
  statisticsDue: z.object({ asOf: z.string(), daysLeft: z.number().int() }).nullable(),
  /** The school's stages (signed in to a school only): screens show programmes and rules of these stages alone. */
  stages: z.array(z.enum(STAGES)),
});
