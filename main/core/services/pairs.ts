/**
 * One-on-one peer pairs (A3, “一对一”结对帮扶): a pool of willing classmates, ranked suggestions with the reasons
 * shown, and pairs that are created, paused and ended with an activity log.
 *
 * The ranking rule (shown on screen as PAIR_RULE): same class first, then same grade; then the more of the
 * student's weak subjects the volunteer is strong in, the better; ties go to the volunteer with fewer current
 * partners, then by name. Volunteers without guardian consent, inactive, or already at capacity are never
 * suggested, and a student has one partner at a time.
 */
import { inClassThenNameOrder } from '../../../shared/domain/ordering';
import { AppError } from '../../../shared/errors';
import type { PairState } from '../../../shared/domain/care';
import { PAIR_STATE_LABELS } from '../../../shared/domain/care';
import { ON_LIST_STATES } from '../../../shared/domain/enums';
import { appendAudit } from './audit';
import type { pairsContract } from '../../../shared/contract/pairs';
import { actor, type Handlers, OK, type ServiceContext } from './context';
import { assertStudentVisible, scopeStudents } from './scope';
import { addEvent } from './timeline';

export const PAIR_RULE =
  '排序规则：同班优先，其次同年级；擅长学科与受助学生薄弱学科相符越多越靠前；条件相同时当前结对人数少者优先。未获监护人同意、已停用或名额已满的同学不推荐；每名学生同一时间只有一位结对伙伴。';
/** Pairs that hold a place: a paused pair still counts against capacity and against "one partner at a time". */
const HOLDING: PairState[] = ['active', 'paused'];

interface VolunteerRow {
  id: number;
  student_id: number;
  name: string;
  class_name: string;
  grade: string;
  strengths: string;
  capacity: number;
  guardian_consent: number;
  consent_note: string;
  active: number;
  load: number;
}

function volunteerQuery(ctx: ServiceContext) {
  return ctx
    .db('peer_volunteers as v')
    .join('students as s', 's.id', 'v.student_id')
    .select(
      'v.*',
      's.name',
      's.class_name',
      's.grade',
      ctx.db('peer_pairs as p').count('*').whereRaw('p.volunteer_id = v.id').whereIn('p.state', HOLDING).as('load'),
    );
}
const toVolunteer = (v: VolunteerRow) => ({
  id: v.id,
  studentId: v.student_id,
  name: v.name,
  className: v.class_name,
  grade: v.grade,
  strengths: JSON.parse(v.strengths) as string[],
  capacity: v.capacity,
  load: Number(v.load),
  consent: !!v.guardian_consent,
  consentNote: v.consent_note,
  active: !!v.active,
});

export async function listVolunteers(ctx: ServiceContext) {
  const rows = inClassThenNameOrder((await scopeStudents(ctx, volunteerQuery(ctx))) as VolunteerRow[]);
  return rows.map(toVolunteer);
}

export async function saveVolunteer(
  ctx: ServiceContext,
  v: { studentId: number; strengths: string[]; capacity: number; consent: boolean; consentNote: string; active: boolean },
): Promise<{ id: number }> {
  await assertStudentVisible(ctx, v.studentId);
  const onList = await ctx.db('cases').where({ student_id: v.studentId }).whereIn('state', ON_LIST_STATES).first('id');
  if (onList && v.active)
    throw new AppError('VALIDATION', '该生本人在重点关爱名单上，不宜作为结对帮扶志愿者', [{ path: 'studentId', message: '重点关爱学生' }]);
  let id = 0;
  await ctx.db.transaction(async (trx) => {
    await trx('peer_volunteers')
      .insert({
        student_id: v.studentId,
        strengths: JSON.stringify(v.strengths),
        capacity: v.capacity,
        guardian_consent: v.consent ? 1 : 0,
        consent_note: v.consentNote,
        active: v.active ? 1 : 0,
        updated_at: ctx.now.toISOString(),
      })
      .onConflict('student_id')
      .merge();
    id = Number(((await trx('peer_volunteers').where({ student_id: v.studentId }).first('id')) as { id: number }).id);
    await appendAudit(
      trx,
      actor(ctx),
      'pairs.volunteer',
      { type: 'student', id: v.studentId },
      { capacity: v.capacity, consent: v.consent },
      ctx.now,
    );
  });
  return { id };
}

export interface Suggestion {
  volunteerId: number;
  studentId: number;
  name: string;
  className: string;
  score: number;
  load: number;
  capacity: number;
  strengths: string[];
  matched: string[];
  reasons: string[];
}

