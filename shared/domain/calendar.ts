/**
 * Semesters and the school calendar: pure date arithmetic on ISO YYYY-MM-DD strings, done on whole UTC days so a
 * date never shifts across a time-zone boundary, and fast enough for the compliance view's day-by-day walk over a
 * month for thousands of students (dayjs objects per day were measured slower; dayjs serves the date pickers).
 */

/** `2025-2026-1` = 2025-2026学年 秋季学期 (September–January); `-2` = 春季学期 (February–August). */
export function semesterOf(date: string): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  if (m >= 8) return `${y}-${y + 1}-1`;
  if (m === 1) return `${y - 1}-${y}-1`;
  return `${y - 1}-${y}-2`;
}
export function semesterLabel(key: string): string {
  const m = /^(\d{4})-(\d{4})-([12])$/.exec(key);
  return m ? `${m[1]}-${m[2]}学年 ${m[3] === '1' ? '秋季学期' : '春季学期'}` : key;
}
export const SEMESTER_KEY = /^\d{4}-\d{4}-[12]$/;
/** The semester before and after (autumn ↔ spring). */
export function previousSemester(key: string): string {
  const [a, b, n] = key.split('-').map(Number);
  return n === 2 ? `${a}-${b}-1` : `${a - 1}-${b - 1}-2`;
}
export function nextSemester(key: string): string {
  const [a, b, n] = key.split('-').map(Number);
  return n === 1 ? `${a}-${b}-2` : `${a + 1}-${b + 1}-1`;
}
/** First and last calendar day of a semester (autumn: 8-01 … 01-31; spring: 02-01 … 07-31). */
export function semesterRange(key: string): { from: string; to: string } {
  const [a, b, n] = key.split('-');
  return n === '1' ? { from: `${a}-08-01`, to: `${b}-01-31` } : { from: `${b}-02-01`, to: `${b}-07-31` };
}

const DAY = 86_400_000;
export const toDay = (iso: string): number =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY;
export const fromDay = (n: number): string => new Date(n * DAY).toISOString().slice(0, 10);
export const addDays = (iso: string, n: number): string => fromDay(toDay(iso) + n);
/** 0 = Monday … 6 = Sunday. */
export const weekday = (iso: string): number => (new Date(toDay(iso) * DAY).getUTCDay() + 6) % 7;
export const mondayOf = (iso: string): string => addDays(iso, -weekday(iso));
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number);
  return { from: `${month}-01`, to: fromDay(Date.UTC(y, m, 1) / DAY - 1) };
}

/** Days without school (holidays, winter and summer breaks), inclusive ranges; configurable per school. */
export interface NonSchoolRange {
  from: string;
  to: string;
  label: string;
}

export class SchoolCalendar {
  private readonly ranges: Array<[number, number]>;
  constructor(private readonly nonSchool: readonly NonSchoolRange[]) {
    this.ranges = nonSchool.map((r) => [toDay(r.from), toDay(r.to)]);
  }
  /** The school's non-school ranges as configured (for queries that must leave them out). */
  holidays(): readonly NonSchoolRange[] {
    return this.nonSchool;
  }
  isSchoolDay(iso: string): boolean {
    if (weekday(iso) >= 5) return false;
    const d = toDay(iso);
    return !this.ranges.some(([a, b]) => d >= a && d <= b);
  }
  schoolDays(from: string, to: string): string[] {
    const out: string[] = [];
    for (let d = toDay(from), end = toDay(to); d <= end; d++) {
      const iso = fromDay(d);
      if (this.isSchoolDay(iso)) out.push(iso);
    }
    return out;
  }
  /** The first school day after `from`: when a follow-up of something unusual is due. */
  nextSchoolDay(from: string): string {
    return this.addWorkingDays(from, 1);
  }
  /** The date n working days after `from` (a concern received on Friday with n = 3 is due on Wednesday). */
  addWorkingDays(from: string, n: number): string {
    let d = from;
    for (let left = n; left > 0; ) {
      d = addDays(d, 1);
      if (this.isSchoolDay(d)) left--;
    }
    return d;
  }
}

/** When a half-year's return is due (S3): 30 June for the first half, 15 December for the second half and the year. */
export function filingDueDate(period: string): string {
  return `${period.slice(0, 4)}-${period.endsWith('H1') ? '06-30' : '12-15'}`;
}

/** The half-year a day falls in, and the one before it (the one still being filed late), newest first. */
export function recentPeriods(today: string): [string, string] {
  const y = Number(today.slice(0, 4));
  const current = `${y}H${today.slice(5, 7) <= '06' ? 1 : 2}`;
  return [current, previousPeriod(current)];
}

/** The half-year before a filing period: 2026H1 → 2025H2. */
export function previousPeriod(period: string): string {
  const y = Number(period.slice(0, 4));
  return period.endsWith('H2') ? `${y}H1` : `${y - 1}H2`;
}

/** A filing period as people say it: 2026H2 → 2026年下半年. */
export function periodLabel(period: string): string {
  const m = /^(\d{4})H([12])$/.exec(period);
  return m ? `${m[1]}年${m[2] === '1' ? '上' : '下'}半年` : period;
}
