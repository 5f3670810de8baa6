/**
 * The 学籍 roster import (S2 全面摸排): the school's whole 在校生信息 export through the one import protocol. Each row
 * is matched by ID number, then 学籍号; the preview says for every row whether it creates a file, updates one (field
 * by field), changes nothing or is rejected (and why), and lists the students in the store the roster no longer
 * has — for the office to review, never deleted. Rejected rows are left out; the rest commit in one transaction,
 * with every change kept in the students' history under the batch. The same file again changes nothing.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { ImportPreviewView } from '../../../shared/contract/imports';
import type { SchoolProfile } from '../../../shared/contract/schemas';
import { CATEGORY_LABELS, type Category } from '../../../shared/domain/enums';
import { maskIdNumber } from '../../../shared/domain/masking';
import { compareByClassThenName } from '../../../shared/domain/ordering';
import {
  ROSTER_COLUMNS,
  ROSTER_FIELDS,
  ROSTER_REQUIRED,
  detectRosterHeader,
  readRosterRow,
  type RosterRow,
} from '../../../shared/domain/roster';
import { AppError } from '../../../shared/errors';
import { STUDENT_STATUS_LABELS } from '../../../shared/domain/schoolYear';
import { formatDateZh } from '../../../shared/domain/dates';
import { readSheet, type Mapping, type SheetRow } from '../io/spreadsheet/readSheet';
import type { JobHandle } from '../jobs/jobs';
import { appendAudit } from './audit';
import { actor, type ServiceContext } from './context';
import type { ImportFile, Importer, Prepared } from './importer';
import type { StudentRow } from './scope';
import { getSetting, SETTING } from './settings';
import {
  applyStudentChanges,
  diffStudent,
  displayValue,
  fieldLabel,
  fieldsOf,
  stageAgeProblem,
  type GuardianFields,
  type StudentFields,
} from './studentEdit';
import { insertStudents, type NewStudent } from './students';

const FIELDS = ROSTER_FIELDS.map((f) => ({ key: f, label: ROSTER_COLUMNS[f].label, required: ROSTER_REQUIRED.includes(f) }));

interface Known {
  fields: StudentFields;
  id: number;
  className: string;
  updatedAt: string;
  status: StudentRow['status'];
  leftAt: string | null;
}

interface RosterPlan {
  fileName: string;
  fileSha256: string;
  creates: Array<{ rowNumber: number; student: NewStudent }>;
  updates: Array<{ rowNumber: number; studentId: number; updatedAt: string; before: StudentFields; after: StudentFields }>;
  counts: Record<string, number>;
}

/** Every student with their categories and guardians, keyed for matching: one pass of three queries. */
async function loadKnown(db: Knex): Promise<Known[]> {
  const rows = (await db('students').select('*')) as Array<StudentRow & { updated_at: string }>;
  const cats = new Map<number, Category[]>();
  for (const c of (await db('student_categories').select('student_id', 'category')) as Array<{ student_id: number; category: Category }>)
    cats.set(c.student_id, [...(cats.get(c.student_id) ?? []), c.category]);
  const risks = new Map<number, string[]>();
  for (const r of (await db('student_risk_factors').select('student_id', 'factor')) as Array<{ student_id: number; factor: string }>)
    risks.set(r.student_id, [...(risks.get(r.student_id) ?? []), r.factor]);
  const guardians = new Map<number, GuardianFields[]>();
  for (const g of (await db('guardians')
    .orderBy('id')
    .select('student_id', 'name', 'relation', 'phone', 'address', 'is_guardian')) as Array<
    GuardianFields & { student_id: number; is_guardian: number }
  >)
    guardians.set(g.student_id, [
      ...(guardians.get(g.student_id) ?? []),
      { name: g.name, relation: g.relation, phone: g.phone, address: g.address, isGuardian: !!g.is_guardian },
    ]);
  return rows.map((s) => ({
    id: s.id,
    className: s.class_name,
    updatedAt: s.updated_at,
    status: s.status,
    leftAt: s.left_at,
    fields: fieldsOf(s, cats.get(s.id) ?? [], (risks.get(s.id) ?? []) as StudentFields['riskFactors'], guardians.get(s.id) ?? []),
  }));
}

