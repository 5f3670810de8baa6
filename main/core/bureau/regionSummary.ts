/**
 * The regional picture (issue 14 §3): for a half-year, the province, its prefectures, counties or schools — how many
 * schools there are and filed, how many key-care students they filed, and the shares from their value sets summed
 * (numerators over denominators, never averages of rates) — and the same figures over the recent half-years as a
 * trend. One pass over the latest package per school; no query per school.
 */
import type { Knex } from 'knex';
import { periodLabel, previousPeriod, recentPeriods } from '../../../shared/domain/calendar';
import { todayIso } from '../../../shared/domain/dates';
import { type RegionRule, SCHOOL_VALUE_KEYS, type SummaryLevel, valueLabel } from '../../../shared/domain/regionWarnings';
import { AppError } from '../../../shared/errors';
import { percent1 } from '../../../shared/domain/statistics';
import { appendAudit } from '../services/audit';
import { isPostgres, rawRows, refreshStatistics } from '../store/portableSql';
import { actor, type ServiceContext } from '../services/context';
import { areaLabel } from './regionStatistics';
import { knownSchools } from './registry';
import { stateOf } from './regionWarnings';

/** The value-set keys a row sums, by the column they are summed into. */
const SUMMED: Record<string, string> = {
  key_n: SCHOOL_VALUE_KEYS.keyStudents,
  population: SCHOOL_VALUE_KEYS.population,
  red: SCHOOL_VALUE_KEYS.redWarnings,
  dropout: SCHOOL_VALUE_KEYS.openDropout,
  talk_n: SCHOOL_VALUE_KEYS.monthlyTalk,
  tier_n: SCHOOL_VALUE_KEYS.highestTier,
  postings_n: SCHOOL_VALUE_KEYS.postings,
};
/** The shares: numerator column, and the denominator kept beside it. */
const SHARES = { talk: SCHOOL_VALUE_KEYS.monthlyTalk, tier: SCHOOL_VALUE_KEYS.highestTier, postings: SCHOOL_VALUE_KEYS.postings };

const AREA_COLUMN: Record<SummaryLevel, string> = {
  // A cast, not a bare '61': PostgreSQL refuses a string constant in GROUP BY.
  province: "CAST('61' AS TEXT)",
  prefecture: "coalesce(prefecture_code, '')",
  county: "coalesce(county_code, '')",
  school: 'school_code',
};

/** Every known school with its place: its latest package's, else the bureau's list's (as knownSchools() does). */
const PLACES = `
    places AS (
      SELECT s.school_code, s.school_name,
             coalesce(s.prefecture_code, r.prefecture_code) AS prefecture_code,
             coalesce(s.county_code, r.county_code) AS county_code
        FROM bureau_schools s LEFT JOIN bureau_registry r ON r.school_code = s.school_code
      UNION ALL
      SELECT r.school_code, r.school_name, r.prefecture_code, r.county_code
        FROM bureau_registry r WHERE NOT EXISTS (SELECT 1 FROM bureau_schools s WHERE s.school_code = r.school_code)
    )`;

/** The SQL condition for an area: '' all, '61' the province, 4 digits a prefecture, 6 a county (bound as :area). */
function areaWhere(area: string, alias = ''): string {
  if (area === '') return '';
  if (area === '61') return `WHERE ${alias}county_code LIKE '61%'`;
  return area.length === 4 ? `WHERE ${alias}prefecture_code = :area` : `WHERE ${alias}county_code = :area`;
}

/** The latest package of each school for the period (a 更正 of an earlier period never takes its place). */
const LATEST = 'latest AS (SELECT school_code, max(id) AS id FROM bureau_packages WHERE period = :period GROUP BY school_code)';

type SummedRow = Record<string, string | number | null>;

/**
 * SQLite: every known school with its place and, for the period, its latest package's filed count and the value-set
 * figures pivoted into columns by one indexed lookup per figure (bureau_values is keyed by package and key), then
 * summed per area — one statement, so a province of 20,000 schools is summed where the rows are.
 */
