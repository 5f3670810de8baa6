/** Care settings kept in the store: the school calendar (non-school days), the concern deadline, the crisis scheme. */
import type { Knex } from 'knex';
import { AppError } from '../../../shared/errors';
import { DEFAULT_CONCERN_DUE_WORKING_DAYS, DEFAULT_CRISIS_SCHEME, SchoolCalendar, type CrisisLevel, type NonSchoolRange } from '../../../shared/domain/care';
import { getSetting, setSetting } from './settings';
import { appendAudit } from './audit';
import { actor, type ServiceContext } from './context';

const KEY = { nonSchool: 'care.nonSchoolDays', concernDue: 'care.concernDueWorkingDays', crisis: 'care.crisisScheme' } as const;

export interface CareSettings { nonSchoolDays: NonSchoolRange[]; concernDueWorkingDays: number }

export async function careSettings(db: Knex | Knex.Transaction): Promise<CareSettings> {
  return {
    nonSchoolDays: (await getSetting<NonSchoolRange[]>(db, KEY.nonSchool)) ?? [],
    concernDueWorkingDays: (await getSetting<number>(db, KEY.concernDue)) ?? DEFAULT_CONCERN_DUE_WORKING_DAYS,
  };
}

export async function schoolCalendar(db: Knex | Knex.Transaction): Promise<SchoolCalendar> {
  return new SchoolCalendar((await careSettings(db)).nonSchoolDays);
}

export async function saveCareSettings(ctx: ServiceContext, s: CareSettings): Promise<void> {
  for (const r of s.nonSchoolDays) {
    if (r.from > r.to) throw new AppError('VALIDATION', `非上课日“${r.label}”的开始日期晚于结束日期`, [{ path: 'nonSchoolDays', message: '开始日期晚于结束日期' }]);
  }
  await ctx.db.transaction(async (trx) => {
    await setSetting(trx, KEY.nonSchool, s.nonSchoolDays);
    await setSetting(trx, KEY.concernDue, s.concernDueWorkingDays);
    await appendAudit(trx, actor(ctx), 'care.settings', { type: 'settings' }, { ranges: s.nonSchoolDays.length, concernDue: s.concernDueWorkingDays }, ctx.now);
  });
}

export async function crisisScheme(db: Knex | Knex.Transaction): Promise<CrisisLevel[]> {
  return (await getSetting<CrisisLevel[]>(db, KEY.crisis)) ?? DEFAULT_CRISIS_SCHEME;
}

/** A scheme needs distinct keys and distinct severity ranks: "the most severe" must never be ambiguous. */
export async function saveCrisisScheme(ctx: ServiceContext, levels: CrisisLevel[]): Promise<void> {
  if (new Set(levels.map((l) => l.key)).size !== levels.length) throw new AppError('VALIDATION', '预警等级代码不能重复', [{ path: 'levels', message: '代码重复' }]);
  if (new Set(levels.map((l) => l.severity)).size !== levels.length) throw new AppError('VALIDATION', '各等级的严重程度排序不能相同', [{ path: 'levels', message: '严重程度重复' }]);
  await ctx.db.transaction(async (trx) => {
    await setSetting(trx, KEY.crisis, [...levels].sort((a, b) => b.severity - a.severity));
    await appendAudit(trx, actor(ctx), 'crisis.scheme', { type: 'settings' }, { levels: levels.length }, ctx.now);
  });
}
