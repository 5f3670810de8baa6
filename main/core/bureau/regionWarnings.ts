/**
 * Region warnings (issue 14 §5, policy G1): the bureau's rules evaluated on the value sets schools filed for a
 * half-year and on the filing record — per school, and per county on the summed counts. Each warning carries its
 * evidence (the value, the threshold and what they count), is routed to the school's contact or the county's
 * funding centre, and is acknowledged and closed by a person. An evaluation is idempotent: it refreshes the evidence
 * of warnings still found, marks those no longer found as cleared, and never reopens one a person closed.
 */
import type { Knex } from 'knex';
import { AppError } from '../../../shared/errors';
import { BUREAU_WORKERS } from '../../../shared/contract/roleGroups';
import { periodLabel, previousPeriod } from '../../../shared/domain/calendar';
import { formatDateZh, todayIso } from '../../../shared/domain/dates';
import {
  DEFAULT_REGION_RULES,
  median,
  REGION_RULE_SPECS,
  REGION_RULES,
  type RegionRule,
  type RegionRules,
  type RegionScope,
  type RegionWarningState,
  SCHOOL_VALUE_KEYS,
} from '../../../shared/domain/regionWarnings';
import { percent1 } from '../../../shared/domain/statistics';
import { fields, finishInternalPdf, heading, newInternalPdf } from '../io/internalPdf';
import { appendAudit } from '../services/audit';
import { refreshStatistics } from '../store/portableSql';
import { actor, asFile, type ServiceContext } from '../services/context';
import { getSetting, setSetting, SETTING } from '../services/settings';
import { filers } from './filers';
import { areaLabel } from './regionStatistics';
import { knownSchools } from './registry';
import { latestPackageIds } from './valueSets';

const RULES_SETTING = 'bureau.regionRules';

export async function regionRules(db: Knex): Promise<RegionRules> {
  const saved = (await getSetting<Partial<RegionRules>>(db, RULES_SETTING)) ?? {};
  return Object.fromEntries(REGION_RULES.map((r) => [r, { ...DEFAULT_REGION_RULES[r], ...saved[r] }])) as RegionRules;
}

export async function saveRegionRules(ctx: ServiceContext, rules: RegionRules): Promise<void> {
  for (const r of REGION_RULES) {
    const t = rules[r].threshold;
    const pct = REGION_RULE_SPECS[r].unit === '%';
    if (!Number.isFinite(t) || t < 0 || (pct && t > 100)) {
      throw new AppError('VALIDATION', `${REGION_RULE_SPECS[r].label}：阈值应为 0${pct ? '–100' : ' 或以上'}`, [
        { path: `rules.${r}.threshold`, message: pct ? '应在 0 到 100 之间' : '不能为负数' },
      ]);
    }
  }
  await ctx.db.transaction(async (trx) => {
    await setSetting(trx, RULES_SETTING, rules);
    await appendAudit(trx, actor(ctx), 'bureau.regionRules.save', {}, { rules }, ctx.now);
  });
}

interface Finding {
  scope: RegionScope;
  target: string;
  countyCode: string | null;
  rule: RegionRule;
  value: number;
  threshold: number;
  evidence: string;
  routedTo: string;
}

type Values = Map<string, { n: number; d: number }>;

/**
 * The figures the rules read from each school's latest value set for a period (a 更正 replaces the earlier package of
 * the same period); only those keys, since a province has tens of thousands of schools with dozens of values each.
 */
async function valuesFor(db: Knex, period: string, keys: readonly string[]): Promise<Map<string, Values>> {
  const rows = (await db('bureau_values')
    .whereIn('package_id', latestPackageIds(db, period))
    .whereIn('key', keys)
    .select('school_code', 'key', 'numerator', 'denominator')) as Array<{
    school_code: string;
    key: string;
    numerator: number;
    denominator: number;
  }>;
  const out = new Map<string, Values>();
  for (const r of rows) {
    const m = out.get(r.school_code) ?? new Map();
    m.set(r.key, { n: r.numerator, d: r.denominator });
    out.set(r.school_code, m);
  }
  return out;
}