async function summedInFile(db: Knex, level: SummaryLevel, period: string, area: string): Promise<SummedRow[]> {
  const keys = Object.entries(SUMMED);
  const joins = keys
    .map(([, key], i) => `LEFT JOIN bureau_values v${i} ON v${i}.package_id = l.id AND v${i}.key = '${key}'`)
    .join('\n        ');
  const columns = keys
    .map(([col], i) => `v${i}.numerator AS ${col}`)
    .concat(Object.entries(SHARES).map(([col, key]) => `v${keys.findIndex(([, k]) => k === key)}.denominator AS ${col}_d`))
    .join(', ');
  const where = areaWhere(area);
  const sql = `
    WITH ${PLACES},
    ${LATEST},
    per AS (
      SELECT p.school_code, p.school_name, p.prefecture_code, p.county_code, pk.id AS pkg, pk.count, ${columns}
        FROM places p
        LEFT JOIN latest l ON l.school_code = p.school_code
        LEFT JOIN bureau_packages pk ON pk.id = l.id
        ${joins}
    )
    SELECT ${AREA_COLUMN[level]} AS area, max(school_name) AS school_name, count(*) AS schools, count(pkg) AS filed,
           sum(CASE WHEN pkg IS NULL THEN 0 ELSE coalesce(key_n, count) END) AS key_students,
           sum(coalesce(population, 0)) AS population, sum(coalesce(red, 0)) AS red, sum(coalesce(dropout, 0)) AS dropout,
           sum(talk_n) AS talk_n, sum(talk_d) AS talk_d, sum(tier_n) AS tier_n, sum(tier_d) AS tier_d,
           sum(postings_n) AS postings_n, sum(postings_d) AS postings_d
      FROM per ${where}
     GROUP BY ${AREA_COLUMN[level]}
     ORDER BY ${AREA_COLUMN[level]} = '', ${AREA_COLUMN[level]}`;
  return rawRows<SummedRow>(db, sql, { period, area });
}

/**
 * PostgreSQL: the same figures in the shape of the bare GROUP BY it is measured against — the period's value rows of
 * each school's latest package summed per area and key — and the schools, filings and the key-student count of
 * packages without a value set (version 1) per area; pivoted here (a few hundred rows). Pivoting 140,000 value rows
 * per package first, as the SQLite statement does by lookups, cost PostgreSQL four times the bare GROUP BY.
 */
async function summedOnServer(db: Knex, level: SummaryLevel, period: string, area: string): Promise<SummedRow[]> {
  const byArea = AREA_COLUMN[level];
  const where = areaWhere(area);
  const counts = await rawRows<SummedRow>(
    db,
    `WITH ${PLACES},
    ${LATEST},
    per AS (
      SELECT p.school_code, p.school_name, p.prefecture_code, p.county_code, pk.id AS pkg,
             CASE WHEN pk.id IS NOT NULL AND NOT EXISTS (
               SELECT 1 FROM bureau_values k WHERE k.package_id = pk.id AND k.key = '${SCHOOL_VALUE_KEYS.keyStudents}'
             ) THEN pk.count ELSE 0 END AS unvalued
        FROM places p
        LEFT JOIN latest l ON l.school_code = p.school_code
        LEFT JOIN bureau_packages pk ON pk.id = l.id
    )
    SELECT ${byArea} AS area, max(school_name) AS school_name, count(*) AS schools, count(pkg) AS filed,
           sum(unvalued) AS unvalued
      FROM per ${where}
     GROUP BY ${byArea}
     ORDER BY ${byArea} = '', ${byArea}`,
    { period, area },
  );
  const keys = [...new Set(Object.values(SUMMED))];
  // Choosing each school's latest package costs a join over every value row; it is needed only in a period where some
  // school filed twice (a re-filing or a 更正), which one indexed look tells.
  const refiled = await rawRows(
    db,
    'SELECT 1 FROM bureau_packages WHERE period = :period GROUP BY school_code HAVING count(*) > 1 LIMIT 1',
    {
      period,
    },
  );
  const sums = await rawRows<{ area: string; key: string; n: number; d: number }>(
    db,
    // Only schools that filed have values, and a school that filed is registered: its place without the list's union.
    `WITH ${LATEST},
    per AS (
      SELECT s.school_code, coalesce(s.prefecture_code, r.prefecture_code) AS prefecture_code,
             coalesce(s.county_code, r.county_code) AS county_code, v.key, v.numerator, v.denominator
        FROM bureau_values v
        ${refiled.length ? 'JOIN latest l ON l.id = v.package_id' : ''}
        JOIN bureau_schools s ON s.school_code = v.school_code
        LEFT JOIN bureau_registry r ON r.school_code = s.school_code
       WHERE v.period = :period AND v.key IN (${keys.map((k) => `'${k}'`).join(', ')})
    )
    SELECT ${byArea} AS area, key, sum(numerator) AS n, sum(denominator) AS d
      FROM per ${where}
     GROUP BY ${byArea}, key`,
    { period, area },
  );
  const byKey = new Map(sums.map((r) => [`${r.area}|${r.key}`, r]));
  return counts.map((c) => {
    const get = (key: string) => byKey.get(`${c.area}|${key}`);
    const row: SummedRow = { ...c, key_students: Number(c.unvalued ?? 0) + Number(get(SUMMED.key_n)?.n ?? 0) };
    for (const [col, key] of Object.entries(SUMMED)) if (col !== 'key_n') row[col] = get(key)?.n ?? null;
    for (const [col, key] of Object.entries(SHARES)) row[`${col}_d`] = get(key)?.d ?? null;
    return row;
  });
}

