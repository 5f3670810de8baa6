/**
 * Financial aid (F9): the family-economic-difficulty grading per semester (labels configurable; a student in
 * difficulty gets the highest tier or a recorded reason), the programme catalogue per stage (amounts are data),
 * awards per term, the gaps check, and work-study hours within the limits of DOMAIN.md.
 */
import type { Knex } from 'knex';
import { inClassThenNameOrder } from '../../../shared/domain/ordering';
import { AppError } from '../../../shared/errors';
import { addDays, mondayOf, monthRange, previousSemester, semesterLabel, semesterOf } from '../../../shared/domain/calendar';
import {
  AID_SOURCE_LABELS,
  DEFAULT_DIFFICULTY_LEVELS,
  DEFAULT_PROGRAMMES,
  fenToYuan,
  PROGRAMME_KIND_LABELS,
  toFen,
  WORK_STUDY,
  type AidSource,
  type DifficultyLevel,
  type ProgrammeKind,
} from '../../../shared/domain/employment';
import { STAGE_LABELS, type Stage } from '../../../shared/domain/enums';
import { formatDateZh, todayIso } from '../../../shared/domain/dates';
import { writeInternalXlsx } from '../io/xlsxExport';
import { appendAudit } from './audit';
import type { aidContract } from '../../../shared/contract/aid';
import type { SchoolProfile } from '../../../shared/contract/schemas';
import { actor, asFile, type Handlers, OK, type ServiceContext } from './context';
import { getSetting, SETTING, setSetting } from './settings';
import { assertStudentVisible, inPopulation, onListNow, scopeStudents } from './scope';
import { addEvent } from './timeline';

const LEVELS_KEY = 'aid.difficultyLevels';

export async function difficultyLevels(db: Knex): Promise<DifficultyLevel[]> {
  return (await getSetting<DifficultyLevel[]>(db, LEVELS_KEY)) ?? DEFAULT_DIFFICULTY_LEVELS;
}

/** Labels are the school's words; keys and ranks stay, so past gradings keep their meaning. */
export async function saveDifficultyLevels(ctx: ServiceContext, levels: DifficultyLevel[]): Promise<void> {
  if (new Set(levels.map((l) => l.key)).size !== levels.length || new Set(levels.map((l) => l.rank)).size !== levels.length) {
    throw new AppError('VALIDATION', '各等级的代码和档次排序都不能重复', [{ path: 'levels', message: '有重复' }]);
  }
  await ctx.db.transaction(async (trx) => {
    await setSetting(
      trx,
      LEVELS_KEY,
      [...levels].sort((a, b) => b.rank - a.rank),
    );
    await appendAudit(trx, actor(ctx), 'aid.levels', { type: 'settings' }, { levels: levels.length }, ctx.now);
  });
}

/**
 * Students in difficulty (F9 applies to all of them, not only the key-care list), scoped to the acting role, with
 * whether each is on the key-care list now.
 */
async function keyStudents(ctx: ServiceContext) {
  const q = ctx
    .db('students as s')
    .where(inPopulation(ctx.db))
    .select(
      's.id',
      's.name',
      's.class_name',
      's.stage',
      's.grade',
      's.boarding',
      ctx.db.raw('exists ? as on_list', [onListNow(ctx.db).select(ctx.db.raw('1'))]),
    );
  return inClassThenNameOrder(await scopeStudents(ctx, q)) as Array<{
    id: number;
    name: string;
    class_name: string;
    stage: Stage;
    grade: string;
    boarding: number;
    on_list: number;
  }>;
}

