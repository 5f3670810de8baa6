/**
 * Care-service enumerations (A1–A4, P5–P7, G2) and the school calendar arithmetic the contact cadence needs.
 * Codes are stored; labels come from DOMAIN.md and may be reworded freely.
 */
import { labels } from './labels';

/** A2 placements (安置方式) and disability types (残疾类型). */
export const PLACEMENTS = ['regularClass', 'specialClass', 'specialSchool', 'homeDelivery'] as const;
export type Placement = (typeof PLACEMENTS)[number];
export const PLACEMENT_LABELS = labels<Placement>({
  regularClass: '随班就读',
  specialClass: '特教班',
  specialSchool: '特殊教育学校就读',
  homeDelivery: '送教上门',
});
export const DISABILITY_TYPES = ['视力', '听力', '言语', '肢体', '智力', '精神', '多重', '其他'] as const;

/** School subjects for tutoring plans, peer strengths and weak subjects. */
export const SUBJECTS = ['语文', '数学', '英语', '物理', '化学', '生物', '历史', '地理', '道德与法治', '科学', '信息技术'] as const;

/** A3 home–school contact channels (家校沟通). */
export const CONTACT_CHANNELS = ['homeVisit', 'phone', 'video', 'atSchool', 'message'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export const CONTACT_CHANNEL_LABELS = labels<ContactChannel>({
  homeVisit: '家访',
  phone: '电话',
  video: '视频',
  atSchool: '到校面谈',
  message: '微信/短信',
});

/** A3 peer pairs. */
export const PAIR_STATES = ['active', 'paused', 'ended'] as const;
export type PairState = (typeof PAIR_STATES)[number];
export const PAIR_STATE_LABELS = labels<PairState>({ active: '帮扶中', paused: '暂停', ended: '已结束' });

/** A4 dropout control: why a student is not back, which ledger, and where the entry stands. */
export const ABSENCE_REASONS = ['sickLeave', 'suspension', 'transfer', 'notEnrolled', 'suspectedDropout', 'dropout', 'other'] as const;
export type AbsenceReason = (typeof ABSENCE_REASONS)[number];
export const ABSENCE_REASON_LABELS = labels<AbsenceReason>({
  sickLeave: '病假',
  suspension: '休学',
  transfer: '转学',
  notEnrolled: '适龄未入学',
  suspectedDropout: '疑似辍学',
  dropout: '辍学',
  other: '其他',
});
export const LEDGERS = ['ageEligible', 'suspected', 'dropout', 'other'] as const;
export type Ledger = (typeof LEDGERS)[number];
export const LEDGER_LABELS = labels<Ledger>({
  ageEligible: '适龄儿童台账',
  suspected: '疑似辍学学生台账',
  dropout: '辍学学生台账',
  other: '未按时报到（请假、休学、转学）',
});
export const LEDGER_OF_REASON: Record<AbsenceReason, Ledger> = {
  sickLeave: 'other',
  suspension: 'other',
  transfer: 'other',
  other: 'other',
  notEnrolled: 'ageEligible',
  suspectedDropout: 'suspected',
  dropout: 'dropout',
};
export const LEDGER_STATUSES = ['notEnrolled', 'suspected', 'dropout', 'persuading', 'onLeave', 'returned', 'transferred'] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];
export const LEDGER_STATUS_LABELS = labels<LedgerStatus>({
  notEnrolled: '适龄未入学',
  suspected: '疑似辍学',
  dropout: '辍学',
  persuading: '劝返中',
  onLeave: '请假/休学在册',
  returned: '已复学',
  transferred: '已转出',
});
/** Statuses that close a ledger entry (动态销号). */
export const CLOSED_LEDGER_STATUSES: readonly LedgerStatus[] = ['returned', 'transferred'];
export const STATUS_OF_REASON: Record<AbsenceReason, LedgerStatus> = {
  sickLeave: 'onLeave',
  suspension: 'onLeave',
  transfer: 'transferred',
  other: 'onLeave',
  notEnrolled: 'notEnrolled',
  suspectedDropout: 'suspected',
  dropout: 'dropout',
};
export const FOLLOW_UP_KINDS = ['followUp', 'persuasion'] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];
export const FOLLOW_UP_KIND_LABELS = labels<FollowUpKind>({ followUp: '跟进', persuasion: '劝返' });

