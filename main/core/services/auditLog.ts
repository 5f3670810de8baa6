/**
 * The audit-log viewer (G4): the supervisor (督查) and the administrator read who did what, filtered by person,
 * action, student and date, and export it. Reading the log is itself written to the log. Entries name fields and
 * counts, never a child's identifiers (see appendAudit's callers), so the viewer shows them as they are.
 */
import type { Knex } from 'knex';
import type { In } from '../../../shared/contract/index';
import type { auditContract } from '../../../shared/contract/audit';
import { auditActionLabel } from '../../../shared/domain/auditActions';
import { formatDateTimeZh, todayIso } from '../../../shared/domain/dates';
import { writeInternalXlsx } from '../io/xlsxExport';
import { appendAudit } from './audit';
import { actor, asFile, type Handlers, type ServiceContext } from './context';

type Filter = In<'audit.export'>;
const MAX_EXPORT = 100_000;

function filtered(db: Knex, f: Filter): Knex.QueryBuilder {
  const q = db('audit_log as l');
  if (f.since) q.where('l.at', '>=', f.since);
  // `until` is a whole day: everything before the next midnight (UTC timestamps compare as text).
  if (f.until) q.where('l.at', '<', `${f.until}T99`);
  if (f.actorId) q.where('l.actor_id', f.actorId);
  if (f.action) q.where('l.action', f.action);
  if (f.studentId) {
    const sid = String(f.studentId);
    // A student's entries: those about the student, and those about the student's cases.
    q.where((w) =>
      w
        .where((x) => x.where('l.entity_type', 'student').where('l.entity_id', sid))
        .orWhere((x) =>
          x
            .where('l.entity_type', 'case')
            .whereIn('l.entity_id', db('cases').where('student_id', f.studentId!).select(db.raw('CAST(id AS TEXT)'))),
        ),
    );
  }
  return q;
}

type LogRow = { id: number; at: string; actor_name: string; action: string; entity_type: string; entity_id: string; detail: string };
const toRow = (r: LogRow) => ({
  id: r.id,
  at: r.at,
  actorName: r.actor_name,
  action: r.action,
  actionLabel: auditActionLabel(r.action),
  entityType: r.entity_type,
  entityId: r.entity_id,
  detail: r.detail === '{}' ? '' : r.detail,
});

export async function listAudit(ctx: ServiceContext, i: In<'audit.list'>) {
  const [{ n }] = (await filtered(ctx.db, i).count({ n: '*' })) as Array<{ n: number }>;
  const rows = (await filtered(ctx.db, i)
    .orderBy('l.id', 'desc')
    .limit(i.pageSize)
    .offset((i.page - 1) * i.pageSize)
    .select('l.id', 'l.at', 'l.actor_name', 'l.action', 'l.entity_type', 'l.entity_id', 'l.detail')) as LogRow[];
  const actors = (await ctx.db('audit_log').whereNotNull('actor_id').distinct('actor_id', 'actor_name').orderBy('actor_name')) as Array<{
    actor_id: number;
    actor_name: string;
  }>;
  const actions = (await ctx.db('audit_log').distinct('action').orderBy('action').pluck('action')) as string[];
  const { page: _p, pageSize: _s, ...filters } = i;
  await appendAudit(ctx.db, actor(ctx), 'audit.view', { type: 'audit' }, { filters, total: Number(n) }, ctx.now);
  return {
    rows: rows.map(toRow),
    total: Number(n),
    actors: [...new Map(actors.map((a) => [a.actor_id, { id: a.actor_id, name: a.actor_name }])).values()],
    actions: actions.map((action) => ({ action, label: auditActionLabel(action) })),
  };
}

export async function exportAudit(ctx: ServiceContext, f: Filter) {
  const rows = (
    (await filtered(ctx.db, f)
      .orderBy('l.id')
      .limit(MAX_EXPORT)
      .select('l.id', 'l.at', 'l.actor_name', 'l.action', 'l.entity_type', 'l.entity_id', 'l.detail')) as LogRow[]
  ).map(toRow);
  const xlsx = await writeInternalXlsx(
    {
      name: '审计日志',
      title: `审计日志（${f.since ?? '最早'} 至 ${f.until ?? todayIso(ctx.now)}，${rows.length} 条）`,
      columns: [
        { header: '序号', width: 8 },
        { header: '时间', width: 20 },
        { header: '操作人', width: 12 },
        { header: '操作', width: 26 },
        { header: '对象', width: 14 },
        { header: '编号', width: 10 },
        { header: '说明', width: 60 },
      ],
      rows: rows.map((r) => [r.id, formatDateTimeZh(r.at), r.actorName, r.actionLabel, r.entityType, r.entityId, r.detail]),
    },
    ctx.user.displayName,
    ctx.now,
  );
  await appendAudit(ctx.db, actor(ctx), 'export.audit', { type: 'audit' }, { rows: rows.length }, ctx.now);
  return asFile(`审计日志-${todayIso(ctx.now)}.xlsx`, xlsx);
}

export const auditLogHandlers: Pick<Handlers<typeof auditContract>, 'audit.list' | 'audit.export'> = {
  'audit.list': listAudit,
  'audit.export': exportAudit,
};