export async function gradingSheet(ctx: ServiceContext, semester: string) {
  const levels = await difficultyLevels(ctx.db);
  const top = Math.max(...levels.map((l) => l.rank));
  const students = await keyStudents(ctx);
  const rows = (await ctx
    .db('difficulty_gradings')
    .where({ semester })
    .whereIn(
      'student_id',
      students.map((s) => s.id),
    )) as Array<{
    student_id: number;
    level_key: string;
    level_label: string;
    level_rank: number;
    types: string;
    reason_below_highest: string;
    graded_at: string;
  }>;
  const of = new Map(rows.map((r) => [r.student_id, r]));
  await appendAudit(ctx.db, actor(ctx), 'aid.gradingView', { type: 'semester', id: semester }, { count: students.length }, ctx.now);
  return students.map((s) => {
    const g = of.get(s.id);
    return {
      studentId: s.id,
      name: s.name,
      className: s.class_name,
      stage: s.stage,
      levelKey: g?.level_key ?? null,
      levelLabel: g?.level_label ?? '',
      types: g ? (JSON.parse(g.types) as string[]) : [],
      reason: g?.reason_below_highest ?? '',
      gradedAt: g?.graded_at ?? null,
      belowHighest: !!g && g.level_rank < top,
      ungraded: !g,
      onKeyCareList: !!s.on_list,
    };
  });
}

export async function gradeStudent(
  ctx: ServiceContext,
  g: { studentId: number; semester: string; levelKey: string; types: string[]; reason: string },
): Promise<void> {
  await assertStudentVisible(ctx, g.studentId);
  const levels = await difficultyLevels(ctx.db);
  const level = levels.find((l) => l.key === g.levelKey);
  if (!level) throw new AppError('VALIDATION', '认定等级不在本校方案中', [{ path: 'levelKey', message: '请选择等级' }]);
  const top = Math.max(...levels.map((l) => l.rank));
  if (level.rank < top && !g.reason.trim()) {
    // F9: a student in difficulty gets the highest tier; keeping them lower needs a reason on record.
    throw new AppError(
      'VALIDATION',
      `困境学生应认定为最高档（${levels.find((l) => l.rank === top)!.label}）；如认定为“${level.label}”，请写明理由`,
      [{ path: 'reason', message: '低于最高档须写明理由' }],
    );
  }
  const at = ctx.now.toISOString();
  await ctx.db.transaction(async (trx) => {
    await trx('difficulty_gradings')
      .insert({
        student_id: g.studentId,
        semester: g.semester,
        level_key: level.key,
        level_label: level.label,
        level_rank: level.rank,
        types: JSON.stringify(g.types),
        reason_below_highest: level.rank < top ? g.reason.trim() : '',
        recorded_by: ctx.user.id,
        graded_at: at,
      })
      .onConflict(['student_id', 'semester'])
      .merge();
    await addEvent(trx, {
      studentId: g.studentId,
      at,
      kind: 'care',
      actorId: ctx.user.id,
      title: `家庭经济困难认定：${level.label}（${semesterLabel(g.semester)}）`,
    });
    await appendAudit(
      trx,
      actor(ctx),
      'aid.grade',
      { type: 'student', id: g.studentId },
      { semester: g.semester, rank: level.rank },
      ctx.now,
    );
  });
}

/** The catalogue; the defaults of DOMAIN.md are written on first use and then belong to the school. */
/** The catalogue a school works with: its own stages only (a junior school has no 国家助学金 of 高中 to grant). */
async function programmesOfSchoolStages(db: Knex) {
  const stages = (await getSetting<SchoolProfile>(db, SETTING.schoolProfile))?.stages ?? [];
  return (await programmes(db)).filter((p) => !stages.length || stages.includes(p.stage));
}

export async function programmes(db: Knex) {
  const [{ n }] = (await db('aid_programmes').count({ n: '*' })) as Array<{ n: number }>;
  if (Number(n) === 0) {
    await db('aid_programmes').insert(
      DEFAULT_PROGRAMMES.map((p) => ({
        code: p.code,
        stage: p.stage,
        name: p.name,
        amount_fen: p.amountYuan === null ? null : toFen(p.amountYuan),
        kind: p.kind,
        source: p.source,
        note: p.note,
        active: p.active === false ? 0 : 1,
      })),
    );
  }
  const rows = (await db('aid_programmes').orderBy('id')) as Array<{
    id: number;
    code: string;
    stage: Stage;
    name: string;
    amount_fen: number | null;
    kind: ProgrammeKind;
    source: AidSource;
    note: string;
    active: number;
  }>;
  return rows.map((p) => ({
    id: p.id,
    code: p.code,
    stage: p.stage,
    name: p.name,
    amountYuan: p.amount_fen === null ? null : p.amount_fen / 100,
    kind: p.kind,
    source: p.source,
    note: p.note,
    active: !!p.active,
  }));
}
export type Programme = Awaited<ReturnType<typeof programmes>>[number];

