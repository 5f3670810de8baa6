/**
 * Students (一人一档): intake, the masked list, the audited detail view and the audited reveal of identifiers.
 * Role scoping lives here, not in the UI: a head teacher sees only their classes, a tutor only the students
 * they are responsible for.
 */
import type { Knex } from 'knex';
import { AppError } from '../../../shared/errors';
import type { Category, CaseState, RiskFactor } from '../../../shared/domain/enums';
import { checkIdNumber } from '../../../shared/domain/idNumber';
import { maskAddress, maskIdNumber, maskPhone, maskStudentNo } from '../../../shared/domain/masking';
import { todayIso } from '../../../shared/domain/dates';
import { ON_LIST_STATES } from '../../../shared/domain/enums';
import { compareClasses, compareNames } from '../../../shared/domain/ordering';
import type { In } from '../../../shared/contract/index';
import type { StudentDetail, StudentListRow } from '../../../shared/contract/schemas';
import type { studentsContract } from '../../../shared/contract/students';
import type { SchoolProfile } from '../../../shared/contract/schemas';
import { renderCaseFilePdf } from '../io/caseFilePdf';
import { rawConnectionOf } from '../store/db';
import { appendAudit } from './audit';
import { actor, asFile, type Handlers, OK, type ServiceContext } from './context';
import { casesOfStudent } from './caseViews';
import { assertStudentVisible, onListNow, scopeStudents, type StudentRow } from './scope';
import { getSetting, SETTING } from './settings';
import { timelineOf } from './timeline';
import { screening } from './screening';
import { archiveStudents } from './retention';
import { checkIdentity, historyOf, studentHistory, transferStudent, updateStudent } from './studentEdit';
import { studentServices } from './careRecords';

/** A student as the services insert one (intake, the aid-list import, the seed). */
export type NewStudent = Omit<In<'students.create'>, 'notDuplicate'>;

export async function insertStudent(trx: Knex.Transaction, s: NewStudent, at: string, actorId: number | null): Promise<number> {
  // One way to write a new file, for one student (intake, the seed) or thirty thousand (the imports).
  const [id] = await insertStudents(trx, [s], at, actorId);
  return id;
}

/**
 * Many new files at once (the roster and 免申即享 imports): the same rows as insertStudent, through prepared
 * statements on the transaction's own connection — 30,000 students in about a second instead of building 120,000
 * query objects. Each ID number is checked again here; a bad one aborts the caller's transaction.
 */
