/** The bureau workspace: school keys, package import and the per-school summary. */
import { z } from 'zod';
import { fileRefSchema } from './files';
import { FILER_STATUSES } from '../domain/filers';
import { bureauSchoolSummarySchema, fileOutSchema, filingPeriodSchema, isoDate } from './schemas';
import { statisticsTableSchema } from './statistics';
import { type ContractSection, bureau } from './spec';

/** A statistics date and an area: a county (6 digits), a prefecture (4), the province (61), or empty for all. */
const regionInput = z.object({
  asOf: isoDate.optional(),
  area: z
    .string()
    .regex(/^(61|61\d{2}|61\d{4})?$/, '地区代码应为 61（全省）、4 位市代码或 6 位县（区）代码')
    .default(''),
});

export const bureauContract = {
  'bureau.key': {
    doc: '教育局加密公钥（学校报送时使用）',
    access: bureau(),
    input: z.object({}),
    output: z.object({ recipient: z.string() }),
  },
  'bureau.registerSchool': {
    doc: '登记学校签名公钥',
    access: bureau(),
    input: z.object({ keyText: z.string().min(10, '请粘贴学校公钥文件内容') }),
    output: z.object({ schoolCode: z.string(), schoolName: z.string() }),
  },
  'bureau.importPackage': {
    doc: '导入学校备案包：验签、校验哈希、拒绝篡改、未登记学校和重放的包；同一文件再次导入不作改动；试导入只检查不写入',
    access: bureau(),
    input: z.object({ fileRef: fileRefSchema, dryRun: z.boolean().default(false) }),
    output: z.object({
      status: z.enum(['accepted', 'unchanged']),
      schoolCode: z.string(),
      period: z.string(),
      sequence: z.number().int(),
      count: z.number().int(),
    }),
  },
  'bureau.summary': {
    doc: '各校汇总：报送期次与分类人数',
    access: bureau(),
    input: z.object({}),
    output: z.array(bureauSchoolSummarySchema),
  },
  'bureau.filers': {
    doc: '报送情况：某半年度各校按时、逾期、未报，按县（区）计数（以学校生成报送包的日期计）',
    access: bureau(),
    input: z.object({ period: filingPeriodSchema.optional() }),
    output: z.object({
      period: z.string(),
      label: z.string(),
      dueDate: z.string(),
      /** The half-years offered: this one and the one before. */
      periods: z.array(z.object({ period: z.string(), label: z.string() })),
      schools: z.array(
        z.object({
          schoolCode: z.string(),
          schoolName: z.string(),
          prefectureCode: z.string().nullable(),
          countyCode: z.string().nullable(),
          /** False for a school on the list whose signing key has not arrived: it cannot file yet. */
          hasKey: z.boolean(),
          /** Who to call, from the bureau's school list ('' when the school is not on it). */
          contact: z.string(),
          phone: z.string(),
          status: z.enum(FILER_STATUSES),
          filedOn: z.string().nullable(),
          daysLate: z.number().int(),
        }),
      ),
      byCounty: z.array(
        z.object({
          prefectureCode: z.string().nullable(),
          countyCode: z.string().nullable(),
          counts: z.record(z.enum(FILER_STATUSES), z.number().int()),
        }),
      ),
    }),
  },
  'bureau.statistics': {
    doc: '统计表汇总（S3 附件1）：各校报送的统计表按县（区）、市、全省相加，同一模板，附横纵校验；查看记入审计日志',
    access: bureau(),
    input: regionInput,
    output: statisticsTableSchema.extend({
      area: z.string(),
      areaLabel: z.string(),
      /** The statistics dates any school has filed, newest first. */
      dates: z.array(z.string()),
      /** The prefecture and county codes of the registered schools (to choose an area). */
      areas: z.array(z.string()),
      schools: z.array(z.object({ schoolCode: z.string(), schoolName: z.string() })),
      /** Schools of the area with no table for this date. */
      missing: z.array(z.object({ schoolCode: z.string(), schoolName: z.string() })),
    }),
  },
  'bureau.exportStatistics': {
    doc: '导出统计表汇总（xlsx，同一模板；校验未通过时拒绝；记入审计日志）',
    access: bureau(),
    input: regionInput,
    output: fileOutSchema,
  },
  'bureau.registerSchools': {
    doc: '导入本局的学校名单（xlsx：学校标识码、学校名称、县（区）代码、学段、联系人、联系电话）：有错行则全部不写入，逐行说明',
    access: bureau(),
    input: z.object({ fileRef: fileRefSchema, dryRun: z.boolean().default(false) }),
    output: z.object({
      rows: z.array(
        z.object({
          rowNumber: z.number().int(),
          schoolCode: z.string(),
          schoolName: z.string(),
          status: z.enum(['new', 'updated', 'unchanged', 'rejected']),
          reason: z.string(),
        }),
      ),
      counts: z.object({ new: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), rejected: z.number().int() }),
      /** Whether the list was written (not a dry run, and no row in error). */
      written: z.boolean(),
    }),
  },
  'bureau.callList': {
    doc: '导出催报名单（逾期未报与逾期报送的学校，xlsx；记入审计日志）',
    access: bureau(),
    input: z.object({ period: filingPeriodSchema }),
    output: fileOutSchema,
  },
} as const satisfies ContractSection;
