/**
 * Inspection records (G4 督查): a visit's date, inspectors and findings, the supervision indicators as they stood
 * when it was recorded (what the inspectors saw, kept as evidence), and the rectification items it set — each with
 * a person responsible and a deadline, closed with what was done. Printed as the inspection report.
 */
import type { supervisionContract } from '../../../shared/contract/supervision';
import type { SchoolProfile } from '../../../shared/contract/schemas';
import { formatDateZh, todayIso } from '../../../shared/domain/dates';
import { AppError } from '../../../shared/errors';
import { fields, finishInternalPdf, heading, newInternalPdf, paragraph, table } from '../io/internalPdf';
import { appendAudit } from './audit';
import { actor, asFile, type Handlers, OK, type ServiceContext } from './context';
import { getSetting, SETTING } from './settings';
import { indicators } from './supervision';

type Indicator = Awaited<ReturnType<typeof indicators>>['indicators'][number];

async function list(ctx: ServiceContext, only?: number) {
  const today = todayIso(ctx.now);
  const q = ctx
    .db('inspections as i')
    .join('accounts as a', 'a.id', 'i.recorded_by')
    .select('i.*', 'a.display_name')
    .orderBy([
      { column: 'i.date', order: 'desc' },
      { column: 'i.id', order: 'desc' },
    ]);
  if (only) q.where('i.id', only);
  const rows = (await q) as Array<{
    id: number;
    date: string;
    inspectors: string;
    findings: string;
    indicators_json: string;
    display_name: string;
  }>;
  const items = (await ctx
    .db('rectifications as r')
    .leftJoin('accounts as a', 'a.id', 'r.closed_by')
    .whereIn(
      'r.inspection_id',
      rows.map((r) => r.id),
    )
    .orderBy('r.id')
    .select('r.*', 'a.display_name as closed_name')) as Array<{
    id: number;
    inspection_id: number;
    item: string;
    responsible: string;
    deadline: string;
    closed_at: string | null;
    closed_name: string | null;
    closure: string;
  }>;
  return rows.map((r) => ({
    id: r.id,
    date: r.date,
    inspectors: r.inspectors,
    findings: r.findings,
    recordedBy: r.display_name,
    indicators: JSON.parse(r.indicators_json) as Indicator[],
    items: items
      .filter((x) => x.inspection_id === r.id)
      .map((x) => ({
        id: x.id,
        item: x.item,
        responsible: x.responsible,
        deadline: x.deadline,
        overdue: !x.closed_at && x.deadline < today,
        closedAt: x.closed_at,
        closedBy: x.closed_name,
        closure: x.closure,
      })),
  }));
}

async function create(
  ctx: ServiceContext,
  i: { date: string; inspectors: string; findings: string; items: Array<{ item: string; responsible: string; deadline: string }> },
) {
  const today = todayIso(ctx.now);
  if (i.date > today) throw new AppError('VALIDATION', '督查日期不能晚于今天', [{ path: 'date', message: '日期晚于今天' }]);
  const early = i.items.findIndex((x) => x.deadline < i.date);
  if (early >= 0)
    throw new AppError('VALIDATION', `第 ${early + 1} 项整改事项的整改时限早于督查日期`, [
      { path: `items.${early}.deadline`, message: '整改时限早于督查日期' },
    ]);
  const snapshot = await indicators(ctx, { audit: false });
  let id = 0;
  await ctx.db.transaction(async (trx) => {
    const [newId] = await trx('inspections').insert({
      date: i.date,
      inspectors: i.inspectors,
      findings: i.findings,
      indicators_json: JSON.stringify(snapshot.indicators),
      recorded_by: ctx.user.id,
      recorded_at: ctx.now.toISOString(),
    });
    id = Number(newId);
    for (const x of i.items)
      await trx('rectifications').insert({ inspection_id: id, item: x.item, responsible: x.responsible, deadline: x.deadline });
    await appendAudit(trx, actor(ctx), 'inspection.create', { type: 'inspection', id }, { items: i.items.length }, ctx.now);
  });
  return { id };
}

