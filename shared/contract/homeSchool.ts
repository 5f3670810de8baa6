/** Home–school cooperation (P6): activities and attending families. */
import { z } from 'zod';
import { ACTIVITY_KINDS } from '../domain/care';
import { CARE_STAFF, CASE_READERS } from './roleGroups';
import { id, isoDate, required, text } from './schemas';
import { type ContractSection, school } from './spec';

export const activityInput = z.object({
  date: isoDate,
  kind: z.enum(ACTIVITY_KINDS),
  title: required(60),
  content: text(2000).default(''),
  attendees: z.array(z.object({ studentId: id, guardian: text(40).default('') })).max(2000),
});
export const activitySchema = z.object({
  id: z.number(),
  date: z.string(),
  kind: z.enum(ACTIVITY_KINDS),
  title: z.string(),
  content: z.string(),
  attendees: z.array(z.object({ studentId: z.number(), name: z.string(), className: z.string(), guardian: z.string() })),
});

export const homeSchoolContract = {
  'homeSchool.list': {
    doc: '家校协同活动（P6）及参加人员',
    access: school(CASE_READERS),
    input: z.object({}),
    output: z.array(activitySchema),
  },
  'homeSchool.create': {
    doc: '登记家长学校、讲座、监护人指导等活动及参加的家长',
    access: school(CARE_STAFF),
    input: activityInput,
    output: z.object({ id: z.number().int() }),
  },
} as const satisfies ContractSection;
