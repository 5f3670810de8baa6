/**
 * Synthetic care history for demos, tests and the compliance benchmark: daily asks, weekly sees and monthly talks
 * with realistic gaps, tutoring plans, a volunteer pool and pairs, open dropout-ledger entries, concerns (some
 * overdue) and tutor assignments. Deterministic for a given seed. Runs after seedSchool.
 */
import type { Knex } from 'knex';
import { LEDGER_OF_REASON, SUBJECTS, type AbsenceReason, type LedgerStatus } from '../../../shared/domain/care';
import { addDays, mondayOf, monthRange, SchoolCalendar, semesterOf, type NonSchoolRange } from '../../../shared/domain/calendar';
import { rawConnectionOf } from '../store/db';
import { ON_LIST_STATES } from '../../../shared/domain/enums';
import { appendAudit, type Actor } from '../services/audit';
import { setSetting } from '../services/settings';
import { prng } from './seed';

export interface CareSeedOptions {
  seed: number;
  /** First and last day of the history (YYYY-MM-DD). */
  from: string;
  to: string;
  /** Share of daily asks missed (0.03 = 3 %); sees and talks are missed a little more often. */
  missRate?: number;
  /** Staff who record: head teacher per class, principal, counsellor, tutors (account ids); admin otherwise. */
  staff?: { headTeacherOfClass?: Record<string, number>; principal?: number; counsellor?: number; tutors?: number[] };
}

/** Winter and summer breaks for each school year the history touches, so daily asks skip them. */
export function typicalBreaks(from: string, to: string): NonSchoolRange[] {
  const out: NonSchoolRange[] = [];
  for (let y = Number(from.slice(0, 4)) - 1; y <= Number(to.slice(0, 4)); y++) {
    out.push({ from: `${y}-01-20`, to: `${y}-02-20`, label: `${y}年寒假` }, { from: `${y}-07-10`, to: `${y}-08-31`, label: `${y}年暑假` });
  }
  return out;
}

