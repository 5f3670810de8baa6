/**
 * The supervisor's view (G4): how far each clause is carried out today, as shares of the people it is owed to —
 * numbers and denominators shown, no score. Reuses the statistics facts (population, list, grading, graduates) and
 * the compliance computation (overdue contacts) so the figures agree with the screens they come from.
 */
import type { supervisionContract } from '../../../shared/contract/supervision';
import { semesterOf, semesterRange } from '../../../shared/domain/calendar';
import { todayIso } from '../../../shared/domain/dates';
import { MIN_RECOMMENDATIONS } from '../../../shared/domain/employment';
import { percent1, statisticsReminder, STAT_TEMPLATE } from '../../../shared/domain/statistics';
import { difficultyLevels } from './aid';
import { appendAudit, verifyAuditChain } from './audit';
import { compliance } from './cadence';
import { actor, type Handlers, type ServiceContext } from './context';
import { schoolFinalGrades } from './schoolYear';
import { factsOn } from './statisticsFacts';

export async function indicators(ctx: ServiceContext, o: { audit: boolean } = { audit: true }) {
  const asOf = todayIso(ctx.now);
  const month = asOf.slice(0, 7);
  const semester = semesterOf(asOf);
  const levels = await difficultyLevels(ctx.db);
  const facts = await factsOn(ctx.db, {
    asOf,
    from: `${month}-01`,
    to: asOf,
    semester,
    finalGrades: await schoolFinalGrades(ctx.db),
    topRank: Math.max(...levels.map((l) => l.rank)),
  });
  const population = facts.filter((s) => s.population);
  const onList = facts.filter((s) => s.onList);
  const talked = new Set(
    (await ctx
      .db('contacts')
      .where('kind', 'monthlyTalk')
      .where('date', '>=', `${month}-01`)
      .where('date', '<=', asOf)
      .pluck('student_id')) as number[],
  );
  const registered = new Set((await ctx.db('registration_checks').where({ semester }).pluck('student_id')) as number[]);
  const graded = population.filter((s) => s.graded);
  const mayWork = population.filter((s) => s.mayWork);
  const report = await compliance(ctx, month, { audit: false });
  const overdue = report.items.filter((i) => i.status === 'overdue');
  const overdueStudents = new Set(overdue.map((i) => i.studentId));
  const submitted = new Set((await ctx.db('statistics_submissions').where({ template_id: STAT_TEMPLATE.id }).pluck('as_of')) as string[]);
  const due = statisticsReminder(asOf, submitted);
  const chain = await verifyAuditChain(ctx.db, ctx.workspace.auditAnchor());
  const { from: semFrom } = semesterRange(semester);
  const semWarnings = (await ctx
    .db('warnings')
    .where('raised_on', '>=', semFrom)
    .where('raised_on', '<=', asOf)
    .select('escalations', 'acknowledged_at', 'due_date')) as Array<{
    escalations: number;
    acknowledged_at: string | null;
    due_date: string;
  }>;
  // Counted once their deadline has passed or someone took them: a warning still within its days is not late yet.
  const dueWarnings = semWarnings.filter((w) => w.acknowledged_at !== null || w.due_date < asOf || w.escalations > 0);
  const list = [
    {
      key: 'monthlyTalk',
      clause: 'P5',
      label: '本月已谈心的重点关爱学生',
      numerator: onList.filter((s) => talked.has(s.id)).length,
      denominator: onList.length,
      target: 100,
      note: '每月谈心谈话（月内逐步完成）',
    },
    {
      key: 'noOverdue',
      clause: 'P5',
      label: '本月没有逾期联系的重点关爱学生',
      numerator: onList.filter((s) => !overdueStudents.has(s.id)).length,
      denominator: onList.length,
      target: 100,
      note: `本月逾期 ${overdue.length} 项（每日一问、每周一见、每月谈心、诉求办理）`,
    },
    {
      key: 'registration',
      clause: 'A4',
      label: '本学期已核查报到的困境学生',
      numerator: population.filter((s) => registered.has(s.id)).length,
      denominator: population.length,
      target: 100,
      note: '控辍保学：学期初逐人核查',
    },
    {
      key: 'highestTier',
      clause: 'F9',
      label: '认定为最高档的困境学生（已认定者中）',
      numerator: graded.filter((s) => s.highestTier).length,
      denominator: graded.length,
      target: 100,
      note: `本学期尚未认定 ${population.length - graded.length} 人`,
    },
    {
      key: 'postings',
      clause: 'E8',
      label: `岗位信息不少于 ${MIN_RECOMMENDATIONS} 个的可就业毕业生`,
      numerator: mayWork.filter((s) => s.recommendations >= MIN_RECOMMENDATIONS).length,
      denominator: mayWork.length,
      target: 100,
      note: '未满 16 周岁或义务教育阶段的毕业生做升学指导，不计入',
    },
    {
      key: 'onListCategory',
      clause: 'T1',
      label: '登记了困境类别的重点关爱学生',
      numerator: onList.filter((s) => s.categories.size > 0).length,
      denominator: onList.length,
      target: 100,
      note: '没有类别的学生不进入统计表各类别人数',
    },
    {
      key: 'statistics',
      clause: 'S3',
      label: '统计表按时报送',
      numerator: due && due.daysLeft < 0 ? 0 : 1,
      denominator: 1,
      target: 100,
      note: due
        ? `统计时点 ${due.asOf}${due.daysLeft < 0 ? ` 已过 ${-due.daysLeft} 天未报送` : ` 还有 ${due.daysLeft} 天`}`
        : '近期没有待报送的统计表',
    },
    {
      key: 'warningsOnTime',
      clause: 'G1',
      label: '按时签收的预警（本学期，已到期或已签收者中）',
      numerator: dueWarnings.filter(
        (w) => w.escalations === 0 && w.acknowledged_at !== null && w.acknowledged_at.slice(0, 10) <= w.due_date,
      ).length,
      denominator: dueWarnings.length,
      target: 100,
      note: `本学期产生预警 ${semWarnings.length} 条，逾期未签收而逐级上报 ${semWarnings.filter((w) => w.escalations > 0).length} 条`,
    },
    {
      key: 'auditChain',
      clause: 'G4',
      label: '审计日志完整',
      numerator: chain.ok ? 1 : 0,
      denominator: 1,
      target: 100,
      note: chain.ok
        ? `共 ${chain.count} 条，哈希链与库外锚点一致`
        : `第 ${chain.brokenAt ?? '?'} 条起不完整${chain.anchor?.problem ? `：${chain.anchor.problem}` : ''}`,
    },
  ].map((x) => ({ ...x, rate: percent1(x.numerator, x.denominator) }));
  if (o.audit) await appendAudit(ctx.db, actor(ctx), 'supervision.view', { type: 'supervision' }, {}, ctx.now);
  return { asOf, month, semester, indicators: list };
}

export const supervisionHandlers: Pick<Handlers<typeof supervisionContract>, 'supervision.indicators'> = {
  'supervision.indicators': (ctx) => indicators(ctx),
};
