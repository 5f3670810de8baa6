/**
 * The statistics table (S3 附件1): the template's rows and columns filled for a date from the store's history
 * (statisticsFacts), cross-foot checked before anything leaves, exported as an official return, drilled into
 * (role-limited, audited) and submitted — frozen with its hash, to travel in the next filing package.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { statisticsContract, StatisticsTable } from '../../../shared/contract/statistics';
import type { SchoolProfile } from '../../../shared/contract/schemas';
import { semesterOf } from '../../../shared/domain/calendar';
import { compareByClassThenName } from '../../../shared/domain/ordering';
import { crossFoot, expandRows, periodOf, STAT_TEMPLATE, type StatCell, type StatRow } from '../../../shared/domain/statistics';
import { todayIso } from '../../../shared/domain/dates';
import { AppError } from '../../../shared/errors';
import { renderStatisticsPdf } from '../io/statisticsPdf';
import { type StatisticsSheet, writeStatisticsXlsx } from '../io/statisticsXlsx';
import { difficultyLevels } from './aid';
import { appendAudit } from './audit';
import { schoolCalendar } from './calendar';
import { actor, asFile, type Handlers, type ServiceContext } from './context';
import { schoolFinalGrades } from './schoolYear';
import { getSetting, SETTING } from './settings';
import { contributes, factsOn, measureValue, type StudentFacts } from './statisticsFacts';

/** The students a row counts: the stage's students in difficulty or on the key-care list, narrowed by the row's filter. */
function rowStudents(row: StatRow, facts: StudentFacts[]): StudentFacts[] {
  return facts.filter((s) => {
    if (!s.population && !s.onList) return false;
    if (row.stage && s.stage !== row.stage) return false;
    const f = row.filter;
    if (!f) return true;
    if (f.category && !s.categories.has(f.category)) return false;
    if (f.riskFactor && !s.risks.has(f.riskFactor)) return false;
    if (f.multiple && s.risks.size < 2) return false;
    return true;
  });
}

async function compute(db: Knex, asOf: string) {
  const profile = await getSetting<SchoolProfile>(db, SETTING.schoolProfile);
  const period = periodOf(asOf);
  const levels = await difficultyLevels(db);
  const facts = await factsOn(db, {
    asOf,
    from: period.from,
    to: period.to,
    semester: semesterOf(asOf),
    finalGrades: await schoolFinalGrades(db),
    topRank: Math.max(...levels.map((l) => l.rank)),
    calendar: await schoolCalendar(db),
  });
  const t = STAT_TEMPLATE;
  const rows = expandRows(t, profile?.stages ?? t.stages);
  const members = new Map(rows.map((r) => [r.key, rowStudents(r, facts)]));
  const cells: StatCell[] = rows.flatMap((r) =>
    t.columns.map((c) => ({ row: r.key, col: c.key, value: measureValue(c.measure, members.get(r.key) ?? []) })),
  );
  const everyone = members.get(t.total.key) ?? [];
  const zero = t.zeroChecks.map((z) => {
    const n = measureValue(z.measure, everyone) ?? 0;
    return { rule: `${z.label}为 0（${z.why}）`, ok: n === 0, detail: n === 0 ? '符合' : `共 ${n} 人：请在学生档案中登记类别` };
  });
  return { profile, period, rows, cells, members, checks: [...crossFoot(t, rows, cells), ...zero] };
}

async function submission(db: Knex, asOf: string) {
  return (await db('statistics_submissions as s')
    .join('accounts as a', 'a.id', 's.submitted_by')
    .where({ 's.template_id': STAT_TEMPLATE.id, 's.as_of': asOf })
    .first('s.submitted_at', 's.sha256', 's.table_json', 'a.display_name')) as
    | { submitted_at: string; sha256: string; table_json: string; display_name: string }
    | undefined;
}

function assertPastOrToday(ctx: ServiceContext, asOf: string) {
  if (asOf > todayIso(ctx.now)) {
    const message = '统计日期不能晚于今天';
    throw new AppError('VALIDATION', message, [{ path: 'asOf', message }]);
  }
}

export async function statisticsTable(ctx: ServiceContext, asOf: string): Promise<StatisticsTable> {
  assertPastOrToday(ctx, asOf);
  const frozen = await submission(ctx.db, asOf);
  // A submitted table is shown as it was submitted: the frozen figures, not a recomputation.
  if (frozen) {
    await appendAudit(ctx.db, actor(ctx), 'statistics.view', { type: 'statistics', id: asOf }, { submitted: true }, ctx.now);
    return {
      ...(JSON.parse(frozen.table_json) as StatisticsTable),
      submitted: { at: frozen.submitted_at, by: frozen.display_name, sha256: frozen.sha256 },
    };
  }
  const c = await compute(ctx.db, asOf);
  await appendAudit(
    ctx.db,
    actor(ctx),
    'statistics.view',
    { type: 'statistics', id: asOf },
    { failedChecks: c.checks.filter((x) => !x.ok).length },
    ctx.now,
  );
  return tableOf(asOf, c);
}