export async function saveProgramme(
  ctx: ServiceContext,
  p: {
    id?: number;
    code: string;
    stage: Stage;
    name: string;
    amountYuan: number | null;
    kind: ProgrammeKind;
    source: AidSource;
    note: string;
    active: boolean;
  },
): Promise<{ id: number }> {
  await programmes(ctx.db);
  const row = {
    code: p.code,
    stage: p.stage,
    name: p.name,
    amount_fen: p.amountYuan === null ? null : toFen(p.amountYuan),
    kind: p.kind,
    source: p.source,
    note: p.note,
    active: p.active ? 1 : 0,
  };
  const clash = (await ctx.db('aid_programmes').where({ code: p.code }).first('id')) as { id: number } | undefined;
  if (clash && clash.id !== p.id) throw new AppError('CONFLICT', `项目代码 ${p.code} 已存在`, [{ path: 'code', message: '代码重复' }]);
  let id = p.id ?? 0;
  await ctx.db.transaction(async (trx) => {
    if (p.id) await trx('aid_programmes').where({ id: p.id }).update(row);
    else id = Number((await trx('aid_programmes').insert(row))[0]);
    await appendAudit(trx, actor(ctx), 'aid.programme', { type: 'programme', id }, { amountFen: row.amount_fen }, ctx.now);
  });
  return { id };
}

export async function addAward(
  ctx: ServiceContext,
  a: { studentId: number; programmeId: number; semester: string; amountYuan: number; date: string; source: AidSource },
): Promise<void> {
  const s = await assertStudentVisible(ctx, a.studentId);
  const p = (await programmes(ctx.db)).find((x) => x.id === a.programmeId);
  if (!p?.active) throw new AppError('VALIDATION', '资助项目不存在或已停用', [{ path: 'programmeId', message: '请选择项目' }]);
  if (p.stage !== s.stage)
    throw new AppError('VALIDATION', `“${p.name}”是${STAGE_LABELS[p.stage]}的项目，该生为${STAGE_LABELS[s.stage]}`, [
      { path: 'programmeId', message: '学段不符' },
    ]);
  const at = ctx.now.toISOString();
  await ctx.db.transaction(async (trx) => {
    await trx('aid_awards').insert({
      student_id: a.studentId,
      programme_id: a.programmeId,
      semester: a.semester,
      amount_fen: toFen(a.amountYuan),
      date: a.date,
      source: a.source,
      recorded_by: ctx.user.id,
    });
    await addEvent(trx, {
      studentId: a.studentId,
      at,
      kind: 'care',
      actorId: ctx.user.id,
      // A waiver is 免, not “0.00 元”; the waived amount is added when the office recorded one.
      title: `资助：${p.name} ${awardAmountText(p.amountYuan === null, toFen(a.amountYuan))}`,
      detail: `${semesterLabel(a.semester)} · ${AID_SOURCE_LABELS[a.source]}`,
    });
    await appendAudit(
      trx,
      actor(ctx),
      'aid.award',
      { type: 'student', id: a.studentId },
      { programme: p.code, amountFen: toFen(a.amountYuan) },
      ctx.now,
    );
  });
}

function awardAmountText(waiver: boolean, fen: number): string {
  if (!waiver) return `${fenToYuan(fen)} 元`;
  return fen > 0 ? `免（减免 ${fenToYuan(fen)} 元）` : '免';
}

