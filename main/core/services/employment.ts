/**
 * Employment guidance (E8): the graduate database (key-care students in the final grade of their stage), job
 * postings, ranked recommendations with their reasons, the student's response and result, and employment help.
 * A graduate with fewer than three recommendations is flagged until they have them.
 */
import { inClassThenNameOrder } from '../../../shared/domain/ordering';
import { AppError } from '../../../shared/errors';
import {
  HELP_KIND_LABELS,
  MIN_RECOMMENDATIONS,
  notForWork,
  OUTCOME_LABELS,
  REC_RESPONSE_LABELS,
  REC_RESULT_LABELS,
  type HelpKind,
  type Outcome,
  type RecResponse,
  type RecResult,
} from '../../../shared/domain/employment';
import type { Stage } from '../../../shared/domain/enums';
import type { In } from '../../../shared/contract/index';
import { formatDateZh, todayIso } from '../../../shared/domain/dates';
import { writeInternalXlsx } from '../io/xlsxExport';
import { appendAudit } from './audit';
import type { employmentContract } from '../../../shared/contract/employment';
import { actor, asFile, type Handlers, OK, type ServiceContext } from './context';
import { rankPostings, RANKING_RULE, type GraduateProfile, type PostingForRanking } from './jobRanking';
import { assertStudentVisible, inPopulation, onListNow, scopeStudents } from './scope';
import { addEvent } from './timeline';
import { schoolFinalGrades } from './schoolYear';

const json = <T>(s: string): T => JSON.parse(s) as T;

/** Final-grade key students, plus anyone already entered in the graduate database. */
function graduateQuery(ctx: ServiceContext, finalGrades: Partial<Record<Stage, string[]>>) {
  const finals = Object.entries(finalGrades) as Array<[Stage, readonly string[]]>;
  const q = ctx
    .db('students as s')
    .leftJoin('graduates as g', 'g.student_id', 's.id')
    .leftJoin('accounts as h', 'h.id', 'g.helper_account_id')
    .where((w) => {
      w.whereNotNull('g.student_id').orWhere((o) =>
        o.where(inPopulation(ctx.db, { withGraduates: true })).where((f) => {
          for (const [stage, grades] of finals) f.orWhere((x) => x.where('s.stage', stage).whereIn('s.grade', grades));
        }),
      );
    })
    .select(
      's.id',
      's.name',
      's.class_name',
      's.stage',
      's.grade',
      's.birth_date',
      ctx.db.raw('exists ? as on_list', [onListNow(ctx.db).select(ctx.db.raw('1'))]),
      'g.intended_field',
      'g.skills',
      'g.certificates',
      'g.location_pref',
      'g.constraints',
      'g.outcome',
      'g.outcome_date',
      'g.helper_account_id',
      'h.display_name as helper_name',
      ctx.db('job_recommendations as r').count('*').whereRaw('r.student_id = s.id').as('recs'),
    );
  return scopeStudents(ctx, q);
}
type GradRow = {
  id: number;
  name: string;
  class_name: string;
  stage: Stage;
  grade: string;
  birth_date: string;
  on_list: number;
  intended_field: string | null;
  skills: string | null;
  certificates: string | null;
  location_pref: string | null;
  constraints: string | null;
  outcome: Outcome | null;
  outcome_date: string | null;
  helper_account_id: number | null;
  helper_name: string | null;
  recs: number;
};

const toGraduate = (r: GradRow, today: string) => {
  const guidance = notForWork(r.stage, r.birth_date, today);
  return {
    studentId: r.id,
    name: r.name,
    className: r.class_name,
    stage: r.stage,
    grade: r.grade,
    intendedField: r.intended_field ?? '',
    skills: json<string[]>(r.skills ?? '[]'),
    certificates: json<string[]>(r.certificates ?? '[]'),
    locationPref: r.location_pref ?? '',
    constraints: r.constraints ?? '',
    outcome: r.outcome ?? 'looking',
    outcomeDate: r.outcome_date,
    helperAccountId: r.helper_account_id,
    helperName: r.helper_name ?? '',
    recommendations: Number(r.recs),
    // The ≥ 3 postings duty (E8) applies to graduates who may be offered work; the others get study guidance.
    flagged: guidance === null && Number(r.recs) < MIN_RECOMMENDATIONS && (r.outcome ?? 'looking') === 'looking',
    profiled: r.intended_field !== null,
    notForWork: guidance,
    onKeyCareList: !!r.on_list,
  };
};

