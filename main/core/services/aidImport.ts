/**
 * 免申即享 (I3): students pushed by the national or provincial aid system get a case without applying.
 * The preview validates every row and says what will change before anything is written; the commit applies the
 * plan in one transaction (all or nothing) and records the batch. A matched student gets a case with source
 * 系统推送 that skips application and review but still needs the school's confirmation (the simplified procedure).
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { semesterLabel, semesterOf } from '../../../shared/domain/calendar';
import { todayIso } from '../../../shared/domain/dates';
import { difficultyLevels } from './aid';
import { AppError } from '../../../shared/errors';
import { stageOfGrade } from '../../../shared/domain/ordering';
import {
  CASE_STATE_LABELS,
  CATEGORY_LABELS,
  OPEN_CASE_STATES,
  type CaseState,
  type Category,
  type Stage,
} from '../../../shared/domain/enums';
import {
  AID_FIELD_LABELS,
  AID_FIELDS,
  detectMapping,
  isHeaderRow,
  validateAidRow,
  type AidField,
  type AidRow,
} from '../../../shared/domain/aidList';
import { maskIdNumber, maskStudentNo } from '../../../shared/domain/masking';
import type { SchoolProfile } from '../../../shared/contract/schemas';
import { readSheet, type Mapping, type SheetRow } from '../io/spreadsheet/readSheet';
import type { Importer, Prepared } from './importer';
import type { JobHandle } from '../jobs/jobs';
import { appendAudit } from './audit';
import { actor, type ServiceContext } from './context';
import { getSetting, SETTING } from './settings';
import { insertStudents } from './students';
import { faultPoint } from '../faults';
import { rawConnectionOf } from '../store/db';

export type PlanStatus = 'matched' | 'new' | 'unchanged' | 'rejected';

export interface PlanRow {
  rowNumber: number;
  status: PlanStatus;
  name: string;
  idMasked: string;
  reason: string;
  changes: string[];
  warnings: string[];
}

interface Action {
  rowNumber: number;
  row: AidRow;
  studentId: number | null;
  createCase: boolean;
  addCategories: Category[];
  /** The list's 认定级别 becomes this semester's F9 grading (when it differs from the one on record). */
  grade: boolean;
}

interface AidPreview {
  fileName: string;
  fileSha256: string;
  rows: PlanRow[];
  counts: { total: number; matched: number; created: number; newCases: number; unchanged: number; rejected: number };
  /** Kept in memory with the job, never returned to the renderer. */
  actions: Action[];
}

/** Everything the plan needs to know about the store, loaded once before the file is read. */
async function loadLookups(db: Knex, today: Date) {
  const students = (await db('students').select('id', 'id_number', 'student_no', 'name')) as Array<{
    id: number;
    id_number: string;
    student_no: string | null;
    name: string;
  }>;
  const cats = new Map<number, Set<Category>>();
  for (const r of (await db('student_categories').select('student_id', 'category')) as Array<{ student_id: number; category: Category }>) {
    if (!cats.has(r.student_id)) cats.set(r.student_id, new Set());
    cats.get(r.student_id)!.add(r.category);
  }
  const semester = semesterOf(todayIso(today));
  const graded = new Map(
    (
      (await db('difficulty_gradings').where({ semester }).select('student_id', 'level_label')) as Array<{
        student_id: number;
        level_label: string;
      }>
    ).map((g) => [g.student_id, g.level_label]),
  );
  return {
    levels: (await difficultyLevels(db)).map((l) => l.label),
    graded,
    semester,
    byId: new Map(students.map((s) => [s.id_number, s])),
    byNo: new Map(students.filter((s) => s.student_no).map((s) => [s.student_no!, s])),
    openCases: new Map(
      (
        (await db('cases as c')
          .whereIn('c.state', OPEN_CASE_STATES)
          .select(
            'c.student_id',
            'c.state',
            // Whether the last closed review meeting that took this case deferred it (暂缓): the row then says so.
            db.raw(
              `(SELECT i.decision FROM meeting_items i JOIN review_meetings m ON m.id = i.meeting_id
                WHERE i.case_id = c.id AND m.status = 'closed' ORDER BY m.id DESC LIMIT 1) AS last_decision`,
            ),
          )) as Array<{ student_id: number; state: CaseState; last_decision: string | null }>
      ).map((c) => [c.student_id, { state: c.state, deferred: c.state === 'applied' && c.last_decision === 'defer' }]),
    ),
    cats,
  };
}

/** Why a matched row changes nothing: the student's open case, in its own words (a deferred one says so). */
function unchangedReason(open: { state: CaseState; deferred: boolean } | undefined): string {
  if (open?.deferred) return '已有个案：集体评议暂缓，等待下次评议；名单没有带来新信息，本次不作改动';
  return `已有进行中的个案（${open ? CASE_STATE_LABELS[open.state] : ''}），名单没有带来新信息`;
}

