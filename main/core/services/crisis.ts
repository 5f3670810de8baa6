/**
 * Psychological crisis warnings and referrals (P5). The most sensitive records in the store: the contract lets only
 * the counsellor, the administrator and the principal call these, and every read is audited. Nothing from here is
 * written to the student's timeline, which other roles can read.
 */
import { AppError } from '../../../shared/errors';
import type { Disposition } from '../../../shared/domain/care';
import { todayIso } from '../../../shared/domain/dates';
import { appendAudit } from './audit';
import type { crisisContract } from '../../../shared/contract/crisis';
import { actor, type Handlers, OK, type ServiceContext } from './context';
import { getSetting, setSetting } from './settings';
import type { Knex } from 'knex';
import { DEFAULT_CRISIS_SCHEME, type CrisisLevel } from '../../../shared/domain/care';
import { assertStudentVisible } from './scope';

export async function recordCrisis(
  ctx: ServiceContext,
  c: { id?: number; studentId: number; date: string; levelKey: string; disposition: Disposition; note: string },
): Promise<{ id: number }> {
  await assertStudentVisible(ctx, c.studentId);
  if (c.date > todayIso(ctx.now)) throw new AppError('VALIDATION', '日期不能晚于今天', [{ path: 'date', message: '日期晚于今天' }]);
  const level = (await crisisScheme(ctx.db)).find((l) => l.key === c.levelKey);
  if (!level) throw new AppError('VALIDATION', '预警等级不在本校方案中', [{ path: 'levelKey', message: '请选择预警等级' }]);
  // The level's label, colour and rank are copied: a later change of scheme must not rewrite what was assessed.
  const row = {
    date: c.date,
    level_key: level.key,
    level_label: level.label,
    level_color: level.color,
    severity: level.severity,
    disposition: c.disposition,
    // What happened is sealed under the crisis key: only the roles that read crisis records hold it (issue 10).
    note: ctx.workspace.sealCrisis(c.note, 'crisis_records.note'),
    updated_at: ctx.now.toISOString(),
  };
  let id = c.id ?? 0;
  await ctx.db.transaction(async (trx) => {
    if (c.id) {
      const n = await trx('crisis_records').where({ id: c.id, student_id: c.studentId }).update(row);
      if (!n) throw new AppError('NOT_FOUND', '预警记录不存在');
    } else {
      const [newId] = await trx('crisis_records').insert({ ...row, student_id: c.studentId, recorded_by: ctx.user.id });
      id = Number(newId);
    }
    await appendAudit(
      trx,
      actor(ctx),
      'crisis.record',
      { type: 'crisis', id },
      { studentId: c.studentId, severity: level.severity, disposition: c.disposition },
      ctx.now,
    );
  });
  return { id };
}

export async function addReferral(
  ctx: ServiceContext,
  r: { crisisId: number; institution: string; date: string; result: string },
): Promise<void> {
  const c = (await ctx.db('crisis_records').where({ id: r.crisisId }).first('student_id')) as { student_id: number } | undefined;
  if (!c) throw new AppError('NOT_FOUND', '预警记录不存在');
  await assertStudentVisible(ctx, c.student_id);
  await ctx.db.transaction(async (trx) => {
    await trx('referrals').insert({
      crisis_id: r.crisisId,
      institution: ctx.workspace.sealCrisis(r.institution, 'referrals.institution'),
      date: r.date,
      result: ctx.workspace.sealCrisis(r.result, 'referrals.result'),
      recorded_by: ctx.user.id,
    });
    await trx('crisis_records')
      .where({ id: r.crisisId })
      .whereNot('disposition', 'closed')
      .update({ disposition: 'refer', updated_at: ctx.now.toISOString() });
    await appendAudit(trx, actor(ctx), 'crisis.referral', { type: 'crisis', id: r.crisisId }, { studentId: c.student_id }, ctx.now);
  });
}

/** All crisis records, the most severe open ones first; the read itself is audited with the students it showed. */
export async function listCrisis(ctx: ServiceContext) {
  const rows = (await ctx
    .db('crisis_records as c')
    .join('students as s', 's.id', 'c.student_id')
    .join('accounts as a', 'a.id', 'c.recorded_by')
    .select('c.*', 's.name', 's.class_name', 'a.display_name as by')
    .orderByRaw("c.disposition = 'closed', c.severity DESC, c.date DESC")) as Array<{
    id: number;
    student_id: number;
    name: string;
    class_name: string;
    date: string;
    level_key: string;
    level_label: string;
    level_color: string;
    severity: number;
    disposition: Disposition;
    note: string;
    by: string;
  }>;
  const refs = rows.length
    ? ((await ctx
        .db('referrals')
        .whereIn(
          'crisis_id',
          rows.map((r) => r.id),
        )
        .orderBy('date')) as Array<{ id: number; crisis_id: number; institution: string; date: string; result: string }>)
    : [];
  await appendAudit(
    ctx.db,
    actor(ctx),
    'crisis.view',
    { type: 'crisis' },
    { count: rows.length, students: [...new Set(rows.map((r) => r.student_id))] },
    ctx.now,
  );
  return rows.map((r) => ({
    id: r.id,
    studentId: r.student_id,
    name: r.name,
    className: r.class_name,
    date: r.date,
    levelKey: r.level_key,
    levelLabel: r.level_label,
    levelColor: r.level_color,
    severity: r.severity,
    disposition: r.disposition,
    note: ctx.workspace.openCrisis(r.note, 'crisis_records.note'),
    by: r.by,
    referrals: refs
      .filter((f) => f.crisis_id === r.id)
      .map((f) => ({
        id: f.id,
        institution: ctx.workspace.openCrisis(f.institution, 'referrals.institution'),
        date: f.date,
        result: ctx.workspace.openCrisis(f.result, 'referrals.result'),
      })),
  }));
}

const CRISIS_SCHEME_KEY = 'care.crisisScheme';

export async function crisisScheme(db: Knex | Knex.Transaction): Promise<CrisisLevel[]> {
  return (await getSetting<CrisisLevel[]>(db, CRISIS_SCHEME_KEY)) ?? DEFAULT_CRISIS_SCHEME;
}

/** A scheme needs distinct keys and distinct severity ranks: "the most severe" must never be ambiguous. */
export async function saveCrisisScheme(ctx: ServiceContext, levels: CrisisLevel[]): Promise<void> {
  if (new Set(levels.map((l) => l.key)).size !== levels.length)
    throw new AppError('VALIDATION', '预警等级代码不能重复', [{ path: 'levels', message: '代码重复' }]);
  if (new Set(levels.map((l) => l.severity)).size !== levels.length)
    throw new AppError('VALIDATION', '各等级的严重程度排序不能相同', [{ path: 'levels', message: '严重程度重复' }]);
  await ctx.db.transaction(async (trx) => {
    await setSetting(
      trx,
      CRISIS_SCHEME_KEY,
      [...levels].sort((a, b) => b.severity - a.severity),
    );
    await appendAudit(trx, actor(ctx), 'crisis.scheme', { type: 'settings' }, { levels: levels.length }, ctx.now);
  });
}

export const crisisHandlers: Handlers<typeof crisisContract> = {
  'crisis.scheme': (ctx) => crisisScheme(ctx.db),
  'crisis.saveScheme': async (ctx, i) => {
    await saveCrisisScheme(ctx, i.levels);
    return OK;
  },
  'crisis.list': listCrisis,
  'crisis.record': recordCrisis,
  'crisis.addReferral': async (ctx, i) => {
    await addReferral(ctx, i);
    return OK;
  },
};