export async function listGraduates(ctx: ServiceContext) {
  const rows = inClassThenNameOrder((await graduateQuery(ctx, await schoolFinalGrades(ctx.db))) as GradRow[]).map((r) =>
    toGraduate(r, todayIso(ctx.now)),
  );
  await appendAudit(ctx.db, actor(ctx), 'graduates.view', { type: 'graduates' }, { count: rows.length }, ctx.now);
  return rows;
}

async function loadGraduate(ctx: ServiceContext, studentId: number) {
  await assertStudentVisible(ctx, studentId);
  const row = (await graduateQuery(ctx, await schoolFinalGrades(ctx.db))
    .where('s.id', studentId)
    .first()) as GradRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', '该学生不在毕业生数据库中（应为毕业年级的困境学生）');
  return toGraduate(row, todayIso(ctx.now));
}

export async function graduateDetail(ctx: ServiceContext, studentId: number) {
  const g = await loadGraduate(ctx, studentId);
  const recs = (await ctx
    .db('job_recommendations as r')
    .join('job_postings as p', 'p.id', 'r.posting_id')
    .where('r.student_id', studentId)
    .orderBy('r.id')
    .select(
      'r.id',
      'r.score',
      'r.reasons',
      'r.response',
      'r.result',
      'r.recommended_at',
      'p.id as posting_id',
      'p.employer',
      'p.title',
      'p.location',
      'p.deadline',
    )) as Array<{
    id: number;
    score: number;
    reasons: string;
    response: RecResponse;
    result: RecResult;
    recommended_at: string;
    posting_id: number;
    employer: string;
    title: string;
    location: string;
    deadline: string;
  }>;
  const help = (await ctx
    .db('employment_help as e')
    .join('accounts as a', 'a.id', 'e.recorded_by')
    .where('e.student_id', studentId)
    .orderBy('e.date', 'desc')
    .select('e.id', 'e.kind', 'e.date', 'e.title', 'e.detail', 'a.display_name as by')) as Array<{
    id: number;
    kind: HelpKind;
    date: string;
    title: string;
    detail: string;
    by: string;
  }>;
  await appendAudit(ctx.db, actor(ctx), 'graduate.view', { type: 'student', id: studentId }, {}, ctx.now);
  return {
    graduate: g,
    recommendations: recs.map((r) => ({
      id: r.id,
      postingId: r.posting_id,
      employer: r.employer,
      title: r.title,
      location: r.location,
      deadline: r.deadline,
      score: r.score,
      reasons: json<string[]>(r.reasons),
      response: r.response,
      result: r.result,
      recommendedAt: r.recommended_at,
    })),
    help: help.map((h) => ({ id: h.id, kind: h.kind, date: h.date, title: h.title, detail: h.detail, by: h.by })),
  };
}

type GraduateInput = In<'employment.saveGraduate'>;

