/**
 * The school year (学年) and how students move through it: the grade sequences of each stage, as schools name them
 * (七年级 → 八年级 → 九年级, or 初一 → 初二 → 初三). The last grade of a sequence is the stage's final grade: its
 * students graduate at the rollover, and E8's graduate database is built from it. A school can set its own
 * sequences (a five-year 大五, a two-year 中职); these are the defaults.
 */
import type { Stage } from './enums';
import { labels } from './labels';

export type GradeProgression = Partial<Record<Stage, string[][]>>;

export const DEFAULT_GRADE_PROGRESSION: GradeProgression = {
  preschool: [['托班', '小班', '中班', '大班']],
  primary: [['一年级', '二年级', '三年级', '四年级', '五年级', '六年级']],
  junior: [
    ['七年级', '八年级', '九年级'],
    ['初一', '初二', '初三'],
  ],
  senior: [['高一', '高二', '高三']],
  vocational: [
    ['中职一年级', '中职二年级', '中职三年级'],
    ['中职一', '中职二', '中职三'],
  ],
  higher: [['大一', '大二', '大三', '大四']],
};

/** The final grades of each stage under a progression. */
export function finalGrades(p: GradeProgression): Partial<Record<Stage, string[]>> {
  return Object.fromEntries(Object.entries(p).map(([stage, seqs]) => [stage, (seqs ?? []).map((s) => s[s.length - 1])]));
}

export type NextGrade = { kind: 'move'; grade: string } | { kind: 'graduate' } | { kind: 'unknown' };

export function nextGrade(p: GradeProgression, stage: Stage, grade: string): NextGrade {
  for (const seq of p[stage] ?? []) {
    const i = seq.indexOf(grade);
    if (i < 0) continue;
    return i === seq.length - 1 ? { kind: 'graduate' } : { kind: 'move', grade: seq[i + 1] };
  }
  return { kind: 'unknown' };
}

/** A class keeps its number and takes the new grade's name: 七年级(1)班 → 八年级(1)班; other names are kept. */
export function promotedClassName(className: string, fromGrade: string, toGrade: string): string {
  return className.startsWith(fromGrade) ? `${toGrade}${className.slice(fromGrade.length)}` : className;
}

/**
 * A graduating class is renamed by its year (2027届九年级(1)班): next year's 九年级(1)班 is another group of children,
 * and head-teacher scoping and lists must not mix them.
 */
export function graduatedClassName(className: string, graduationYear: number): string {
  return /^\d{4}届/.test(className) ? className : `${graduationYear}届${className}`;
}

/** 2026-2027: two consecutive years. */
export const SCHOOL_YEAR = /^(\d{4})-(\d{4})$/;
export function isSchoolYear(v: string): boolean {
  const m = SCHOOL_YEAR.exec(v);
  return !!m && Number(m[2]) === Number(m[1]) + 1;
}

/** The school year a day falls in: from 1 August. */
export function schoolYearOf(date: string): string {
  const y = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 8 ? `${y}-${y + 1}` : `${y - 1}-${y}`;
}

/**
 * The school year a rollover on this day moves into: from 1 July the year that starts that autumn (a school moves
 * up in the summer, or in September if it forgot), before July the one already running.
 */
export function rolloverYearFor(date: string): string {
  const y = Number(date.slice(0, 4));
  return date.slice(5) >= '07-01' ? `${y}-${y + 1}` : `${y - 1}-${y}`;
}

export function nextSchoolYear(year: string): string {
  const y = Number(year.slice(0, 4)) + 1;
  return `${y}-${y + 1}`;
}

export const STUDENT_STATUSES = ['active', 'graduated', 'transferred'] as const;
export type StudentStatus = (typeof STUDENT_STATUSES)[number];
export const STUDENT_STATUS_LABELS = labels<StudentStatus>({ active: '在校', graduated: '已毕业', transferred: '已转出' });