export async function suggestPartners(ctx: ServiceContext, studentId: number, weakSubjects?: string[]) {
  const student = await assertStudentVisible(ctx, studentId);
  let weak = weakSubjects ?? [];
  if (!weakSubjects?.length) {
    const plan = (await ctx.db('tutoring_plans').where({ student_id: studentId }).orderBy('id', 'desc').first('subjects')) as
      | { subjects: string }
      | undefined;
    weak = plan ? (JSON.parse(plan.subjects) as string[]) : [];
  }
  const current = await ctx.db('peer_pairs').where({ student_id: studentId }).whereIn('state', HOLDING).first('id');
  // The pool is not scoped to the head teacher's classes: a partner from the same grade is a legitimate suggestion.
  const pool = (
    (await volunteerQuery(ctx).where('v.active', 1).where('v.guardian_consent', 1).whereNot('v.student_id', studentId)) as VolunteerRow[]
  ).map(toVolunteer);
  const ranked: Suggestion[] = pool
    .filter((v) => v.load < v.capacity)
    .map((v) => {
      const sameClass = v.className === student.class_name;
      const sameGrade = v.grade === student.grade;
      const matched = weak.filter((w) => v.strengths.includes(w)).slice(0, 4);
      const reasons = [sameClass ? '同班' : sameGrade ? '同年级' : '不同年级'];
      reasons.push(
        matched.length ? `擅长${matched.join('、')}（与薄弱学科相符）` : weak.length ? '擅长学科与薄弱学科不符' : '未登记薄弱学科',
      );
      reasons.push(`当前结对 ${v.load}/${v.capacity} 人`);
      return {
        volunteerId: v.id,
        studentId: v.studentId,
        name: v.name,
        className: v.className,
        score: (sameClass ? 100 : sameGrade ? 50 : 0) + 10 * matched.length,
        load: v.load,
        capacity: v.capacity,
        strengths: v.strengths,
        matched,
        reasons,
      };
    })
    .sort((a, b) => b.score - a.score || a.load - b.load || a.name.localeCompare(b.name, 'zh-CN') || a.volunteerId - b.volunteerId);
  await appendAudit(ctx.db, actor(ctx), 'pairs.suggest', { type: 'student', id: studentId }, { candidates: ranked.length }, ctx.now);
  return { rule: PAIR_RULE, weakSubjects: weak, hasPartner: !!current, suggestions: ranked };
}

export async function createPair(
  ctx: ServiceContext,
  p: { volunteerId: number; studentId: number; subjects: string[] },
): Promise<{ id: number }> {
  const student = await assertStudentVisible(ctx, p.studentId);
  let id = 0;
  await ctx.db.transaction(async (trx) => {
    // Checked inside the transaction so two officers pairing at once cannot exceed a capacity.
    const v = (await trx('peer_volunteers as v')
      .join('students as s', 's.id', 'v.student_id')
      .where('v.id', p.volunteerId)
      .first('v.*', 's.name')) as (VolunteerRow & { name: string }) | undefined;
    if (!v) throw new AppError('NOT_FOUND', '志愿者不存在');
    if (!v.active || !v.guardian_consent)
      throw new AppError('VALIDATION', `${v.name} 未获监护人同意或已停用，不能结对`, [{ path: 'volunteerId', message: '不可结对' }]);
    if (v.student_id === p.studentId) throw new AppError('VALIDATION', '不能与本人结对', [{ path: 'volunteerId', message: '同一学生' }]);
    const [{ n }] = (await trx('peer_pairs').where({ volunteer_id: p.volunteerId }).whereIn('state', HOLDING).count({ n: '*' })) as Array<{
      n: number;
    }>;
    if (Number(n) >= v.capacity)
      throw new AppError('CONFLICT', `${v.name} 的结对名额已满（${v.capacity} 人）`, [{ path: 'volunteerId', message: '名额已满' }]);
    const existing = await trx('peer_pairs').where({ student_id: p.studentId }).whereIn('state', HOLDING).first('id');
    if (existing)
      throw new AppError('CONFLICT', `${student.name} 已有结对伙伴，请先结束现有结对`, [{ path: 'studentId', message: '已有结对' }]);
    const at = ctx.now.toISOString();
    const [newId] = await trx('peer_pairs').insert({
      volunteer_id: p.volunteerId,
      student_id: p.studentId,
      subjects: JSON.stringify(p.subjects),
      state: 'active',
      started_at: at,
      created_by: ctx.user.id,
    });
    id = Number(newId);
    await addEvent(trx, {
      studentId: p.studentId,
      at,
      kind: 'care',
      actorId: ctx.user.id,
      title: '建立“一对一”结对帮扶',
      detail: `结对同学：${v.name}；${p.subjects.join('、')}`,
    });
    await appendAudit(
      trx,
      actor(ctx),
      'pairs.create',
      { type: 'pair', id },
      { studentId: p.studentId, volunteerId: p.volunteerId },
      ctx.now,
    );
  });
  return { id };
}