export async function saveGraduate(ctx: ServiceContext, g: GraduateInput): Promise<void> {
  await loadGraduate(ctx, g.studentId);
  if (g.outcome !== 'looking' && !g.outcomeDate)
    throw new AppError('VALIDATION', '已就业或升学请填写日期', [{ path: 'outcomeDate', message: '请填写日期' }]);
  if (g.helperAccountId && !(await ctx.db('accounts').where({ id: g.helperAccountId, disabled: 0 }).first('id')))
    throw new AppError('VALIDATION', '帮扶责任人不存在或已停用', [{ path: 'helperAccountId', message: '请选择在用的教职工' }]);
  const at = ctx.now.toISOString();
  const prev = (await ctx.db('graduates').where({ student_id: g.studentId }).first('outcome')) as { outcome: Outcome } | undefined;
  await ctx.db.transaction(async (trx) => {
    await trx('graduates')
      .insert({
        student_id: g.studentId,
        intended_field: g.intendedField,
        skills: JSON.stringify(g.skills),
        certificates: JSON.stringify(g.certificates),
        location_pref: g.locationPref,
        constraints: g.constraints,
        outcome: g.outcome,
        outcome_date: g.outcome === 'looking' ? null : g.outcomeDate,
        helper_account_id: g.helperAccountId,
        updated_by: ctx.user.id,
        updated_at: at,
      })
      .onConflict('student_id')
      .merge();
    if ((prev?.outcome ?? 'looking') !== g.outcome)
      await addEvent(trx, {
        studentId: g.studentId,
        at,
        kind: 'care',
        actorId: ctx.user.id,
        title: `毕业去向：${OUTCOME_LABELS[g.outcome]}`,
      });
    await appendAudit(trx, actor(ctx), 'graduate.save', { type: 'student', id: g.studentId }, { outcome: g.outcome }, ctx.now);
  });
}

type PostingRow = {
  id: number;
  employer: string;
  title: string;
  location: string;
  field: string;
  requirements: string;
  required_certificates: string;
  salary_min: number | null;
  salary_max: number | null;
  deadline: string;
  contact: string;
  source: string;
  created_at: string;
};
const toPosting = (p: PostingRow, today: string) => ({
  id: p.id,
  employer: p.employer,
  title: p.title,
  location: p.location,
  field: p.field,
  requirements: p.requirements,
  requiredCertificates: json<string[]>(p.required_certificates),
  salaryMin: p.salary_min,
  salaryMax: p.salary_max,
  deadline: p.deadline,
  contact: p.contact,
  source: p.source,
  expired: p.deadline < today,
});
export type Posting = ReturnType<typeof toPosting>;

export async function listPostings(ctx: ServiceContext, includeExpired: boolean) {
  const today = todayIso(ctx.now);
  const q = ctx.db('job_postings').orderBy([{ column: 'deadline' }, { column: 'id' }]);
  if (!includeExpired) q.where('deadline', '>=', today);
  return ((await q) as PostingRow[]).map((p) => toPosting(p, today));
}

type PostingInput = In<'employment.addPosting'>;

export function checkPosting(p: PostingInput, today: string): Array<{ path: string; message: string }> {
  const issues: Array<{ path: string; message: string }> = [];
  if (p.salaryMin !== null && p.salaryMax !== null && p.salaryMin > p.salaryMax)
    issues.push({ path: 'salaryMax', message: '薪资上限低于下限' });
  if (p.deadline < today) issues.push({ path: 'deadline', message: '截止日期已过' });
  return issues;
}

export async function addPosting(ctx: ServiceContext, p: PostingInput): Promise<{ id: number }> {
  const issues = checkPosting(p, todayIso(ctx.now));
  if (issues.length) throw new AppError('VALIDATION', issues.map((i) => i.message).join('；'), issues);
  const dup = await ctx.db('job_postings').where({ employer: p.employer, title: p.title, deadline: p.deadline }).first('id');
  if (dup) throw new AppError('CONFLICT', '同一单位、同一岗位、同一截止日期的岗位已录入');
  let id = 0;
  await ctx.db.transaction(async (trx) => {
    const [newId] = await trx('job_postings').insert(postingRow(p, 'manual', ctx));
    id = Number(newId);
    await appendAudit(trx, actor(ctx), 'posting.add', { type: 'posting', id }, {}, ctx.now);
  });
  return { id };
}

export const postingRow = (p: PostingInput, source: 'manual' | 'import', ctx: ServiceContext) => ({
  employer: p.employer,
  title: p.title,
  location: p.location,
  field: p.field,
  requirements: p.requirements,
  required_certificates: JSON.stringify(p.requiredCertificates),
  salary_min: p.salaryMin,
  salary_max: p.salaryMax,
  deadline: p.deadline,
  contact: p.contact,
  source,
  created_by: ctx.user.id,
  created_at: ctx.now.toISOString(),
});

