/**
 * Early warning (G1) as a transparent rule engine, not a score. Each indicator is one measured value per student
 * (higher is worse) compared with three thresholds the school sets; the level is the highest threshold reached and
 * the evidence says the value and the threshold. Categories and demographic fields are never inputs: they decide
 * who is watched (the population), never how loud the warning is. Wisconsin's DEWS was withdrawn in 2023 after its
 * opaque predictions proved mostly false and fell unevenly on minority students — so no risk score exists here.
 */
import { labels } from './labels';
import type { Role } from './enums';

export const WARNING_LEVELS = ['yellow', 'orange', 'red'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];
export const WARNING_LEVEL_LABELS = labels<WarningLevel>({ yellow: '黄色预警', orange: '橙色预警', red: '红色预警' });
export const LEVEL_RANK: Record<WarningLevel, number> = { yellow: 1, orange: 2, red: 3 };

export const INDICATORS = [
  'absenceRate',
  'unexplainedRun',
  'failedCore',
  'daysSinceTalk',
  'unusualAsks',
  'crisisLevel',
  'dropoutLedger',
  'notRegistered',
  'aidBelowTop',
  'graduatePostings',
  'concernOverdue',
  'noCareRecord',
] as const;
export type Indicator = (typeof INDICATORS)[number];

export interface IndicatorSpec {
  label: string;
  unit: string;
  /** What the value measures and where it comes from, shown beside the thresholds. */
  explain: string;
  /** Watched only for students on the key-care list (the contact cadence is owed to them, P5). */
  listOnly: boolean;
}

export const INDICATOR_SPECS: Record<Indicator, IndicatorSpec> = {
  absenceRate: { label: '缺勤率', unit: '%', explain: '最近一个有考勤数据的月份：缺勤天数 ÷ 应到天数', listOnly: false },
  unexplainedRun: { label: '连续无故缺勤', unit: '天', explain: '最近一个月最长的连续无故缺勤天数（考勤导入）', listOnly: false },
  failedCore: { label: '主科不及格', unit: '门', explain: '最近一次考试中低于及格线的主科门数（主科可设置）', listOnly: false },
  daysSinceTalk: { label: '未谈心天数', unit: '天', explain: '距上次每月谈心的天数（从未谈心则从列入名单之日算起）', listOnly: true },
  unusualAsks: { label: '每日一问异常', unit: '次', explain: '近 30 天“有异常”的每日一问次数', listOnly: true },
  crisisLevel: {
    label: '心理危机等级',
    unit: '级',
    explain: '未结案的心理危机记录的最高严重程度（4 = 一级红色）；仅心理辅导员、校长、管理员可见',
    listOnly: false,
  },
  dropoutLedger: {
    label: '控辍台账',
    unit: '级',
    explain: '未销号的控辍保学台账：1 = 请假/未入学，2 = 疑似辍学/劝返中，3 = 已辍学',
    listOnly: false,
  },
  notRegistered: {
    label: '学期初未核查报到',
    unit: '天',
    explain: '开学以来未核查报到的天数（自 9 月 1 日 / 2 月 15 日起的第一个上课日算起）',
    listOnly: false,
  },
  aidBelowTop: {
    label: '资助未达最高档',
    unit: '级',
    explain: '本学期已认定者：1 = 低于最高档且记录了理由，2 = 低于最高档未记录理由（尚未认定的见“资助”核对）',
    listOnly: false,
  },
  graduatePostings: {
    label: '毕业生岗位不足',
    unit: '个',
    explain: '可就业的毕业年级学生，最后一学期起：距 3 个岗位信息还差几个',
    listOnly: false,
  },
  concernOverdue: { label: '诉求逾期', unit: '天', explain: '未办结的接诉即办工单逾期的天数（取最长）', listOnly: false },
  noCareRecord: {
    label: '无关爱记录',
    unit: '天',
    explain: '距上次任何联系或关爱记录的天数（从未记录则从列入名单之日算起）',
    listOnly: true,
  },
};

export interface IndicatorRule {
  enabled: boolean;
  yellow: number;
  orange: number;
  red: number;
}