type AwardRow = {
  id: number;
  student_id: number;
  name: string;
  class_name: string;
  programme: string;
  semester: string;
  amount_fen: number;
  programme_amount_fen: number | null;
  date: string;
  source: AidSource;
};
async function awardRows(ctx: ServiceContext, semester?: string): Promise<AwardRow[]> {
  const q = ctx
    .db('aid_awards as a')
    .join('students as s', 's.id', 'a.student_id')
    .join('aid_programmes as p', 'p.id', 'a.programme_id')
    .select(
      'a.id',
      'a.student_id',
      's.name',
      's.class_name',
      'p.name as programme',
      'a.semester',
      'a.amount_fen',
      'p.amount_fen as programme_amount_fen',
      'a.date',
      'a.source',
    )
    .orderBy([
      { column: 'a.date', order: 'desc' },
      { column: 'a.id', order: 'desc' },
    ]);
  if (semester) q.where('a.semester', semester);
  return (await scopeStudents(ctx, q)) as AwardRow[];
}

export async function listAwards(ctx: ServiceContext, semester?: string) {
  const rows = await awardRows(ctx, semester);
  await appendAudit(ctx.db, actor(ctx), 'aid.awardsView', { type: 'awards', id: semester ?? 'all' }, { count: rows.length }, ctx.now);
  return rows.map((r) => ({
    id: r.id,
    studentId: r.student_id,
    name: r.name,
    className: r.class_name,
    programme: r.programme,
    semester: r.semester,
    amount: fenToYuan(r.amount_fen),
    waiver: r.programme_amount_fen === null,
    date: r.date,
    source: r.source,
  }));
}

export async function exportAwards(ctx: ServiceContext, semester?: string): Promise<{ fileName: string; xlsx: Buffer }> {
  const rows = await awardRows(ctx, semester);
  const total = rows.reduce((a, r) => a + r.amount_fen, 0);
  const xlsx = await writeInternalXlsx(
    {
      name: '资助发放',
      title: `学生资助发放名单${semester ? ` · ${semesterLabel(semester)}` : ''}（内部资料，不含证件号）`,
      columns: [
        { header: '序号', width: 6 },
        { header: '姓名', width: 12 },
        { header: '班级', width: 16 },
        { header: '资助项目', width: 20 },
        { header: '方式', width: 8 },
        { header: '学期', width: 24 },
        { header: '金额（元）', width: 12, numFmt: '0.00' },
        { header: '发放日期', width: 16, date: true },
        { header: '资金来源', width: 10 },
      ],
      rows: [
        ...rows.map((r, i) => [
          i + 1,
          r.name,
          r.class_name,
          r.programme,
          r.programme_amount_fen === null ? '免' : '发放',
          semesterLabel(r.semester),
          r.amount_fen / 100,
          formatDateZh(r.date),
          AID_SOURCE_LABELS[r.source],
        ]),
        ['', '合计', '', '', '', '', total / 100, '', ''],
      ],
    },
    ctx.user.displayName,
    ctx.now,
  );
  await appendAudit(ctx.db, actor(ctx), 'export.awards', { type: 'awards', id: semester ?? 'all' }, { count: rows.length }, ctx.now);
  return { fileName: `资助发放名单-内部-${todayIso(ctx.now)}.xlsx`, xlsx };
}

/**
 * F9 gaps for this school year: key students not graded, or graded below the highest tier, and entitlement
 * programmes of their stage with no award this school year. Each with its reason.
 */