export const profileOf = (g: {
  intendedField: string;
  locationPref: string;
  certificates: string[];
  skills: string[];
}): GraduateProfile => ({ intendedField: g.intendedField, locationPref: g.locationPref, certificates: g.certificates, skills: g.skills });
export const forRanking = (p: PostingRow): PostingForRanking => ({
  id: p.id,
  field: p.field,
  location: p.location,
  requirements: p.requirements,
  requiredCertificates: json<string[]>(p.required_certificates),
  deadline: p.deadline,
});

/** Open postings ranked for one graduate, leaving out those already recommended to them. */
export async function suggestJobs(ctx: ServiceContext, studentId: number, limit = 50) {
  const g = await loadGraduate(ctx, studentId);
  if (g.notForWork) return { rule: RANKING_RULE, recommended: 0, needed: 0, suggestions: [], notForWork: g.notForWork };
  const today = todayIso(ctx.now);
  const done = new Set((await ctx.db('job_recommendations').where({ student_id: studentId }).pluck('posting_id')) as number[]);
  const rows = ((await ctx.db('job_postings').where('deadline', '>=', today)) as PostingRow[]).filter((p) => !done.has(p.id));
  const byId = new Map(rows.map((p) => [p.id, p]));
  const ranked = rankPostings(profileOf(g), rows.map(forRanking), today, limit).slice(0, limit);
  await appendAudit(ctx.db, actor(ctx), 'employment.suggest', { type: 'student', id: studentId }, { candidates: ranked.length }, ctx.now);
  return {
    rule: RANKING_RULE,
    recommended: done.size,
    needed: Math.max(0, MIN_RECOMMENDATIONS - done.size),
    suggestions: ranked.map((r) => ({ ...toPosting(byId.get(r.postingId)!, today), score: r.score, reasons: r.reasons })),
    notForWork: null,
  };
}

export async function recommendJobs(
  ctx: ServiceContext,
  studentId: number,
  postingIds: number[],
): Promise<{ recommended: number; total: number }> {
  const g = await loadGraduate(ctx, studentId);
  if (g.notForWork) throw new AppError('STATE', g.notForWork);
  const today = todayIso(ctx.now);
  const rows = (await ctx.db('job_postings').whereIn('id', postingIds)) as PostingRow[];
  if (rows.length !== new Set(postingIds).size) throw new AppError('NOT_FOUND', '岗位不存在');
  const expired = rows.find((p) => p.deadline < today);
  if (expired)
    throw new AppError('VALIDATION', `岗位“${expired.title}”已过截止日期，不能推荐`, [
      { path: 'postingIds', message: '已过截止日期', ref: expired.id },
    ]);
  const at = ctx.now.toISOString();
  let added = 0;
  await ctx.db.transaction(async (trx) => {
    const done = new Set((await trx('job_recommendations').where({ student_id: studentId }).pluck('posting_id')) as number[]);
    for (const p of rows) {
      if (done.has(p.id)) continue;
      const ranked = rankPostings(profileOf(g), [forRanking(p)], today)[0];
      await trx('job_recommendations').insert({
        student_id: studentId,
        posting_id: p.id,
        score: ranked.score,
        reasons: JSON.stringify(ranked.reasons),
        recorded_by: ctx.user.id,
        recommended_at: at,
        updated_at: at,
      });
      added++;
    }
    if (added)
      await addEvent(trx, {
        studentId,
        at,
        kind: 'care',
        actorId: ctx.user.id,
        title: `推荐就业岗位 ${added} 个`,
        detail: rows.map((p) => `${p.employer}·${p.title}`).join('；'),
      });
    await appendAudit(trx, actor(ctx), 'employment.recommend', { type: 'student', id: studentId }, { postings: postingIds }, ctx.now);
  });
  const [{ n }] = (await ctx.db('job_recommendations').where({ student_id: studentId }).count({ n: '*' })) as Array<{ n: number }>;
  return { recommended: added, total: Number(n) };
}