export interface WarningRules {
  indicators: Record<Indicator, IndicatorRule>;
  /** Days allowed to acknowledge a warning, per level of routing (0 = the same day). */
  dueDays: Record<WarningLevel, number>;
  /** Subjects counted by failedCore. */
  coreSubjects: string[];
}

const rule = (yellow: number, orange: number, red: number, enabled = true): IndicatorRule => ({ enabled, yellow, orange, red });

export const DEFAULT_WARNING_RULES: WarningRules = {
  indicators: {
    absenceRate: rule(10, 20, 30),
    unexplainedRun: rule(2, 3, 5),
    failedCore: rule(1, 2, 3),
    daysSinceTalk: rule(35, 45, 60),
    unusualAsks: rule(1, 2, 4),
    crisisLevel: rule(2, 3, 4),
    dropoutLedger: rule(1, 2, 3),
    notRegistered: rule(7, 14, 30),
    aidBelowTop: rule(1, 2, 99),
    graduatePostings: rule(1, 2, 3),
    concernOverdue: rule(1, 3, 7),
    noCareRecord: rule(7, 14, 30),
  },
  dueDays: { yellow: 7, orange: 3, red: 0 },
  coreSubjects: ['语文', '数学', '英语'],
};

/** The level a value reaches under a rule, or null: the highest threshold met (values and thresholds: higher is worse). */
export function levelFor(value: number, r: IndicatorRule): WarningLevel | null {
  if (!r.enabled) return null;
  if (value >= r.red) return 'red';
  if (value >= r.orange) return 'orange';
  if (value >= r.yellow) return 'yellow';
  return null;
}

/** The evidence line: the value and the threshold it reached, in the indicator's unit. */
export function evidenceText(indicator: Indicator, value: number, level: WarningLevel, r: IndicatorRule, detail: string): string {
  const s = INDICATOR_SPECS[indicator];
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${s.label} ${shown}${s.unit}（${WARNING_LEVEL_LABELS[level]}阈值 ${r[level]}${s.unit}）${detail ? `：${detail}` : ''}`;
}

/** Problems with a rule set, each naming the indicator by its on-screen label. */
export function ruleProblems(r: WarningRules): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = [];
  for (const k of INDICATORS) {
    const x = r.indicators[k];
    const label = INDICATOR_SPECS[k].label;
    if (!x) {
      out.push({ path: `indicators.${k}`, message: `缺少“${label}”的阈值` });
      continue;
    }
    if ([x.yellow, x.orange, x.red].some((v) => !Number.isFinite(v) || v < 0))
      out.push({ path: `indicators.${k}`, message: `“${label}”的阈值须为不小于 0 的数` });
    else if (!(x.yellow <= x.orange && x.orange <= x.red))
      out.push({ path: `indicators.${k}`, message: `“${label}”的阈值须满足 黄 ≤ 橙 ≤ 红（现为 ${x.yellow} / ${x.orange} / ${x.red}）` });
  }
  if (!r.coreSubjects.length) out.push({ path: 'coreSubjects', message: '请至少选择一门主科' });
  return out;
}

/** Who a warning goes to at each stage of routing, and who may acknowledge it there. */
export const ROUTE_ROLES: Record<WarningLevel, readonly Role[]> = {
  yellow: ['headTeacher', 'tutor'],
  orange: ['officer', 'counsellor'],
  red: ['principal'],
};
export const ROUTE_LABELS = labels<WarningLevel>({
  yellow: '班主任 / 育人导师',
  orange: '资助办 / 心理辅导员',
  red: '校长',
});
/** The next stage when a warning is not acknowledged in time (red stays red: the principal is the last step). */
export const ESCALATES_TO: Record<WarningLevel, WarningLevel> = { yellow: 'orange', orange: 'red', red: 'red' };

export const WARNING_STATES = ['open', 'acknowledged', 'closed'] as const;
export type WarningState = (typeof WARNING_STATES)[number];
export const WARNING_STATE_LABELS = labels<WarningState>({ open: '待签收', acknowledged: '处置中', closed: '已办结' });

/** What counts as a later outcome when the warnings of a period are evaluated. */
export const OUTCOME_WINDOW_DAYS = 90;
