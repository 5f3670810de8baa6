/** The bureau workspace: school keys, package import and the per-school summary. */
import { z } from 'zod';
import { fileRefSchema } from './files';
import { BUREAU_ROLES, BUREAU_WORKERS } from './roleGroups';
import { FILER_STATUSES } from '../domain/filers';
import { bureauSchoolSummarySchema, fileOutSchema, filingPeriodSchema, isoDate, required } from './schemas';
import { BUREAU_LEVELS } from '../domain/bureauLevels';
import { REGION_RULES, REGION_SCOPES, REGION_WARNING_STATES, SUMMARY_LEVELS } from '../domain/regionWarnings';
import { statisticsTableSchema } from './statistics';
import { type ContractSection, bureau, idInput, okSchema } from './spec';

/** A statistics date and an area: a county (6 digits), a prefecture (4), the province (61), or empty for all. */
const regionInput = z.object({
  asOf: isoDate.optional(),
  area: z
    .string()
    .regex(/^(61|61\d{2}|61\d{4})?$/, '地区代码应为 61（全省）、4 位市代码或 6 位县（区）代码')
    .default(''),
});

const regionRuleSchema = z.object({ enabled: z.boolean(), threshold: z.number().min(0, '不能为负数').max(100000) });
const regionRulesSchema = z.object(
  Object.fromEntries(REGION_RULES.map((r) => [r, regionRuleSchema])) as Record<(typeof REGION_RULES)[number], typeof regionRuleSchema>,
);

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
    doc: '导入学校备案包（或下级教育局的上报汇总包）：验签、校验哈希、拒绝篡改、未登记学校和重放的包；同一文件再次导入不作改动；试导入只检查不写入',
    access: bureau(BUREAU_WORKERS),
    input: z.object({ fileRef: fileRefSchema, dryRun: z.boolean().default(false) }),
    output: z.object({
      /** 'school': a school's package (count = students on its list); 'forward': a lower bureau's (count = schools). */
      kind: z.enum(['school', 'forward']),
      status: z.enum(['accepted', 'unchanged']),
      /** The school's code, or the lower bureau's area for a forwarded package. */
      schoolCode: z.string(),
      period: z.string(),
      sequence: z.number().int(),
      count: z.number().int(),
    }),
  },
  'bureau.summary': {
    doc: '各校汇总：报送期次与分类人数',
    access: bureau(BUREAU_ROLES),
    input: z.object({}),
    output: z.array(bureauSchoolSummarySchema),
  },
  'bureau.filers': {
    doc: '报送情况：某半年度各校按时、逾期、未报，按县（区）计数（以学校生成报送包的日期计）',
    access: bureau(BUREAU_ROLES),
    input: z.object({ period: filingPeriodSchema.optional() }),
    output: z.object({
      period: z.string(),
      label: z.string(),
      dueDate: z.string(),
      ownDeadline: z.boolean(),
      provincialDueDate: z.string(),
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
  'bureau.setDeadline': {
    doc: '设定本局的报送截止日（不晚于省定的 6 月 30 日、12 月 15 日；清空则用省定截止日）',
    access: bureau(),
    input: z.object({ period: filingPeriodSchema, dueDate: isoDate.nullable() }),
    output: okSchema,
  },
  'bureau.statistics': {
    doc: '统计表汇总（S3 附件1）：各校报送的统计表按县（区）、市、全省相加，同一模板，附横纵校验；查看记入审计日志',
    access: bureau(BUREAU_ROLES),
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
    doc: '导出统计表汇总（xlsx 或打印用 PDF，同一模板；校验未通过时拒绝；记入审计日志）',
    access: bureau(BUREAU_ROLES),
    input: regionInput.extend({ format: z.enum(['xlsx', 'pdf']).default('xlsx') }),
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
    access: bureau(BUREAU_WORKERS),
    input: z.object({ period: filingPeriodSchema }),
    output: fileOutSchema,
  },
  'bureau.signingKey': {
    doc: '本局签名公钥文件（县、市教育局发给上级一次，用于核验上报汇总包）',
    access: bureau(),
    input: z.object({}),
    output: z.object({ keyText: z.string(), fingerprint: z.string() }),
  },
  'bureau.registerBureau': {
    doc: '登记下级教育局的签名公钥（须为本局辖区内的下一级）',
    access: bureau(),
    input: z.object({ keyText: z.string().min(10, '请选择下级教育局的公钥文件') }),
    output: z.object({ area: z.string(), name: z.string(), level: z.enum(BUREAU_LEVELS) }),
  },
  'bureau.forward': {
    doc: '生成上报汇总包：本期各校的汇总数据（不含学生个人信息），签名并加密给上级教育局；记入审计日志',
    access: bureau(BUREAU_WORKERS),
    input: z.object({
      period: filingPeriodSchema,
      recipient: z
        .string()
        .trim()
        .regex(/^age1[0-9a-z]+$/, '上级教育局公钥应以 age1 开头'),
    }),
    output: fileOutSchema.extend({ schools: z.number().int(), unplaced: z.number().int(), sequence: z.number().int() }),
  },
  'bureau.importForward': {
    doc: '导入下级教育局的上报汇总包：验签、拒绝重放和旧包、核对辖区；同一文件再次导入不作改动；试导入只检查不写入',
    access: bureau(BUREAU_WORKERS),
    input: z.object({ fileRef: fileRefSchema, dryRun: z.boolean().default(false) }),
    output: z.object({
      status: z.enum(['accepted', 'unchanged']),
      fromArea: z.string(),
      period: z.string(),
      sequence: z.number().int(),
      schools: z.number().int(),
    }),
  },
  'bureau.lowerBureaus': {
    doc: '本局的层级、地区，以及已登记的下级教育局和各自最近的上报',
    access: bureau(BUREAU_ROLES),
    input: z.object({}),
    output: z.object({
      level: z.enum(BUREAU_LEVELS),
      area: z.string(),
      bureaus: z.array(
        z.object({
          area: z.string(),
          level: z.enum(BUREAU_LEVELS),
          name: z.string(),
          registeredOn: z.string(),
          lastPeriod: z.string().nullable(),
          lastSequence: z.number().int().nullable(),
          lastSchools: z.number().int(),
        }),
      ),
    }),
  },
  'bureau.regionSummary': {
    doc: '地区汇总：全省、各市、各县（区）或各校的学校数、已报送数、重点关爱人数与各项比例（分子分母相加），及近几期趋势；查看记入审计日志',
    access: bureau(BUREAU_ROLES),
    input: z.object({
      by: z.enum(SUMMARY_LEVELS),
      period: filingPeriodSchema.optional(),
      area: regionInput.shape.area,
      trend: z.number().int().min(1).max(12).default(4),
    }),
    output: z.object({
      by: z.string(),
      period: z.string(),
      label: z.string(),
      area: z.string(),
      areaLabel: z.string(),
      rows: z.array(
        z.object({
          area: z.string(),
          name: z.string(),
          schools: z.number().int(),
          filed: z.number().int(),
          keyStudents: z.number().int(),
          population: z.number().int(),
          redWarnings: z.number().int(),
          openDropout: z.number().int(),
          talkRate: z.number().nullable(),
          highestTierRate: z.number().nullable(),
          postingsRate: z.number().nullable(),
        }),
      ),
      trend: z.array(
        z.object({
          period: z.string(),
          label: z.string(),
          schools: z.number().int(),
          filed: z.number().int(),
          keyStudents: z.number().int(),
          talkRate: z.number().nullable(),
        }),
      ),
    }),
  },
  'bureau.school': {
    doc: '督查查看一所学校：报送记录、本期各项数据（分子、分母）与区域预警；查看记入审计日志',
    access: bureau(BUREAU_ROLES),
    input: z.object({ schoolCode: z.string().regex(/^\d{10}$/, '学校标识码应为 10 位数字'), period: filingPeriodSchema.optional() }),
    output: z.object({
      schoolCode: z.string(),
      schoolName: z.string(),
      countyCode: z.string().nullable(),
      contact: z.string(),
      period: z.string(),
      label: z.string(),
      filings: z.array(
        z.object({
          period: z.string(),
          label: z.string(),
          sequence: z.number().int(),
          filedOn: z.string(),
          viaArea: z.string().nullable(),
        }),
      ),
      values: z.array(
        z.object({
          key: z.string(),
          label: z.string(),
          numerator: z.number().int(),
          denominator: z.number().int(),
          rate: z.number().nullable(),
        }),
      ),
      warnings: z.array(z.object({ rule: z.enum(REGION_RULES), evidence: z.string(), state: z.enum(REGION_WARNING_STATES) })),
    }),
  },
  'bureau.filedList': {
    doc: '查看一所学校某期报送的重点关爱学生名单：从本局保存的原始加密报送包中当场解密，不另存（仅资助管理员、资助专干；查看记入审计日志）',
    access: bureau(BUREAU_WORKERS),
    input: z.object({ schoolCode: z.string().regex(/^\d{10}$/, '学校标识码应为 10 位数字'), period: filingPeriodSchema }),
    output: z.object({
      schoolCode: z.string(),
      period: z.string(),
      label: z.string(),
      sequence: z.number().int(),
      students: z.array(
        z.object({
          name: z.string(),
          gender: z.string(),
          stage: z.string(),
          grade: z.string(),
          categories: z.array(z.string()),
          careContent: z.string(),
          confirmedAt: z.string(),
        }),
      ),
    }),
  },
  'bureau.regionWarnings': {
    doc: '区域预警（G1）：按本局规则核对各校、各县（区）报送的数据并列出预警（重复核对不重复预警；查看记入审计日志）',
    access: bureau(BUREAU_ROLES),
    input: z.object({ period: filingPeriodSchema }),
    output: z.object({
      period: z.string(),
      label: z.string(),
      raised: z.number().int(),
      cleared: z.number().int(),
      rules: regionRulesSchema,
      warnings: z.array(
        z.object({
          id: z.number().int(),
          scope: z.enum(REGION_SCOPES),
          target: z.string(),
          targetName: z.string(),
          countyCode: z.string().nullable(),
          rule: z.enum(REGION_RULES),
          value: z.number(),
          threshold: z.number(),
          evidence: z.string(),
          routedTo: z.string(),
          raisedOn: z.string(),
          clearedOn: z.string().nullable(),
          state: z.enum(REGION_WARNING_STATES),
          acknowledgedAt: z.string().nullable(),
          disposition: z.string(),
          closedAt: z.string().nullable(),
          outcome: z.string(),
        }),
      ),
    }),
  },
  'bureau.saveRegionRules': {
    doc: '保存区域预警规则（启用与阈值）',
    access: bureau(),
    input: z.object({ rules: regionRulesSchema }),
    output: okSchema,
  },
  'bureau.acknowledgeRegionWarning': {
    doc: '签收区域预警并写明处置措施',
    access: bureau(BUREAU_WORKERS),
    input: idInput.extend({ disposition: required(1000) }),
    output: okSchema,
  },
  'bureau.closeRegionWarning': {
    doc: '关闭区域预警并写明整改结果（须先签收）',
    access: bureau(BUREAU_WORKERS),
    input: idInput.extend({ outcome: required(1000) }),
    output: okSchema,
  },
  'bureau.regionWarningLetter': {
    doc: '打印预警通知（某校或某县（区）本期未关闭的预警，PDF；记入审计日志）',
    access: bureau(BUREAU_WORKERS),
    input: z.object({
      period: filingPeriodSchema,
      target: z.string().regex(/^\d{6}$|^\d{10}$/, '应为 6 位县（区）代码或 10 位学校标识码'),
    }),
    output: fileOutSchema,
  },
} as const satisfies ContractSection;