export async function updateRecommendation(
  ctx: ServiceContext,
  u: { id: number; response: RecResponse; result: RecResult },
): Promise<void> {
  const r = (await ctx.db('job_recommendations').where({ id: u.id }).first('student_id', 'result')) as
    | { student_id: number; result: RecResult }
    | undefined;
  if (!r) throw new AppError('NOT_FOUND', '推荐记录不存在');
  await assertStudentVisible(ctx, r.student_id);
  const at = ctx.now.toISOString();
  await ctx.db.transaction(async (trx) => {
    await trx('job_recommendations').where({ id: u.id }).update({ response: u.response, result: u.result, updated_at: at });
    if (u.result === 'hired' && r.result !== 'hired') {
      // A hire is the outcome: the graduate database follows without a second entry.
      await trx('graduates')
        .insert({ student_id: r.student_id, outcome: 'employed', outcome_date: todayIso(ctx.now), updated_by: ctx.user.id, updated_at: at })
        .onConflict('student_id')
        .merge(['outcome', 'outcome_date', 'updated_by', 'updated_at']);
      await addEvent(trx, { studentId: r.student_id, at, kind: 'care', actorId: ctx.user.id, title: '毕业去向：已就业（经推荐岗位入职）' });
    }
    await appendAudit(
      trx,
      actor(ctx),
      'jobs.result',
      { type: 'recommendation', id: u.id },
      { response: u.response, result: u.result },
      ctx.now,
    );
  });
}

export async function addHelp(
  ctx: ServiceContext,
  h: { studentId: number; kind: HelpKind; date: string; title: string; detail: string },
): Promise<void> {
  await loadGraduate(ctx, h.studentId);
  const at = ctx.now.toISOString();
  await ctx.db.transaction(async (trx) => {
    await trx('employment_help').insert({
      student_id: h.studentId,
      kind: h.kind,
      date: h.date,
      title: h.title,
      detail: h.detail,
      recorded_by: ctx.user.id,
    });
    await addEvent(trx, {
      studentId: h.studentId,
      at,
      kind: 'care',
      actorId: ctx.user.id,
      title: `就业帮扶：${HELP_KIND_LABELS[h.kind]}`,
      detail: h.title,
    });
    await appendAudit(trx, actor(ctx), 'employment.help', { type: 'student', id: h.studentId }, { kind: h.kind }, ctx.now);
  });
}

/** The graduate list with recommendation counts and the postings recommended (titles neutralised by the writer). */
export async function exportGraduates(ctx: ServiceContext): Promise<{ fileName: string; xlsx: Buffer }> {
  const rows = inClassThenNameOrder((await graduateQuery(ctx, await schoolFinalGrades(ctx.db))) as GradRow[]).map((r) =>
    toGraduate(r, todayIso(ctx.now)),
  );
  const recs = rows.length
    ? ((await ctx
        .db('job_recommendations as r')
        .join('job_postings as p', 'p.id', 'r.posting_id')
        .whereIn(
          'r.student_id',
          rows.map((r) => r.studentId),
        )
        .select('r.student_id', 'r.response', 'r.result', 'p.employer', 'p.title')) as Array<{
        student_id: number;
        response: RecResponse;
        result: RecResult;
        employer: string;
        title: string;
      }>)
    : [];
  const xlsx = await writeInternalXlsx(
    {
      name: '毕业生数据库',
      title: '困境学生毕业生数据库（内部资料）',
      columns: [
        { header: '序号', width: 6 },
        { header: '姓名', width: 12 },
        { header: '班级', width: 16 },
        { header: '意向领域', width: 12 },
        { header: '地点意向', width: 12 },
        { header: '证书', width: 20 },
        { header: '去向', width: 14 },
        { header: '去向日期', width: 16, date: true },
        { header: '推荐岗位数', width: 10 },
        { header: '不足 3 个', width: 10 },
        { header: '已推荐岗位（单位·岗位：答复/结果）', width: 60 },
        { header: '帮扶责任人', width: 12 },
      ],
      rows: rows.map((g, i) => [
        i + 1,
        g.name,
        g.className,
        g.intendedField,
        g.locationPref,
        g.certificates.join('、'),
        OUTCOME_LABELS[g.outcome],
        formatDateZh(g.outcomeDate),
        g.recommendations,
        g.flagged ? '是' : '',
        recs
          .filter((r) => r.student_id === g.studentId)
          .map((r) => `${r.employer}·${r.title}：${REC_RESPONSE_LABELS[r.response]}/${REC_RESULT_LABELS[r.result]}`)
          .join('\n'),
        g.helperName,
      ]),
    },
    ctx.user.displayName,
    ctx.now,
  );
  await appendAudit(ctx.db, actor(ctx), 'export.graduates', { type: 'graduates' }, { count: rows.length }, ctx.now);
  return { fileName: `毕业生数据库-内部-${todayIso(ctx.now)}.xlsx`, xlsx };
}

