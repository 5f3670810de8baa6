/**
 * Synthetic attendance and exam scores for demos and benchmarks, so early warning has something to read: the last
 * two months of attendance for every student in school and the latest mid-term exam (语文、数学、英语). Most students
 * are fine; a few are absent often, a few have runs of unexplained absence, some fail core subjects — never tied to
 * a category. Deterministic for a given seed. Runs after seedSchool.
 */
import type { Knex } from 'knex';
import { appendAudit, type Actor } from '../services/audit';
import { prng } from './seed';

const monthBefore = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/** The latest mid-term on or before `today`: the end of October in autumn, the end of April in spring. */
function latestMidterm(today: string): { exam: string; date: string } {
  const y = Number(today.slice(0, 4));
  const candidates = [`${y - 1}-10-30`, `${y}-04-25`, `${y}-10-30`].filter((d) => d <= today);
  const date = candidates[candidates.length - 1];
  return { exam: `${date.slice(0, 4)}年${date.slice(5, 7) === '10' ? '秋季' : '春季'}期中考试`, date };
}

export async function seedIndicators(db: Knex, actor: Actor, o: { seed: number; today: string }): Promise<Record<string, number>> {
  const rand = prng(o.seed ^ 0x61a7);
  const ids = (await db('students').where({ status: 'active' }).orderBy('id').pluck('id')) as number[];
  const at = `${o.today}T08:00:00.000Z`;
  const me = actor.id ?? 1;
  // The last full month and the one before (attendance is reported after a month ends).
  const last = monthBefore(o.today.slice(0, 7));
  const months = [monthBefore(last), last];
  const { exam, date } = latestMidterm(o.today);
  const attendance: Array<Record<string, unknown>> = [];
  const scores: Array<Record<string, unknown>> = [];
  for (const id of ids) {
    const trouble = rand();
    for (const month of months) {
      const schoolDays = 20 + Math.floor(rand() * 3);
      let absent = Math.floor(rand() * 2);
      let unexplained = 0;
      let longest = 0;
      if (trouble < 0.04) absent = 3 + Math.floor(rand() * 5);
      if (trouble < 0.012) {
        unexplained = Math.min(absent, 2 + Math.floor(rand() * 4));
        longest = Math.min(unexplained, 2 + Math.floor(rand() * 3));
      }
      attendance.push({
        student_id: id,
        month,
        school_days: schoolDays,
        absent_days: absent,
        unexplained_days: unexplained,
        longest_unexplained: longest,
        recorded_at: at,
        recorded_by: me,
      });
    }
    const weak = rand() < 0.08;
    for (const subject of ['语文', '数学', '英语']) {
      const base = weak ? 45 + rand() * 25 : 62 + rand() * 36;
      scores.push({
        student_id: id,
        exam,
        exam_date: date,
        subject,
        score: Math.round(base),
        pass_line: 60,
        recorded_at: at,
        recorded_by: me,
      });
    }
  }
  await db.transaction(async (trx) => {
    await trx.batchInsert('attendance_months', attendance, 500);
    await trx.batchInsert('exam_scores', scores, 500);
    await appendAudit(
      trx,
      actor,
      'seed.indicators',
      { type: 'store' },
      { attendance: attendance.length, scores: scores.length },
      new Date(),
    );
  });
  return { attendance: attendance.length, scores: scores.length };
}
