/** Students (一人一档, S2): the masked roster, the audited file, intake, the audited reveal, the printed file. */
import { z } from 'zod';
import { CASE_READERS, CASE_WORKERS, PRINTERS } from './roleGroups';
import { categorySchema, fileOutSchema, studentDetailSchema, studentInputSchema, studentListRowSchema, id } from './schemas';
import { type ContractSection, idInput, school } from './spec';

export const studentsContract = {
  'students.list': {
    doc: '学生名册：搜索、按班级和类别筛选、排序、分页（证件号已脱敏）',
    access: school(CASE_READERS),
    input: z.object({
      q: z.string().trim().max(40).default(''),
      className: z.string().default(''),
      category: categorySchema.or(z.literal('')).default(''),
      onListOnly: z.boolean().default(false),
      sort: z.enum(['name', 'className', 'createdAt']).default('className'),
      page: z.number().int().min(1).default(1),
      pageSize: z.number().int().min(5).max(200).default(20),
    }),
    output: z.object({ rows: z.array(studentListRowSchema), total: z.number().int(), classes: z.array(z.string()) }),
  },
  'students.get': {
    doc: '学生档案（一人一档）：基本信息、类别、申请与评议、成长事件时间线；每次查看记入审计日志',
    access: school(CASE_READERS),
    input: idInput,
    output: studentDetailSchema,
  },
  'students.create': {
    doc: '新建学生档案（证件号校验；同证件号不重复建档）',
    access: school(CASE_WORKERS),
    input: studentInputSchema,
    output: z.object({ id: z.number().int() }),
  },
  'students.reveal': {
    doc: '查看完整证件号、电话和住址（仅资助管理员与专干，记入审计日志）',
    access: school(CASE_WORKERS),
    input: idInput,
    output: z.object({
      idNumber: z.string(),
      studentNo: z.string(),
      householdAddress: z.string(),
      currentAddress: z.string(),
      guardians: z.array(z.object({ name: z.string(), phone: z.string(), address: z.string() })),
    }),
  },
  'students.printCaseFile': {
    doc: '打印一人一档 PDF（脱敏、水印，记入审计日志）',
    access: school(PRINTERS),
    input: z.object({ studentId: id }),
    output: fileOutSchema,
  },
} as const satisfies ContractSection;
