/**
 * Employment guidance (E8) and financial aid (F9): enumerations, the default aid catalogue (DOMAIN.md; amounts are
 * data and editable), difficulty levels (labels configurable) and work-study limits.
 */
import { labels } from './labels';
import type { Stage } from './enums';
import { ageOn } from './dates';

/**
 * The final grade of each stage, as schools write it (九年级 and 初三 are the same year): key students in it make
 * up the graduate database (E8).
 */
export const FINAL_GRADES: Partial<Record<Stage, readonly string[]>> = {
  junior: ['九年级', '初三'],
  senior: ['高三'],
  vocational: ['中职三年级', '中职三'],
  higher: ['大四'],
};

/** 劳动法 §15: employers may not recruit minors under sixteen. */
export const MIN_WORKING_AGE = 16;

/**
 * Why job postings must not be offered to this graduate, or null when they may be. A child under sixteen is never
 * offered work (劳动法 §15); a compulsory-education (初中 and below) graduate is guided to further study (普通高中,
 * 中职) instead, whatever their age. Both come from the child's file, never from a setting.
 */
export function notForWork(stage: Stage, birthDate: string, today: string): string | null {
  const age = ageOn(birthDate, today);
  if (age < MIN_WORKING_AGE)
    return `未满 ${MIN_WORKING_AGE} 周岁（${age} 岁）：依《劳动法》第十五条不得推荐就业岗位，请做升学或职业教育指导`;
  if (stage === 'preschool' || stage === 'primary' || stage === 'junior')
    return '义务教育阶段毕业生以升学指导为主（普通高中、中等职业学校），不推荐就业岗位';
  return null;
}

