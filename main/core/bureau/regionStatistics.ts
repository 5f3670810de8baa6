/**
 * The consolidated statistics table (issue 14 §3): the tables schools submitted (S3 附件1, carried in their filing
 * packages as value sets) summed for a county, a prefecture or the whole workspace, in the same template, with the
 * same cross-foot checks. Counts and amounts add up; a rate does not (it is left empty here and read per school).
 * For each school the table of its latest package for that date counts, so a 更正 replaces what it corrects.
 */
import { AppError } from '../../../shared/errors';
import type { StatisticsTable } from '../../../shared/contract/statistics';
import { additive, crossFoot, expandRows, periodOf, STAT_TEMPLATE, type StatCell } from '../../../shared/domain/statistics';
import { PREFECTURES, STAGES, type Stage } from '../../../shared/domain/enums';
import { renderStatisticsPdf } from '../io/statisticsPdf';
import { writeStatisticsXlsx } from '../io/statisticsXlsx';
import { appendAudit } from '../services/audit';
import { actor, asFile, type ServiceContext } from '../services/context';
import { getSetting, SETTING } from '../services/settings';
import { knownSchools } from './registry';

/** Whose schools an area code covers: a county (6 digits), a prefecture (4) or the province (61); empty: all. */
export function inArea(area: string, s: { prefecture_code: string | null; county_code: string | null }): boolean {
  if (!area) return true;
  if (area === '61') return (s.county_code ?? '').startsWith('61');
  return area.length === 4 ? s.prefecture_code === area : s.county_code === area;
}

export function areaLabel(area: string): string {
  if (!area) return '本局登记的全部学校';
  if (area === '61') return '陕西省';
  if (area.length === 4) return PREFECTURES[area] ?? area;
  return `${PREFECTURES[area.slice(0, 4)] ?? ''} ${area}`.trim();
}

export async function regionStatistics(ctx: ServiceContext, input: { asOf?: string; area?: string }) {
  const dates = (await ctx.db('bureau_statistics').distinct('as_of').orderBy('as_of', 'desc').pluck('as_of')) as string[];
  const asOf = input.asOf ?? dates[0];
  const area = input.area ?? '';
  const schools = await knownSchools(ctx.db);
  const here = schools.filter((s) => inArea(area, s));
  const areas = [...new Set(schools.flatMap((s) => [s.prefecture_code, s.county_code]).filter((x): x is string => !!x))].sort();
  const t = STAT_TEMPLATE;
  const sums = new Map<string, number>();
  const included: Array<{ schoolCode: string; schoolName: string }> = [];
  const missing: Array<{ schoolCode: string; schoolName: string }> = [];
  const stages = new Set<Stage>();
  // Each school's table for the date from its latest package (a 更正 replaces what it corrects), read in one query.
  const latest = new Map<string, string>();
  if (asOf)
    for (const r of (await ctx
      .db('bureau_statistics as b')
      .join('bureau_packages as p', 'p.id', 'b.package_id')
      .where({ 'b.as_of': asOf, 'b.template_id': t.id })
      .orderBy('p.sequence', 'desc')
      .select('b.school_code', 'b.table_json')) as Array<{ school_code: string; table_json: string }>)
      if (!latest.has(r.school_code)) latest.set(r.school_code, r.table_json);
  for (const s of here) {
    const json = latest.get(s.school_code);
    if (!json) {
      missing.push({ schoolCode: s.school_code, schoolName: s.school_name });
      continue;
    }
    const table = JSON.parse(json) as StatisticsTable;
    included.push({ schoolCode: s.school_code, schoolName: s.school_name });
    for (const st of JSON.parse(s.stages) as Stage[]) stages.add(st);
    for (const r of table.rows) {
      const stage = STAGES.find((x) => r.key.startsWith(`${x}/`));
      if (stage) stages.add(stage);
    }
    for (const c of table.cells) if (c.value !== null) sums.set(`${c.row}|${c.col}`, (sums.get(`${c.row}|${c.col}`) ?? 0) + c.value);
  }
  const rows = expandRows(
    t,
    t.stages.filter((s) => stages.has(s)),
  );
  const cells: StatCell[] = rows.flatMap((r) =>
    t.columns.map((c) => ({ row: r.key, col: c.key, value: additive(c) ? roundCell(sums.get(`${r.key}|${c.key}`) ?? 0) : null })),
  );
  const table: StatisticsTable = {
    templateId: t.id,
    attachment: t.attachment,
    title: t.title,
    asOf: asOf ?? '',
    period: asOf ? periodOf(asOf) : { from: '', to: '', label: '' },
    rows: rows.map((r) => ({ key: r.key, label: r.label, level: r.level })),
    columns: t.columns.map((c) => ({ key: c.key, group: c.group, label: c.label, unit: c.unit })),
    cells,
    checks: included.length ? crossFoot(t, rows, cells) : [],
    notes: [...t.notes, '汇总表：人数、人次、金额为各校之和；比率不能相加，汇总表中留空，请查看各校报表。'],
    submitted: null,
  };
  await appendAudit(ctx.db, actor(ctx), 'bureau.statistics.view', { type: 'statistics', id: asOf ?? '' }, { area }, ctx.now);
  return { ...table, area, areaLabel: areaLabel(area), dates, areas, schools: included, missing };
}

/** Sums of amounts in 万元 keep four decimals; counts stay whole. */
function roundCell(v: number): number {
  return Math.round(v * 10_000) / 10_000;
}

/**
 * The consolidated table as the official xlsx (填报单位 the bureau), or printed as a PDF for a meeting (the same
 * template, aggregates only); refused while a cross-foot check fails; audited.
 */
export async function exportRegionStatistics(ctx: ServiceContext, input: { asOf?: string; area?: string; format?: 'xlsx' | 'pdf' }) {
  const r = await regionStatistics(ctx, input);
  if (!r.schools.length) throw new AppError('STATE', `${r.areaLabel}还没有学校报送该统计时点的统计表`);
  const failed = r.checks.filter((c) => !c.ok);
  if (failed.length)
    throw new AppError(
      'VALIDATION',
      `汇总表有 ${failed.length} 项校验未通过，不能导出：${failed.map((f) => `${f.rule}（${f.detail}）`).join('；')}`,
    );
  const bureauName = (await getSetting<string>(ctx.db, SETTING.bureauName)) ?? '';
  const sheet = {
    attachment: r.attachment,
    title: `${r.title}（${r.areaLabel}汇总，${r.schools.length} 所学校）`,
    schoolName: bureauName,
    asOf: r.asOf,
    periodLabel: r.period.label,
    rows: r.rows,
    columns: r.columns,
    cells: r.cells,
    filledBy: ctx.user.displayName,
    phone: '',
    filledAt: ctx.now,
    notes: r.notes,
  };
  const pdf = input.format === 'pdf';
  const bytes = pdf ? await renderStatisticsPdf(sheet) : await writeStatisticsXlsx(sheet);
  await appendAudit(
    ctx.db,
    actor(ctx),
    'bureau.statistics.export',
    { type: 'statistics', id: r.asOf },
    { area: r.area, schools: r.schools.length, format: pdf ? 'pdf' : 'xlsx' },
    ctx.now,
  );
  return asFile(`统计表汇总-${r.areaLabel}-${r.asOf}.${pdf ? 'pdf' : 'xlsx'}`, bytes);
}