async function loadPair(ctx: ServiceContext, pairId: number) {
  const pair = (await ctx.db('peer_pairs').where({ id: pairId }).first()) as
    | { id: number; student_id: number; volunteer_id: number; state: PairState }
    | undefined;
  if (!pair) throw new AppError('NOT_FOUND', '结对不存在');
  await assertStudentVisible(ctx, pair.student_id);
  return pair;
}

export async function setPairState(ctx: ServiceContext, pairId: number, state: PairState): Promise<void> {
  const pair = await loadPair(ctx, pairId);
  if (pair.state === 'ended') throw new AppError('STATE', '结对已结束，不能再更改；如需继续请新建结对');
  if (state === 'active' && pair.state === 'paused') {
    const v = (await ctx.db('peer_volunteers').where({ id: pair.volunteer_id }).first('active', 'guardian_consent')) as {
      active: number;
      guardian_consent: number;
    };
    if (!v.active || !v.guardian_consent) throw new AppError('VALIDATION', '该志愿者已停用或监护人不再同意，不能恢复结对');
  }
  const at = ctx.now.toISOString();
  await ctx.db.transaction(async (trx) => {
    await trx('peer_pairs')
      .where({ id: pairId })
      .update({ state, ended_at: state === 'ended' ? at : null });
    await addEvent(trx, {
      studentId: pair.student_id,
      at,
      kind: 'care',
      actorId: ctx.user.id,
      title: `结对帮扶：${PAIR_STATE_LABELS[state]}`,
    });
    await appendAudit(trx, actor(ctx), 'pairs.state', { type: 'pair', id: pairId }, { state }, ctx.now);
  });
}

export async function addPairActivity(
  ctx: ServiceContext,
  a: { pairId: number; date: string; content: string; minutes: number },
): Promise<void> {
  const pair = await loadPair(ctx, a.pairId);
  if (pair.state !== 'active') throw new AppError('STATE', `结对当前为“${PAIR_STATE_LABELS[pair.state]}”，不能记录活动`);
  await ctx.db.transaction(async (trx) => {
    await trx('pair_activities').insert({
      pair_id: a.pairId,
      date: a.date,
      content: a.content,
      minutes: a.minutes,
      recorded_by: ctx.user.id,
    });
    await appendAudit(trx, actor(ctx), 'pairs.activity', { type: 'pair', id: a.pairId }, {}, ctx.now);
  });
}

export async function listPairs(ctx: ServiceContext) {
  const q = ctx
    .db('peer_pairs as p')
    .join('students as s', 's.id', 'p.student_id')
    .join('peer_volunteers as v', 'v.id', 'p.volunteer_id')
    .join('students as vs', 'vs.id', 'v.student_id')
    .select(
      'p.id',
      'p.state',
      'p.subjects',
      'p.started_at',
      'p.ended_at',
      's.id as student_id',
      's.name as student_name',
      's.class_name',
      'vs.name as volunteer_name',
      'vs.class_name as volunteer_class',
    )
    .orderBy([{ column: 'p.state' }, { column: 'p.id', order: 'desc' }]);
  const rows = (await scopeStudents(ctx, q)) as Array<{
    id: number;
    state: PairState;
    subjects: string;
    started_at: string;
    ended_at: string | null;
    student_id: number;
    student_name: string;
    class_name: string;
    volunteer_name: string;
    volunteer_class: string;
  }>;
  const acts = rows.length
    ? ((await ctx
        .db('pair_activities')
        .whereIn(
          'pair_id',
          rows.map((r) => r.id),
        )
        .orderBy('date', 'desc')) as Array<{ id: number; pair_id: number; date: string; content: string; minutes: number }>)
    : [];
  return rows.map((r) => ({
    id: r.id,
    state: r.state,
    subjects: JSON.parse(r.subjects) as string[],
    startedAt: r.started_at,
    endedAt: r.ended_at,
    studentId: r.student_id,
    studentName: r.student_name,
    className: r.class_name,
    volunteerName: r.volunteer_name,
    volunteerClass: r.volunteer_class,
    activities: acts.filter((a) => a.pair_id === r.id).map((a) => ({ id: a.id, date: a.date, content: a.content, minutes: a.minutes })),
  }));
}

export const pairsHandlers: Handlers<typeof pairsContract> = {
  'pairs.volunteers': listVolunteers,
  'pairs.saveVolunteer': saveVolunteer,
  'pairs.suggest': (ctx, i) => suggestPartners(ctx, i.studentId, i.weakSubjects),
  'pairs.create': createPair,
  'pairs.setState': async (ctx, i) => {
    await setPairState(ctx, i.pairId, i.state);
    return OK;
  },
  'pairs.addActivity': async (ctx, i) => {
    await addPairActivity(ctx, i);
    return OK;
  },
  'pairs.list': listPairs,
};
