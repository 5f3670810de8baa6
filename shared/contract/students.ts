/** Students (一人一档, S2): the masked roster, the audited file, intake, the audited reveal, the printed file. */
import { z } from 'zod';
import { CASE_READERS, CASE_WORKERS, PRINTERS } from './roleGroups';
import {
  categorySchema,
  fileOutSchema,
  id,
  isoDate,
  requiredText,
  screeningSchema,
  studentChangeSchema,
  studentDetailSchema,
  studentEditSchema,
  studentInputSchema,
  studentListRowSchema,
  text,
} from './schemas';
import { type ContractSection, idInput, okSchema, school } from './spec';

export const studentsContract = {
  'students.list': {
    doc: '学生名册：搜索、按班级和类别筛选、排序、分页（证件号已脱敏）',
    access: school(CASE_READERS),
    input: z.object({
      q: z.string().trim().max(40).default(''),
      className: z.string().default(''),
      category: categorySchema.or(z.literal('')).default(''),
      onListOnly: z.boolean().default(false),
      /** 多种因素叠加 (T2): two or more risk factors. */
      multipleOnly: z.boolean().default(false),
      /** In school (the default), left (graduated or transferred), or everyone. */
      status: z.enum(['active', 'left', 'all']).default('active'),
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
  'students.update': {
    doc: '修改学生档案：每项修改保留原值、修改人、时间和原因；姓名、身份证号、学籍号须写明原因；证件号重新校验并查重',
    access: school(CASE_WORKERS),
    input: z.object({
      id,
      set: studentEditSchema,
      /** Why; required when the name, ID number or 学籍号 changes. */
      reason: text(200).default(''),
      /** The day from which added or removed categories and risk factors hold (today when absent). */
      since: isoDate.optional(),
      confirmConvertedId: z.string().trim().max(18).optional(),
      notDuplicate: z.boolean().default(false),
    }),
    output: z.object({ changed: z.array(z.string()) }),
  },
  'students.transfer': {
    doc: '转出或转入：转出的学生档案保留且只读，名单上的个案列入下次集体评议的退出议程；转入恢复为在校',
    access: school(CASE_WORKERS),
    input: z.object({
      id,
      direction: z.enum(['out', 'in']),
      date: isoDate,
      reason: requiredText(200),
      /** Where the student went (转出) or came from (转入). */
      school: text(80).default(''),
      className: text(30).optional(),
    }),
    output: okSchema,
  },
  'students.screening': {
    doc: '一个都不少（S2、T1、T3）：有困境类别或多种风险因素却从未申请的学生、尚未决定的申请、批准后尚未落实的关爱',
    access: school(CASE_READERS),
    input: z.object({}),
    output: screeningSchema,
  },
  'students.archive': {
    doc: '档案归档（保留期）：离校满 N 年（默认 3 年）的学生档案先写入加密归档文件，再从在用数据中移除；仅资助管理员，记入审计日志',
    access: school(['admin']),
    input: z.object({ preview: z.boolean().default(true), years: z.number().int().min(1).max(30).optional() }),
    output: z.object({
      years: z.number().int(),
      cutoff: z.string(),
      students: z.array(
        z.object({
          studentId: z.number().int(),
          name: z.string(),
          className: z.string(),
          status: z.string(),
          leftAt: z.string(),
          /** The table that keeps this file in the store (a row shared with a student who stays), or null. */
          blockedBy: z.string().nullable(),
        }),
      ),
      archived: z.number().int(),
      file: fileOutSchema.nullable(),
    }),
  },
  'students.history': {
    doc: '学生档案变更记录（谁、何时、为何修改；证件号、电话、住址已脱敏；查看记入审计日志）',
    access: school(CASE_READERS),
    input: z.object({ studentId: id }),
    output: z.array(studentChangeSchema),
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