/** The registry's facts laid over the file; what the registry does not say (blank or no column) stays as it is. */
function merged(before: StudentFields, r: RosterRow): StudentFields {
  return {
    ...before,
    name: r.name,
    idNumber: r.idNumber ?? before.idNumber,
    gender: r.gender ?? before.gender,
    birthDate: r.birthDate ?? before.birthDate,
    studentNo: r.studentNo ?? before.studentNo,
    ethnicity: r.ethnicity ?? before.ethnicity,
    stage: r.stage,
    grade: r.grade,
    className: r.className,
    boarding: r.boarding ?? before.boarding,
    leftBehind: r.leftBehind ?? before.leftBehind,
    householdAddress: r.householdAddress ?? before.householdAddress,
    currentAddress: r.currentAddress ?? before.currentAddress,
    disabilityType: r.disabilityType ?? before.disabilityType,
    guardians: r.guardians ?? before.guardians,
  };
}

async function preview(ctx: ServiceContext, file: ImportFile, h?: JobHandle): Promise<Prepared<RosterPlan>> {
  const profile = await getSetting<SchoolProfile>(ctx.db, SETTING.schoolProfile);
  const stages = profile?.stages ?? [];
  const today = ctx.now.toISOString().slice(0, 10);
  const known = await loadKnown(ctx.db);
  const byId = new Map(known.map((k) => [k.fields.idNumber, k]));
  const byNo = new Map(known.filter((k) => k.fields.studentNo).map((k) => [k.fields.studentNo, k]));
  const byNameBirth = new Map(known.map((k) => [`${k.fields.name}|${k.fields.birthDate}`, k]));
  const seenId = new Map<string, number>();
  const seenNo = new Map<string, number>();
  const matched = new Set<number>();
  const rows: ImportPreviewView['rows'] = [];
  const creates: RosterPlan['creates'] = [];
  const updates: RosterPlan['updates'] = [];

  const onRow = (raw: SheetRow, map: Mapping) => {
    const get = (f: string): unknown => (map[f] ? raw.cells[map[f]] : undefined);
    const nameCell = String(get('name') ?? '').trim();
    const base = { rowNumber: raw.rowNumber, name: nameCell.slice(0, 30), idMasked: '', changes: [] as string[], warnings: [] as string[] };
    const reject = (reason: string) => rows.push({ ...base, status: 'rejected', reason });
    const check = readRosterRow(get, stages, ctx.now);
    if (!check.ok) return reject(check.errors.join('；'));
    const r = check.row;
    base.idMasked = maskIdNumber(r.idNumber ?? '');
    base.warnings = [...r.warnings];
    // Duplicates within the file: the later row is the one reported.
    const earlier = (r.idNumber && seenId.get(r.idNumber)) || (r.studentNo && seenNo.get(r.studentNo));
    if (earlier) return reject(`与第 ${earlier} 行是同一名学生（身份证件号或全国学籍号相同）`);
    if (r.idNumber) seenId.set(r.idNumber, raw.rowNumber);
    if (r.studentNo) seenNo.set(r.studentNo, raw.rowNumber);

    const a = r.idNumber ? byId.get(r.idNumber) : undefined;
    const b = r.studentNo ? byNo.get(r.studentNo) : undefined;
    if (a && b && a.id !== b.id)
      return reject(
        `身份证件号属于档案中的 ${a.fields.name}（${a.className}），全国学籍号却属于 ${b.fields.name}（${b.className}），请核对`,
      );
    const k = a ?? b;
    if (r.birthDate) {
      const problem = stageAgeProblem(r.birthDate, r.stage, today);
      if (problem) return reject(problem);
    }
    if (!k) {
      if (!r.idNumber) return reject('没有身份证件号，且全国学籍号与在校学生都不匹配：仅有学籍号的学生请手工建档');
      const twin = byNameBirth.get(`${r.name}|${r.birthDate}`);
      if (twin)
        return reject(
          `与档案中的 ${twin.fields.name}（${twin.className}）同名、同出生日期，但身份证件号和全国学籍号都不同：请人工核对是否为同一人（是同一人则先在档案中更正证件号）`,
        );
      const categories = r.proposed;
      if (categories.length) base.warnings.push(`按学籍系统标记登记困境类别：${categories.map((c) => CATEGORY_LABELS[c]).join('、')}`);
      rows.push({ ...base, status: 'new', reason: '', changes: [`新建档案：${r.className}`] });
      creates.push({
        rowNumber: raw.rowNumber,
        student: {
          name: r.name,
          idNumber: r.idNumber,
          studentNo: r.studentNo ?? undefined,
          ethnicity: r.ethnicity,
          stage: r.stage,
          grade: r.grade,
          className: r.className,
          boarding: r.boarding ?? false,
          leftBehind: r.leftBehind ?? 'none',
          householdAddress: r.householdAddress,
          currentAddress: r.currentAddress,
          disabilityType: r.disabilityType,
          categories,
          riskFactors: [],
          guardians: r.guardians ?? [],
        },
      });
      return;
    }
    matched.add(k.id);
    if (k.status !== 'active')
      return reject(
        `档案中该生${STUDENT_STATUS_LABELS[k.status]}${k.leftAt ? `（${formatDateZh(k.leftAt)}）` : ''}：如已返校，请先在学生档案中办理转入`,
      );
    const after = merged(k.fields, r);
    // The office decides categories; where the registry's flags disagree, the preview shows both.
    const notRecorded = r.proposed.filter((c) => !k.fields.categories.includes(c));
    if (notRecorded.length)
      base.warnings.push(
        `学籍系统标记为${notRecorded.map((c) => CATEGORY_LABELS[c]).join('、')}，档案未登记（档案：${displayValue('categories', k.fields.categories.join(','))}）：请核对后在学生档案中修改`,
      );
    const diff = diffStudent(k.fields, after);
    if (!diff.length) return rows.push({ ...base, status: 'unchanged', reason: '' });
    rows.push({
      ...base,
      status: 'update',
      reason: '',
      changes: diff.map((c) => `${fieldLabel(c.field)}：${displayValue(c.field, c.from)} → ${displayValue(c.field, c.to)}`),
      fieldChanges: diff.map((c) => ({ field: c.field, from: displayValue(c.field, c.from), to: displayValue(c.field, c.to) })),
    });
    updates.push({ rowNumber: raw.rowNumber, studentId: k.id, updatedAt: k.updatedAt, before: k.fields, after });
  };

  const read = await readSheet(file.bytes, {
    detectHeader: detectRosterHeader,
    headerHint: '含“姓名”“年级”“身份证件号”或“全国学籍号”等列的表头',
    mapping: file.mapping,
    onRow,
    signal: h?.signal,
    onProgress: (f, n) => h?.progress(f, `正在读取与核对：已处理 ${n} 行`),
  });
  const absent = ROSTER_REQUIRED.filter((f) => read.mapping[f] === undefined);
  if (absent.length) throw new AppError('VALIDATION', `缺少必需的列：${absent.map((f) => ROSTER_COLUMNS[f].label).join('、')}`);
  const missing = known
    .filter((k) => k.status === 'active' && !matched.has(k.id))
    .map((k) => ({ studentId: k.id, name: k.fields.name, className: k.className }))
    .sort(compareByClassThenName);
  const fileSha256 = crypto.createHash('sha256').update(file.bytes).digest('hex');
  const prior = (await ctx
    .db('import_batches')
    .where({ file_sha256: fileSha256, kind: 'roster' })
    .orderBy('id', 'desc')
    .first('imported_at')) as { imported_at: string } | undefined;
  const count = (s: string) => rows.filter((r) => r.status === s).length;
  const counts = {
    total: rows.length,
    new: count('new'),
    update: count('update'),
    unchanged: count('unchanged'),
    rejected: count('rejected'),
    missing: missing.length,
  };
  return {
    view: {
      kind: 'roster',
      fileName: file.fileName,
      headerRow: read.headerRow,
      headers: read.headers,
      fields: FIELDS,
      mapping: read.mapping,
      alreadyImportedAt: prior?.imported_at ?? null,
      rowLabel: '姓名',
      idLabel: '身份证件号',
      allOrNothing: false,
      counts,
      rows,
      missing,
    },
    plan: { fileName: file.fileName, fileSha256, creates, updates, counts },
  };
}

