/**
 * The large synthetic school the warning and rekey benchmarks share: 20,000 students (BENCH_STUDENTS), exactly 3,000
 * key students (BENCH_KEY_STUDENTS), a head teacher per class and a principal, three school years of contacts
 * (BENCH_YEARS; about two million rows), attendance and exam scores, in an encrypted store.
 */
import { benchSchool, benchStaff } from './benchSchool';
import { seedSchool } from '../../main/core/seed/seed';
import { seedCareHistory } from '../../main/core/seed/careSeed';
import { seedIndicators } from '../../main/core/seed/indicatorSeed';
import { addDays } from '../../shared/domain/calendar';
import type { Store } from '../../main/core/store/db';

export const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 20_000);
const KEY_STUDENTS = Number(process.env.BENCH_KEY_STUDENTS ?? 3000);
const YEARS = Number(process.env.BENCH_YEARS ?? 3);
export const NOW = new Date('2026-11-27T10:00:00+08:00');
export const TODAY = '2026-11-27';

/** Builds the school in `dir` under `key`; returns the open store and the students in the population. */
export async function bigCareSchool(dir: string, key: Buffer): Promise<{ store: Store; pop: number[] }> {
  const store = await benchSchool(dir, key);
  const db = store.knex;
  const at = NOW.toISOString();
  const actor = { id: 1, name: '基准测试', role: 'admin' as const };
  await seedSchool(db, actor, { students: STUDENTS, seed: 13, stages: ['junior'] }, NOW);
  // Exactly KEY_STUDENTS on the list: the first ones with a category get a confirmed case, every other case is closed.
  const pop = (await db('students as s')
    .whereExists(db('student_categories as c').whereRaw('c.student_id = s.id'))
    .orderBy('s.id')
    .pluck('s.id')) as number[];
  const keys = new Set(pop.slice(0, KEY_STUDENTS));
  await db('cases').update({ state: 'exited', exited_at: at });
  const listed = new Set((await db('cases').pluck('student_id')) as number[]);
  for (const id of keys) {
    if (listed.has(id))
      await db('cases')
        .where({ student_id: id })
        .update({ state: 'confirmed', exited_at: null, confirmed_at: at, responsible_account_id: 1 });
  }
  const missing = [...keys].filter((id) => !listed.has(id));
  for (let i = 0; i < missing.length; i += 400)
    await db('cases').insert(
      missing.slice(i, i + 400).map((id) => ({
        student_id: id,
        state: 'confirmed',
        source: 'application',
        applicant_type: 'teacher',
        applicant_name: '班主任',
        care_requested: '["tutoring"]',
        facts: '',
        reasons: '',
        applied_at: at,
        applied_by: 1,
        care_content: '学业辅导',
        responsible_account_id: 1,
        confirmed_at: at,
        confirmed_by: 1,
      })),
    );
  const { headTeacherOfClass, principal } = await benchStaff(db, at);
  await seedCareHistory(db, actor, {
    seed: 13,
    from: addDays(TODAY, -YEARS * 365),
    to: addDays(TODAY, -1),
    staff: { headTeacherOfClass, principal },
  });
  await seedIndicators(db, actor, { seed: 13, today: TODAY });
  return { store, pop };
}