export async function insertStudents(
  trx: Knex.Transaction,
  list: Iterable<NewStudent>,
  at: string,
  actorId: number | null,
  signal?: AbortSignal,
): Promise<number[]> {
  const conn = await rawConnectionOf(trx);
  const addStudent = conn.prepare(`INSERT INTO students (name, gender, birth_date, id_number, student_no, ethnicity, stage, grade,
    class_name, boarding, left_behind, household_address, current_address, disability_type, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const addGuardian = conn.prepare(
    'INSERT INTO guardians (student_id, name, relation, phone, address, is_guardian) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const addCategory = conn.prepare('INSERT OR IGNORE INTO student_categories (student_id, category, since) VALUES (?, ?, ?)');
  const addRisk = conn.prepare('INSERT OR IGNORE INTO student_risk_factors (student_id, factor, since) VALUES (?, ?, ?)');
  const addRegistered = conn.prepare(
    "INSERT INTO care_events (student_id, case_id, at, kind, title, detail, actor_id) VALUES (?, NULL, ?, 'registered', '建立学生档案', '', ?)",
  );
  const day = at.slice(0, 10);
  const ids: number[] = [];
  for (const s of list) {
    if (ids.length % 1000 === 0 && signal?.aborted) throw new AppError('STATE', '已取消，未作任何改动');
    const id = checkIdNumber(s.idNumber);
    if (!id.ok) throw new AppError('VALIDATION', `${s.name}：${id.reason}`, [{ path: 'idNumber', message: id.reason }]);
    const r = addStudent.run(
      s.name,
      id.gender,
      id.birthDate,
      id.value,
      s.studentNo || null,
      s.ethnicity ?? '',
      s.stage,
      s.grade,
      s.className,
      s.boarding ? 1 : 0,
      s.leftBehind,
      s.householdAddress ?? '',
      s.currentAddress ?? '',
      s.disabilityType ?? '',
      at,
      at,
    ) as { lastInsertRowid: number | bigint };
    const studentId = Number(r.lastInsertRowid);
    for (const g of s.guardians) addGuardian.run(studentId, g.name, g.relation, g.phone ?? '', g.address ?? '', g.isGuardian ? 1 : 0);
    for (const c of s.categories) addCategory.run(studentId, c, day);
    for (const f of s.riskFactors) addRisk.run(studentId, f, day);
    addRegistered.run(studentId, at, actorId);
    ids.push(studentId);
  }
  return ids;
}

export async function createStudent(ctx: ServiceContext, input: In<'students.create'>): Promise<{ id: number }> {
  const checked = await checkIdentity(
    ctx,
    {
      name: input.name,
      idNumber: input.idNumber,
      stage: input.stage,
      studentNo: input.studentNo ?? '',
      confirmConvertedId: input.confirmConvertedId,
      notDuplicate: input.notDuplicate,
    },
    null,
  );
  const s = { ...input, idNumber: checked.idNumber };
  let id = 0;
  await ctx.db.transaction(async (trx) => {
    id = await insertStudent(trx, s, ctx.now.toISOString(), ctx.user.id);
    await appendAudit(trx, actor(ctx), 'student.create', { type: 'student', id }, {}, ctx.now);
  });
  return { id };
}

/** The newest case per student, for the list's state column. */
function latestCaseState(db: Knex) {
  return db('cases as c2').select('c2.state').whereRaw('c2.student_id = s.id').orderBy('c2.id', 'desc').limit(1);
}

/**
 * The ids on the requested page, in the office's order. SQLite compares text by code point (张 before 李,
 * 七(10) before 七(2), 九 before 八), so name and class orders are sorted here over the filtered ids and names
 * only: about 0.1 s for a whole school of 20,000 (test/bench/foundation.ts), 7 ms for one class.
 */
async function studentPageIds(base: () => Knex.QueryBuilder, f: In<'students.list'>): Promise<number[]> {
  const from = (f.page - 1) * f.pageSize;
  if (f.sort === 'createdAt')
    return ((await base().select('s.id').orderBy('s.id', 'desc').limit(f.pageSize).offset(from)) as Array<{ id: number }>).map((r) => r.id);
  const all = (await base().select('s.id', 's.name', 's.class_name')) as Array<{ id: number; name: string; class_name: string }>;
  const byName = (a: (typeof all)[number], b: (typeof all)[number]) => compareNames(a.name, b.name) || a.id - b.id;
  all.sort(f.sort === 'name' ? byName : (a, b) => compareClasses(a.class_name, b.class_name) || byName(a, b));
  return all.slice(from, from + f.pageSize).map((r) => r.id);
}

export async function listStudents(
  ctx: ServiceContext,
  f: In<'students.list'>,
): Promise<{ rows: StudentListRow[]; total: number; classes: string[] }> {
  const base = () => {
    const q = scopeStudents(ctx, ctx.db('students as s'));
    if (f.q) {
      const like = `%${f.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      q.where((w) =>
        w
          .whereRaw("s.name LIKE ? ESCAPE '\\'", [like])
          .orWhere('s.student_no', f.q.toUpperCase())
          .orWhere('s.id_number', f.q.toUpperCase()),
      );
    }
    if (f.className) q.where('s.class_name', f.className);
    if (f.category) q.whereExists(ctx.db('student_categories as sc').whereRaw('sc.student_id = s.id').where('sc.category', f.category));
    if (f.onListOnly) q.whereExists(onListNow(ctx.db));
    if (f.multipleOnly)
      q.whereIn('s.id', ctx.db('student_risk_factors').select('student_id').groupBy('student_id').havingRaw('count(*) >= 2'));
    if (f.status === 'active') q.where('s.status', 'active');
    else if (f.status === 'left') q.whereNot('s.status', 'active');
    return q;
  };
  const [{ n }] = (await base().count({ n: '*' })) as Array<{ n: number }>;
  const pageIds = await studentPageIds(base, f);
  const byId = new Map(
    (
      (await ctx
        .db('students as s')
        .whereIn('s.id', pageIds)
        .select(
          's.id',
          's.name',
          's.gender',
          's.id_number',
          's.stage',
          's.grade',
          's.class_name',
          's.status',
          latestCaseState(ctx.db).as('case_state'),
        )) as Array<StudentRow & { case_state: CaseState | null }>
    ).map((r) => [r.id, r]),
  );
  const rows = pageIds.flatMap((id) => byId.get(id) ?? []);
  const ids = rows.map((r) => r.id);
  const cats = ids.length
    ? ((await ctx.db('student_categories').whereIn('student_id', ids).select('student_id', 'category')) as Array<{
        student_id: number;
        category: Category;
      }>)
    : [];
  const risks = ids.length
    ? ((await ctx.db('student_risk_factors').whereIn('student_id', ids).select('student_id', 'factor')) as Array<{
        student_id: number;
        factor: RiskFactor;
      }>)
    : [];
  // The same definition of "on the list" as every other screen (onListNow): any case in a listed state.
  const onList = new Set(
    ids.length
      ? ((await ctx
          .db('cases')
          .whereIn('student_id', ids)
          .whereIn('state', ON_LIST_STATES as CaseState[])
          .pluck('student_id')) as number[])
      : [],
  );
  const classes = (await scopeStudents(ctx, ctx.db('students as s')).distinct('s.class_name')) as Array<{
    class_name: string;
  }>;
  return {
    total: Number(n),
    classes: classes.map((c) => c.class_name).sort(compareClasses),
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      gender: r.gender,
      idNumberMasked: maskIdNumber(r.id_number),
      stage: r.stage,
      grade: r.grade,
      className: r.class_name,
      categories: cats.filter((c) => c.student_id === r.id).map((c) => c.category),
      riskFactors: risks.filter((f) => f.student_id === r.id).map((f) => f.factor),
      multipleFactors: risks.filter((f) => f.student_id === r.id).length >= 2,
      onKeyCareList: onList.has(r.id),
      status: r.status,
      caseState: r.case_state,
    })),
  };
}

