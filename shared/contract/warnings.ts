/**
 * Early warning (G1): the rules (indicators with yellow / orange / red thresholds), the run, each warning's routing,
 * acknowledgement and closure, and the evaluation of past warnings against later outcomes. No risk score anywhere.
 */
import { z } from 'zod';
import { INDICATORS, WARNING_LEVELS, WARNING_STATES } from '../domain/warnings';
import { CARE_STAFF, CASE_READERS, WARNING_RUNNERS } from './roleGroups';
import { id, isoDate, required } from './schemas';
import { type ContractSection, okSchema, school } from './spec';

const threshold = z.number({ error: '请填写数字' }).min(0, '不能小于 0').max(100_000, '不能大于 100000');
const indicatorRule = z.object({ enabled: z.boolean(), yellow: threshold, orange: threshold, red: threshold });
export const warningRulesSchema = z.object({
  indicators: z.object(
    Object.fromEntries(INDICATORS.map((k) => [k, indicatorRule])) as Record<(typeof INDICATORS)[number], typeof indicatorRule>,
  ),
  dueDays: z.object({
    yellow: z.number({ error: '请填写天数' }).int('应为整数天').min(0, '不能小于 0').max(60, '不能超过 60 天'),
    orange: z.number({ error: '请填写天数' }).int('应为整数天').min(0, '不能小于 0').max(60, '不能超过 60 天'),
    red: z.number({ error: '请填写天数' }).int('应为整数天').min(0, '不能小于 0').max(60, '不能超过 60 天'),
  }),
  coreSubjects: z.array(z.string().trim().min(1).max(20)).max(20),
});

export const warningSchema = z.object({
  id: z.number(),
  studentId: z.number(),
  studentName: z.string(),
  className: z.string(),
  indicator: z.enum(INDICATORS),
  indicatorLabel: z.string(),
  level: z.enum(WARNING_LEVELS),
  value: z.number(),
  evidence: z.string(),
  raisedOn: z.string(),
  lastSeenOn: z.string(),
  /** The day a run found the value back under the thresholds (still open until a person closes it). */
  clearedOn: z.string().nullable(),
  route: z.enum(WARNING_LEVELS),
  routedTo: z.string(),
  dueDate: z.string(),
  overdue: z.boolean(),
  escalations: z.number().int(),
  state: z.enum(WARNING_STATES),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  disposition: z.string(),
  closedBy: z.string().nullable(),
  closedAt: z.string().nullable(),
  outcome: z.string(),
  canAct: z.boolean(),
});

const EVALUATORS = ['admin', 'officer', 'principal', 'inspector'] as const;

export const warningsContract = {
  'warnings.rules': {
    doc: '预警规则：各指标的黄、橙、红阈值与启用状态，签收时限，主科',
    access: school(CASE_READERS),
    input: z.object({}),
    output: z.object({ rules: warningRulesSchema, defaults: warningRulesSchema, mayEdit: z.boolean() }),
  },
  'warnings.saveRules': {
    doc: '保存预警规则（阈值须 黄 ≤ 橙 ≤ 红）',
    access: school(['admin', 'officer']),
    input: warningRulesSchema,
    output: okSchema,
  },
  'warnings.run': {
    doc: '按规则对困境学生逐项核对指标，产生、更新预警；超时未签收的预警逐级上报',
    access: school(WARNING_RUNNERS),
    input: z.object({ date: isoDate.optional() }),
    output: z.object({
      date: z.string(),
      watched: z.number().int(),
      raised: z.number().int(),
      updated: z.number().int(),
      escalated: z.number().int(),
      cleared: z.number().int(),
    }),
  },
  'warnings.list': {
    doc: '预警列表（按角色范围；心理危机预警仅心理辅导员、校长、管理员可见）',
    access: school(CASE_READERS),
    input: z.object({ state: z.enum(['open', 'closed', 'all']).default('open'), studentId: id.optional() }),
    output: z.object({
      lastRun: z.object({ date: z.string(), at: z.string(), by: z.string() }).nullable(),
      warnings: z.array(warningSchema),
    }),
  },
  'warnings.acknowledge': {
    doc: '签收预警并写明处置措施',
    access: school(CARE_STAFF),
    input: z.object({ id, disposition: required(1000) }),
    output: okSchema,
  },
  'warnings.close': {
    doc: '办结预警并写明结果',
    access: school(CARE_STAFF),
    input: z.object({ id, outcome: required(1000) }),
    output: okSchema,
  },
  'warnings.evaluate': {
    doc: '预警成效评估：期间内预警与其后 90 天内的结果（控辍登记、心理危机、主科不及格）对照的精确率与召回率',
    access: school(EVALUATORS),
    input: z.object({ from: isoDate, to: isoDate }),
    output: z.object({
      from: z.string(),
      to: z.string(),
      windowDays: z.number().int(),
      /** False while the 90 days after the period have not all passed: later outcomes may still come. */
      complete: z.boolean(),
      warnedStudents: z.number().int(),
      warnedWithOutcome: z.number().int(),
      precision: z.number().nullable(),
      outcomeStudents: z.number().int(),
      outcomeForetold: z.number().int(),
      recall: z.number().nullable(),
      byIndicator: z.array(
        z.object({
          indicator: z.enum(INDICATORS),
          label: z.string(),
          warned: z.number().int(),
          hits: z.number().int(),
          precision: z.number().nullable(),
        }),
      ),
    }),
  },
  'warnings.counts': {
    doc: '未办结预警数（按等级）与逾期未签收数，用于首页',
    access: school(CASE_READERS),
    input: z.object({}),
    output: z.object({ red: z.number().int(), orange: z.number().int(), yellow: z.number().int(), overdue: z.number().int() }),
  },
} as const satisfies ContractSection;