/**
 * Shares checked per school; the talk share also per county (summed), since a county where the monthly talks lag
 * is a county-wide problem. The top-tier and postings shares are owed in full by each school (F9, E8): a county
 * below 100 % is only ever the schools already warned, so it is not warned twice.
 */
const RATE_RULES: Array<{ rule: RegionRule; key: string; what: string; county: boolean }> = [
  { rule: 'talkCompliance', key: SCHOOL_VALUE_KEYS.monthlyTalk, what: '本月已谈心的重点关爱学生', county: true },
  { rule: 'highestTier', key: SCHOOL_VALUE_KEYS.highestTier, what: '按最高档资助的已认定学生', county: false },
  { rule: 'postings', key: SCHOOL_VALUE_KEYS.postings, what: '获得不少于 3 个岗位信息的可就业毕业生', county: false },
];

const countyRoute = (county: string) => `${areaLabel(county)} 教育局学生资助管理中心`;

/** What the rules find for a period; pure arithmetic over the value sets and the filing record. */
async function findings(ctx: ServiceContext, period: string, rules: RegionRules): Promise<Finding[]> {
  const schools = await knownSchools(ctx.db);
  const now = await valuesFor(ctx.db, period, [
    ...RATE_RULES.map((r) => r.key),
    SCHOOL_VALUE_KEYS.keyStudents,
    SCHOOL_VALUE_KEYS.redWarnings,
    SCHOOL_VALUE_KEYS.openDropout,
  ]);
  const before = await valuesFor(ctx.db, previousPeriod(period), [SCHOOL_VALUE_KEYS.openDropout]);
  const out: Finding[] = [];
  const route = (s: (typeof schools)[number]) =>
    s.contact_name || s.contact_phone
      ? `${s.school_name} 资助工作联系人 ${s.contact_name} ${s.contact_phone}`.trim()
      : `${s.school_name}（学校名单中没有联系人）`;
  const counties = new Map<string, typeof schools>();
  for (const s of schools) if (s.county_code) counties.set(s.county_code, [...(counties.get(s.county_code) ?? []), s]);

  for (const { rule, key, what, county: perCounty } of RATE_RULES) {
    const r = rules[rule];
    if (!r.enabled) continue;
    const judge = (n: number, d: number, scope: RegionScope, target: string, county: string | null, routedTo: string) => {
      if (d <= 0) return;
      const rate = percent1(n, d) ?? 0;
      if (rate < r.threshold)
        out.push({
          scope,
          target,
          countyCode: county,
          rule,
          value: rate,
          threshold: r.threshold,
          evidence: `${what} ${n}/${d} 人，占 ${rate}%，低于 ${r.threshold}%`,
          routedTo,
        });
    };
    for (const s of schools) {
      const v = now.get(s.school_code)?.get(key);
      if (v) judge(v.n, v.d, 'school', s.school_code, s.county_code, route(s));
    }
    for (const [county, list] of perCounty ? counties : []) {
      let n = 0;
      let d = 0;
      for (const s of list) {
        const v = now.get(s.school_code)?.get(key);
        if (v) {
          n += v.n;
          d += v.d;
        }
      }
      judge(n, d, 'county', county, county, countyRoute(county));
    }
  }

  if (rules.redWarnings.enabled) {
    const margin = rules.redWarnings.threshold;
    for (const [county, list] of counties) {
      const per100 = new Map<string, number>();
      for (const s of list) {
        const v = now.get(s.school_code);
        const key = v?.get(SCHOOL_VALUE_KEYS.keyStudents)?.n ?? 0;
        if (v && key > 0) per100.set(s.school_code, Math.round(((v.get(SCHOOL_VALUE_KEYS.redWarnings)?.n ?? 0) * 1000) / key) / 10);
      }
      const exact = median([...per100.values()]);
      const mid = exact === null ? null : Math.round(exact * 10) / 10;
      if (mid === null || per100.size < 2) continue; // one school has no county to stand out from
      for (const s of list) {
        const value = per100.get(s.school_code);
        if (value !== undefined && value > mid + margin)
          out.push({
            scope: 'school',
            target: s.school_code,
            countyCode: county,
            rule: 'redWarnings',
            value,
            threshold: mid + margin,
            evidence: `每百名重点关爱学生有未结红色预警 ${value} 条；本县（区）${per100.size} 所学校的中位数 ${mid} 条，高出 ${Math.round((value - mid) * 10) / 10} 条（阈值 ${margin} 条）`,
            routedTo: route(s),
          });
      }
    }
  }

  if (rules.dropoutGrowing.enabled) {
    const step = rules.dropoutGrowing.threshold;
    const growth = (code: string) => {
      const a = before.get(code)?.get(SCHOOL_VALUE_KEYS.openDropout);
      const b = now.get(code)?.get(SCHOOL_VALUE_KEYS.openDropout);
      return a && b ? { from: a.n, to: b.n } : null;
    };
    for (const [county, list] of counties) {
      let from = 0;
      let to = 0;
      let grew = 0;
      for (const s of list) {
        const g = growth(s.school_code);
        if (!g) continue;
        from += g.from;
        to += g.to;
        if (g.to - g.from >= step) grew++;
        if (g.to - g.from >= step)
          out.push({
            scope: 'school',
            target: s.school_code,
            countyCode: county,
            rule: 'dropoutGrowing',
            value: g.to - g.from,
            threshold: step,
            evidence: `未销号的控辍台账从${periodLabel(previousPeriod(period))}的 ${g.from} 条增至 ${g.to} 条`,
            routedTo: route(s),
          });
      }
      // A county warning is for a county-wide rise: one school's rise is that school's warning, not the county's.
      if (to - from >= step && grew >= 2)
        out.push({
          scope: 'county',
          target: county,
          countyCode: county,
          rule: 'dropoutGrowing',
          value: to - from,
          threshold: step,
          evidence: `本县（区）两期均报送的学校中 ${grew} 所台账增加，未销号控辍台账合计从 ${from} 条增至 ${to} 条`,
          routedTo: countyRoute(county),
        });
    }
  }

  if (rules.filing.enabled) {
    const f = await filers(ctx, period);
    const late = f.schools.filter((s) => (s.status === 'missing' || s.status === 'late') && s.daysLate >= rules.filing.threshold);
    const byCode = new Map(schools.map((s) => [s.school_code, s]));
    for (const s of late) {
      const k = byCode.get(s.schoolCode);
      out.push({
        scope: 'school',
        target: s.schoolCode,
        countyCode: s.countyCode,
        rule: 'filing',
        value: s.daysLate,
        threshold: rules.filing.threshold,
        evidence:
          s.status === 'missing'
            ? `${f.label}备案截止 ${formatDateZh(f.dueDate)}，已逾期 ${s.daysLate} 天未报送`
            : `${f.label}备案截止 ${formatDateZh(f.dueDate)}，${formatDateZh(s.filedOn ?? '')}才报送，逾期 ${s.daysLate} 天`,
        routedTo: k ? route(k) : s.schoolName,
      });
    }
    for (const [county, list] of counties) {
      const missing = late.filter((s) => s.countyCode === county && s.status === 'missing');
      if (missing.length)
        out.push({
          scope: 'county',
          target: county,
          countyCode: county,
          rule: 'filing',
          value: missing.length,
          threshold: 1,
          evidence: `本县（区）${list.length} 所学校中 ${missing.length} 所逾期未报送${f.label}备案（截止 ${formatDateZh(f.dueDate)}）`,
          routedTo: countyRoute(county),
        });
    }
  }
  return out;
}

