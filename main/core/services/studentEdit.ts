/**
 * Editing a student's file with its history (S2 一人一档): every changed field keeps its old value, who changed it,
 * when, why and from which source (a hand edit, a roster import batch, the school-year rollover). The same
 * `applyStudentChanges` serves the edit form and the roster import, so both keep history the same way.
 */
import type { Knex } from 'knex';
import { AppError } from '../../../shared/errors';
import type { StudentChange, StudentEdit } from '../../../shared/contract/schemas';
import type { In } from '../../../shared/contract/index';
import { labelForPath } from '../../../shared/contract/fieldLabels';
import {
  CATEGORY_LABELS,
  GENDER_LABELS,
  LEFT_BEHIND_LABELS,
  RISK_FACTOR_LABELS,
  STAGE_AGES,
  STAGE_LABELS,
  type Category,
  type Gender,
  type LeftBehind,
  type RiskFactor,
  type Stage,
} from '../../../shared/domain/enums';
import { checkIdNumber } from '../../../shared/domain/idNumber';
import { maskAddress, maskIdNumber, maskPhone, maskStudentNo } from '../../../shared/domain/masking';
import { ageOn, formatDateZh, todayIso } from '../../../shared/domain/dates';
import { STUDENT_STATUS_LABELS, type StudentStatus } from '../../../shared/domain/schoolYear';
import { EXIT_REASON_LABELS, ON_LIST_STATES, type CaseState, type ExitReason } from '../../../shared/domain/enums';
import { appendAudit } from './audit';
import { actor, type ServiceContext } from './context';
import { assertStudentVisible, type StudentRow } from './scope';
import { addEvent } from './timeline';

export interface GuardianFields {
  name: string;
  relation: string;
  phone: string;
  address: string;
  isGuardian: boolean;
}

/** Everything about a student that can change, as the store holds it (identifiers unmasked). */
export interface StudentFields {
  name: string;
  idNumber: string;
  gender: Gender;
  birthDate: string;
  studentNo: string;
  ethnicity: string;
  stage: Stage;
  grade: string;
  className: string;
  boarding: boolean;
  leftBehind: LeftBehind;
  householdAddress: string;
  currentAddress: string;
  disabilityType: string;
  categories: Category[];
  riskFactors: RiskFactor[];
  guardians: GuardianFields[];
}
export type FieldName = keyof StudentFields;

/** Fields whose change must say why: who the child is. */
export const IDENTITY_FIELDS: readonly FieldName[] = ['name', 'idNumber', 'studentNo', 'birthDate'];
const SCALAR_COLUMNS: Partial<Record<FieldName, string>> = {
  name: 'name',
  idNumber: 'id_number',
  gender: 'gender',
  birthDate: 'birth_date',
  studentNo: 'student_no',
  ethnicity: 'ethnicity',
  stage: 'stage',
  grade: 'grade',
  className: 'class_name',
  boarding: 'boarding',
  leftBehind: 'left_behind',
  householdAddress: 'household_address',
  currentAddress: 'current_address',
  disabilityType: 'disability_type',
};
const FIELD_ORDER = Object.keys(SCALAR_COLUMNS).concat(['categories', 'riskFactors', 'guardians']) as FieldName[];

export interface FieldChange {
  field: FieldName;
  /** As stored in the history (codes, joined lists, guardians as JSON); shown through `displayValue`. */
  from: string;
  to: string;
}

function stored(field: FieldName, v: StudentFields[FieldName]): string {
  if (field === 'boarding') return v ? '1' : '0';
  if (field === 'categories' || field === 'riskFactors') return [...(v as string[])].sort().join(',');
  if (field === 'guardians') return JSON.stringify(v);
  return String(v ?? '');
}

/** The changes from one state of a file to the next, in form order. */
export function diffStudent(before: StudentFields, after: StudentFields): FieldChange[] {
  return FIELD_ORDER.flatMap((field) => {
    const from = stored(field, before[field]);
    const to = stored(field, after[field]);
    return from === to ? [] : [{ field, from, to }];
  });
}

function guardiansText(json: string): string {
  if (!json) return '';
  const list = JSON.parse(json) as GuardianFields[];
  if (!list.length) return '（无）';
  return list
    .map(
      (g) =>
        `${g.name}（${g.relation}${g.isGuardian ? '，监护人' : ''}）${g.phone ? ` ${maskPhone(g.phone)}` : ''}${g.address ? ` ${maskAddress(g.address)}` : ''}`,
    )
    .join('；');
}