/** The postings list as xlsx (titles and employers come from outside: formula text is neutralised by the writer). */
export async function exportPostings(ctx: ServiceContext): Promise<{ fileName: string; xlsx: Buffer }> {
  const rows = await listPostings(ctx, true);
  const recs = (await ctx.db('job_recommendations').groupBy('posting_id').select('posting_id').count({ n: '*' })) as Array<{
    posting_id: number;
    n: number;
  }>;
  const count = new Map(recs.map((r) => [r.posting_id, Number(r.n)]));
  const xlsx = await writeInternalXlsx(
    {
      name: '岗位信息',
      title: '就业岗位信息（内部资料）',
      columns: [
        { header: '序号', width: 6 },
        { header: '用人单位', width: 24 },
        { header: '岗位名称', width: 24 },
        { header: '工作地点', width: 12 },
        { header: '行业领域', width: 12 },
        { header: '所需证书', width: 16 },
        { header: '月薪下限（元）', width: 12, numFmt: '0' },
        { header: '月薪上限（元）', width: 12, numFmt: '0' },
        { header: '截止日期', width: 16, date: true },
        { header: '状态', width: 8 },
        { header: '已推荐人数', width: 10 },
        { header: '联系方式', width: 20 },
      ],
      rows: rows.map((p, i) => [
        i + 1,
        p.employer,
        p.title,
        p.location,
        p.field,
        p.requiredCertificates.join('、'),
        p.salaryMin ?? '',
        p.salaryMax ?? '',
        formatDateZh(p.deadline),
        p.expired ? '已截止' : '有效',
        count.get(p.id) ?? 0,
        p.contact,
      ]),
    },
    ctx.user.displayName,
    ctx.now,
  );
  await appendAudit(ctx.db, actor(ctx), 'export.postings', { type: 'postings' }, { count: rows.length }, ctx.now);
  return { fileName: `岗位信息-${todayIso(ctx.now)}.xlsx`, xlsx };
}

export const employmentHandlers: Handlers<typeof employmentContract> = {
  'employment.graduates': listGraduates,
  'employment.graduate': (ctx, i) => graduateDetail(ctx, i.studentId),
  'employment.saveGraduate': async (ctx, i) => {
    await saveGraduate(ctx, i);
    return OK;
  },
  'employment.suggest': (ctx, i) => suggestJobs(ctx, i.studentId, i.limit),
  'employment.recommend': (ctx, i) => recommendJobs(ctx, i.studentId, i.postingIds),
  'employment.updateRecommendation': async (ctx, i) => {
    await updateRecommendation(ctx, i);
    return OK;
  },
  'employment.addHelp': async (ctx, i) => {
    await addHelp(ctx, i);
    return OK;
  },
  'employment.postings': (ctx, i) => listPostings(ctx, i.includeExpired),
  'employment.addPosting': addPosting,
  'employment.exportGraduates': async (ctx) => {
    const r = await exportGraduates(ctx);
    return asFile(r.fileName, r.xlsx);
  },
  'employment.exportPostings': async (ctx) => {
    const r = await exportPostings(ctx);
    return asFile(r.fileName, r.xlsx);
  },
};