interface WarningRow {
  id: number;
  period: string;
  scope: RegionScope;
  target: string;
  county_code: string | null;
  rule: RegionRule;
  value: number;
  threshold: number;
  evidence: string;
  routed_to: string;
  raised_on: string;
  last_seen_on: string;
  cleared_on: string | null;
  acknowledged_at: string | null;
  disposition: string;
  closed_at: string | null;
  outcome: string;
}

/** Evaluates the rules for a period and keeps the result (idempotent); returns what changed. */
export async function evaluateRegionWarnings(ctx: ServiceContext, period: string) {
  const today = todayIso(ctx.now);
  const rules = await regionRules(ctx.db);
  const found = await findings(ctx, period, rules);
  let raised = 0;
  let cleared = 0;
  await ctx.db.transaction(async (trx) => {
    const existing = new Map(
      ((await trx('bureau_region_warnings').where({ period })) as WarningRow[]).map((w) => [`${w.scope}|${w.target}|${w.rule}`, w]),
    );
    const seen = new Set<string>();
    const fresh = [];
    for (const f of found) {
      const k = `${f.scope}|${f.target}|${f.rule}`;
      seen.add(k);
      const w = existing.get(k);
      const facts = { value: f.value, threshold: f.threshold, evidence: f.evidence, routed_to: f.routedTo, last_seen_on: today };
      if (!w) {
        fresh.push({ period, scope: f.scope, target: f.target, county_code: f.countyCode, rule: f.rule, raised_on: today, ...facts });
        raised++;
      } else if (
        !w.closed_at &&
        // Written only when something changed: evaluating again the same day touches nothing.
        (w.cleared_on !== null ||
          w.value !== f.value ||
          w.threshold !== f.threshold ||
          w.evidence !== f.evidence ||
          w.routed_to !== f.routedTo ||
          w.last_seen_on !== today)
      ) {
        await trx('bureau_region_warnings')
          .where({ id: w.id })
          .update({ ...facts, cleared_on: null });
      }
    }
    for (let i = 0; i < fresh.length; i += 100) await trx('bureau_region_warnings').insert(fresh.slice(i, i + 100));
    for (const [k, w] of existing) {
      if (seen.has(k) || w.closed_at || w.cleared_on) continue;
      await trx('bureau_region_warnings').where({ id: w.id }).update({ cleared_on: today });
      cleared++;
    }
    await appendAudit(trx, actor(ctx), 'bureau.regionWarnings.run', {}, { period, found: found.length, raised, cleared }, ctx.now);
  });
  return { raised, cleared };
}

