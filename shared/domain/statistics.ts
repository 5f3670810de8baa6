/**
 * The statistics table (S3 附件1) as data: a template file (shared/statistics/*.json) lays out the rows (stage ×
 * T1 category, T2 risk factors, 多种因素叠加, totals), the columns (each naming a measure and a unit) and the
 * cross-foot rules, so a changed provincial template is a data change. This module reads a template, expands its
 * rows, and checks a computed table against its rules; the figures themselves are computed by the main process.
 */
import { z } from 'zod';
import template2026 from '../statistics/s3-2026.json';
import { CATEGORIES, RISK_FACTORS, STAGE_LABELS, STAGES, type Category, type RiskFactor, type Stage } from './enums';

const filterSchema = z
  .object({ category: z.enum(CATEGORIES).optional(), riskFactor: z.enum(RISK_FACTORS).optional(), multiple: z.literal(true).optional() })
  .strict();
export const UNITS = ['人', '人次', '件', '对', '元', '万元', '%'] as const;
export type Unit = (typeof UNITS)[number];

export const statTemplateSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  attachment: z.string(),
  stages: z.array(z.enum(STAGES)).min(1),
  perStage: z.array(z.object({ key: z.string().min(1), label: z.string().min(1), filter: filterSchema.optional() })).min(1),
  total: z.object({ key: z.string().min(1), label: z.string().min(1) }),
  columns: z
    .array(
      z.object({
        key: z.string().min(1),
        group: z.string(),
        label: z.string().min(1),
        unit: z.enum(UNITS),
        measure: z.string().min(1),
      }),
    )
    .min(1),
  columnChecks: z.array(z.object({ col: z.string(), notAbove: z.string(), why: z.string() })).default([]),
  /** Measures that must be 0 for the whole school (data the return cannot be right without), with why. */
  zeroChecks: z.array(z.object({ measure: z.string(), label: z.string(), why: z.string() })).default([]),
  notes: z.array(z.string()).default([]),
});
export type StatTemplate = z.infer<typeof statTemplateSchema>;
export type StatColumn = StatTemplate['columns'][number];

/** The template in force; a new provincial template is a new JSON file listed here. */
export const STAT_TEMPLATE: StatTemplate = statTemplateSchema.parse(template2026);

export interface RowFilter {
  category?: Category;
  riskFactor?: RiskFactor;
  multiple?: true;
}

export interface StatRow {
  /** `junior/all`, `junior/cat:orphan`, `total`. */
  key: string;
  label: string;
  stage: Stage | null;
  filter: RowFilter | null;
  /** The subtotal this row is a part of (sub-rows), or null for subtotals and the total. */
  parent: string | null;
  level: 0 | 1 | 2;
}

/** The rows of a template, stage by stage, then the total. */
export function expandRows(t: StatTemplate, stages: readonly Stage[] = t.stages): StatRow[] {
  const rows: StatRow[] = [];
  const subtotal = t.perStage.find((r) => !r.filter);
  for (const stage of t.stages.filter((s) => stages.includes(s))) {
    for (const r of t.perStage) {
      rows.push({
        key: `${stage}/${r.key}`,
        label: r.label.replace('{stage}', STAGE_LABELS[stage]),
        stage,
        filter: r.filter ?? null,
        parent: r.filter && subtotal ? `${stage}/${subtotal.key}` : null,
        level: r.filter ? 2 : 1,
      });
    }
  }
  rows.push({ key: t.total.key, label: t.total.label, stage: null, filter: null, parent: null, level: 0 });
  return rows;
}

/** Columns whose figures add up across rows (counts and amounts); rates do not. */
export const additive = (c: StatColumn) => c.unit !== '%';

export interface StatCell {
  row: string;
  col: string;
  /** null only for a rate with nobody to divide by. */
  value: number | null;
}
export interface StatCheck {
  rule: string;
  ok: boolean;
  detail: string;
}

/**
 * The cross-foot rules: stage subtotals add up to the total in every additive column; a sub-row is never above its
 * subtotal; and the template's column rules (人数 ≤ 人次 …) hold in every row.
 */