/** A stored value as the office reads it: labels for codes, identifiers, phones and addresses masked (G3). */
export function displayValue(field: string, v: string): string {
  const list = <K extends string>(labels: Record<K, string>) =>
    v
      ? v
          .split(',')
          .map((c) => labels[c as K] ?? c)
          .join('、')
      : '（无）';
  switch (field) {
    case 'idNumber':
      return maskIdNumber(v);
    case 'studentNo':
      return v ? maskStudentNo(v) : '（无）';
    case 'householdAddress':
    case 'currentAddress':
      return maskAddress(v);
    case 'birthDate':
      return v ? formatDateZh(v) : '';
    case 'gender':
      return GENDER_LABELS[v as Gender] ?? v;
    case 'stage':
      return STAGE_LABELS[v as Stage] ?? v;
    case 'leftBehind':
      return LEFT_BEHIND_LABELS[v as LeftBehind] ?? v;
    case 'boarding':
      return v === '1' ? '寄宿' : '走读';
    case 'categories':
      return list(CATEGORY_LABELS);
    case 'riskFactors':
      return list(RISK_FACTOR_LABELS);
    case 'guardians':
      return guardiansText(v);
    case 'status':
      return STUDENT_STATUS_LABELS[v as StudentStatus] ?? v;
    default:
      return v;
  }
}

export function fieldLabel(field: string): string {
  return field === 'status' ? '在校状态' : labelForPath([field]);
}

export async function loadStudentFields(db: Knex | Knex.Transaction, s: StudentRow): Promise<StudentFields> {
  const [cats, risks, guardians] = await Promise.all([
    db('student_categories').where({ student_id: s.id }).pluck('category') as Promise<Category[]>,
    db('student_risk_factors').where({ student_id: s.id }).pluck('factor') as Promise<RiskFactor[]>,
    db('guardians').where({ student_id: s.id }).orderBy('id').select('name', 'relation', 'phone', 'address', 'is_guardian') as Promise<
      Array<{ name: string; relation: string; phone: string; address: string; is_guardian: number }>
    >,
  ]);
  return fieldsOf(
    s,
    cats,
    risks,
    guardians.map((g) => ({ name: g.name, relation: g.relation, phone: g.phone, address: g.address, isGuardian: !!g.is_guardian })),
  );
}

/** A student row and its sets as the editable fields (the edit form and the roster import read files the same way). */
export function fieldsOf(s: StudentRow, categories: Category[], riskFactors: RiskFactor[], guardians: GuardianFields[]): StudentFields {
  return {
    name: s.name,
    idNumber: s.id_number,
    gender: s.gender,
    birthDate: s.birth_date,
    studentNo: s.student_no ?? '',
    ethnicity: s.ethnicity,
    stage: s.stage,
    grade: s.grade,
    className: s.class_name,
    boarding: !!s.boarding,
    leftBehind: s.left_behind,
    householdAddress: s.household_address,
    currentAddress: s.current_address,
    disabilityType: s.disability_type,
    categories,
    riskFactors,
    guardians,
  };
}

/** A birth date impossible for the stage is an error in the ID number (or the stage), never silently kept. */
export function stageAgeProblem(birthDate: string, stage: Stage, today: string): string | null {
  const age = ageOn(birthDate, today);
  const range = STAGE_AGES[stage];
  if (age >= range.min && age <= range.max) return null;
  return `出生日期 ${formatDateZh(birthDate)}（${age} 岁）与学段“${STAGE_LABELS[stage]}”不符，请核对身份证号或学段`;
}

/**
 * The identity checks intake and editing share: the ID number (a 15-digit one only once its 18-digit form is
 * confirmed), the age for the stage, and the duplicate checks against every other student.
 */