export async function aidGaps(ctx: ServiceContext) {
  const semester = semesterOf(todayIso(ctx.now));
  const year = semester.slice(0, 9);
  const levels = await difficultyLevels(ctx.db);
  const top = levels.reduce((a, l) => (l.rank > a.rank ? l : a));
  const students = await keyStudents(ctx);
  const ids = students.map((s) => s.id);
  const gradings = ids.length
    ? ((await ctx.db('difficulty_gradings').where({ semester }).whereIn('student_id', ids)) as Array<{
        student_id: number;
        level_label: string;
        level_rank: number;
        reason_below_highest: string;
      }>)
    : [];
  const awards = ids.length
    ? ((await ctx
        .db('aid_awards')
        .whereIn('student_id', ids)
        .where('semester', 'like', `${year}-%`)
        .select('student_id', 'programme_id')) as Array<{ student_id: number; programme_id: number }>)
    : [];
  const catalogue = (await programmes(ctx.db)).filter((p) => p.active && p.kind === 'entitlement');
  const gradeOf = new Map(gradings.map((g) => [g.student_id, g]));
  const got = new Set(awards.map((a) => `${a.student_id}|${a.programme_id}`));
  const out = [];
  for (const s of students) {
    const reasons: string[] = [];
    const g = gradeOf.get(s.id);
    if (!g) reasons.push(`${semesterLabel(semester)}尚未认定家庭经济困难等级`);
    else if (g.level_rank < top.rank)
      reasons.push(
        `认定为“${g.level_label}”，低于最高档“${top.label}”${g.reason_below_highest ? `（学校记录的理由：${g.reason_below_highest}）` : '（未记录理由）'}`,
      );
    const missing = catalogue.filter((p) => p.stage === s.stage && !got.has(`${s.id}|${p.id}`)).map((p) => p.name);
    if (missing.length) reasons.push(`本学年未享受：${missing.join('、')}`);
    if (reasons.length) {
      out.push({
        studentId: s.id,
        name: s.name,
        className: s.class_name,
        stage: s.stage,
        onKeyCareList: !!s.on_list,
        levelLabel: g?.level_label ?? '',
        belowHighest: !g || g.level_rank < top.rank,
        reasonRecorded: g?.reason_below_highest ?? '',
        missingProgrammes: missing,
        reasons,
      });
    }
  }
  await appendAudit(ctx.db, actor(ctx), 'aid.gaps', { type: 'schoolYear', id: year }, { students: out.length }, ctx.now);
  return {
    schoolYear: year,
    semester,
    highest: top.label,
    entitlementNote: `按“${PROGRAMME_KIND_LABELS.entitlement}”项目核对`,
    students: out,
  };
}

export async function addWorkStudy(
  ctx: ServiceContext,
  w: { studentId: number; date: string; post: string; hours: number; yuanPerHour: number },
): Promise<void> {
  const s = await assertStudentVisible(ctx, w.studentId);
  if (s.stage !== 'higher') throw new AppError('VALIDATION', '勤工助学适用于高校学生', [{ path: 'studentId', message: '学段不符' }]);
  if (w.date > todayIso(ctx.now)) throw new AppError('VALIDATION', '工作日期不能晚于今天', [{ path: 'date', message: '日期晚于今天' }]);
  if (w.yuanPerHour < WORK_STUDY.minYuanPerHour)
    throw new AppError('VALIDATION', `勤工助学报酬不低于每小时 ${WORK_STUDY.minYuanPerHour} 元`, [
      { path: 'yuanPerHour', message: `不低于 ${WORK_STUDY.minYuanPerHour} 元/小时` },
    ]);
  const minutes = Math.round(w.hours * 60);
  const sum = async (from: string, to: string) =>
    Number(
      (
        (await ctx
          .db('work_study_hours')
          .where({ student_id: w.studentId })
          .whereBetween('date', [from, to])
          .sum({ m: 'minutes' })) as Array<{ m: number | null }>
      )[0].m ?? 0,
    );
  const monday = mondayOf(w.date);
  const week = await sum(monday, addDays(monday, 6));
  if (week + minutes > WORK_STUDY.maxHoursPerWeek * 60)
    throw new AppError('VALIDATION', `超过每周 ${WORK_STUDY.maxHoursPerWeek} 小时上限：本周已有 ${(week / 60).toFixed(1)} 小时`, [
      { path: 'hours', message: '超过每周上限' },
    ]);
  const { from, to } = monthRange(w.date.slice(0, 7));
  const month = await sum(from, to);
  if (month + minutes > WORK_STUDY.maxHoursPerMonth * 60)
    throw new AppError('VALIDATION', `超过每月 ${WORK_STUDY.maxHoursPerMonth} 小时上限：本月已有 ${(month / 60).toFixed(1)} 小时`, [
      { path: 'hours', message: '超过每月上限' },
    ]);
  await ctx.db.transaction(async (trx) => {
    await trx('work_study_hours').insert({
      student_id: w.studentId,
      date: w.date,
      post: w.post,
      minutes,
      fen_per_hour: toFen(w.yuanPerHour),
      recorded_by: ctx.user.id,
    });
    await appendAudit(trx, actor(ctx), 'aid.workStudy', { type: 'student', id: w.studentId }, { minutes }, ctx.now);
  });
}