/** Where a warning stands: closed, acknowledged, or open. */
export const stateOf = (w: Pick<WarningRow, 'closed_at' | 'acknowledged_at'>): RegionWarningState =>
  w.closed_at ? 'closed' : w.acknowledged_at ? 'acknowledged' : 'open';

export async function regionWarnings(ctx: ServiceContext, period: string) {
  // Those who work the warnings evaluate the rules as they look; a 督查 reads what is there and changes nothing.
  const works = BUREAU_WORKERS.includes(ctx.user.role);
  await refreshStatistics(ctx.db);
  const run = works ? await evaluateRegionWarnings(ctx, period) : { raised: 0, cleared: 0 };
  if (!works) await appendAudit(ctx.db, actor(ctx), 'bureau.regionWarnings.view', {}, { period }, ctx.now);
  const names = new Map((await knownSchools(ctx.db)).map((s) => [s.school_code, s.school_name]));
  const rows = (await ctx
    .db('bureau_region_warnings')
    .where({ period })
    .orderBy(['county_code', 'scope', 'target', 'rule'])) as WarningRow[];
  return {
    period,
    label: periodLabel(period),
    ...run,
    rules: await regionRules(ctx.db),
    warnings: rows.map((w) => ({
      id: w.id,
      scope: w.scope,
      target: w.target,
      targetName: w.scope === 'county' ? areaLabel(w.target) : (names.get(w.target) ?? w.target),
      countyCode: w.county_code,
      rule: w.rule,
      value: w.value,
      threshold: w.threshold,
      evidence: w.evidence,
      routedTo: w.routed_to,
      raisedOn: w.raised_on,
      clearedOn: w.cleared_on,
      state: stateOf(w),
      acknowledgedAt: w.acknowledged_at,
      disposition: w.disposition,
      closedAt: w.closed_at,
      outcome: w.outcome,
    })),
  };
}

