/** The statistics table (S3 附件1): computed for a date from the store's history, checked, exported, drilled into, submitted. */
import { z } from 'zod';
import { UNITS } from '../domain/statistics';
import { CASE_WORKERS } from './roleGroups';
import { fileOutSchema, isoDate, text } from './schemas';
import { type ContractSection, school } from './spec';

const STAT_READERS = ['admin', 'officer', 'principal', 'inspector'] as const;

export const statisticsTableSchema = z.object({
  templateId: z.string(),
  attachment: z.string(),
  title: z.string(),
  asOf: z.string(),
  period: z.object({ from: z.string(), to: z.string(), label: z.string() }),
  rows: z.array(z.object({ key: z.string(), label: z.string(), level: z.number().int() })),
  columns: z.array(z.object({ key: z.string(), group: z.string(), label: z.string(), unit: z.enum(UNITS) })),
  cells: z.array(z.object({ row: z.string(), col: z.string(), value: z.number().nullable() })),
  checks: z.array(z.object({ rule: z.string(), ok: z.boolean(), detail: z.string() })),
  notes: z.array(z.string()),
  submitted: z.object({ at: z.string(), by: z.string(), sha256: z.string() }).nullable(),
});
export type StatisticsTable = z.infer<typeof statisticsTableSchema>;

const asOfInput = z.object({ asOf: isoDate });

export const statisticsContract = {
  'statistics.table': {
    doc: '统计表（S3 附件1）：按统计日从档案历史计算（同一日期、数据未变则结果相同），附横纵校验',
    access: school(STAT_READERS),
    input: asOfInput,
    output: statisticsTableSchema,
  },
  'statistics.export': {
    doc: '导出统计表 xlsx（正式报表格式：合并表头、单位、填报单位/填报人/联系电话/填报日期、内部资料）；校验不通过时不导出',
    access: school(STAT_READERS),
    input: asOfInput.extend({ phone: text(30).default('') }),
    output: fileOutSchema,
  },
  'statistics.print': {
    doc: '打印统计表 PDF（A4 横向，内部资料水印；只有汇总数，不含学生姓名；校验不通过时不打印）',
    access: school(STAT_READERS),
    input: asOfInput.extend({ phone: text(30).default('') }),
    output: fileOutSchema,
  },
  'statistics.drill': {
    doc: '统计表某一格背后的学生（仅资助管理员、专干和校长；记入审计日志）',
    access: school([...CASE_WORKERS, 'principal']),
    input: asOfInput.extend({ row: z.string().max(80), col: z.string().max(80) }),
    output: z.object({ students: z.array(z.object({ studentId: z.number().int(), name: z.string(), className: z.string() })) }),
  },
  'statistics.submit': {
    doc: '报送统计表：校验通过后冻结（哈希、报送人、时间），随下一个备案包上报',
    access: school(CASE_WORKERS),
    input: asOfInput,
    output: z.object({ sha256: z.string(), submittedAt: z.string() }),
  },
} as const satisfies ContractSection;