export async function checkIdentity(
  ctx: ServiceContext,
  s: { name: string; idNumber: string; stage: Stage; studentNo: string; confirmConvertedId?: string; notDuplicate: boolean },
  selfId: number | null,
): Promise<{ idNumber: string; gender: Gender; birthDate: string }> {
  const checked = checkIdNumber(s.idNumber);
  if (!checked.ok) throw new AppError('VALIDATION', checked.reason, [{ path: 'idNumber', message: checked.reason }]);
  if (checked.converted15 && s.confirmConvertedId !== checked.value) {
    throw new AppError('VALIDATION', `这是 15 位旧身份证号，将转换为 18 位：${checked.value}。请与户口簿等核对，确认后再保存`, [
      { path: 'idNumber', message: `15 位旧号码，转换后为 ${checked.value}` },
      { path: 'confirmConvertedId', message: checked.value },
    ]);
  }
  const problem = stageAgeProblem(checked.birthDate, s.stage, todayIso(ctx.now));
  if (problem) throw new AppError('VALIDATION', problem, [{ path: 'idNumber', message: problem }]);
  const others = (q: Knex.QueryBuilder) => (selfId === null ? q : q.whereNot('id', selfId));
  const dup = (await others(ctx.db('students').where({ id_number: checked.value })).first('id', 'name', 'class_name')) as
    | { id: number; name: string; class_name: string }
    | undefined;
  if (dup) {
    throw new AppError('CONFLICT', `该身份证号的学生已建档：${dup.name}（${dup.class_name}），请打开已有档案`, [
      { path: 'idNumber', message: `已建档：${dup.name}（${dup.class_name}）`, ref: dup.id },
    ]);
  }
  if (!s.notDuplicate) {
    const twin = (await others(ctx.db('students').where({ name: s.name, birth_date: checked.birthDate })).first('id', 'class_name')) as
      | { id: number; class_name: string }
      | undefined;
    if (twin) {
      throw new AppError(
        'CONFLICT',
        `疑似重复：已有同名、同出生日期的学生（${twin.class_name}），身份证号不同。若是同一人请打开已有档案；确认不是同一人后可勾选“确认不是同一名学生”再保存`,
        [{ path: 'notDuplicate', message: `已有同名同出生日期的学生（${twin.class_name}）`, ref: twin.id }],
      );
    }
  }
  if (s.studentNo) {
    const dupNo = await others(ctx.db('students').where({ student_no: s.studentNo })).first('id');
    if (dupNo) throw new AppError('CONFLICT', '该学籍号已被其他学生使用', [{ path: 'studentNo', message: '学籍号已被使用' }]);
  }
  return { idNumber: checked.value, gender: checked.gender, birthDate: checked.birthDate };
}

export interface ChangeMeta {
  at: string;
  actorId: number | null;
  reason: string;
  source: StudentChange['source'];
  batchId: number | null;
  /** The day from which changed categories and risk factors hold. */
  since: string;
}

/** Writes the new state of a file and keeps each change. The caller has validated `after` and holds the transaction. */
export async function applyStudentChanges(
  trx: Knex.Transaction,
  studentId: number,
  before: StudentFields,
  after: StudentFields,
  meta: ChangeMeta,
  /** When given (a bulk import), the history and timeline rows are collected here and written by the caller in bulk. */
  collect?: { changes: Record<string, unknown>[]; events: Record<string, unknown>[] },
): Promise<FieldChange[]> {
  const changes = diffStudent(before, after);
  if (!changes.length) return changes;
  const row: Record<string, unknown> = { updated_at: meta.at };
  for (const c of changes) {
    const column = SCALAR_COLUMNS[c.field];
    if (!column) continue;
    const v = after[c.field];
    row[column] = c.field === 'boarding' ? (v ? 1 : 0) : c.field === 'studentNo' ? (v as string) || null : v;
  }
  await trx('students').where({ id: studentId }).update(row);
  const touched = new Set(changes.map((c) => c.field));
  if (touched.has('categories'))
    await replaceSet(trx, 'student_categories', 'category', studentId, before.categories, after.categories, meta.since);
  if (touched.has('riskFactors'))
    await replaceSet(trx, 'student_risk_factors', 'factor', studentId, before.riskFactors, after.riskFactors, meta.since);
  if (touched.has('guardians')) {
    await trx('guardians').where({ student_id: studentId }).delete();
    if (after.guardians.length)
      await trx('guardians').insert(
        after.guardians.map((g) => ({
          student_id: studentId,
          name: g.name,
          relation: g.relation,
          phone: g.phone,
          address: g.address,
          is_guardian: g.isGuardian ? 1 : 0,
        })),
      );
  }
  const history = changes.map((c) => ({
    student_id: studentId,
    at: meta.at,
    actor_id: meta.actorId,
    field: c.field,
    from_value: c.from,
    to_value: c.to,
    reason: meta.reason,
    effective_from: c.field === 'categories' || c.field === 'riskFactors' ? meta.since : null,
    source: meta.source,
    batch_id: meta.batchId,
  }));
  const event = {
    student_id: studentId,
    case_id: null,
    at: meta.at,
    kind: 'change',
    title: `修改档案：${changes.map((c) => fieldLabel(c.field)).join('、')}`,
    detail: meta.reason,
    actor_id: meta.actorId,
  };
  if (collect) {
    collect.changes.push(...history);
    collect.events.push(event);
  } else {
    await trx('student_changes').insert(history);
    await trx('care_events').insert(event);
  }
  return changes;
}

