/** The tutor system (G2): semester assignments and the workload report. */
import { z } from 'zod';
import { CASE_WORKERS, PRINTERS } from './roleGroups';
import { fileOutSchema, semesterSchema, id } from './schemas';
import { type ContractSection, school } from './spec';

export const tutorWorkloadSchema = z.object({
  tutorAccountId: z.number(),
  tutorName: z.string(),
  students: z.number(),
  talks: z.number(),
  homeContacts: z.number(),
  sessions: z.number(),
  hours: z.number(),
  plans: z.number(),
  outcomes: z.number(),
});
export type TutorWorkload = z.infer<typeof tutorWorkloadSchema>;
export const assignmentSchema = z.object({
  studentId: z.number(),
  name: z.string(),
  className: z.string(),
  tutorAccountId: z.number().nullable(),
  tutorName: z.string(),
});

export const tutorsContract = {
  'tutors.assignments': {
    doc: '本学期育人导师分配（G2）',
    access: school(['admin', 'officer', 'principal']),
    input: z.object({ semester: semesterSchema }),
    output: z.array(assignmentSchema),
  },
  'tutors.assign': {
    doc: '为重点关爱学生指定本学期的育人导师（或取消）',
    access: school(CASE_WORKERS),
    input: z.object({
      semester: semesterSchema,
      tutorAccountId: id.nullable(),
      studentIds: z.array(id).min(1, '请至少选择一名学生').max(5000),
    }),
    output: z.object({ assigned: z.number().int() }),
  },
  'tutors.workload': {
    doc: '导师工作量：负责学生、谈心、家校沟通、辅导次数与时长、成效（导师只看本人）',
    access: school(['admin', 'officer', 'principal', 'tutor']),
    input: z.object({ semester: semesterSchema }),
    output: z.array(tutorWorkloadSchema),
  },
  'tutors.printWorkload': {
    doc: '打印导师工作量统计 PDF（工作量认定用；记入审计日志）',
    access: school(PRINTERS),
    input: z.object({ semester: semesterSchema }),
    output: fileOutSchema,
  },
  'tutors.exportWorkload': {
    doc: '导出导师工作量统计 xlsx（记入审计日志）',
    access: school(PRINTERS),
    input: z.object({ semester: semesterSchema }),
    output: fileOutSchema,
  },
} as const satisfies ContractSection;