/** Builds the plan row by row, as the reader streams them. */
function planner(lookups: Awaited<ReturnType<typeof loadLookups>>, today: Date) {
  const { byId, byNo, openCases, cats, levels, graded, semester } = lookups;
  const rows: PlanRow[] = [];
  const actions: Action[] = [];
  const seenIds = new Map<string, number>();
  const seenNos = new Map<string, number>();
  const counts = { total: 0, matched: 0, created: 0, newCases: 0, unchanged: 0, rejected: 0 };
  const add = (raw: SheetRow, mapping: Mapping): void => {
    const reject = (name: string, idMasked: string, reason: string, warnings: string[] = []) => {
      counts.rejected++;
      rows.push({ rowNumber: raw.rowNumber, status: 'rejected', name, idMasked, reason, changes: [], warnings });
    };
    counts.total++;
    const get = (f: AidField) => {
      const col = mapping[f];
      return col === undefined ? undefined : raw.cells[col];
    };
    const check = validateAidRow(get, today, levels);
    if (!check.ok) {
      reject(String(get('name') ?? '').trim(), '', check.errors.join('；'));
      return;
    }
    const r = check.row;
    const idMasked = r.idNumber ? maskIdNumber(r.idNumber) : maskStudentNo(r.studentNo);
    const dupOf = (r.idNumber && seenIds.get(r.idNumber)) || (r.studentNo && seenNos.get(r.studentNo));
    if (dupOf) {
      reject(r.name, idMasked, `与第 ${dupOf} 行是同一名学生（重复行）`);
      return;
    }
    if (r.idNumber) seenIds.set(r.idNumber, raw.rowNumber);
    if (r.studentNo) seenNos.set(r.studentNo, raw.rowNumber);
    const warnings = [...r.warnings];
    const found = (r.idNumber && byId.get(r.idNumber)) || (r.studentNo && byNo.get(r.studentNo)) || null;
    if (found) {
      if (r.idNumber && found.id_number !== r.idNumber) warnings.push('按学籍号匹配，但身份证件号与档案不一致，以档案为准，请核对');
      if (found.name !== r.name) warnings.push(`姓名与档案不一致（档案：${found.name}），请核对`);
      const have = cats.get(found.id) ?? new Set<Category>();
      const addCategories = r.categories.filter((c) => !have.has(c));
      const createCase = !openCases.has(found.id);
      const grade = !!r.level && graded.get(found.id) !== r.level;
      if (!createCase && addCategories.length === 0 && !grade) {
        counts.unchanged++;
        rows.push({
          rowNumber: raw.rowNumber,
          status: 'unchanged',
          name: r.name,
          idMasked,
          reason: unchangedReason(openCases.get(found.id)),
          changes: [],
          warnings,
        });
        return;
      }
      const changes = [
        ...(createCase ? ['建立“系统推送”个案（免申即享），待学校确认'] : []),
        ...(addCategories.length ? [`增加困境类别：${addCategories.map((c) => CATEGORY_LABELS[c]).join('、')}`] : []),
        ...(grade ? [`认定家庭经济困难等级：${r.level}（${semesterLabel(semester)}，来源：资助系统名单）`] : []),
      ];
      counts.matched++;
      if (createCase) counts.newCases++;
      rows.push({ rowNumber: raw.rowNumber, status: 'matched', name: r.name, idMasked, reason: '', changes, warnings });
      actions.push({ rowNumber: raw.rowNumber, row: r, studentId: found.id, createCase, addCategories, grade });
      return;
    }
    if (!r.idNumber) {
      reject(r.name, idMasked, '档案中没有该学籍号的学生，且缺少身份证件号，无法新建档案', warnings);
      return;
    }
    counts.created++;
    counts.newCases++;
    rows.push({
      rowNumber: raw.rowNumber,
      status: 'new',
      name: r.name,
      idMasked,
      reason: '',
      changes: [
        '新建学生档案',
        '建立“系统推送”个案（免申即享），待学校确认',
        ...(r.categories.length ? [`困境类别：${r.categories.map((c) => CATEGORY_LABELS[c]).join('、')}`] : []),
        ...(r.level ? [`认定家庭经济困难等级：${r.level}（${semesterLabel(semester)}，来源：资助系统名单）`] : []),
      ],
      warnings: [...warnings, ...(r.className ? [] : ['表中没有班级，档案记为“待分班”'])],
    });
    actions.push({ rowNumber: raw.rowNumber, row: r, studentId: null, createCase: true, addCategories: r.categories, grade: !!r.level });
  };
  return { add, rows, actions, counts };
}

const FIELDS = AID_FIELDS.map((f) => ({ key: f, label: AID_FIELD_LABELS[f], required: f === 'name' }));