/** Reads one student's whole file. Not audited here: callers decide whether this is a view or a print. */
export async function loadStudentDetail(ctx: ServiceContext, id: number): Promise<StudentDetail> {
  const s = await assertStudentVisible(ctx, id);
  const guardians = (await ctx.db('guardians').where({ student_id: id }).orderBy('id')) as Array<{
    name: string;
    relation: string;
    phone: string;
    address: string;
    is_guardian: number;
  }>;
  const cats = (await ctx.db('student_categories').where({ student_id: id }).pluck('category')) as Category[];
  const risks = (await ctx.db('student_risk_factors').where({ student_id: id }).pluck('factor')) as RiskFactor[];
  return {
    id: s.id,
    name: s.name,
    gender: s.gender,
    birthDate: s.birth_date,
    idNumberMasked: maskIdNumber(s.id_number),
    studentNoMasked: maskStudentNo(s.student_no),
    ethnicity: s.ethnicity,
    stage: s.stage,
    grade: s.grade,
    className: s.class_name,
    boarding: !!s.boarding,
    leftBehind: s.left_behind,
    householdAddressMasked: maskAddress(s.household_address),
    currentAddressMasked: maskAddress(s.current_address),
    disabilityType: s.disability_type,
    status: s.status,
    leftAt: s.left_at,
    leftReason: s.left_reason,
    categories: cats,
    riskFactors: risks,
    guardians: guardians.map((g) => ({
      name: g.name,
      relation: g.relation,
      phoneMasked: maskPhone(g.phone),
      addressMasked: maskAddress(g.address),
      isGuardian: !!g.is_guardian,
    })),
    cases: await casesOfStudent(ctx.db, id),
    timeline: await timelineOf(ctx.db, id),
  };
}

export async function viewStudent(ctx: ServiceContext, id: number): Promise<StudentDetail> {
  const detail = await loadStudentDetail(ctx, id);
  await appendAudit(ctx.db, actor(ctx), 'student.view', { type: 'student', id }, {}, ctx.now);
  return detail;
}

export async function revealStudent(ctx: ServiceContext, id: number) {
  const s = await assertStudentVisible(ctx, id);
  const guardians = (await ctx.db('guardians').where({ student_id: id }).orderBy('id')) as Array<{
    name: string;
    phone: string;
    address: string;
  }>;
  await appendAudit(
    ctx.db,
    actor(ctx),
    'student.reveal',
    { type: 'student', id },
    { fields: ['idNumber', 'studentNo', 'addresses', 'phones'] },
    ctx.now,
  );
  return {
    idNumber: s.id_number,
    studentNo: s.student_no ?? '',
    householdAddress: s.household_address,
    currentAddress: s.current_address,
    guardians: guardians.map((g) => ({ name: g.name, phone: g.phone, address: g.address })),
  };
}

export async function printCaseFile(ctx: ServiceContext, studentId: number): Promise<{ fileName: string; pdf: Buffer }> {
  const student = await loadStudentDetail(ctx, studentId);
  const profile = await getSetting<SchoolProfile>(ctx.db, SETTING.schoolProfile);
  const pdf = await renderCaseFilePdf({
    student,
    services: await studentServices(ctx, studentId, { audit: false }),
    history: await historyOf(ctx, studentId),
    schoolName: profile?.schoolName ?? '',
    printedBy: ctx.user.displayName,
    printedAt: ctx.now,
  });
  await appendAudit(ctx.db, actor(ctx), 'report.caseFile', { type: 'student', id: studentId }, { bytes: pdf.length }, ctx.now);
  // The file name carries the internal id, not the child's name: downloads folders are not private.
  return { fileName: `一人一档-${studentId}-${todayIso(ctx.now)}.pdf`, pdf };
}

export const studentsHandlers: Handlers<typeof studentsContract> = {
  'students.list': listStudents,
  'students.get': (ctx, i) => viewStudent(ctx, i.id),
  'students.create': (ctx, i) => createStudent(ctx, { ...i, studentNo: i.studentNo || undefined }),
  'students.update': updateStudent,
  'students.history': (ctx, i) => studentHistory(ctx, i.studentId),
  'students.screening': screening,
  'students.archive': archiveStudents,
  'students.transfer': async (ctx, i) => {
    await transferStudent(ctx, i);
    return OK;
  },
  'students.reveal': (ctx, i) => revealStudent(ctx, i.id),
  'students.printCaseFile': async (ctx, i) => {
    const r = await printCaseFile(ctx, i.studentId);
    return asFile(r.fileName, r.pdf);
  },
};
