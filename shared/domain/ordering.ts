/**
 * How an office expects lists to run (issue 11 #16): names by pinyin, classes in natural order (七(2) before
 * 七(10)), grades in school order (七 → 八 → 九, not 八 → 九 → 七 as pinyin would put them). One set of
 * comparators for every table, PDF and xlsx, on both sides of the contract.
 */

import type { Stage } from './enums';

/** One collator each: building one per comparison (String.localeCompare with a locale) dominated sorting. */
const pinyin = new Intl.Collator('zh-CN').compare;
const pinyinNumeric = new Intl.Collator('zh-CN', { numeric: true }).compare;

/** Grades in the order a school counts them; synonyms share a place (初一 = 七年级). */
const GRADE_STEPS: readonly (readonly string[])[] = [
  ['托班'],
  ['小班'],
  ['中班'],
  ['大班'],
  ['一年级', '一'],
  ['二年级', '二'],
  ['三年级', '三'],
  ['四年级', '四'],
  ['五年级', '五'],
  ['六年级', '六'],
  ['七年级', '初一', '七'],
  ['八年级', '初二', '八'],
  ['九年级', '初三', '九'],
  ['高一'],
  ['高二'],
  ['高三'],
  ['中职一年级', '中职一'],
  ['中职二年级', '中职二'],
  ['中职三年级', '中职三'],
  ['大一'],
  ['大二'],
  ['大三'],
  ['大四'],
  ['大五'],
  ['研一'],
  ['研二'],
  ['研三'],
];
/** Longest names first, so 中职一年级 is read before 中职一 and 七年级 before 七. */
const GRADE_PREFIXES: ReadonlyArray<readonly [string, number]> = GRADE_STEPS.flatMap((names, rank) =>
  names.map((n) => [n, rank] as const),
).sort((a, b) => b[0].length - a[0].length);

/** Class names repeat across thousands of rows: each is read once. */
const rankCache = new Map<string, number>();

/** The grade a grade or class name starts with, as a position in school order; -1 when none is recognised. */
export function gradeRank(text: string): number {
  let rank = rankCache.get(text);
  if (rank === undefined) {
    rank = readGradeRank(text);
    if (rankCache.size < 10_000) rankCache.set(text, rank);
  }
  return rank;
}

function readGradeRank(text: string): number {
  const s = text.trim();
  for (const [name, rank] of GRADE_PREFIXES) {
    // A single numeral (七) counts only when a class number follows (七(1), 七1班), not in 七彩小组.
    if (!s.startsWith(name)) continue;
    if (name.length === 1 && !/^[(（0-9]/.test(s.slice(1))) continue;
    return rank;
  }
  return -1;
}

/** The stage a grade belongs to, by its place in GRADE_STEPS; null for a grade not recognised. */
export function stageOfGrade(grade: string): Stage | null {
  const rank = gradeRank(grade);
  if (rank < 0) return null;
  if (rank <= 3) return 'preschool';
  if (rank <= 9) return 'primary';
  if (rank <= 12) return 'junior';
  if (rank <= 15) return 'senior';
  if (rank <= 18) return 'vocational';
  return 'higher';
}

export const compareNames = (a: string, b: string): number => pinyin(a, b);

/** Grades in school order; unknown grades after the known ones, among themselves naturally. */
export function compareGrades(a: string, b: string): number {
  const ra = gradeRank(a);
  const rb = gradeRank(b);
  if (ra !== rb) return ra === -1 ? 1 : rb === -1 ? -1 : ra - rb;
  return pinyinNumeric(a, b);
}

/** Classes by grade in school order, then by number: 七(1), 七(2), 七(10), 八(1). */
export const compareClasses = compareGrades;

/** Any text a table shows: numbers inside compare as numbers, Chinese by pinyin. */
export const compareText = (a: string, b: string): number => pinyinNumeric(a, b);

/** The office's usual order for lists of students: class, then name. */
export function compareByClassThenName(a: { className: string; name: string }, b: { className: string; name: string }): number {
  return compareClasses(a.className, b.className) || compareNames(a.name, b.name);
}

/** Rows of any shape in class-then-name order (rows as SQLite returns them, with class_name and name). */
export function inClassThenNameOrder<T extends { class_name: string; name: string }>(rows: T[]): T[] {
  return rows.sort((a, b) => compareClasses(a.class_name, b.class_name) || compareNames(a.name, b.name));
}
