/**
 * The annual work summary (S3 附件2, due 15 December): a draft whose figures come from the statistics table (no
 * names, no ID numbers), charts, text the office writes and saves as versions, and an A4 PDF print with the charts.
 */
import { z } from 'zod';
import { SUMMARY_SECTIONS } from '../domain/summary';
import { fileOutSchema } from './schemas';
import { type ContractSection, school } from './spec';

const year = z.number({ error: '请填写年度' }).int('年度应为整数').min(2020, '年度不早于 2020').max(2100, '年度不晚于 2100');
const sectionText = z.string().max(5000, '每节不超过 5000 字');
export const summarySectionsSchema = z.object(
  Object.fromEntries(SUMMARY_SECTIONS.map((k) => [k, sectionText])) as Record<(typeof SUMMARY_SECTIONS)[number], typeof sectionText>,
);
const bar = z.object({ label: z.string(), value: z.number() });

const READERS = ['admin', 'officer', 'principal', 'inspector'] as const;

export const summaryContract = {
  'summary.get': {
    doc: '年度工作总结：统计数字、图表数据、各节文字（最新版本或自动生成的草稿）与版本列表',
    access: school(READERS),
    input: z.object({ year, version: z.number().int().positive().optional() }),
    output: z.object({
      year: z.number(),
      asOf: z.string(),
      figures: z.array(z.object({ key: z.string(), label: z.string(), value: z.string() })),
      charts: z.object({ categories: z.array(bar), talksByMonth: z.array(bar), aidBySource: z.array(bar) }),
      sections: summarySectionsSchema,
      draft: summarySectionsSchema,
      version: z.number().int().nullable(),
      versions: z.array(z.object({ version: z.number().int(), savedAt: z.string(), savedBy: z.string(), note: z.string() })),
    }),
  },
  'summary.save': {
    doc: '保存年度总结为新版本（不得写入学生姓名、身份证件号或电话）',
    access: school(['admin', 'officer']),
    input: z.object({ year, sections: summarySectionsSchema, note: z.string().trim().max(100) }),
    output: z.object({ version: z.number().int() }),
  },
  'summary.print': {
    doc: '打印年度总结（A4 PDF，含图表；指定版本或最新版本）',
    access: school(['admin', 'officer', 'principal']),
    input: z.object({ year, version: z.number().int().positive().optional() }),
    output: fileOutSchema,
  },
} as const satisfies ContractSection;

export type SummaryView = z.infer<(typeof summaryContract)['summary.get']['output']>;
