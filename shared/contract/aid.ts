/** Financial aid (F9): difficulty grading, the programme catalogue, awards, work-study and the gaps check. */
import { z } from 'zod';
import { AID_SOURCES, PROGRAMME_KINDS } from '../domain/employment';
import { STAGES } from '../domain/enums';
import { CASE_READERS, CASE_WORKERS, PRINTERS } from './roleGroups';
import { fileOutSchema, isoDate, list, required, semesterSchema, text, yuan, id } from './schemas';
import { type ContractSection, okSchema, school } from './spec';

export const difficultyLevelSchema = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,16}$/, '代码为 1–16 位字母或数字'),
  label: required(12),
  rank: z.number().int().min(0).max(9),
});
export const gradingRowSchema = z.object({
  studentId: z.number(),
  name: z.string(),
  className: z.string(),
  stage: z.enum(STAGES),
  levelKey: z.string().nullable(),
  levelLabel: z.string(),
  types: z.array(z.string()),
  reason: z.string(),
  gradedAt: z.string().nullable(),
  belowHighest: z.boolean(),
  ungraded: z.boolean(),
  onKeyCareList: z.boolean(),
});
export const gradeInput = z.object({
  studentId: id,
  semester: semesterSchema,
  levelKey: required(16),
  types: list(16).default([]),
  reason: text(500).default(''),
});
export const programmeSchema = z.object({
  id: z.number(),
  code: z.string(),
  stage: z.enum(STAGES),
  name: z.string(),
  amountYuan: z.number().nullable(),
  kind: z.enum(PROGRAMME_KINDS),
  source: z.enum(AID_SOURCES),
  note: z.string(),
  active: z.boolean(),
});
export const programmeInput = z.object({
  id: id.optional(),
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]{2,24}$/, '代码为 2–24 位小写字母、数字或 -'),
  stage: z.enum(STAGES),
  name: required(30),
  amountYuan: yuan.nullable(),
  kind: z.enum(PROGRAMME_KINDS),
  source: z.enum(AID_SOURCES),
  note: text(200).default(''),
  active: z.boolean(),
});
export const awardInput = z.object({
  studentId: id,
  programmeId: id,
  semester: semesterSchema,
  amountYuan: yuan,
  date: isoDate,
  source: z.enum(AID_SOURCES),
});
export const awardSchema = z.object({
  id: z.number(),
  studentId: z.number(),
  name: z.string(),
  className: z.string(),
  programme: z.string(),
  semester: z.string(),
  amount: z.string(),
  /** A waiver or service (免学杂费, 免费教科书 …): shown as 免, with the waived amount when one was recorded. */
  waiver: z.boolean(),
  date: z.string(),
  source: z.enum(AID_SOURCES),
});
export const gapsSchema = z.object({
  schoolYear: z.string(),
  semester: z.string(),
  highest: z.string(),
  entitlementNote: z.string(),
  students: z.array(
    z.object({
      studentId: z.number(),
      name: z.string(),
      className: z.string(),
      stage: z.enum(STAGES),
      /** F9 covers every student in difficulty; the key-care list is marked. */
      onKeyCareList: z.boolean(),
      levelLabel: z.string(),
      belowHighest: z.boolean(),
      reasonRecorded: z.string(),
      missingProgrammes: z.array(z.string()),
      reasons: z.array(z.string()),
    }),
  ),
});
export const workStudyInput = z.object({
  studentId: id,
  date: isoDate,
  post: required(40),
  hours: z.number().min(0.5, '至少 0.5 小时').max(8, '单次不超过 8 小时'),
  yuanPerHour: yuan,
});
export const workStudySchema = z.object({
  id: z.number(),
  date: z.string(),
  post: z.string(),
  hours: z.number(),
  yuanPerHour: z.number(),
  pay: z.string(),
});

export const aidContract = {
  'aid.levels': {
    doc: '家庭经济困难认定等级（名称可配置，档次排序固定含义）',
    access: school(CASE_READERS),
    input: z.object({}),
    output: z.array(difficultyLevelSchema),
  },
  'aid.saveLevels': {
    doc: '修改认定等级名称与排序（管理员）',
    access: school(['admin']),
    input: z.object({ levels: z.array(difficultyLevelSchema).min(2).max(6) }),
    output: okSchema,
  },
  'aid.grading': {
    doc: '本学期家庭经济困难认定（F9）：重点关爱学生的等级与类型；低于最高档的标记',
    access: school(CASE_READERS),
    input: z.object({ semester: semesterSchema }),
    output: z.array(gradingRowSchema),
  },
  'aid.grade': {
    doc: '认定（或学期调整）一名学生的等级与困难类型；低于最高档须写明理由',
    access: school(CASE_WORKERS),
    input: gradeInput,
    output: okSchema,
  },
  'aid.carryOver': {
    doc: '学期调整：为本学期尚未认定的重点关爱学生沿用上学期的认定（低于最高档的仍标记并保留理由）',
    access: school(CASE_WORKERS),
    input: z.object({ semester: semesterSchema }),
    output: z.object({ copied: z.number().int(), from: z.string() }),
  },
  'aid.programmes': {
    doc: '各学段资助项目目录（金额为数据，可修改）',
    access: school(CASE_READERS),
    input: z.object({}),
    output: z.array(programmeSchema),
  },
  'aid.saveProgramme': {
    doc: '新增或修改资助项目（管理员）',
    access: school(['admin']),
    input: programmeInput,
    output: z.object({ id: z.number().int() }),
  },
  'aid.awards': {
    doc: '资助发放记录（可按学期）',
    access: school(CASE_READERS),
    input: z.object({ semester: semesterSchema.optional() }),
    output: z.array(awardSchema),
  },
  'aid.addAward': {
    doc: '登记一笔资助：项目、学期、金额（元，2 位小数）、日期、资金来源',
    access: school(CASE_WORKERS),
    input: awardInput,
    output: okSchema,
  },
  'aid.gaps': {
    doc: '资助缺口核查：未认定或低于最高档、本学年应享未享的项目，逐人列出原因',
    access: school(CASE_READERS),
    input: z.object({}),
    output: gapsSchema,
  },
  'aid.workStudy': {
    doc: '一名学生的勤工助学记录',
    access: school(CASE_READERS),
    input: z.object({ studentId: id }),
    output: z.array(workStudySchema),
  },
  'aid.addWorkStudy': {
    doc: '登记勤工助学工时：每周 ≤8 小时、每月 ≤40 小时、每小时 ≥12 元',
    access: school(CASE_WORKERS),
    input: workStudyInput,
    output: okSchema,
  },
  'aid.exportAwards': {
    doc: '导出资助发放名单 xlsx（不含证件号；公式文本已中和；记入审计日志）',
    access: school(PRINTERS),
    input: z.object({ semester: semesterSchema.optional() }),
    output: fileOutSchema,
  },
} as const satisfies ContractSection;
