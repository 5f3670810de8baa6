/** The school year (issue 12): its grade sequences and the rollover (学年升级) that moves every student on. */
import { z } from 'zod';
import { isSchoolYear } from '../domain/schoolYear';
import { fileOutSchema, isoDate, stageSchema } from './schemas';
import { type ContractSection, okSchema, school } from './spec';

const progressionSchema = z.partialRecord(stageSchema, z.array(z.array(z.string().trim().min(1).max(20)).min(1).max(8)).max(6));

const count = z.number().int();
export const rolloverPlanSchema = z.object({
  fromYear: z.string().nullable(),
  toYear: z.string(),
  date: z.string(),
  moves: z.array(z.object({ fromGrade: z.string(), toGrade: z.string(), students: count })),
  graduating: z.array(z.object({ grade: z.string(), students: count })),
  /** Grades the sequences do not know: the rollover is refused until these students' grades are corrected. */
  unknownGrades: z.array(z.object({ grade: z.string(), students: count })),
  /** Key-care cases of graduating students, put on the next review meeting's agenda as exits (毕业). */
  exits: z.array(z.object({ caseId: count, studentName: z.string(), className: z.string() })),
  /** Head teachers' classes follow their students; listed for the office to review. */
  staff: z.array(z.object({ accountId: count, name: z.string(), from: z.array(z.string()), to: z.array(z.string()) })),
  /** Tutors whose students graduate (the assignments stay until the exits are decided). */
  tutors: z.array(z.object({ accountId: count, name: z.string(), graduating: count })),
});

export const schoolYearContract = {
  'year.status': {
    doc: '当前学年与各学段的年级顺序（末年级即毕业年级，E8 毕业生数据库以此为准）',
    access: school(['admin', 'officer', 'principal']),
    input: z.object({}),
    output: z.object({ schoolYear: z.string().nullable(), progression: progressionSchema }),
  },
  'year.saveProgression': {
    doc: '修改各学段的年级顺序（如五年制、两年制）；末年级即毕业年级',
    access: school(['admin']),
    input: z.object({ progression: progressionSchema }),
    output: okSchema,
  },
  'year.rollover': {
    doc: '学年升级：预览（各年级升入、毕业、待退出个案、班主任与导师变化），确认后先做备份再在一个事务中升级',
    access: school(['admin']),
    input: z.object({
      toYear: z.string().refine(isSchoolYear, '学年格式应为 2026-2027（前后相连的两个年份）'),
      date: isoDate.optional(),
      preview: z.boolean().default(true),
    }),
    output: z.object({ plan: rolloverPlanSchema, done: z.boolean(), backup: fileOutSchema.nullable() }),
  },
} as const satisfies ContractSection;