export async function listWorkStudy(ctx: ServiceContext, studentId: number) {
  await assertStudentVisible(ctx, studentId);
  const rows = (await ctx.db('work_study_hours').where({ student_id: studentId }).orderBy('date', 'desc')) as Array<{
    id: number;
    date: string;
    post: string;
    minutes: number;
    fen_per_hour: number;
  }>;
  return rows.map((r) => ({
    id: r.id,
    date: r.date,
    post: r.post,
    hours: r.minutes / 60,
    yuanPerHour: r.fen_per_hour / 100,
    pay: fenToYuan(Math.round((r.minutes * r.fen_per_hour) / 60)),
  }));
}

/**
 * Semester adjustment: the grading is determined once per school year and adjusted each semester, so the office
 * starts a semester from the previous one. Copies the previous semester's grading for key students not yet graded
 * this semester; a level below the highest keeps its recorded reason and stays flagged.
 */
export async function carryOverGrading(ctx: ServiceContext, semester: string): Promise<{ copied: number; from: string }> {
  const from = previousSemester(semester);
  const students = await keyStudents(ctx);
  const ids = students.map((s) => s.id);
  const already = new Set(
    (ids.length ? await ctx.db('difficulty_gradings').where({ semester }).whereIn('student_id', ids).pluck('student_id') : []) as number[],
  );
  const prev = (ids.length ? await ctx.db('difficulty_gradings').where({ semester: from }).whereIn('student_id', ids) : []) as Array<{
    student_id: number;
    level_key: string;
    level_label: string;
    level_rank: number;
    types: string;
    reason_below_highest: string;
  }>;
  const copy = prev.filter((p) => !already.has(p.student_id));
  const at = ctx.now.toISOString();
  await ctx.db.transaction(async (trx) => {
    for (const p of copy) {
      await trx('difficulty_gradings').insert({
        student_id: p.student_id,
        semester,
        level_key: p.level_key,
        level_label: p.level_label,
        level_rank: p.level_rank,
        types: p.types,
        reason_below_highest: p.reason_below_highest,
        recorded_by: ctx.user.id,
        graded_at: at,
      });
    }
    await appendAudit(trx, actor(ctx), 'aid.carryOver', { type: 'semester', id: semester }, { from, copied: copy.length }, ctx.now);
  });
  return { copied: copy.length, from };
}

export const aidHandlers: Handlers<typeof aidContract> = {
  'aid.levels': (ctx) => difficultyLevels(ctx.db),
  'aid.saveLevels': async (ctx, i) => {
    await saveDifficultyLevels(ctx, i.levels);
    return OK;
  },
  'aid.grading': (ctx, i) => gradingSheet(ctx, i.semester),
  'aid.grade': async (ctx, i) => {
    await gradeStudent(ctx, i);
    return OK;
  },
  'aid.carryOver': (ctx, i) => carryOverGrading(ctx, i.semester),
  'aid.programmes': (ctx) => programmesOfSchoolStages(ctx.db),
  'aid.saveProgramme': saveProgramme,
  'aid.awards': (ctx, i) => listAwards(ctx, i.semester),
  'aid.addAward': async (ctx, i) => {
    await addAward(ctx, i);
    return OK;
  },
  'aid.gaps': aidGaps,
  'aid.workStudy': (ctx, i) => listWorkStudy(ctx, i.studentId),
  'aid.addWorkStudy': async (ctx, i) => {
    await addWorkStudy(ctx, i);
    return OK;
  },
  'aid.exportAwards': async (ctx, i) => {
    const r = await exportAwards(ctx, i.semester);
    return asFile(r.fileName, r.xlsx);
  },
};