function tableOf(asOf: string, c: Awaited<ReturnType<typeof compute>>): StatisticsTable {
  const t = STAT_TEMPLATE;
  return {
    templateId: t.id,
    attachment: t.attachment,
    title: t.title,
    asOf,
    period: c.period,
    rows: c.rows.map((r) => ({ key: r.key, label: r.label, level: r.level })),
    columns: t.columns.map((col) => ({ key: col.key, group: col.group, label: col.label, unit: col.unit })),
    cells: c.cells,
    checks: c.checks,
    notes: t.notes,
    submitted: null,
  };
}

function assertChecksPass(table: StatisticsTable, doing: string) {
  const failed = table.checks.filter((x) => !x.ok);
  if (failed.length) {
    throw new AppError(
      'VALIDATION',
      `统计表有 ${failed.length} 项校验未通过，不能${doing}：${failed
        .slice(0, 5)
        .map((f) => `${f.rule}（${f.detail}）`)
        .join('；')}`,
      failed.slice(0, 20).map((f) => ({ path: 'asOf', message: `${f.rule}：${f.detail}` })),
    );
  }
}

async function sheetOf(ctx: ServiceContext, asOf: string, phone: string, doing: string): Promise<StatisticsSheet> {
  const table = await statisticsTable(ctx, asOf);
  assertChecksPass(table, doing);
  const profile = await getSetting<SchoolProfile>(ctx.db, SETTING.schoolProfile);
  return {
    attachment: table.attachment,
    title: table.title,
    schoolName: profile?.schoolName ?? '',
    asOf,
    periodLabel: table.period.label,
    rows: table.rows,
    columns: table.columns,
    cells: table.cells,
    filledBy: ctx.user.displayName,
    phone,
    filledAt: ctx.now,
    notes: table.notes,
  };
}

export async function exportStatistics(ctx: ServiceContext, asOf: string, phone: string) {
  const xlsx = await writeStatisticsXlsx(await sheetOf(ctx, asOf, phone, '导出'));
  await appendAudit(ctx.db, actor(ctx), 'export.statistics', { type: 'statistics', id: asOf }, { bytes: xlsx.length }, ctx.now);
  return asFile(`统计表-${asOf}.xlsx`, xlsx);
}

export async function printStatistics(ctx: ServiceContext, asOf: string, phone: string) {
  const pdf = await renderStatisticsPdf(await sheetOf(ctx, asOf, phone, '打印'));
  await appendAudit(ctx.db, actor(ctx), 'report.statistics', { type: 'statistics', id: asOf }, { bytes: pdf.length }, ctx.now);
  return asFile(`统计表-${asOf}.pdf`, pdf);
}

export async function drillStatistics(ctx: ServiceContext, asOf: string, row: string, col: string) {
  assertPastOrToday(ctx, asOf);
  const column = STAT_TEMPLATE.columns.find((c) => c.key === col);
  const c = await compute(ctx.db, asOf);
  const members = c.members.get(row);
  if (!column || !members) throw new AppError('NOT_FOUND', '统计表中没有这一格');
  const students = members
    .filter((s) => contributes(column.measure, s))
    .map((s) => ({ studentId: s.id, name: s.name, className: s.className }))
    .sort(compareByClassThenName);
  await appendAudit(
    ctx.db,
    actor(ctx),
    'statistics.drill',
    { type: 'statistics', id: asOf },
    { row, col, students: students.length },
    ctx.now,
  );
  return { students };
}

export async function submitStatistics(ctx: ServiceContext, asOf: string) {
  assertPastOrToday(ctx, asOf);
  const prior = await submission(ctx.db, asOf);
  if (prior)
    throw new AppError('CONFLICT', `该统计日的统计表已于 ${prior.submitted_at.slice(0, 10)} 由${prior.display_name}报送，不能重复报送`);
  const table = tableOf(asOf, await compute(ctx.db, asOf));
  assertChecksPass(table, '报送');
  const json = JSON.stringify(table);
  const sha256 = crypto.createHash('sha256').update(json).digest('hex');
  const submittedAt = ctx.now.toISOString();
  await ctx.db.transaction(async (trx) => {
    await trx('statistics_submissions').insert({
      template_id: STAT_TEMPLATE.id,
      as_of: asOf,
      table_json: json,
      sha256,
      submitted_by: ctx.user.id,
      submitted_at: submittedAt,
    });
    await appendAudit(trx, actor(ctx), 'statistics.submit', { type: 'statistics', id: asOf }, { sha256 }, ctx.now);
  });
  return { sha256, submittedAt };
}

/** Submitted tables not yet sent upward, for the next filing package (aggregate figures only, no names). */
export async function pendingSubmissions(db: Knex | Knex.Transaction) {
  return (await db('statistics_submissions')
    .whereNull('package_id')
    .orderBy('id')
    .select('id', 'template_id', 'as_of', 'table_json', 'sha256')) as Array<{
    id: number;
    template_id: string;
    as_of: string;
    table_json: string;
    sha256: string;
  }>;
}

export const statisticsHandlers: Handlers<typeof statisticsContract> = {
  'statistics.table': (ctx, i) => statisticsTable(ctx, i.asOf),
  'statistics.export': (ctx, i) => exportStatistics(ctx, i.asOf, i.phone),
  'statistics.print': (ctx, i) => printStatistics(ctx, i.asOf, i.phone),
  'statistics.drill': (ctx, i) => drillStatistics(ctx, i.asOf, i.row, i.col),
  'statistics.submit': (ctx, i) => submitStatistics(ctx, i.asOf),
};