type AidPlan = Pick<AidPreview, 'fileSha256' | 'actions' | 'counts' | 'fileName'>;

export async function previewAidImport(
  ctx: ServiceContext,
  file: { fileName: string; bytes: Buffer; mapping?: Mapping },
  h?: JobHandle,
): Promise<Prepared<AidPlan>> {
  const fileSha256 = crypto.createHash('sha256').update(file.bytes).digest('hex');
  const prior = (await ctx.db('import_batches').where({ file_sha256: fileSha256 }).orderBy('id', 'desc').first('imported_at')) as
    | { imported_at: string }
    | undefined;
  const p = planner(await loadLookups(ctx.db, ctx.now), ctx.now);
  const read = await readSheet(file.bytes, {
    detectHeader: (cells) => (isHeaderRow(cells) ? (detectMapping(cells) as Mapping) : null),
    headerHint: '同时包含“姓名”和“身份证件号”或“学籍号”的行',
    mapping: file.mapping,
    signal: h?.signal,
    onRow: p.add,
    onProgress: (f, n) => h?.progress(f, `正在读取与核对：已处理 ${n} 行`),
  });
  if (!read.mapping.name) throw new AppError('VALIDATION', '列对应关系中缺少“姓名”列');
  if (!read.mapping.idNumber && !read.mapping.studentNo) throw new AppError('VALIDATION', '列对应关系中至少需要“身份证件号”或“学籍号”列');
  return {
    view: {
      kind: 'aidList',
      fileName: file.fileName,
      headerRow: read.headerRow,
      headers: read.headers,
      fields: FIELDS,
      mapping: read.mapping,
      alreadyImportedAt: prior?.imported_at ?? null,
      rowLabel: '姓名',
      idLabel: '证件号',
      allOrNothing: false,
      counts: p.counts,
      rows: p.rows,
    },
    plan: { fileName: file.fileName, fileSha256, actions: p.actions, counts: p.counts },
  };
}