async function closeItem(ctx: ServiceContext, i: { id: number; closure: string }) {
  const row = (await ctx.db('rectifications').where({ id: i.id }).first()) as
    | { closed_at: string | null; inspection_id: number }
    | undefined;
  if (!row) throw new AppError('NOT_FOUND', '整改事项不存在');
  if (row.closed_at) throw new AppError('STATE', '该整改事项已销号');
  await ctx.db.transaction(async (trx) => {
    await trx('rectifications')
      .where({ id: i.id })
      .update({ closed_at: ctx.now.toISOString(), closed_by: ctx.user.id, closure: i.closure });
    await appendAudit(trx, actor(ctx), 'inspection.closeItem', { type: 'inspection', id: row.inspection_id }, { item: i.id }, ctx.now);
  });
}

async function print(ctx: ServiceContext, id: number) {
  const [r] = await list(ctx, id);
  if (!r) throw new AppError('NOT_FOUND', '督查记录不存在');
  const profile = await getSetting<SchoolProfile>(ctx.db, SETTING.schoolProfile);
  const doc = newInternalPdf('督查报告');
  doc
    .font('cjk-bold')
    .fontSize(16)
    .text(`${profile?.schoolName ?? ''} 困境学生资助与关爱工作督查报告`, { align: 'center' });
  doc.moveDown(0.5);
  fields(doc, [
    ['督查日期', formatDateZh(r.date)],
    ['督查人员', r.inspectors],
    ['记录人', r.recordedBy],
    ['整改事项', `${r.items.length} 项，已销号 ${r.items.filter((x) => x.closedAt).length} 项`],
  ]);
  heading(doc, '一、落实指标（督查当日）');
  table(
    doc,
    [
      { h: '条款', w: 32 },
      { h: '指标', w: 180 },
      { h: '完成 / 应完成', w: 62 },
      { h: '比例', w: 48 },
      { h: '说明', w: 161 },
    ],
    r.indicators.map((x) => [
      x.clause,
      x.label,
      `${x.numerator} / ${x.denominator}`,
      x.rate === null ? '—' : `${x.rate.toFixed(1)}%`,
      x.note,
    ]),
  );
  heading(doc, '二、发现的问题');
  paragraph(doc, r.findings);
  heading(doc, '三、整改事项');
  table(
    doc,
    [
      { h: '序号', w: 30 },
      { h: '整改事项', w: 170 },
      { h: '责任人', w: 60 },
      { h: '整改时限', w: 80 },
      { h: '销号情况', w: 143 },
    ],
    r.items.map((x, n) => [
      String(n + 1),
      x.item,
      x.responsible,
      formatDateZh(x.deadline),
      x.closedAt ? `${formatDateZh(x.closedAt)} ${x.closedBy ?? ''}：${x.closure}` : x.overdue ? '逾期未销号' : '整改中',
    ]),
  );
  const pdf = await finishInternalPdf(doc, ctx.user.displayName, ctx.now);
  await appendAudit(ctx.db, actor(ctx), 'report.inspection', { type: 'inspection', id }, { bytes: pdf.length }, ctx.now);
  return asFile(`督查报告-${r.date}.pdf`, pdf);
}

export const inspectionsHandlers: Pick<
  Handlers<typeof supervisionContract>,
  'inspections.list' | 'inspections.create' | 'inspections.closeItem' | 'inspections.print'
> = {
  'inspections.list': async (ctx) => {
    const rows = await list(ctx);
    await appendAudit(ctx.db, actor(ctx), 'inspection.view', { type: 'inspection' }, { count: rows.length }, ctx.now);
    return rows;
  },
  'inspections.create': create,
  'inspections.closeItem': async (ctx, i) => {
    await closeItem(ctx, i);
    return OK;
  },
  'inspections.print': (ctx, i) => print(ctx, i.id),
};