async function summed(db: Knex, level: SummaryLevel, period: string, area: string) {
  const rows = isPostgres(db) ? await summedOnServer(db, level, period, area) : await summedInFile(db, level, period, area);
  const n = (v: string | number | null | undefined) => Number(v ?? 0);
  // The whole area's figures for this period, as the trend shows them (its other half-years are queried).
  const total = { filed: 0, key_students: 0, talk_n: 0, talk_d: 0 };
  for (const r of rows) for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += n(r[k]);
  const mapped = rows.map((r) => {
    const code = String(r.area ?? '');
    // areaLabel names the province (61), a prefecture (4 digits) and a county (6) alike.
    const name = level === 'school' ? String(r.school_name) : code ? areaLabel(code) : '未定位';
    return {
      area: code,
      name,
      schools: n(r.schools),
      filed: n(r.filed),
      keyStudents: n(r.key_students),
      population: n(r.population),
      redWarnings: n(r.red),
      openDropout: n(r.dropout),
      talkRate: percent1(n(r.talk_n), n(r.talk_d)),
      highestTierRate: percent1(n(r.tier_n), n(r.tier_d)),
      postingsRate: percent1(n(r.postings_n), n(r.postings_d)),
    };
  });
  return { rows: mapped, total };
}

interface TrendRow {
  period: string;
  filed: number | string;
  key_students: number | string | null;
  talk_n: number | string | null;
  talk_d: number | string | null;
}

/** The whole area over several half-years in one query: filed schools, key students and the talk share per period. */
async function trendOf(db: Knex, periods: string[], area: string) {
  const sql = `
    WITH ${PLACES},
    latest AS (
      SELECT school_code, period, max(id) AS id FROM bureau_packages
       WHERE period IN (${periods.map(() => '?').join(', ')}) GROUP BY school_code, period
    )
    SELECT l.period, count(*) AS filed, sum(coalesce(vk.numerator, pk.count)) AS key_students,
           sum(vt.numerator) AS talk_n, sum(vt.denominator) AS talk_d
      FROM latest l
      JOIN places p ON p.school_code = l.school_code
      JOIN bureau_packages pk ON pk.id = l.id
      LEFT JOIN bureau_values vk ON vk.package_id = l.id AND vk.key = '${SCHOOL_VALUE_KEYS.keyStudents}'
      LEFT JOIN bureau_values vt ON vt.package_id = l.id AND vt.key = '${SCHOOL_VALUE_KEYS.monthlyTalk}'
      ${areaWhere(area, 'p.').replace(':area', '?')}
     GROUP BY l.period`;
  const rows = await rawRows<TrendRow>(db, sql, [...periods, ...(area && area !== '61' ? [area] : [])]);
  return new Map(rows.map((r) => [r.period, r]));
}

/** The latest period any school filed for, else the current half-year. */
async function defaultPeriod(ctx: ServiceContext): Promise<string> {
  const r = (await ctx.db('bureau_packages').max({ p: 'period' }).first()) as { p: string | null } | undefined;
  return r?.p ?? recentPeriods(todayIso(ctx.now))[0];
}