export const OUTCOMES = ['looking', 'employed', 'furtherStudy'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS = labels<Outcome>({ looking: '待就业（求职中）', employed: '已就业', furtherStudy: '升学' });

export const REC_RESPONSES = ['pending', 'interested', 'notInterested'] as const;
export type RecResponse = (typeof REC_RESPONSES)[number];
export const REC_RESPONSE_LABELS = labels<RecResponse>({ pending: '未答复', interested: '有意向', notInterested: '无意向' });
export const REC_RESULTS = ['none', 'applied', 'interviewed', 'offered', 'hired', 'declined'] as const;
export type RecResult = (typeof REC_RESULTS)[number];
export const REC_RESULT_LABELS = labels<RecResult>({
  none: '—',
  applied: '已投递',
  interviewed: '已面试',
  offered: '已录用（待入职）',
  hired: '已入职',
  declined: '已放弃',
});
/** E8: at least three targeted postings per graduate. */
export const MIN_RECOMMENDATIONS = 3;

export const HELP_KINDS = [
  'resumeClinic',
  'interview',
  'etiquette',
  'skillsTraining',
  'certificate',
  'internship',
  'jobFair',
  'oneToOne',
] as const;
export type HelpKind = (typeof HELP_KINDS)[number];
export const HELP_KIND_LABELS = labels<HelpKind>({
  resumeClinic: '简历问诊',
  interview: '面试指导',
  etiquette: '沟通与礼仪课程',
  skillsTraining: '技能培训',
  certificate: '职业资格证书',
  internship: '实习',
  jobFair: '专场招聘会',
  oneToOne: '一对一帮扶',
});

export const JOB_FIELDS = [
  '制造业',
  '信息技术',
  '教育',
  '医疗卫生',
  '商贸服务',
  '交通物流',
  '建筑',
  '农业',
  '文化旅游',
  '公共管理',
  '金融',
  '其他',
] as const;

/** Family-economic-difficulty levels: keys stable, labels configurable; the highest rank is the highest tier (F9). */
export interface DifficultyLevel {
  key: string;
  label: string;
  rank: number;
}
export const DEFAULT_DIFFICULTY_LEVELS: DifficultyLevel[] = [
  { key: 'special', label: '特别困难', rank: 3 },
  { key: 'difficult', label: '困难', rank: 2 },
  { key: 'general', label: '一般困难', rank: 1 },
  { key: 'none', label: '不困难', rank: 0 },
];
/** The provincial name of a level, whatever the school renamed it to: the settings form is labelled by it. */
export function standardLevelLabel(key: string, fallback: string): string {
  return DEFAULT_DIFFICULTY_LEVELS.find((l) => l.key === key)?.label ?? fallback;
}
export const DIFFICULTY_TYPES = [
  '脱贫家庭',
  '防止返贫监测对象',
  '城市低保',
  '农村低保',
  '低保边缘',
  '特困供养',
  '孤儿',
  '事实无人抚养儿童',
  '家庭经济困难残疾学生',
  '残疾人子女',
  '烈士子女',
  '困难职工子女',
  '因病致困',
  '因灾致困',
  '意外致困',
  '其他',
] as const;

export const AID_SOURCES = ['national', 'local', 'school', 'social'] as const;
export type AidSource = (typeof AID_SOURCES)[number];
export const AID_SOURCE_LABELS = labels<AidSource>({ national: '国家', local: '地方', school: '学校', social: '社会' });
/** entitlement: every student in difficulty of the stage should receive it (checked by the gaps list). */
export const PROGRAMME_KINDS = ['entitlement', 'merit', 'onApplication'] as const;
export type ProgrammeKind = (typeof PROGRAMME_KINDS)[number];
export const PROGRAMME_KIND_LABELS = labels<ProgrammeKind>({ entitlement: '应享尽享', merit: '择优评定', onApplication: '按需申请' });

export interface ProgrammeSeed {
  code: string;
  stage: Stage;
  name: string;
  amountYuan: number | null;
  kind: ProgrammeKind;
  source: AidSource;
  note: string;
  /**
   * False for programmes only some schools take part in (营养改善计划: rural compulsory education in the pilot
   * counties, DOMAIN.md); whether this school does is its setting, made by switching the programme on.
   */
  active?: boolean;
}
/** DOMAIN.md, per student per year; a null amount is a waiver or service rather than a payment. */
export const DEFAULT_PROGRAMMES: ProgrammeSeed[] = [
  {
    code: 'pre-fee',
    stage: 'preschool',
    name: '免保教费',
    amountYuan: null,
    kind: 'entitlement',
    source: 'national',
    note: '公办园大班免保教费（2025 年秋季起）',
  },
  { code: 'pre-aid', stage: 'preschool', name: '困难幼儿资助', amountYuan: null, kind: 'entitlement', source: 'national', note: '' },
  { code: 'pri-fees', stage: 'primary', name: '免学杂费', amountYuan: null, kind: 'entitlement', source: 'national', note: '两免一补' },
  { code: 'pri-books', stage: 'primary', name: '免费教科书', amountYuan: null, kind: 'entitlement', source: 'national', note: '两免一补' },
  {
    code: 'pri-living',
    stage: 'primary',
    name: '生活补助',
    amountYuan: 1250,
    kind: 'entitlement',
    source: 'national',
    note: '寄宿生 1250 元/年，非寄宿生减半',
  },
  {
    code: 'pri-meal',
    stage: 'primary',
    name: '营养改善计划',
    amountYuan: null,
    kind: 'entitlement',
    source: 'national',
    note: '每生每天 5 元；仅试点县农村义务教育学校，本校参加时请启用',
    active: false,
  },
  { code: 'jun-fees', stage: 'junior', name: '免学杂费', amountYuan: null, kind: 'entitlement', source: 'national', note: '两免一补' },
  { code: 'jun-books', stage: 'junior', name: '免费教科书', amountYuan: null, kind: 'entitlement', source: 'national', note: '两免一补' },
  {
    code: 'jun-living',
    stage: 'junior',
    name: '生活补助',
    amountYuan: 1500,
    kind: 'entitlement',
    source: 'national',
    note: '寄宿生 1500 元/年，非寄宿生减半',
  },
  {
    code: 'jun-meal',
    stage: 'junior',
    name: '营养改善计划',
    amountYuan: null,
    kind: 'entitlement',
    source: 'national',
    note: '每生每天 5 元；仅试点县农村义务教育学校，本校参加时请启用',
    active: false,
  },
  {
    code: 'sen-grant',
    stage: 'senior',
    name: '国家助学金',
    amountYuan: 2300,
    kind: 'entitlement',
    source: 'national',
    note: '平均 2300 元/年，分档 1000–3000',
  },
  { code: 'sen-tuition', stage: 'senior', name: '免学费', amountYuan: null, kind: 'entitlement', source: 'national', note: '' },
  {
    code: 'voc-grant',
    stage: 'vocational',
    name: '国家助学金',
    amountYuan: 2300,
    kind: 'entitlement',
    source: 'national',
    note: '平均 2300 元/年',
  },
  { code: 'voc-tuition', stage: 'vocational', name: '免学费', amountYuan: null, kind: 'entitlement', source: 'national', note: '' },
  { code: 'voc-scholar', stage: 'vocational', name: '国家奖学金', amountYuan: 6000, kind: 'merit', source: 'national', note: '' },
  { code: 'hi-scholar', stage: 'higher', name: '国家奖学金', amountYuan: 10000, kind: 'merit', source: 'national', note: '' },
  { code: 'hi-inspire', stage: 'higher', name: '国家励志奖学金', amountYuan: 6000, kind: 'merit', source: 'national', note: '' },
  {
    code: 'hi-grant',
    stage: 'higher',
    name: '国家助学金',
    amountYuan: 3700,
    kind: 'entitlement',
    source: 'national',
    note: '平均 3700 元/年（2024 年秋季起）',
  },
  {
    code: 'hi-workstudy',
    stage: 'higher',
    name: '勤工助学',
    amountYuan: null,
    kind: 'onApplication',
    source: 'school',
    note: '每周 ≤8 小时、每月 ≤40 小时、每小时 ≥12 元；困境学生优先安排岗位',
  },
  {
    code: 'hi-green',
    stage: 'higher',
    name: '绿色通道',
    amountYuan: null,
    kind: 'entitlement',
    source: 'national',
    note: '入学时先报到后缴费',
  },
  {
    code: 'hi-loan',
    stage: 'higher',
    name: '生源地信用助学贷款',
    amountYuan: 16000,
    kind: 'onApplication',
    source: 'national',
    note: '本科 ≤16000 元/年，研究生 ≤20000 元/年',
  },
];

/** Work-study (勤工助学) limits from DOMAIN.md. */
export const WORK_STUDY = { maxHoursPerWeek: 8, maxHoursPerMonth: 40, minYuanPerHour: 12 } as const;

/** Yuan with 2 decimals ↔ integer fen, so sums never drift. */
export const toFen = (yuan: number): number => Math.round(yuan * 100);
export const fenToYuan = (fen: number): string => (fen / 100).toFixed(2);

/** True for a ranking reason that warns (a missing certificate, a mismatch, a near deadline) rather than one that fits. */
export function reasonIsConcern(reason: string): boolean {
  return reason.startsWith('缺少') || reason.includes('不符') || reason.includes('截止');
}