/** Applies a preview's plan in one transaction. A plan with nothing to change writes nothing at all. */
export async function commitAidImport(
  ctx: ServiceContext,
  p: AidPlan,
  signal?: AbortSignal,
): Promise<{ counts: AidPreview['counts']; batchId: number | null }> {
  if (p.actions.length === 0) return { counts: p.counts, batchId: null };
  const profile = await getSetting<SchoolProfile>(ctx.db, SETTING.schoolProfile);
  const stages: Stage[] = profile?.stages.length ? profile.stages : ['primary'];
  const stageOf = (grade: string): Stage => {
    const s = grade ? stageOfGrade(grade) : null;
    return s && stages.includes(s) ? s : stages[0];
  };
  const at = ctx.now.toISOString();
  let batchId = 0;
  await ctx.db.transaction(async (trx) => {
    const [bid] = await trx('import_batches').insert({
      kind: 'aidList',
      file_name: p.fileName,
      file_sha256: p.fileSha256,
      imported_at: at,
      imported_by: ctx.user.id,
      rows: p.counts.total,
      matched: p.counts.matched,
      created: p.counts.created,
      new_cases: p.counts.newCases,
      unchanged: p.counts.unchanged,
      rejected: p.counts.rejected,
    });
    batchId = Number(bid);
    // New students one by one (rare, and each needs its own checks); everything else in batches, because a
    // 20,000-row list would otherwise be 60,000 single-row statements.
    const categoryRows: Array<{ student_id: number; category: Category }> = [];
    const caseRows: Array<{
      student_id: number;
      applicant_name: string;
      care_requested: string;
      facts: string;
      reasons: string;
      applied_at: string;
      applied_by: number;
      import_batch_id: number;
      aid_level: string;
    }> = [];
    // New files first, in one batch (prepared statements): a list that creates 20,000 students stays small in memory.
    const creating = p.actions.filter((a) => a.studentId === null);
    const newNumbers = creating.map((a) => a.row.idNumber!);
    for (let i = 0; i < newNumbers.length; i += 500) {
      const dup = (await trx('students')
        .whereIn('id_number', newNumbers.slice(i, i + 500))
        .first('id_number')) as { id_number: string } | undefined;
      if (dup) {
        const row = creating.find((a) => a.row.idNumber === dup.id_number)?.rowNumber;
        throw new AppError('CONFLICT', `第 ${row} 行：该学生在预览之后已被建档，请重新预览`);
      }
    }
    const createdIds = await insertStudents(
      trx,
      creating.map((a) => ({
        name: a.row.name,
        idNumber: a.row.idNumber!,
        studentNo: a.row.studentNo ?? undefined,
        // The stage follows the grade the list gives (高二 → 普通高中) when it is one of the school's stages.
        stage: stageOf(a.row.grade),
        grade: a.row.grade || '待定',
        className: a.row.className || '待分班',
        boarding: false,
        leftBehind: a.row.categories.includes('leftBehind') ? ('single' as const) : ('none' as const),
        categories: a.addCategories,
        riskFactors: [],
        guardians: [],
      })),
      at,
      ctx.user.id,
      signal,
    );
    const createdOf = new Map(creating.map((a, i) => [a, createdIds[i]]));
    for (const a of p.actions) {
      if (signal?.aborted) throw new AppError('STATE', '已取消，未作任何改动');
      const studentId = a.studentId ?? createdOf.get(a)!;
      if (a.studentId !== null) for (const c of a.addCategories) categoryRows.push({ student_id: studentId, category: c });
      if (a.createCase) {
        caseRows.push({
          student_id: studentId,
          applicant_name: '国家/省资助系统推送',
          care_requested: JSON.stringify(['financialAid']),
          facts: `${a.row.level ? `认定级别 ${a.row.level}；` : ''}${a.row.types.length ? `类型：${a.row.types.join('、')}` : ''}`,
          reasons: '资助系统推送对象，按简化程序认定（I3）',
          applied_at: at,
          applied_by: ctx.user.id,
          import_batch_id: batchId,
          aid_level: a.row.level,
        });
      }
    }
    // Prepared statements on the transaction's own connection: 20,000 rows cost milliseconds, not a second.
    const conn = await rawConnectionOf(trx);
    const addCategory = conn.prepare('INSERT OR IGNORE INTO student_categories (student_id, category, since) VALUES (?, ?, ?)');
    for (const r of categoryRows) addCategory.run(r.student_id, r.category, at.slice(0, 10));
    const addCase =
      conn.prepare(`INSERT INTO cases (student_id, state, source, applicant_type, applicant_name, care_requested, facts, reasons,
      applied_at, applied_by, import_batch_id, aid_level) VALUES (?, 'reviewed', 'systemPush', NULL, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const [i, c] of caseRows.entries()) {
      if (i % 1000 === 0 && signal?.aborted) throw new AppError('STATE', '已取消，未作任何改动');
      addCase.run(
        c.student_id,
        c.applicant_name,
        c.care_requested,
        c.facts,
        c.reasons,
        c.applied_at,
        c.applied_by,
        c.import_batch_id,
        c.aid_level,
      );
    }
    // The list's 认定级别 is this semester's F9 grading, recorded as coming from the aid system's list.
    const levels = await difficultyLevels(trx);
    const top = Math.max(...levels.map((l) => l.rank));
    const semester = semesterOf(at.slice(0, 10));
    const grade = conn.prepare(`INSERT INTO difficulty_gradings (student_id, semester, level_key, level_label, level_rank, types,
      reason_below_highest, recorded_by, graded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (student_id, semester) DO UPDATE SET level_key = excluded.level_key, level_label = excluded.level_label,
      level_rank = excluded.level_rank, types = excluded.types, reason_below_highest = excluded.reason_below_highest,
      recorded_by = excluded.recorded_by, graded_at = excluded.graded_at`);
    for (const a of p.actions) {
      if (!a.grade) continue;
      const level = levels.find((l) => l.label === a.row.level);
      if (!level) throw new AppError('STATE', `第 ${a.rowNumber} 行：认定等级“${a.row.level}”已不在本校方案中，请重新预览`);
      const studentId = a.studentId ?? createdOf.get(a)!;
      grade.run(
        studentId,
        semester,
        level.key,
        level.label,
        level.rank,
        JSON.stringify(a.row.types),
        level.rank < top ? `资助系统名单认定（免申即享导入第 ${batchId} 批）` : '',
        ctx.user.id,
        at,
      );
    }
    faultPoint('import.commit');
    // One statement for all the timeline entries of this batch's cases.
    await trx.raw(
      `INSERT INTO care_events (student_id, case_id, at, kind, title, detail, actor_id)
       SELECT student_id, id, ?, 'application', '资助系统推送（免申即享），待学校确认',
              CASE WHEN aid_level = '' THEN '' ELSE '认定级别：' || aid_level END, ?
       FROM cases WHERE import_batch_id = ? ORDER BY id`,
      [at, ctx.user.id, batchId],
    );
    await appendAudit(
      trx,
      actor(ctx),
      'import.aidList',
      { type: 'importBatch', id: batchId },
      { rows: p.counts.total, newCases: p.counts.newCases, created: p.counts.created, rejected: p.counts.rejected },
      ctx.now,
    );
  });
  return { counts: p.counts, batchId };
}

export const aidListImporter: Importer<AidPlan> = {
  kind: 'aidList',
  preview: previewAidImport,
  commit: (ctx, plan, signal) => commitAidImport(ctx, plan, signal),
};
