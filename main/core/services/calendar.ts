/** The school calendar kept in the store: days without school and the concern deadline (working days). */
import type { Knex } from 'knex';
import { AppError } from '../../../shared/errors';
import { DEFAULT_CONCERN_DUE_WORKING_DAYS } from '../../../shared/domain/care';
import { SchoolCalendar, type NonSchoolRange } from '../../../shared/domain/calendar';
import { getSetting, setSetting } from './settings';
import { appendAudit } from './audit';
import type { calendarContract } from '../../../shared/contract/calendar';
import { actor, type Handlers, OK, type ServiceContext } from './context';

const KEY = { nonSchool: 'care.nonSchoolDays', concernDue: 'care.concernDueWorkingDays' } as const;

export interface CareSettings {
  nonSchoolDays: NonSchoolRange[];
  concernDueWorkingDays: number;
}

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
    if (r.from > r.to)
      throw new AppError('VALIDATION', `非上课日“${r.label}”的开始日期晚于结束日期`, [
        { path: 'nonSchoolDays', message: '开始日期晚于结束日期' },
      ]);
  }
  await ctx.db.transaction(async (trx) => {
    await setSetting(trx, KEY.nonSchool, s.nonSchoolDays);
    await setSetting(trx, KEY.concernDue, s.concernDueWorkingDays);
    await appendAudit(
      trx,
      actor(ctx),
      'calendar.get',
      { type: 'settings' },
      { ranges: s.nonSchoolDays.length, concernDue: s.concernDueWorkingDays },
      ctx.now,
    );
  });
}

export const calendarHandlers: Handlers<typeof calendarContract> = {
  'calendar.get': (ctx) => careSettings(ctx.db),
  'calendar.save': async (ctx, i) => {
    await saveCareSettings(ctx, i);
    return OK;
  },
};