/** Adds and removes members of a category or risk-factor set; kept members keep the day they have held from. */
async function replaceSet(
  trx: Knex.Transaction,
  table: string,
  column: string,
  studentId: number,
  before: string[],
  after: string[],
  since: string,
) {
  const gone = before.filter((x) => !after.includes(x));
  const added = [...new Set(after.filter((x) => !before.includes(x)))];
  if (gone.length) await trx(table).where({ student_id: studentId }).whereIn(column, gone).delete();
  if (added.length) await trx(table).insert(added.map((x) => ({ student_id: studentId, [column]: x, since })));
}

export async function updateStudent(ctx: ServiceContext, input: In<'students.update'>): Promise<{ changed: string[] }> {
  const row = await assertStudentVisible(ctx, input.id);
  assertInSchool(row);
  const before = await loadStudentFields(ctx.db, row);
  const set: StudentEdit = input.set;
  const after: StudentFields = {
    ...before,
    ...Object.fromEntries(Object.entries(set).filter(([, v]) => v !== undefined)),
    studentNo: set.studentNo === undefined ? before.studentNo : set.studentNo,
    guardians: set.guardians
      ? set.guardians.map((g) => ({
          name: g.name,
          relation: g.relation,
          phone: g.phone ?? '',
          address: g.address ?? '',
          isGuardian: g.isGuardian,
        }))
      : before.guardians,
  };
  const identityTouched = after.idNumber !== before.idNumber || after.name !== before.name || after.stage !== before.stage;
  if (identityTouched || after.studentNo !== before.studentNo) {
    const id = await checkIdentity(
      ctx,
      {
        name: after.name,
        idNumber: after.idNumber,
        stage: after.stage,
        studentNo: after.studentNo !== before.studentNo ? after.studentNo : '',
        confirmConvertedId: input.confirmConvertedId,
        // Renaming a child does not make them a new person: the twin check runs only when name or ID changes.
        notDuplicate: input.notDuplicate || (after.name === before.name && after.idNumber === before.idNumber),
      },
      input.id,
    );
    Object.assign(after, id);
  }
  const changes = diffStudent(before, after);
  if (!changes.length) return { changed: [] };
  const needsReason = changes.filter((c) => IDENTITY_FIELDS.includes(c.field));
  if (needsReason.length && !input.reason) {
    const message = `修改${needsReason.map((c) => fieldLabel(c.field)).join('、')}须写明原因（如：户口簿更正、学籍系统核对）`;
    throw new AppError('VALIDATION', message, [{ path: 'reason', message }]);
  }
  const since = input.since ?? todayIso(ctx.now);
  await ctx.db.transaction(async (trx) => {
    await applyStudentChanges(trx, input.id, before, after, {
      at: ctx.now.toISOString(),
      actorId: ctx.user.id,
      reason: input.reason,
      source: 'edit',
      batchId: null,
      since,
    });
    // The audit names the fields, never the values: the log is read more widely than the file.
    await appendAudit(
      trx,
      actor(ctx),
      'student.update',
      { type: 'student', id: input.id },
      { fields: changes.map((c) => c.field) },
      ctx.now,
    );
  });
  return { changed: changes.map((c) => fieldLabel(c.field)) };
}

/** A file's kept changes, newest first, masked for display; not audited (the caller decides: a view or a print). */
export async function historyOf(ctx: ServiceContext, studentId: number): Promise<StudentChange[]> {
  const rows = (await ctx
    .db('student_changes as c')
    .leftJoin('accounts as a', 'a.id', 'c.actor_id')
    .where('c.student_id', studentId)
    .orderBy('c.id', 'desc')
    .select('c.*', 'a.display_name')) as Array<{
    id: number;
    at: string;
    field: string;
    from_value: string;
    to_value: string;
    reason: string;
    effective_from: string | null;
    source: StudentChange['source'];
    display_name: string | null;
  }>;
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    field: r.field,
    fieldLabel: fieldLabel(r.field),
    from: displayValue(r.field, r.from_value),
    to: displayValue(r.field, r.to_value),
    reason: r.reason,
    effectiveFrom: r.effective_from,
    source: r.source,
    actorName: r.display_name ?? '系统',
  }));
}

