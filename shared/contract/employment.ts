/** Employment guidance (E8): the graduate database, postings, ranked suggestions, recommendations, help. */
import { z } from 'zod';
import { HELP_KINDS, OUTCOMES, REC_RESPONSES, REC_RESULTS } from '../domain/employment';
import { STAGES } from '../domain/enums';
import { CASE_READERS, JOB_STAFF, PRINTERS } from './roleGroups';
import { fileOutSchema, isoDate, list, required, text, id } from './schemas';
import { type ContractSection, okSchema, school } from './spec';

export const graduateSchema = z.object({
  studentId: z.number(),
  name: z.string(),
  className: z.string(),
  stage: z.enum(STAGES),
  grade: z.string(),
  intendedField: z.string(),
  skills: z.array(z.string()),
  certificates: z.array(z.string()),
  locationPref: z.string(),
  constraints: z.string(),
  outcome: z.enum(OUTCOMES),
  outcomeDate: z.string().nullable(),
  helperAccountId: z.number().nullable(),
  helperName: z.string(),
  recommendations: z.number(),
  flagged: z.boolean(),
  profiled: z.boolean(),
  /** Why postings are not offered (under 16, or a compulsory-education graduate): study guidance instead. */
  notForWork: z.string().nullable(),
  onKeyCareList: z.boolean(),
});
export const graduateInput = z.object({
  studentId: id,
  intendedField: text(20),
  skills: list(20),
  certificates: list(20),
  locationPref: text(40),
  constraints: text(500),
  outcome: z.enum(OUTCOMES),
  outcomeDate: isoDate.nullable(),
  helperAccountId: id.nullable(),
});
export const postingSchema = z.object({
  id: z.number(),
  employer: z.string(),
  title: z.string(),
  location: z.string(),
  field: z.string(),
  requirements: z.string(),
  requiredCertificates: z.array(z.string()),
  salaryMin: z.number().nullable(),
  salaryMax: z.number().nullable(),
  deadline: z.string(),
  contact: z.string(),
  source: z.string(),
  expired: z.boolean(),
});
export const postingInput = z.object({
  employer: required(80),
  title: required(80),
  location: required(40),
  field: required(20),
  requirements: text(2000).default(''),
  requiredCertificates: list(10).default([]),
  salaryMin: z.number().int().min(0).max(1_000_000).nullable(),
  salaryMax: z.number().int().min(0).max(1_000_000).nullable(),
  deadline: isoDate,
  contact: text(100).default(''),
});
export const graduateDetailSchema = z.object({
  graduate: graduateSchema,
  recommendations: z.array(
    z.object({
      id: z.number(),
      postingId: z.number(),
      employer: z.string(),
      title: z.string(),
      location: z.string(),
      deadline: z.string(),
      score: z.number(),
      reasons: z.array(z.string()),
      response: z.enum(REC_RESPONSES),
      result: z.enum(REC_RESULTS),
      recommendedAt: z.string(),
    }),
  ),
  help: z.array(
    z.object({ id: z.number(), kind: z.enum(HELP_KINDS), date: z.string(), title: z.string(), detail: z.string(), by: z.string() }),
  ),
});
export const jobSuggestionsSchema = z.object({
  rule: z.string(),
  recommended: z.number(),
  needed: z.number(),
  suggestions: z.array(postingSchema.extend({ score: z.number(), reasons: z.array(z.string()) })),
  notForWork: z.string().nullable(),
});

export const employmentContract = {
  'employment.graduates': {
    doc: '困境学生毕业生数据库（E8）：毕业年级的重点关爱学生、意向、去向与推荐岗位数；不足 3 个的标记',
    access: school(CASE_READERS),
    input: z.object({}),
    output: z.array(graduateSchema),
  },
  'employment.graduate': {
    doc: '一名毕业生：档案、已推荐岗位及答复与结果、就业帮扶记录（查看记入审计日志）',
    access: school(CASE_READERS),
    input: z.object({ studentId: id }),
    output: graduateDetailSchema,
  },
  'employment.saveGraduate': {
    doc: '保存毕业生档案：意向领域、技能、证书、地点意向、特殊情况、去向及日期、一对一帮扶责任人',
    access: school(JOB_STAFF),
    input: graduateInput,
    output: okSchema,
  },
  'employment.suggest': {
    doc: '为毕业生按可解释的匹配度排序岗位（领域、地点、证书、技能、截止日期），附理由；已截止的不推荐',
    access: school(JOB_STAFF),
    input: z.object({ studentId: id, limit: z.number().int().min(1).max(200).default(50) }),
    output: jobSuggestionsSchema,
  },
  'employment.recommend': {
    doc: '向毕业生推荐岗位（记录当时的匹配度与理由）',
    access: school(JOB_STAFF),
    input: z.object({
      studentId: id,
      postingIds: z.array(id).min(1, '请选择岗位').max(20),
    }),
    output: z.object({ recommended: z.number().int(), total: z.number().int() }),
  },
  'employment.updateRecommendation': {
    doc: '记录学生的答复与结果（投递、面试、录用、入职、放弃）；入职即更新毕业去向',
    access: school(JOB_STAFF),
    input: z.object({ id: id, response: z.enum(REC_RESPONSES), result: z.enum(REC_RESULTS) }),
    output: okSchema,
  },
  'employment.addHelp': {
    doc: '就业帮扶记录：简历问诊、面试指导、礼仪课程、技能培训、证书、实习、专场招聘会、一对一帮扶',
    access: school(JOB_STAFF),
    input: z.object({
      studentId: id,
      kind: z.enum(HELP_KINDS),
      date: isoDate,
      title: z.string().trim().min(1, '请填写内容').max(100),
      detail: z.string().trim().max(1000).default(''),
    }),
    output: okSchema,
  },
  'employment.postings': {
    doc: '岗位信息列表（可含已截止）',
    access: school(CASE_READERS),
    input: z.object({ includeExpired: z.boolean().default(false) }),
    output: z.array(postingSchema),
  },
  'employment.addPosting': {
    doc: '手工录入岗位',
    access: school(JOB_STAFF),
    input: postingInput,
    output: z.object({ id: z.number().int() }),
  },
  'employment.exportGraduates': {
    doc: '导出毕业生数据库 xlsx（含推荐岗位数与结果；公式文本已中和；记入审计日志）',
    access: school(PRINTERS),
    input: z.object({}),
    output: fileOutSchema,
  },
  'employment.exportPostings': {
    doc: '导出岗位信息 xlsx（公式文本已中和）',
    access: school(PRINTERS),
    input: z.object({}),
    output: fileOutSchema,
  },
} as const satisfies ContractSection;
