/**
 * The home page (issue 13 §5): what is due and how many days are left — the statistics table (30 June, 15 December),
 * the annual summary (15 December) and the filing of each half-year — with what has already been done; the open
 * warnings in the user's scope; monthly-talk coverage over the last six months; and the population counts.
 * Aggregates only: no names.
 */
import type { homeContract } from '../../../shared/contract/home';
import { filingDueDate, toDay } from '../../../shared/domain/calendar';
import { ON_LIST_STATES } from '../../../shared/domain/enums';
import { todayIso } from '../../../shared/domain/dates';
import { STAT_TEMPLATE } from '../../../shared/domain/statistics';
import { talkCoverage } from './annualSummary';
import { compliance } from './cadence';
import type { Handlers, ServiceContext } from './context';
import { inPopulation } from './scope';
import { lastWarningRun, runWarnings, warningCounts } from './warnings';
import { WARNING_RUNNERS } from '../../../shared/contract/roleGroups';

/** Deadlines shown from this many days ahead (the reminders start 15 days before; the year's plan is visible earlier). */
const HORIZON_DAYS = 200;

export async function overview(ctx: ServiceContext) {
  const today = todayIso(ctx.now);
  // The rules run once a day without anyone pressing a button: the first office, counsellor or principal to open
  // the home page that day runs them, so escalation of unacknowledged warnings does not wait for a person.
  if (WARNING_RUNNERS.includes(ctx.user.role) && (await lastWarningRun(ctx.db))?.date !== today) await runWarnings(ctx, today);
  const y = Number(today.slice(0, 4));
  const submitted = new Set((await ctx.db('statistics_submissions').where({ template_id: STAT_TEMPLATE.id }).pluck('as_of')) as string[]);
  const summaries = new Set((await ctx.db('summary_versions').distinct('year').pluck('year')) as number[]);
  const filed = new Map(
    (
      (await ctx.db('filing_packages').groupBy('period').select('period', ctx.db.raw('max(created_at) as at'))) as Array<{
        period: string;
        at: string;
      }>
    ).map((r) => [r.period, r.at]),
  );
  const days = (d: string) => toDay(d) - toDay(today);
  const deadlines = [];
  for (const year of [y - 1, y, y + 1]) {
    for (const half of ['H1', 'H2'] as const) {
      const period = `${year}${half}`;
      const date = filingDueDate(period);
      const left = days(date);
      // Past deadlines stay while still undone (within a month), future ones within the horizon.
      if (left > HORIZON_DAYS || left < -31) continue;
      const statsDone = submitted.has(date);
      if (left >= 0 || !statsDone)
        deadlines.push({
          key: `statistics:${date}`,
          label: `统计表（${half === 'H1' ? '上半年' : '下半年及全年'}）`,
          date,
          daysLeft: left,
          done: statsDone,
          note: statsDone ? '已报送' : '未报送',
        });
      const filedAt = filed.get(period);
      if (left >= 0 || !filedAt)
        deadlines.push({
          key: `filing:${period}`,
          label: `上级备案（${year}年${half === 'H1' ? '上' : '下'}半年）`,
          date,
          daysLeft: left,
          done: !!filedAt,
          note: filedAt ? `已生成备案包（${filedAt.slice(0, 10)}）` : '未生成备案包',
        });
      if (half === 'H2' && (left >= 0 || !summaries.has(year)))
        deadlines.push({
          key: `summary:${year}`,
          label: `${year}年度工作总结`,
          date,
          daysLeft: left,
          done: summaries.has(year),
          note: summaries.has(year) ? '已保存版本' : '尚未保存',
        });
    }
  }
  deadlines.sort((a, b) => a.date.localeCompare(b.date) || a.key.localeCompare(b.key));
  const months: string[] = [];
  for (let i = 5; i >= 0; i--) {
    const d = new Date(Date.UTC(y, Number(today.slice(5, 7)) - 1 - i, 1));
    months.push(d.toISOString().slice(0, 7));
  }
  const [{ n: population }] = (await ctx.db('students as s').where(inPopulation(ctx.db)).count({ n: '*' })) as Array<{ n: number }>;
  const [{ n: onList }] = (await ctx
    .db('cases')
    .whereIn('state', ON_LIST_STATES as string[])
    .countDistinct({ n: 'student_id' })) as Array<{
    n: number;
  }>;
  const [{ n: awaitingReview }] = (await ctx.db('cases').where({ state: 'applied' }).count({ n: '*' })) as Array<{ n: number }>;
  const month = await compliance(ctx, today.slice(0, 7), { audit: false });
  return {
    today,
    deadlines,
    tasks: {
      overdue: month.items.filter((x) => x.status === 'overdue').length,
      due: month.items.filter((x) => x.status === 'due').length,
    },
    warnings: await warningCounts(ctx),
    talks: await talkCoverage(ctx.db, months, today),
    figures: { population: Number(population), onList: Number(onList), awaitingReview: Number(awaitingReview) },
  };
}

export const homeHandlers: Handlers<typeof homeContract> = { 'home.overview': overview };