export async function seedCareHistory(db: Knex, actor: Actor, o: CareSeedOptions): Promise<Record<string, number>> {
  const rand = prng(o.seed ^ 0x5eed);
  const miss = o.missRate ?? 0.03;
  const me = actor.id ?? 1;
  const breaks = typicalBreaks(o.from, o.to);
  const calendar = new SchoolCalendar(breaks);
  const counts: Record<string, number> = {
    dailyAsk: 0,
    weeklySee: 0,
    monthlyTalk: 0,
    plans: 0,
    sessions: 0,
    volunteers: 0,
    pairs: 0,
    ledger: 0,
    concerns: 0,
    assignments: 0,
  };
  await db.transaction(async (trx) => {
    await setSetting(trx, 'care.nonSchoolDays', breaks);
    // Key students were confirmed at the start of the history.
    await trx('cases')
      .whereIn('state', ON_LIST_STATES)
      .update({ confirmed_at: `${o.from}T08:00:00.000Z` });
    const keys = (await trx('cases as c')
      .join('students as s', 's.id', 'c.student_id')
      .whereIn('c.state', ON_LIST_STATES)
      .select('s.id', 's.class_name')) as Array<{ id: number; class_name: string }>;
    const conn = await rawConnectionOf(trx);
    const insert = conn.prepare(
      'INSERT OR IGNORE INTO contacts (student_id, kind, date, account_id, unusual, note) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const ht = (cls: string) => o.staff?.headTeacherOfClass?.[cls] ?? me;
    const days = calendar.schoolDays(o.from, o.to);
    for (const d of days) {
      for (const k of keys) {
        if (rand() < miss) continue;
        const unusual = rand() < 0.01;
        insert.run(k.id, 'dailyAsk', d, ht(k.class_name), unusual ? 1 : 0, unusual ? '（演示）情绪低落，已与家长沟通' : '');
        counts.dailyAsk++;
      }
    }
    const weeks = [...new Set(days.map(mondayOf))];
    for (const w of weeks) {
      const inWeek = days.filter((d) => d >= w && d <= addDays(w, 6));
      for (const k of keys) {
        if (rand() < miss * 2) continue;
        insert.run(k.id, 'weeklySee', inWeek[Math.floor(rand() * inWeek.length)], o.staff?.principal ?? me, 0, '');
        counts.weeklySee++;
      }
    }
    const months = [...new Set(days.map((d) => d.slice(0, 7)))];
    for (const m of months) {
      const { from, to } = monthRange(m);
      const inMonth = days.filter((d) => d >= from && d <= to);
      for (const k of keys) {
        if (rand() < miss * 3) continue;
        insert.run(
          k.id,
          'monthlyTalk',
          inMonth[Math.floor(rand() * inMonth.length)],
          o.staff?.counsellor ?? ht(k.class_name),
          0,
          '（演示）谈学习与生活，情绪平稳',
        );
        counts.monthlyTalk++;
      }
    }

    const semester = semesterOf(o.to);
    const tutors = o.staff?.tutors?.length ? o.staff.tutors : [me];
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    for (const [i, k] of keys.entries()) {
      const tutor = pick(tutors);
      if (o.staff?.tutors?.length) {
        await trx('tutor_assignments')
          .insert({ semester, student_id: k.id, tutor_account_id: tutor, assigned_at: `${o.from}T08:00:00.000Z` })
          .onConflict(['semester', 'student_id'])
          .ignore();
        counts.assignments++;
      }
      if (rand() < 0.25) {
        const subjects = [pick(SUBJECTS.slice(0, 3)), pick(SUBJECTS.slice(3, 6))];
        const [planId] = await trx('tutoring_plans').insert({
          student_id: k.id,
          semester,
          subjects: JSON.stringify([...new Set(subjects)]),
          tutor_account_id: tutor,
          schedule: '每周二、四下午第三节',
          goals: '（演示）补齐基础，期末及格',
          outcome: rand() < 0.3 ? '（演示）成绩提高一个等级' : '',
          recorded_by: me,
          created_at: `${o.from}T08:00:00.000Z`,
        });
        counts.plans++;
        for (let i = 0; i < 6; i++) {
          await trx('tutoring_sessions').insert({
            plan_id: Number(planId),
            date: pick(days.slice(-60)),
            minutes: 45,
            attended: rand() < 0.9 ? 1 : 0,
            notes: '',
            recorded_by: tutor,
          });
          counts.sessions++;
        }
      }
      if (rand() < 0.02 || i % 40 === 7) {
        const reason: AbsenceReason = rand() < 0.6 ? 'suspectedDropout' : 'sickLeave';
        const status: LedgerStatus = reason === 'suspectedDropout' ? 'persuading' : 'onLeave';
        const [entryId] = await trx('dropout_entries').insert({
          student_id: k.id,
          semester,
          ledger: LEDGER_OF_REASON[reason],
          reason,
          status,
          note: '（演示）',
          opened_at: `${days.at(-30) ?? o.to}T08:00:00.000Z`,
          opened_by: me,
        });
        await trx('dropout_followups').insert({
          entry_id: Number(entryId),
          date: days.at(-20) ?? o.to,
          kind: reason === 'suspectedDropout' ? 'persuasion' : 'followUp',
          note: reason === 'suspectedDropout' ? '（演示）家访劝返' : '（演示）电话了解病情',
          status_after: status,
          recorded_by: me,
        });
        counts.ledger++;
      }
    }

    // Volunteers: willing classmates who are not themselves on the list.
    const keySet = new Set(keys.map((k) => k.id));
    const others = ((await trx('students').select('id').orderBy('id')) as Array<{ id: number }>).filter((s) => !keySet.has(s.id));
    const volunteers: number[] = [];
    for (const s of others) {
      if (rand() >= 0.05) continue;
      const [vid] = await trx('peer_volunteers').insert({
        student_id: s.id,
        strengths: JSON.stringify([...new Set([pick(SUBJECTS.slice(0, 3)), pick(SUBJECTS.slice(0, 6))])]),
        capacity: 1 + Math.floor(rand() * 2),
        guardian_consent: rand() < 0.9 ? 1 : 0,
        consent_note: '（演示）已签回执',
        active: 1,
        updated_at: `${o.from}T08:00:00.000Z`,
      });
      volunteers.push(Number(vid));
      counts.volunteers++;
    }
    for (const [i, vid] of volunteers.entries()) {
      const k = keys[i * 3];
      if (!k) break;
      const v = (await trx('peer_volunteers').where({ id: vid }).first('guardian_consent')) as { guardian_consent: number };
      if (!v.guardian_consent) continue;
      await trx('peer_pairs').insert({
        volunteer_id: vid,
        student_id: k.id,
        subjects: JSON.stringify(['数学']),
        state: 'active',
        started_at: `${o.from}T08:00:00.000Z`,
        created_by: me,
      });
      counts.pairs++;
    }

    for (let i = 0; i < Math.min(8, keys.length); i++) {
      const received = days.at(-1 - i * 2) ?? o.to;
      await trx('concerns').insert({
        student_id: keys[i].id,
        source: i % 2 ? 'student' : 'guardian',
        kind: 'request',
        from_name: i % 2 ? '学生本人' : '家长',
        channel: '电话',
        content: '（演示）希望学校协调住宿与餐补',
        received_at: received,
        due_date: new SchoolCalendar([]).addWorkingDays(received, 3),
        owner_account_id: me,
        response: i < 3 ? '（演示）已协调' : '',
        closed_at: i < 3 ? `${received}T10:00:00.000Z` : null,
        recorded_by: me,
      });
      counts.concerns++;
    }
    await appendAudit(trx, actor, 'seed.care', { type: 'store' }, counts, new Date());
  });
  return counts;
}
