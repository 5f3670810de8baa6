/**
 * The school's value set for its filing package (issue 14 §1): aggregate counts only, no person — the supervision
 * shares (numerator and denominator, as the supervisor sees them), open warnings by level and indicator, and open
 * dropout-ledger entries by status. The bureau compares schools and regions on these (region warnings, G1).
 */
import { CLOSED_LEDGER_STATUSES } from '../../../shared/domain/care';
import { SCHOOL_VALUE_KEYS } from '../../../shared/domain/regionWarnings';
import type { ServiceContext } from './context';
import { indicators } from './supervision';

export interface SchoolValue {
  key: string;
  numerator: number;
  denominator: number;
}

export async function schoolValueSet(ctx: ServiceContext): Promise<{ asOf: string; values: SchoolValue[] }> {
  const sup = await indicators(ctx, { audit: false });
  const values: SchoolValue[] = sup.indicators.map((i) => ({
    key: `supervision.${i.key}`,
    numerator: i.numerator,
    denominator: i.denominator,
  }));
  const talk = sup.indicators.find((i) => i.key === 'monthlyTalk');
  const registration = sup.indicators.find((i) => i.key === 'registration');
  const keyStudents = talk?.denominator ?? 0;
  values.push(
    { key: SCHOOL_VALUE_KEYS.keyStudents, numerator: keyStudents, denominator: 0 },
    { key: SCHOOL_VALUE_KEYS.population, numerator: registration?.denominator ?? 0, denominator: 0 },
  );
  // Counts out of the key students, so the bureau can put them per hundred.
  const warnings = (await ctx
    .db('warnings')
    .whereNull('closed_at')
    .groupBy('level', 'indicator')
    .select('level', 'indicator')
    .count({ n: '*' })) as Array<{ level: string; indicator: string; n: number | string }>;
  const byLevel = new Map<string, number>();
  for (const w of warnings) {
    values.push({ key: `warnings.open.${w.level}.${w.indicator}`, numerator: Number(w.n), denominator: keyStudents });
    byLevel.set(w.level, (byLevel.get(w.level) ?? 0) + Number(w.n));
  }
  for (const level of ['yellow', 'orange', 'red'])
    values.push({ key: `warnings.open.${level}`, numerator: byLevel.get(level) ?? 0, denominator: keyStudents });
  const ledger = (await ctx
    .db('dropout_entries')
    .whereNull('closed_at')
    .whereNotIn('status', CLOSED_LEDGER_STATUSES as string[])
    .groupBy('status')
    .select('status')
    .count({ n: '*' })) as Array<{ status: string; n: number | string }>;
  let open = 0;
  for (const l of ledger) {
    values.push({ key: `dropout.open.${l.status}`, numerator: Number(l.n), denominator: 0 });
    open += Number(l.n);
  }
  values.push({ key: SCHOOL_VALUE_KEYS.openDropout, numerator: open, denominator: 0 });
  return { asOf: sup.asOf, values };
}
