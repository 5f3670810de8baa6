/** Psychological crisis warnings (P5): the level scheme, records and referrals (three roles only). */
import { z } from 'zod';
import { CRISIS_COLORS, DISPOSITIONS } from '../domain/care';
import { CRISIS_ROLES } from './roleGroups';
import { id, isoDate, required, text } from './schemas';
import { type ContractSection, okSchema, school } from './spec';

export const crisisLevelSchema = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,16}$/, '代码为 1–16 位字母或数字'),
  label: required(20),
  color: z.enum(CRISIS_COLORS),
  severity: z.number().int().min(1).max(9),
});
export const crisisInput = z.object({
  id: id.optional(),
  studentId: id,
  date: isoDate,
  levelKey: required(16),
  disposition: z.enum(DISPOSITIONS),
  note: required(2000),
});
export const crisisRecordSchema = z.object({
  id: z.number(),
  studentId: z.number(),
  name: z.string(),
  className: z.string(),
  date: z.string(),
  levelKey: z.string(),
  levelLabel: z.string(),
  levelColor: z.string(),
  severity: z.number(),
  disposition: z.enum(DISPOSITIONS),
  note: z.string(),
  by: z.string(),
  referrals: z.array(z.object({ id: z.number(), institution: z.string(), date: z.string(), result: z.string() })),
});
export const referralInput = z.object({ crisisId: id, institution: required(100), date: isoDate, result: text(1000).default('') });

export const crisisContract = {
  'crisis.scheme': {
    doc: '本校心理危机预警等级方案（等级、颜色、严重程度排序）',
    access: school(CRISIS_ROLES),
    input: z.object({}),
    output: z.array(crisisLevelSchema),
  },
  'crisis.saveScheme': {
    doc: '修改预警等级方案（管理员）；已有记录保留当时的等级名称与排序',
    access: school(['admin']),
    input: z.object({ levels: z.array(crisisLevelSchema).min(2, '至少 2 个等级').max(6) }),
    output: okSchema,
  },
  'crisis.list': {
    doc: '心理危机预警记录（仅心理教师、管理员、校长；每次查看记入审计日志）',
    access: school(CRISIS_ROLES),
    input: z.object({}),
    output: z.array(crisisRecordSchema),
  },
  'crisis.record': {
    doc: '新增或修改预警记录：等级、处置（关注、干预、转介、结案）',
    access: school(CRISIS_ROLES),
    input: crisisInput,
    output: z.object({ id: z.number().int() }),
  },
  'crisis.addReferral': {
    doc: '记录转介：机构、日期、结果',
    access: school(CRISIS_ROLES),
    input: referralInput,
    output: okSchema,
  },
} as const satisfies ContractSection;