export async function studentHistory(ctx: ServiceContext, studentId: number): Promise<StudentChange[]> {
  await assertStudentVisible(ctx, studentId);
  const rows = await historyOf(ctx, studentId);
  await appendAudit(ctx.db, actor(ctx), 'student.history', { type: 'student', id: studentId }, {}, ctx.now);
  return rows;
}

/** A student who has left keeps a read-only file: it is changed again only by a transfer back in. */
export function assertInSchool(row: StudentRow): void {
  if (row.status !== 'active') {
    const when = row.left_at ? `（${formatDateZh(row.left_at)}）` : '';
    throw new AppError('STATE', `该生${STUDENT_STATUS_LABELS[row.status]}${when}，档案只读；如已返校请先办理转入`);
  }
}

/**
 * Puts a leaving student's key-care cases on the next review meeting's agenda as exits (I2: exits are decided by
 * the collective review, not by the roster). Cases with an exit already requested keep theirs.
 */
export async function requestExitsOnLeaving(
  trx: Knex.Transaction,
  studentIds: number[],
  reason: ExitReason,
  at: string,
  actorId: number | null,
): Promise<Array<{ caseId: number; studentId: number }>> {
  const found: Array<{ caseId: number; studentId: number }> = [];
  for (let i = 0; i < studentIds.length; i += 500) {
    const cases = (await trx('cases')
      .whereIn('student_id', studentIds.slice(i, i + 500))
      .whereIn('state', ON_LIST_STATES as CaseState[])
      .whereNull('exit_requested_reason')
      .select('id', 'student_id')) as Array<{ id: number; student_id: number }>;
    for (const c of cases) found.push({ caseId: c.id, studentId: c.student_id });
  }
  for (let i = 0; i < found.length; i += 500) {
    const chunk = found.slice(i, i + 500);
    await trx('cases')
      .whereIn(
        'id',
        chunk.map((c) => c.caseId),
      )
      .update({ exit_requested_reason: reason, exit_requested_at: at });
    await trx('care_events').insert(
      chunk.map((c) => ({
        student_id: c.studentId,
        case_id: c.caseId,
        at,
        kind: 'note',
        title: `提出退出申请：${EXIT_REASON_LABELS[reason]}`,
        detail: '待集体评议决定',
        actor_id: actorId,
      })),
    );
  }
  return found;
}

export async function transferStudent(ctx: ServiceContext, input: In<'students.transfer'>): Promise<void> {
  const row = await assertStudentVisible(ctx, input.id);
  const at = ctx.now.toISOString();
  const out = input.direction === 'out';
  if (out) assertInSchool(row);
  else if (row.status === 'active') throw new AppError('STATE', '该生在校，无需办理转入');
  if (input.date > todayIso(ctx.now)) {
    const message = '日期不能晚于今天';
    throw new AppError('VALIDATION', message, [{ path: 'date', message }]);
  }
  const status: StudentStatus = out ? 'transferred' : 'active';
  const where = input.school ? `${out ? '转至' : '转自'}${input.school}` : '';
  await ctx.db.transaction(async (trx) => {
    const update: Record<string, unknown> = {
      status,
      left_at: out ? input.date : null,
      left_reason: out ? [where, input.reason].filter(Boolean).join('；') : '',
      updated_at: at,
    };
    const changes: Array<{ field: string; from: string; to: string }> = [{ field: 'status', from: row.status, to: status }];
    if (!out && input.className && input.className !== row.class_name) {
      update.class_name = input.className;
      changes.push({ field: 'className', from: row.class_name, to: input.className });
    }
    await trx('students').where({ id: row.id }).update(update);
    await trx('student_changes').insert(
      changes.map((c) => ({
        student_id: row.id,
        at,
        actor_id: ctx.user.id,
        field: c.field,
        from_value: c.from,
        to_value: c.to,
        reason: [where, input.reason].filter(Boolean).join('；'),
        effective_from: input.date,
        source: 'edit',
      })),
    );
    await addEvent(trx, {
      studentId: row.id,
      at,
      kind: 'change',
      title: `${out ? '转出' : '转入'}（${formatDateZh(input.date)}）${where ? `：${where}` : ''}`,
      detail: input.reason,
      actorId: ctx.user.id,
    });
    if (out) await requestExitsOnLeaving(trx, [row.id], 'transferred', at, ctx.user.id);
    await appendAudit(trx, actor(ctx), out ? 'student.transferOut' : 'student.transferIn', { type: 'student', id: row.id }, {}, ctx.now);
  });
}