export function crossFoot(t: StatTemplate, rows: StatRow[], cells: StatCell[]): StatCheck[] {
  const v = new Map(cells.map((c) => [`${c.row}|${c.col}`, c.value]));
  const at = (row: string, col: string) => v.get(`${row}|${col}`) ?? 0;
  const label = new Map(rows.map((r) => [r.key, r.label]));
  const colLabel = new Map(t.columns.map((c) => [c.key, `${c.group ? `${c.group}·` : ''}${c.label}`]));
  const checks: StatCheck[] = [];
  const subtotals = rows.filter((r) => r.stage && !r.filter);
  for (const c of t.columns.filter(additive)) {
    const sum = subtotals.reduce((n, r) => n + at(r.key, c.key), 0);
    const total = at(t.total.key, c.key);
    checks.push({
      rule: `各学段小计之和 = 合计（${colLabel.get(c.key)}）`,
      ok: Math.abs(sum - total) < 1e-9,
      detail: `小计之和 ${sum}，合计 ${total}`,
    });
    const over = rows.filter((r) => r.parent && at(r.key, c.key) > at(r.parent, c.key));
    checks.push({
      rule: `“其中”行不大于所属小计（${colLabel.get(c.key)}）`,
      ok: over.length === 0,
      detail: over.length ? over.map((r) => `${label.get(r.key)}：${at(r.key, c.key)} > ${at(r.parent!, c.key)}`).join('；') : '全部符合',
    });
  }
  for (const rule of t.columnChecks) {
    const bad = rows.filter((r) => at(r.key, rule.col) > at(r.key, rule.notAbove));
    checks.push({
      rule: `${colLabel.get(rule.col)} ≤ ${colLabel.get(rule.notAbove)}（${rule.why}）`,
      ok: bad.length === 0,
      detail: bad.length
        ? bad.map((r) => `${label.get(r.key)}：${at(r.key, rule.col)} > ${at(r.key, rule.notAbove)}`).join('；')
        : '全部符合',
    });
  }
  return checks;
}

/** The statistics period a date closes: 1 January – date in the first half, 1 July – date in the second. */
export function periodOf(asOf: string): { from: string; to: string; label: string } {
  const y = asOf.slice(0, 4);
  const first = asOf.slice(5) <= '06-30';
  return { from: first ? `${y}-01-01` : `${y}-07-01`, to: asOf, label: `${y}年${first ? '上' : '下'}半年` };
}

/** A cell as printed: amounts kept in fen, shown in 元 (2 decimals) or 万元 (4 decimals); rates with one decimal. */
export function formatCell(unit: Unit, value: number | null): string {
  if (value === null) return '—';
  if (unit === '万元') return (value / 1_000_000).toFixed(4);
  if (unit === '元') return (value / 100).toFixed(2);
  if (unit === '%') return value.toFixed(1);
  return String(value);
}

/** S3: the statistics table is due on 30 June and 15 December; reminders start 15 days before. */
export const REMIND_DAYS_BEFORE = 15;
const GRACE_DAYS_AFTER = 30;
const dayNumber = (d: string) => Math.round(Date.parse(`${d}T00:00:00Z`) / 86_400_000);

/**
 * The statistics deadline to remind of today: one coming within 15 days, or one passed within 30 days without a
 * submission. `submitted` says which statistics dates already have a submitted table.
 */
export function statisticsReminder(today: string, submitted: ReadonlySet<string>): { asOf: string; daysLeft: number } | null {
  const y = Number(today.slice(0, 4));
  const dues = [`${y - 1}-12-15`, `${y}-06-30`, `${y}-12-15`, `${y + 1}-06-30`];
  for (const d of dues) {
    const left = dayNumber(d) - dayNumber(today);
    if (submitted.has(d)) continue;
    if (left < 0 && -left <= GRACE_DAYS_AFTER) return { asOf: d, daysLeft: left };
    if (left >= 0 && left <= REMIND_DAYS_BEFORE) return { asOf: d, daysLeft: left };
  }
  return null;
}

/** A share as a percentage with one decimal (13.6), or null when there is nobody to count. */
export const percent1 = (n: number, d: number): number | null => (d === 0 ? null : Math.round((1000 * n) / d) / 10);