async function warningById(db: Knex, id: number): Promise<WarningRow> {
  const w = (await db('bureau_region_warnings').where({ id }).first()) as WarningRow | undefined;
  if (!w) throw new AppError('NOT_FOUND', '该预警不存在');
  return w;
}

export async function acknowledgeRegionWarning(ctx: ServiceContext, id: number, disposition: string) {
  const w = await warningById(ctx.db, id);
  if (w.acknowledged_at) throw new AppError('CONFLICT', '该预警已签收');
  await ctx.db.transaction(async (trx) => {
    await trx('bureau_region_warnings')
      .where({ id })
      .update({ acknowledged_by: ctx.user.id, acknowledged_at: ctx.now.toISOString(), disposition });
    await appendAudit(trx, actor(ctx), 'bureau.regionWarning.acknowledge', { type: 'regionWarning', id }, { rule: w.rule }, ctx.now);
  });
}

export async function closeRegionWarning(ctx: ServiceContext, id: number, outcome: string) {
  const w = await warningById(ctx.db, id);
  if (w.closed_at) throw new AppError('CONFLICT', '该预警已关闭');
  if (!w.acknowledged_at)
    throw new AppError('VALIDATION', '请先签收并写明处置措施，再关闭', [{ path: 'outcome', message: '尚未签收的预警不能关闭' }]);
  await ctx.db.transaction(async (trx) => {
    await trx('bureau_region_warnings').where({ id }).update({ closed_by: ctx.user.id, closed_at: ctx.now.toISOString(), outcome });
    await appendAudit(trx, actor(ctx), 'bureau.regionWarning.close', { type: 'regionWarning', id }, { rule: w.rule }, ctx.now);
  });
}

/** 预警通知: the open warnings of one school or county for a period, as a printable internal PDF (no person in it). */
export async function regionWarningLetter(ctx: ServiceContext, period: string, target: string) {
  const r = await regionWarnings(ctx, period);
  const list = r.warnings.filter((w) => w.target === target && w.state !== 'closed');
  if (!list.length) throw new AppError('STATE', '该学校或县（区）本期没有未关闭的预警');
  const bureauName = (await getSetting<string>(ctx.db, SETTING.bureauName)) ?? '教育局';
  const doc = newInternalPdf('困境学生关爱预警通知');
  doc.font('cjk-bold').fontSize(18).text('困境学生关爱预警通知', { align: 'center' }).moveDown(0.6);
  doc.font('cjk').fontSize(11);
  doc.text(`${list[0].targetName}：`).moveDown(0.3);
  doc.text(
    `根据${r.label}报送的数据，${bureauName}对照区域预警规则，发现以下 ${list.length} 项问题。请在收到本通知后 10 个工作日内核实原因、落实整改，并将处置情况书面反馈。`,
    { indent: 22 },
  );
  for (const [i, w] of list.entries()) {
    heading(doc, `${i + 1}. ${REGION_RULE_SPECS[w.rule].label}`);
    fields(doc, [
      ['对象', `${w.scope === 'county' ? '县（区）' : '学校'} ${w.targetName}`],
      ['首次发现', formatDateZh(w.raisedOn)],
      ['送达', w.routedTo],
      ['状态', w.state === 'acknowledged' ? `已签收（${formatDateZh(w.acknowledgedAt?.slice(0, 10) ?? '')}）` : '待签收'],
    ]);
    doc.text(`依据：${w.evidence}`);
    if (w.disposition) doc.text(`处置措施：${w.disposition}`);
  }
  doc
    .moveDown(1.5)
    .text(`${bureauName}`, { align: 'right' })
    .text(formatDateZh(todayIso(ctx.now)), { align: 'right' });
  const bytes = await finishInternalPdf(doc, ctx.user.displayName, ctx.now);
  await appendAudit(ctx.db, actor(ctx), 'bureau.regionWarning.notice', {}, { period, target, warnings: list.length }, ctx.now);
  return asFile(`预警通知-${list[0].targetName}-${period}.pdf`, bytes);
}