/** P5 contact cadence. `countyLook` is recorded when it happens; the other three are owed on a rhythm. */
export const CONTACT_KINDS = ['dailyAsk', 'weeklySee', 'monthlyTalk', 'countyLook'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];
export const CONTACT_KIND_LABELS = labels<ContactKind>({
  dailyAsk: '每日一问',
  weeklySee: '每周一见',
  monthlyTalk: '谈心谈话',
  countyLook: '每月一看（县教育部门）',
});
export const OBLIGATIONS = ['dailyAsk', 'weeklySee', 'monthlyTalk', 'concern', 'followUp'] as const;
export type Obligation = (typeof OBLIGATIONS)[number];
export const OBLIGATION_LABELS = labels<Obligation>({
  dailyAsk: '每日一问',
  weeklySee: '每周一见',
  monthlyTalk: '每月谈心谈话',
  concern: '接诉即办工单',
  followUp: '异常情况跟进',
});

/** P5 crisis: dispositions; the warning levels themselves are a configurable scheme (DOMAIN.md). */
export const DISPOSITIONS = ['watch', 'intervene', 'refer', 'closed'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];
export const DISPOSITION_LABELS = labels<Disposition>({ watch: '关注', intervene: '干预', refer: '转介', closed: '结案' });
export const CRISIS_COLORS = ['red', 'orange', 'yellow', 'blue', 'green', 'gray'] as const;
export type CrisisColor = (typeof CRISIS_COLORS)[number];
export const CRISIS_COLOR_LABELS = labels<CrisisColor>({ red: '红', orange: '橙', yellow: '黄', blue: '蓝', green: '绿', gray: '灰' });
export interface CrisisLevel {
  key: string;
  label: string;
  color: CrisisColor;
  severity: number;
}
/** Default: 一级 is the most severe here; schools where the direction is reversed edit the scheme. */
export const DEFAULT_CRISIS_SCHEME: CrisisLevel[] = [
  { key: 'L1', label: '一级（红色）', color: 'red', severity: 4 },
  { key: 'L2', label: '二级（橙色）', color: 'orange', severity: 3 },
  { key: 'L3', label: '三级（黄色）', color: 'yellow', severity: 2 },
  { key: 'L4', label: '四级（蓝色）', color: 'blue', severity: 1 },
];

/** P6 home–school cooperation activities. */
export const ACTIVITY_KINDS = ['parentSchool', 'lecture', 'guidance', 'other'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export const ACTIVITY_KIND_LABELS = labels<ActivityKind>({
  parentSchool: '家长学校',
  lecture: '专题讲座',
  guidance: '监护人指导',
  other: '其他活动',
});

/** P7 concerns (接诉即办). */
export const CONCERN_SOURCES = ['student', 'guardian', 'other'] as const;
export type ConcernSource = (typeof CONCERN_SOURCES)[number];
export const CONCERN_SOURCE_LABELS = labels<ConcernSource>({ student: '学生', guardian: '家长/监护人', other: '其他' });
export const CONCERN_KINDS = ['request', 'complaint', 'consult'] as const;
export type ConcernKind = (typeof CONCERN_KINDS)[number];
export const CONCERN_KIND_LABELS = labels<ConcernKind>({ request: '诉求', complaint: '投诉', consult: '政策咨询' });
export const DEFAULT_CONCERN_DUE_WORKING_DAYS = 3;

/** The channel a new concern ticket starts with (most arrive by phone). */
export const DEFAULT_CONCERN_CHANNEL = '电话';
