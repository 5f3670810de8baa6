/** A student's care records (A1–A3): tutoring, special education and home delivery, home–school contacts. */
import { z } from 'zod';
import { CONTACT_CHANNELS, DISABILITY_TYPES, PLACEMENTS, SUBJECTS } from '../domain/care';
import { CARE_STAFF, CASE_READERS } from './roleGroups';
import { id, isoDate, required, semesterSchema, text } from './schemas';
import { type ContractSection, okSchema, school } from './spec';

const subjects = z.array(z.enum(SUBJECTS)).max(11);
const minutes = z.number().int().min(1, '时长至少 1 分钟').max(600, '时长不超过 600 分钟');
export const tutoringPlanInput = z.object({
  id: id.optional(),
  studentId: id,
  semester: semesterSchema,
  subjects: subjects.min(1, '请选择至少一门学科'),
  tutorAccountId: id,
  schedule: required(200),
  goals: required(1000),
});
export const tutoringSessionInput = z.object({ planId: id, date: isoDate, minutes, attended: z.boolean(), notes: text(1000).default('') });
export const specialEdInput = z.object({
  studentId: id,
  placement: z.enum(PLACEMENTS),
  disabilityType: z.enum(DISABILITY_TYPES),
  note: text(500).default(''),
});
export const homeVisitInput = z.object({ studentId: id, date: isoDate, teacherAccountId: id, content: required(1000), minutes });
export const homeContactInput = z.object({
  studentId: id,
  date: isoDate,
  channel: z.enum(CONTACT_CHANNELS),
  guardian: required(40),
  content: required(2000),
  followUp: text(1000).default(''),
});
export const studentServicesSchema = z.object({
  tutoringPlans: z.array(
    z.object({
      id: z.number(),
      semester: z.string(),
      subjects: z.array(z.string()),
      tutorAccountId: z.number(),
      tutorName: z.string(),
      schedule: z.string(),
      goals: z.string(),
      outcome: z.string(),
      outcomeAt: z.string().nullable(),
      sessions: z.array(z.object({ id: z.number(), date: z.string(), minutes: z.number(), attended: z.boolean(), notes: z.string() })),
    }),
  ),
  specialEd: z.object({ placement: z.enum(PLACEMENTS), disabilityType: z.string(), note: z.string(), updatedAt: z.string() }).nullable(),
  homeVisits: z.array(
    z.object({ id: z.number(), date: z.string(), semester: z.string(), content: z.string(), minutes: z.number(), teacher: z.string() }),
  ),
  visitsPerSemester: z.record(z.string(), z.number()),
  homeContacts: z.array(
    z.object({
      id: z.number(),
      date: z.string(),
      channel: z.enum(CONTACT_CHANNELS),
      guardian: z.string(),
      content: z.string(),
      followUp: z.string(),
      by: z.string(),
    }),
  ),
  talks: z.array(
    z.object({ id: z.number(), kind: z.enum(['monthlyTalk', 'countyLook']), date: z.string(), note: z.string(), by: z.string() }),
  ),
});
export type StudentServices = z.infer<typeof studentServicesSchema>;

export const careRecordsContract = {
  'careRecords.ofStudent': {
    doc: '一名学生的关爱服务记录：学业辅导、特殊教育与送教上门、家校沟通、谈心谈话（查看记入审计日志）',
    access: school(CASE_READERS),
    input: z.object({ studentId: id }),
    output: studentServicesSchema,
  },
  'careRecords.saveTutoringPlan': {
    doc: '学业辅导计划（A1）：学科、辅导教师、安排、目标',
    access: school(CARE_STAFF),
    input: tutoringPlanInput,
    output: z.object({ id: z.number().int() }),
  },
  'careRecords.addTutoringSession': {
    doc: '记录一次辅导（日期、时长、是否到课、记录）',
    access: school(CARE_STAFF),
    input: tutoringSessionInput,
    output: okSchema,
  },
  'careRecords.setTutoringOutcome': {
    doc: '学期末记录辅导成效',
    access: school(CARE_STAFF),
    input: z.object({ planId: id, outcome: z.string().trim().min(1, '请填写成效').max(2000) }),
    output: okSchema,
  },
  'careRecords.saveSpecialEd': {
    doc: '特殊教育安置（A2）：安置方式与残疾类型',
    access: school(CARE_STAFF),
    input: specialEdInput,
    output: okSchema,
  },
  'careRecords.addHomeVisit': {
    doc: '送教上门记录（A2）：日期、教师、内容、时长；按学期计数',
    access: school(CARE_STAFF),
    input: homeVisitInput,
    output: okSchema,
  },
  'careRecords.addHomeContact': {
    doc: '家校沟通记录（A3）：日期、方式、沟通对象、内容、后续跟进',
    access: school(CARE_STAFF),
    input: homeContactInput,
    output: okSchema,
  },
} as const satisfies ContractSection;
