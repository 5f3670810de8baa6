/** Peer pairs (A3): the volunteer pool, ranked suggestions, pairs and their activities. */
import { z } from 'zod';
import { PAIR_STATES, SUBJECTS } from '../domain/care';
import { CASE_READERS, PAIR_STAFF } from './roleGroups';
import { id, isoDate, text } from './schemas';
import { type ContractSection, okSchema, school } from './spec';

const subjects = z.array(z.enum(SUBJECTS)).max(11);
export const volunteerInput = z.object({
  studentId: id,
  strengths: subjects.min(1, '请选择至少一门擅长学科'),
  capacity: z.number().int().min(1, '至少 1 人').max(3, '一名同学最多帮扶 3 人'),
  consent: z.boolean(),
  consentNote: text(200).default(''),
  active: z.boolean().default(true),
});
export const volunteerSchema = z.object({
  id: z.number(),
  studentId: z.number(),
  name: z.string(),
  className: z.string(),
  grade: z.string(),
  strengths: z.array(z.string()),
  capacity: z.number(),
  load: z.number(),
  consent: z.boolean(),
  consentNote: z.string(),
  active: z.boolean(),
});
export const suggestionsSchema = z.object({
  rule: z.string(),
  weakSubjects: z.array(z.string()),
  hasPartner: z.boolean(),
  suggestions: z.array(
    z.object({
      volunteerId: z.number(),
      studentId: z.number(),
      name: z.string(),
      className: z.string(),
      score: z.number(),
      load: z.number(),
      capacity: z.number(),
      strengths: z.array(z.string()),
      matched: z.array(z.string()),
      reasons: z.array(z.string()),
    }),
  ),
});
export const pairSchema = z.object({
  id: z.number(),
  state: z.enum(PAIR_STATES),
  subjects: z.array(z.string()),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  studentId: z.number(),
  studentName: z.string(),
  className: z.string(),
  volunteerName: z.string(),
  volunteerClass: z.string(),
  activities: z.array(z.object({ id: z.number(), date: z.string(), content: z.string(), minutes: z.number() })),
});

export const pairsContract = {
  'pairs.volunteers': {
    doc: '结对帮扶志愿者名单（A3）：班级、擅长学科、可帮扶人数、监护人同意情况',
    access: school(CASE_READERS),
    input: z.object({}),
    output: z.array(volunteerSchema),
  },
  'pairs.saveVolunteer': {
    doc: '登记或修改结对帮扶志愿者',
    access: school(PAIR_STAFF),
    input: volunteerInput,
    output: z.object({ id: z.number().int() }),
  },
  'pairs.suggest': {
    doc: '为受助学生推荐结对同学：按同班、同年级、擅长学科与薄弱学科相符程度排序，附理由；名额已满者不推荐',
    access: school(PAIR_STAFF),
    input: z.object({ studentId: id, weakSubjects: z.array(z.enum(SUBJECTS)).max(11).optional() }),
    output: suggestionsSchema,
  },
  'pairs.create': {
    doc: '建立“一对一”结对（每名学生同一时间一位伙伴，不超过志愿者名额）',
    access: school(PAIR_STAFF),
    input: z.object({
      volunteerId: id,
      studentId: id,
      subjects: z.array(z.enum(SUBJECTS)).max(11).default([]),
    }),
    output: z.object({ id: z.number().int() }),
  },
  'pairs.setState': {
    doc: '暂停、恢复或结束结对',
    access: school(PAIR_STAFF),
    input: z.object({ pairId: id, state: z.enum(PAIR_STATES) }),
    output: okSchema,
  },
  'pairs.addActivity': {
    doc: '记录结对活动',
    access: school(PAIR_STAFF),
    input: z.object({
      pairId: id,
      date: isoDate,
      content: z.string().trim().min(1, '请填写活动内容').max(1000),
      minutes: z.number().int().min(1).max(600),
    }),
    output: okSchema,
  },
  'pairs.list': {
    doc: '结对列表及活动记录',
    access: school(CASE_READERS),
    input: z.object({}),
    output: z.array(pairSchema),
  },
} as const satisfies ContractSection;
