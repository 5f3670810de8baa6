/** Concerns handled on receipt (P7): tickets with owner, deadline and answer. */
import { z } from 'zod';
import { CONCERN_KINDS, CONCERN_SOURCES } from '../domain/care';
import { CARE_STAFF, CASE_READERS } from './roleGroups';
import { id, required } from './schemas';
import { type ContractSection, okSchema, school } from './spec';

export const concernInput = z.object({
  studentId: id.nullable(),
  source: z.enum(CONCERN_SOURCES),
  kind: z.enum(CONCERN_KINDS),
  fromName: required(40),
  channel: required(20),
  content: required(2000),
  receivedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/, '受理时间格式不正确'),
  ownerAccountId: id,
});
export const concernSchema = z.object({
  id: z.number(),
  studentId: z.number().nullable(),
  studentName: z.string().nullable(),
  className: z.string().nullable(),
  source: z.enum(CONCERN_SOURCES),
  kind: z.enum(CONCERN_KINDS),
  fromName: z.string(),
  channel: z.string(),
  content: z.string(),
  receivedAt: z.string(),
  dueDate: z.string(),
  ownerAccountId: z.number(),
  owner: z.string(),
  response: z.string(),
  closedAt: z.string().nullable(),
  overdue: z.boolean(),
});

export const concernsContract = {
  'concerns.list': {
    doc: '接诉即办工单（P7）：受理时间、承办人、办理时限、答复与办结',
    access: school(CASE_READERS),
    input: z.object({}),
    output: z.array(concernSchema),
  },
  'concerns.create': {
    doc: '受理学生或家长的诉求、投诉：默认 3 个工作日内办结',
    access: school(CARE_STAFF),
    input: concernInput,
    output: z.object({ id: z.number().int(), dueDate: z.string() }),
  },
  'concerns.respond': {
    doc: '答复工单，可同时办结',
    access: school(CARE_STAFF),
    input: z.object({ id: id, response: z.string().trim().max(2000), close: z.boolean() }),
    output: okSchema,
  },
} as const satisfies ContractSection;
