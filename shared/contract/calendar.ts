/** The school calendar and care settings: days without school, the concern deadline. */
import { z } from 'zod';
import { CASE_READERS } from './roleGroups';
import { isoDate, required } from './schemas';
import { type ContractSection, okSchema, school } from './spec';

export const careSettingsSchema = z.object({
  nonSchoolDays: z.array(z.object({ from: isoDate, to: isoDate, label: required(30) })).max(100),
  concernDueWorkingDays: z.number().int().min(1).max(15),
});

export const calendarContract = {
  'calendar.get': {
    doc: '关爱设置：校历中的非上课日、接诉即办办理时限',
    access: school(CASE_READERS),
    input: z.object({}),
    output: careSettingsSchema,
  },
  'calendar.save': {
    doc: '修改关爱设置（管理员）',
    access: school(['admin']),
    input: careSettingsSchema,
    output: okSchema,
  },
} as const satisfies ContractSection;