export async function regionSummary(ctx: ServiceContext, input: { by: SummaryLevel; period?: string; area?: string; trend?: number }) {
  const period = input.period ?? (await defaultPeriod(ctx));
  const area = input.area ?? '';
  await refreshStatistics(ctx.db);
  const { rows, total } = await summed(ctx.db, input.by, period, area);
  // The trend: the whole area for each of the recent half-years, oldest first (schools: those known today). This
  // period's point is the sum of the rows just made; only the earlier half-years are queried.
  const periods: string[] = [period];
  while (periods.length < (input.trend ?? 4)) periods.unshift(previousPeriod(periods[0]));
  const earlier = periods.slice(0, -1);
  const byPeriod = earlier.length ? await trendOf(ctx.db, earlier, area) : new Map<string, TrendRow>();
  if (total.filed > 0) byPeriod.set(period, { period, ...total });
  const schools = rows.reduce((n, r) => n + r.schools, 0);
  const trend = periods.map((p) => {
    const r = byPeriod.get(p);
    return {
      period: p,
      label: periodLabel(p),
      schools,
      filed: Number(r?.filed ?? 0),
      keyStudents: Number(r?.key_students ?? 0),
      talkRate: r ? percent1(Number(r.talk_n ?? 0), Number(r.talk_d ?? 0)) : null,
    };
  });
  await appendAudit(ctx.db, actor(ctx), 'bureau.summary.view', {}, { by: input.by, period, area }, ctx.now);
  return {
    by: input.by,
    period,
    label: periodLabel(period),
    area,
    areaLabel: areaLabel(area),
    rows,
    trend,
  };
}

const GROUP_ORDER = (key: string) => {
  const i = ['students', 'supervision', 'warnings', 'dropout'].indexOf(key.split('.')[0]);
  return i < 0 ? 9 : i;
};

/**
 * One school's figures for the 督查's inspection (drill-down, §3 and §7): its filings, the value set of its latest
 * package for the period with each share's numerator and denominator, and its region warnings. Audited.
 */
export async function schoolFigures(ctx: ServiceContext, schoolCode: string, period?: string) {
  const school = (await knownSchools(ctx.db)).find((s) => s.school_code === schoolCode);
  if (!school) throw new AppError('NOT_FOUND', `本局没有学校 ${schoolCode}`);
  const filings = (await ctx
    .db('bureau_packages')
    .where({ school_code: schoolCode })
    .orderBy('sequence', 'desc')
    .select('id', 'period', 'sequence', 'created_at', 'via_area')) as Array<{
    id: number;
    period: string;
    sequence: number;
    created_at: string;
    via_area: string | null;
  }>;
  const chosen = period ?? filings[0]?.period ?? (await defaultPeriod(ctx));
  const latest = filings.find((f) => f.period === chosen);
  const values = latest
    ? ((await ctx.db('bureau_values').where({ package_id: latest.id }).orderBy('key')) as Array<{
        key: string;
        numerator: number;
        denominator: number;
      }>)
    : [];
  const warnings = (await ctx
    .db('bureau_region_warnings')
    .where({ period: chosen, scope: 'school', target: schoolCode })
    .orderBy('rule')) as Array<{ rule: RegionRule; evidence: string; closed_at: string | null; acknowledged_at: string | null }>;
  await appendAudit(ctx.db, actor(ctx), 'bureau.school.view', { type: 'school', id: schoolCode }, { period: chosen }, ctx.now);
  return {
    schoolCode,
    schoolName: school.school_name,
    countyCode: school.county_code,
    contact: [school.contact_name, school.contact_phone].filter(Boolean).join(' '),
    period: chosen,
    label: periodLabel(chosen),
    filings: filings.map((f) => ({
      period: f.period,
      label: periodLabel(f.period),
      sequence: f.sequence,
      filedOn: todayIso(new Date(f.created_at)),
      viaArea: f.via_area,
    })),
    // People first, then the shares, then warnings and ledgers, as the 督查 reads a school.
    values: [...values]
      .sort((a, b) => GROUP_ORDER(a.key) - GROUP_ORDER(b.key) || (a.key < b.key ? -1 : 1))
      .map((v) => ({
        key: v.key,
        label: valueLabel(v.key),
        numerator: v.numerator,
        denominator: v.denominator,
        rate: v.denominator > 0 ? percent1(v.numerator, v.denominator) : null,
      })),
    warnings: warnings.map((w) => ({
      rule: w.rule,
      evidence: w.evidence,
      state: stateOf(w),
    })),
  };
}