/** One transaction: new files, then updates with their history; nothing at all when the roster changes nothing. */
async function commit(
  ctx: ServiceContext,
  p: RosterPlan,
  signal: AbortSignal,
): Promise<{ counts: Record<string, number>; batchId: number | null }> {
  if (!p.creates.length && !p.updates.length) return { counts: p.counts, batchId: null };
  const at = ctx.now.toISOString();
  let batchId = 0;
  await ctx.db.transaction(async (trx) => {
    // A file edited by someone after the preview was made is not overwritten with what the preview saw.
    const ids = p.updates.map((u) => u.studentId);
    const current = new Map<number, string>();
    for (let i = 0; i < ids.length; i += 500) {
      for (const s of (await trx('students')
        .whereIn('id', ids.slice(i, i + 500))
        .select('id', 'updated_at')) as Array<{ id: number; updated_at: string }>)
        current.set(s.id, s.updated_at);
    }
    const stale = p.updates.find((u) => current.get(u.studentId) !== u.updatedAt);
    if (stale) throw new AppError('CONFLICT', `第 ${stale.rowNumber} 行的学生档案在预览之后被修改过，未写入任何数据；请重新预览后再导入`);
    const [bid] = await trx('import_batches').insert({
      kind: 'roster',
      file_name: p.fileName,
      file_sha256: p.fileSha256,
      imported_at: at,
      imported_by: ctx.user.id,
      rows: p.counts.total,
      matched: p.counts.update,
      created: p.counts.new,
      new_cases: 0,
      unchanged: p.counts.unchanged,
      rejected: p.counts.rejected,
    });
    batchId = Number(bid);
    const cancelled = () => {
      if (signal.aborted) throw new AppError('STATE', '已取消，未作任何改动');
    };
    // A student filed by a colleague after the preview: named, and nothing is written.
    const newIds = p.creates.map((c) => c.student.idNumber);
    for (let i = 0; i < newIds.length; i += 500) {
      const dup = (await trx('students')
        .whereIn('id_number', newIds.slice(i, i + 500))
        .first('id_number')) as { id_number: string } | undefined;
      if (dup) {
        const row = p.creates.find((c) => c.student.idNumber === dup.id_number)?.rowNumber;
        throw new AppError('CONFLICT', `第 ${row} 行：该学生在预览之后已被建档，未写入任何数据；请重新预览`);
      }
    }
    cancelled();
    await insertStudents(
      trx,
      p.creates.map((c) => c.student),
      at,
      ctx.user.id,
      signal,
    );
    const meta = {
      at,
      actorId: ctx.user.id,
      reason: `学籍名册导入：${p.fileName}`,
      source: 'roster' as const,
      batchId,
      since: at.slice(0, 10),
    };
    const collect = { changes: [] as Record<string, unknown>[], events: [] as Record<string, unknown>[] };
    for (const [i, u] of p.updates.entries()) {
      if (i % 500 === 0) cancelled();
      await applyStudentChanges(trx, u.studentId, u.before, u.after, meta, collect);
    }
    // The kept history and the timeline entries of every update, in batches.
    for (let i = 0; i < collect.changes.length; i += 200) await trx('student_changes').insert(collect.changes.slice(i, i + 200));
    for (let i = 0; i < collect.events.length; i += 200) await trx('care_events').insert(collect.events.slice(i, i + 200));
    await appendAudit(
      trx,
      actor(ctx),
      'roster.import',
      { type: 'import', id: batchId },
      { created: p.creates.length, updated: p.updates.length, unchanged: p.counts.unchanged, rejected: p.counts.rejected },
      ctx.now,
    );
  });
  return { counts: { ...p.counts, batchId }, batchId };
}

export const rosterImporter: Importer<RosterPlan> = { kind: 'roster', preview, commit };
