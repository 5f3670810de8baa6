/**
 * Domain enumerations shared by main and renderer. Codes are stable (stored in the case store and in filing
 * packages); labels are the words users say (policy CLAUSES.md, DOMAIN.md) and may be reworded without a migration.
 */

/** Staff roles on a school workstation (issue 2 §3). The bureau workspace uses 'admin' only. */
export const ROLES = ['admin', 'officer', 'headTeacher', 'counsellor', 'tutor', 'principal', 'inspector'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  admin: '资助管理员',
  officer: '资助专干',
  headTeacher: '班主任',
  counsellor: '心理教师/辅导员',
  tutor: '导师',
  principal: '校长',
  inspector: '督查(只读)',
};

/** T1: categories of students in difficulty; a student may have several. */
export const CATEGORIES = ['poverty', 'disability', 'guardianship', 'orphan', 'unsupported', 'leftBehind', 'martyr', 'dutyDeath'] as const;
export type Category = (typeof CATEGORIES)[number];
export const CATEGORY_LABELS: Record<Category, string> = {
  poverty: '家庭贫困',
  disability: '自身残疾',
  guardianship: '监护缺失或不当',
  orphan: '孤儿',
  unsupported: '事实无人抚养儿童',
  leftBehind: '农村留守儿童',
  martyr: '烈士子女',
  dutyDeath: '因公牺牲军警消防人员子女',
};

/** T2: overlapping risk factors that make a student a focus. */
export const RISK_FACTORS = ['familyEducation', 'mentalHealth', 'behaviour', 'academic', 'enrolmentEmployment'] as const;
export type RiskFactor = (typeof RISK_FACTORS)[number];
export const RISK_FACTOR_LABELS: Record<RiskFactor, string> = {
  familyEducation: '缺乏家庭教育',
  mentalHealth: '心理健康风险或危机',
  behaviour: '品行偏差',
  academic: '学业严重落后',
  enrolmentEmployment: '入学或就业困难突出',
};

/** I4: the care an application may request (several). */
export const CARE_KINDS = ['tutoring', 'psychological', 'pairing', 'specialEducation', 'employment', 'financialAid', 'other'] as const;
export type CareKind = (typeof CARE_KINDS)[number];
export const CARE_KIND_LABELS: Record<CareKind, string> = {
  tutoring: '学业辅导',
  psychological: '心理关爱',
  pairing: '结对帮扶',
  specialEducation: '特教安置/送教上门',
  employment: '就业指导',
  financialAid: '教育资助',
  other: '其他',
};

/** I2–I6: the life of a key-care case. 'rejected' closes an application the review did not approve. */
export const CASE_STATES = ['applied', 'reviewed', 'confirmed', 'filed', 'exited', 'rejected'] as const;
export type CaseState = (typeof CASE_STATES)[number];
export const CASE_STATE_LABELS: Record<CaseState, string> = {
  applied: '待评议',
  reviewed: '评议通过',
  confirmed: '已确认',
  filed: '已备案',
  exited: '已退出',
  rejected: '未通过',
};
/** States in which a student is on the key-care list. */
export const ON_LIST_STATES: readonly CaseState[] = ['confirmed', 'filed'];
/** States of a case still in progress: a student has at most one such case at a time. */
export const OPEN_CASE_STATES: readonly CaseState[] = ['applied', 'reviewed', 'confirmed', 'filed'];

export const CASE_SOURCES = ['application', 'systemPush'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];
export const CASE_SOURCE_LABELS: Record<CaseSource, string> = { application: '申请', systemPush: '系统推送' };

export const APPLICANT_TYPES = ['student', 'guardian', 'teacher'] as const;
export type ApplicantType = (typeof APPLICANT_TYPES)[number];
export const APPLICANT_TYPE_LABELS: Record<ApplicantType, string> = {
  student: '学生本人',
  guardian: '家长/监护人',
  teacher: '教师代为申请',
};

export const REVIEW_DECISIONS = ['approve', 'reject', 'defer'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
export const REVIEW_DECISION_LABELS: Record<ReviewDecision, string> = { approve: '同意', reject: '不同意', defer: '暂缓' };

export const STAGES = ['preschool', 'primary', 'junior', 'senior', 'vocational', 'higher'] as const;
export type Stage = (typeof STAGES)[number];
/** Ages a student of each stage can plausibly have (years): outside them a birth date read from an ID is wrong. */
export const STAGE_AGES: Record<Stage, { min: number; max: number }> = {
  preschool: { min: 2, max: 8 },
  primary: { min: 5, max: 16 },
  junior: { min: 10, max: 19 },
  senior: { min: 13, max: 22 },
  vocational: { min: 13, max: 30 },
  higher: { min: 15, max: 60 },
};

export const STAGE_LABELS: Record<Stage, string> = {
  preschool: '学前',
  primary: '小学',
  junior: '初中',
  senior: '普通高中',
  vocational: '中职',
  higher: '高校',
};

/** GB/T 2261.1 codes. */
export const GENDERS = ['1', '2', '0', '9'] as const;
export type Gender = (typeof GENDERS)[number];
export const GENDER_LABELS: Record<Gender, string> = { '1': '男', '2': '女', '0': '未知的性别', '9': '未说明的性别' };

export const LEFT_BEHIND = ['none', 'single', 'both'] as const;
export type LeftBehind = (typeof LEFT_BEHIND)[number];
export const LEFT_BEHIND_LABELS: Record<LeftBehind, string> = { none: '非留守', single: '单亲留守', both: '双亲留守' };

/** G1 timeline entries (关键成长事件). */
export const EVENT_KINDS = [
  'registered',
  'application',
  'review',
  'confirmation',
  'filing',
  'exit',
  'care',
  'note',
  'change',
  'warning',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_KIND_LABELS: Record<EventKind, string> = {
  registered: '建档',
  application: '提出申请',
  review: '集体评议',
  confirmation: '学校确认',
  filing: '上级备案',
  exit: '退出',
  care: '关爱记录',
  note: '成长事件',
  change: '档案变更',
  warning: '预警',
};

/** Shaanxi prefectures (GB/T 2260) and management areas (DOMAIN.md: 杨凌 6111 and 西咸 6169 are internal codes). */
export const PREFECTURES: Record<string, string> = {
  '6101': '西安市',
  '6102': '铜川市',
  '6103': '宝鸡市',
  '6104': '咸阳市',
  '6105': '渭南市',
  '6106': '延安市',
  '6107': '汉中市',
  '6108': '榆林市',
  '6109': '安康市',
  '6110': '商洛市',
};
export const MANAGEMENT_AREAS: Record<string, string> = {
  ...PREFECTURES,
  '6111': '杨凌示范区',
  '6169': '西咸新区',
};

export type WorkspaceKind = 'school' | 'bureau';

/** I2: why a student leaves the key-care list (decided in a collective review). */
export const EXIT_REASONS = ['normalDevelopment', 'graduated', 'transferred', 'other'] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];
export const EXIT_REASON_LABELS: Record<ExitReason, string> = {
  normalDevelopment: '已达到或超过正常发展水平',
  graduated: '毕业',
  transferred: '转学',
  other: '其他',
};

export const MEETING_ITEM_KINDS = ['admission', 'exit'] as const;
export type MeetingItemKind = (typeof MEETING_ITEM_KINDS)[number];
export const MEETING_ITEM_KIND_LABELS: Record<MeetingItemKind, string> = { admission: '认定申请', exit: '退出申请' };

/** The default on the intake form; 民族 is imported by label (DOMAIN.md), so any label is accepted. */
export const DEFAULT_ETHNICITY = '汉族';
