/**
 * Region warnings at the bureau (G1: "对困境学生问题突出的地区进行预警"). Like the school's early warning, a rule
 * engine on measured values, not a score: every rule names its indicator, its threshold and the value it saw. Inputs
 * are the PII-free value sets schools file (shares of key students talked to, graded at the top tier, and so on) and
 * the filing record; never who the children are.
 */
import { LEDGER_STATUS_LABELS, type LedgerStatus } from './care';
import { labels } from './labels';
import { INDICATOR_SPECS, type Indicator, WARNING_LEVEL_LABELS, type WarningLevel } from './warnings';

/** The keys of a school's value set (filed in its package; aggregate counts only). */
export const SCHOOL_VALUE_KEYS = {
  keyStudents: 'students.key',
  population: 'students.population',
  monthlyTalk: 'supervision.monthlyTalk',
  highestTier: 'supervision.highestTier',
  postings: 'supervision.postings',
  openDropout: 'dropout.open',
  redWarnings: 'warnings.open.red',
} as const;

export const REGION_RULES = ['talkCompliance', 'redWarnings', 'dropoutGrowing', 'highestTier', 'postings', 'filing'] as const;
export type RegionRule = (typeof REGION_RULES)[number];

export interface RegionRuleSpec {
  label: string;
  /** What the threshold means, shown beside it. */
  explain: string;
  unit: string;
}

export const REGION_RULE_SPECS: Record<RegionRule, RegionRuleSpec> = {
  talkCompliance: { label: '每月谈心完成率偏低', explain: '本月已谈心的重点关爱学生占比低于', unit: '%' },
  redWarnings: { label: '红色预警偏多', explain: '每百名重点关爱学生的未结红色预警数高出本县（区）各校中位数', unit: '条' },
  dropoutGrowing: { label: '控辍台账增长', explain: '未销号的控辍台账条数比上一期增加不少于', unit: '条' },
  highestTier: { label: '最高档资助未全覆盖', explain: '已认定学生中按最高档资助的占比低于', unit: '%' },
  postings: { label: '毕业生岗位推荐不足', explain: '获得不少于 3 个岗位信息的可就业毕业生占比低于', unit: '%' },
  filing: { label: '备案逾期', explain: '截止日后逾期未报或逾期报送（天数不少于）', unit: '天' },
};

export interface RegionRuleSetting {
  enabled: boolean;
  threshold: number;
}
export type RegionRules = Record<RegionRule, RegionRuleSetting>;

export const DEFAULT_REGION_RULES: RegionRules = {
  talkCompliance: { enabled: true, threshold: 80 },
  redWarnings: { enabled: true, threshold: 5 },
  dropoutGrowing: { enabled: true, threshold: 1 },
  highestTier: { enabled: true, threshold: 100 },
  postings: { enabled: true, threshold: 100 },
  filing: { enabled: true, threshold: 1 },
};

/** The levels the regional picture is summed at (province → prefecture → county → school). */
export const SUMMARY_LEVELS = ['province', 'prefecture', 'county', 'school'] as const;
export type SummaryLevel = (typeof SUMMARY_LEVELS)[number];
export const SUMMARY_LEVEL_LABELS = labels<SummaryLevel>({ province: '全省', prefecture: '按市', county: '按县（区）', school: '按学校' });

export const REGION_SCOPES = ['school', 'county'] as const;
export type RegionScope = (typeof REGION_SCOPES)[number];
export const REGION_SCOPE_LABELS = labels<RegionScope>({ school: '学校', county: '县（区）' });

export const REGION_WARNING_STATES = ['open', 'acknowledged', 'closed'] as const;
export type RegionWarningState = (typeof REGION_WARNING_STATES)[number];
export const REGION_WARNING_STATE_LABELS = labels<RegionWarningState>({ open: '待签收', acknowledged: '已签收', closed: '已关闭' });

/** The median of a list of numbers (the middle value, or the mean of the two middle ones); null when empty. */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const VALUE_LABELS: Record<string, string> = {
  'students.key': '重点关爱学生（人）',
  'students.population': '困境学生（人）',
  'supervision.monthlyTalk': '本月已谈心的重点关爱学生',
  'supervision.noOverdue': '本月没有逾期联系的重点关爱学生',
  'supervision.registration': '本学期已核查报到的困境学生',
  'supervision.highestTier': '按最高档资助的已认定学生',
  'supervision.postings': '岗位信息不少于 3 个的可就业毕业生',
  'supervision.onListCategory': '登记了困境类别的重点关爱学生',
  'supervision.statistics': '统计表按时报送',
  'supervision.warningsOnTime': '按时签收的预警',
  'supervision.auditChain': '审计日志完整',
  'dropout.open': '未销号控辍台账（条）',
};

/** A value-set key as the 督查 reads it; an unknown key (a newer school version) is shown as it is. */
export function valueLabel(key: string): string {
  if (VALUE_LABELS[key]) return VALUE_LABELS[key];
  const w = /^warnings\.open\.(yellow|orange|red)(?:\.(\w+))?$/.exec(key);
  if (w) {
    const level = `未结${WARNING_LEVEL_LABELS[w[1] as WarningLevel]}`;
    return w[2] ? `${level}：${INDICATOR_SPECS[w[2] as Indicator]?.label ?? w[2]}` : level;
  }
  const d = /^dropout\.open\.(\w+)$/.exec(key);
  if (d) return `未销号控辍台账：${LEDGER_STATUS_LABELS[d[1] as LedgerStatus] ?? d[1]}`;
  return key;
}
