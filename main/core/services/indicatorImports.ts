/**
 * The data early warning reads (G1), imported through the one import protocol: monthly attendance (应到、缺勤、无故缺勤、
 * 最长连续无故缺勤) and exam scores (one row per student, one column per subject, as school score systems export
 * them). A row names the student by 全国学籍号 or 身份证件号, or else by 姓名 + 班级 when that is unique among the
 * students in school. All or nothing: a file with any rejected row writes nothing. A row already imported with the
 * same figures is unchanged; with other figures it replaces the month's (or the exam's) row.
 */
import type { Knex } from 'knex';
import type { ImportPreviewView } from '../../../shared/contract/imports';
import { SUBJECTS } from '../../../shared/domain/care';
import { normaliseHeader, parseDateCell, shown } from '../../../shared/domain/aidList';
import { formatDateZh, todayIso } from '../../../shared/domain/dates';
import type { ImportKind } from '../../../shared/domain/imports';
import { maskIdNumber } from '../../../shared/domain/masking';
import { AppError } from '../../../shared/errors';
import { readSheet, type Mapping, type SheetRow } from '../io/spreadsheet/readSheet';
import type { JobHandle } from '../jobs/jobs';
import { appendAudit } from './audit';
import { actor, type ServiceContext } from './context';
import type { ImportFile, Importer, Prepared } from './importer';

type Column = { label: string; synonyms: string[]; required: boolean };
const WHO: Record<'studentNo' | 'idNumber' | 'name' | 'className', Column> = {
  studentNo: { label: '全国学籍号', synonyms: ['全国学籍号', '学籍号', '学籍辅号'], required: false },
  idNumber: { label: '身份证件号', synonyms: ['身份证件号', '身份证号', '身份证号码', '证件号码', '身份证'], required: false },
  name: { label: '姓名', synonyms: ['姓名', '学生姓名'], required: true },
  className: { label: '班级', synonyms: ['班级', '班级名称', '所在班级'], required: false },
};
const MAX_ROWS = 100_000;

interface Student {
  id: number;
  name: string;
  class_name: string;
  id_number: string;
  student_no: string | null;
}

/** Finds each row's student among those in school: 学籍号, then ID number, then a unique 姓名 + 班级. */
async function studentFinder(db: Knex) {
  const all = (await db('students').where({ status: 'active' }).select('id', 'name', 'class_name', 'id_number', 'student_no')) as Student[];
  const byNo = new Map(all.filter((s) => s.student_no).map((s) => [s.student_no as string, s]));
  const byId = new Map(all.map((s) => [s.id_number, s]));
  const byNameClass = new Map<string, Student[]>();
  for (const s of all) byNameClass.set(`${s.name}|${s.class_name}`, [...(byNameClass.get(`${s.name}|${s.class_name}`) ?? []), s]);
  return (get: (f: string) => unknown): { student: Student } | { reason: string } => {
    const no = String(get('studentNo') ?? '').trim();
    const idn = String(get('idNumber') ?? '')
      .trim()
      .toUpperCase();
    const name = String(get('name') ?? '').trim();
    const cls = String(get('className') ?? '').trim();
    if (no) {
      const s = byNo.get(no);
      if (!s) return { reason: `全国学籍号与在校学生都不匹配` };
      if (name && s.name !== name) return { reason: `全国学籍号属于 ${s.name}（${s.class_name}），与“姓名”${shown(name)}不符` };
      return { student: s };
    }
    if (idn) {
      const s = byId.get(idn);
      if (!s) return { reason: `身份证件号与在校学生都不匹配` };
      if (name && s.name !== name) return { reason: `身份证件号属于 ${s.name}（${s.class_name}），与“姓名”${shown(name)}不符` };
      return { student: s };
    }
    if (!name) return { reason: '“姓名”为空' };
    if (!cls) return { reason: '没有全国学籍号或身份证件号时，须填写“班级”' };
    const found = byNameClass.get(`${name}|${cls}`) ?? [];
    if (found.length === 1) return { student: found[0] };
    if (!found.length) return { reason: `${cls}没有名为 ${shown(name)} 的在校学生` };
    return { reason: `${cls}有 ${found.length} 名学生叫 ${name}：请填写全国学籍号或身份证件号` };
  };
}

function headerDetector(columns: Record<string, Column>, extra?: (h: string, col: number, found: Mapping) => void) {
  return (cells: unknown[]): Mapping | null => {
    const found: Mapping = {};
    cells.forEach((cell, col) => {
      const h = normaliseHeader(cell);
      if (!h) return;
      for (const f of Object.keys(columns)) if (columns[f].synonyms.includes(h) && found[f] === undefined) found[f] = col;
      extra?.(h, col, found);
    });
    return found.name !== undefined ? found : null;
  };
}

/** Reads the sheet with the one streaming reader and refuses it when a required column is not there. */
async function readColumns(
  file: ImportFile,
  columns: Record<string, Column>,
  headerHint: string,
  onRow: (raw: SheetRow, map: Mapping) => void,
  h?: JobHandle,
  extra?: (h: string, col: number, found: Mapping) => void,
) {
  const read = await readSheet(file.bytes, {
    detectHeader: headerDetector(columns, extra),
    headerHint,
    mapping: file.mapping,
    onRow,
    signal: h?.signal,
    maxRows: MAX_ROWS,
    onProgress: (f, n) => h?.progress(f, `正在读取与核对：已处理 ${n} 行`),
  });
  const missing = Object.keys(columns).filter((f) => columns[f].required && read.mapping[f] === undefined);
  if (missing.length) throw new AppError('VALIDATION', `缺少必需的列：${missing.map((f) => columns[f].label).join('、')}`);
  return read;
}

/** A count of days (or a score): a non-negative number, half days allowed; '' is blank. */
function readNumber(v: unknown, label: string, reasons: string[], o: { max: number; blank?: number | null }): number | null {
  if (v === undefined || v === null || String(v).trim() === '') {
    if (o.blank === undefined) reasons.push(`“${label}”为空`);
    return o.blank ?? null;
  }
  const n = Number(
    String(v)
      .trim()
      .replace(/[天分]$/, ''),
  );
  if (!Number.isFinite(n) || n < 0 || n > o.max || Math.round(n * 2) !== n * 2) {
    reasons.push(`“${label}”应为 0～${o.max} 的数（可含半天或 .5 分），现为 ${shown(v)}`);
    return null;
  }
  return n;
}

/** 2026-10, 2026年10月, 202610, 2026/10, or a date in the month (an Excel date cell). */
function readMonth(v: unknown): string | null {
  if (v instanceof Date) return v.toISOString().slice(0, 7);
  const s = String(v ?? '').trim();
  const m = /^(\d{4})\s*[-/.年]?\s*(\d{1,2})\s*月?$/.exec(s);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return `${m[1]}-${m[2].padStart(2, '0')}`;
  return parseDateCell(v)?.slice(0, 7) ?? null;
}

function viewOf(
  kind: ImportKind,
  file: ImportFile,
  read: { headerRow: number; headers: string[]; mapping: Mapping },
  fields: ImportPreviewView['fields'],
  rows: ImportPreviewView['rows'],
): ImportPreviewView {
  const count = (s: string) => rows.filter((r) => r.status === s).length;
  return {
    kind,
    fileName: file.fileName,
    headerRow: read.headerRow,
    headers: read.headers,
    fields,
    mapping: read.mapping,
    alreadyImportedAt: null,
    rowLabel: '姓名',
    idLabel: '身份证件号',
    allOrNothing: true,
    counts: { total: rows.length, new: count('new'), update: count('update'), unchanged: count('unchanged'), rejected: count('rejected') },
    rows,
  };
}

/**
 * Writes a plan's rows in one transaction, replacing a row with the same key (the same month, the same exam and
 * subject): in chunks of 500 rows per statement, as the other imports do, not one statement per row.
 */
async function upsertAll(
  ctx: ServiceContext,
  o: { table: string; key: string[]; rows: Array<Record<string, unknown>>; action: string; entity: string; detail: Record<string, number> },
) {
  const stamp = { recorded_at: ctx.now.toISOString(), recorded_by: ctx.user.id };
  await ctx.db.transaction(async (trx) => {
    for (let i = 0; i < o.rows.length; i += 500)
      await trx(o.table)
        .insert(o.rows.slice(i, i + 500).map((r) => ({ ...r, ...stamp })))
        .onConflict(o.key)
        .merge();
    await appendAudit(trx, actor(ctx), o.action, { type: o.entity }, o.detail, ctx.now);
  });
  return { counts: { written: o.rows.length }, batchId: null };
}

function refuseRejected(plan: { rejected: Array<{ row: number; reason: string }> }, what: string): void {
  if (plan.rejected.length)
    throw new AppError(
      'VALIDATION',
      `有 ${plan.rejected.length} 行不符合要求，未导入任何${what}；请按各行原因修改后重新导入`,
      plan.rejected.slice(0, 50).map((r) => ({ path: `row${r.row}`, message: `第 ${r.row} 行：${r.reason}` })),
    );
}

// ————— attendance —————

const ATTENDANCE: Record<string, Column> = {
  ...WHO,
  month: { label: '月份', synonyms: ['月份', '考勤月份', '统计月份', '年月'], required: true },
  schoolDays: { label: '应到天数', synonyms: ['应到天数', '应出勤天数', '上课天数', '应到'], required: true },
  absentDays: { label: '缺勤天数', synonyms: ['缺勤天数', '缺勤', '缺课天数', '实际缺勤天数'], required: true },
  unexplainedDays: { label: '无故缺勤天数', synonyms: ['无故缺勤天数', '旷课天数', '无故缺勤', '旷课'], required: false },
  longestUnexplained: {
    label: '最长连续无故缺勤天数',
    synonyms: ['最长连续无故缺勤天数', '连续无故缺勤天数', '连续旷课天数', '最长连续旷课天数'],
    required: false,
  },
};

interface AttendanceRow {
  studentId: number;
  month: string;
  schoolDays: number;
  absentDays: number;
  unexplainedDays: number;
  longestUnexplained: number | null;
}
interface AttendancePlan {
  rows: AttendanceRow[];
  rejected: Array<{ row: number; reason: string }>;
}

async function previewAttendance(ctx: ServiceContext, file: ImportFile, h?: JobHandle): Promise<Prepared<AttendancePlan>> {
  const find = await studentFinder(ctx.db);
  const thisMonth = todayIso(ctx.now).slice(0, 7);
  const existing = new Map(
    (
      (await ctx.db('attendance_months').select('*')) as Array<{
        student_id: number;
        month: string;
        school_days: number;
        absent_days: number;
        unexplained_days: number;
        longest_unexplained: number | null;
      }>
    ).map((r) => [`${r.student_id}|${r.month}`, r]),
  );
  const rows: ImportPreviewView['rows'] = [];
  const plan: AttendancePlan = { rows: [], rejected: [] };
  const seen = new Map<string, number>();
  const onRow = (raw: SheetRow, map: Mapping) => {
    const get = (f: string): unknown => (map[f] ? raw.cells[map[f]] : undefined);
    const reasons: string[] = [];
    const who = find(get);
    const base = {
      rowNumber: raw.rowNumber,
      name: String(get('name') ?? '').slice(0, 30),
      idMasked: 'student' in who ? maskIdNumber(who.student.id_number) : '',
      changes: [] as string[],
      warnings: [] as string[],
    };
    if ('reason' in who) reasons.push(who.reason);
    const month = readMonth(get('month'));
    if (!month) reasons.push(`“月份”无法识别（${shown(get('month'))}），应为 2026-10 或 2026年10月`);
    else if (month > thisMonth) reasons.push(`“月份”${month} 晚于本月`);
    const schoolDays = readNumber(get('schoolDays'), '应到天数', reasons, { max: 31 });
    const absentDays = readNumber(get('absentDays'), '缺勤天数', reasons, { max: 31 });
    const unexplainedDays = readNumber(get('unexplainedDays'), '无故缺勤天数', reasons, { max: 31, blank: 0 }) ?? 0;
    const longest = readNumber(get('longestUnexplained'), '最长连续无故缺勤天数', reasons, { max: 31, blank: null });
    if (schoolDays !== null && absentDays !== null && absentDays > schoolDays)
      reasons.push(`“缺勤天数”${absentDays} 多于“应到天数”${schoolDays}`);
    if (absentDays !== null && unexplainedDays > absentDays) reasons.push(`“无故缺勤天数”${unexplainedDays} 多于“缺勤天数”${absentDays}`);
    if (longest !== null && longest > unexplainedDays)
      reasons.push(`“最长连续无故缺勤天数”${longest} 多于“无故缺勤天数”${unexplainedDays}`);
    const key = 'student' in who && month ? `${who.student.id}|${month}` : '';
    if (!reasons.length && seen.has(key)) reasons.push(`与第 ${seen.get(key)} 行是同一学生同一月份`);
    if (reasons.length || !('student' in who) || !month || schoolDays === null || absentDays === null) {
      rows.push({ ...base, status: 'rejected', reason: reasons.join('；') });
      plan.rejected.push({ row: raw.rowNumber, reason: reasons.join('；') });
      return;
    }
    seen.set(key, raw.rowNumber);
    const r: AttendanceRow = { studentId: who.student.id, month, schoolDays, absentDays, unexplainedDays, longestUnexplained: longest };
    const was = existing.get(key);
    const what = `${month}：应到 ${schoolDays}，缺勤 ${absentDays}，无故 ${unexplainedDays}${longest !== null ? `，最长连续 ${longest}` : ''}`;
    if (
      was &&
      was.school_days === schoolDays &&
      was.absent_days === absentDays &&
      was.unexplained_days === unexplainedDays &&
      was.longest_unexplained === longest
    )
      rows.push({ ...base, status: 'unchanged', reason: '已导入，数字相同' });
    else {
      rows.push({
        ...base,
        status: was ? 'update' : 'new',
        reason: '',
        changes: [was ? `替换 ${what}（原缺勤 ${was.absent_days} 天）` : what],
      });
      plan.rows.push(r);
    }
  };
  const read = await readColumns(file, ATTENDANCE, '含“姓名”“月份”“应到天数”“缺勤天数”等列的表头', onRow, h);
  const fields = Object.keys(ATTENDANCE).map((k) => ({ key: k, label: ATTENDANCE[k].label, required: ATTENDANCE[k].required }));
  return { view: viewOf('attendance', file, read, fields, rows), plan };
}

async function commitAttendance(ctx: ServiceContext, plan: AttendancePlan) {
  refuseRejected(plan, '考勤');
  return upsertAll(ctx, {
    table: 'attendance_months',
    key: ['student_id', 'month'],
    rows: plan.rows.map((r) => ({
      student_id: r.studentId,
      month: r.month,
      school_days: r.schoolDays,
      absent_days: r.absentDays,
      unexplained_days: r.unexplainedDays,
      longest_unexplained: r.longestUnexplained,
    })),
    action: 'attendance.import',
    entity: 'attendance',
    detail: { rows: plan.rows.length },
  });
}

export const attendanceImporter: Importer<AttendancePlan> = {
  kind: 'attendance',
  preview: previewAttendance,
  commit: (ctx, plan) => commitAttendance(ctx, plan),
};

// ————— exam scores —————

const EXAM: Record<string, Column> = {
  ...WHO,
  exam: { label: '考试名称', synonyms: ['考试名称', '考试', '考试项目'], required: true },
  examDate: { label: '考试日期', synonyms: ['考试日期', '考试时间', '日期'], required: true },
  passLine: { label: '及格线', synonyms: ['及格线', '及格分', '及格分数线'], required: false },
};
const SUBJECT_FIELD = (s: string) => `subject:${s}`;

interface ScoreRow {
  studentId: number;
  exam: string;
  examDate: string;
  subject: string;
  score: number;
  passLine: number;
}
interface ExamPlan {
  rows: ScoreRow[];
  rejected: Array<{ row: number; reason: string }>;
}

async function previewExams(ctx: ServiceContext, file: ImportFile, h?: JobHandle): Promise<Prepared<ExamPlan>> {
  const find = await studentFinder(ctx.db);
  const today = todayIso(ctx.now);
  const existing = new Map(
    (
      (await ctx.db('exam_scores').select('student_id', 'exam', 'subject', 'score', 'pass_line', 'exam_date')) as Array<{
        student_id: number;
        exam: string;
        subject: string;
        score: number;
        pass_line: number;
        exam_date: string;
      }>
    ).map((r) => [`${r.student_id}|${r.exam}|${r.subject}`, r]),
  );
  const rows: ImportPreviewView['rows'] = [];
  const plan: ExamPlan = { rows: [], rejected: [] };
  const seen = new Map<string, number>();
  const subjectCols = (map: Mapping) => SUBJECTS.filter((s) => map[SUBJECT_FIELD(s)] !== undefined);
  const onRow = (raw: SheetRow, map: Mapping) => {
    const get = (f: string): unknown => (map[f] ? raw.cells[map[f]] : undefined);
    const reasons: string[] = [];
    const who = find(get);
    const base = {
      rowNumber: raw.rowNumber,
      name: String(get('name') ?? '').slice(0, 30),
      idMasked: 'student' in who ? maskIdNumber(who.student.id_number) : '',
      changes: [] as string[],
      warnings: [] as string[],
    };
    if ('reason' in who) reasons.push(who.reason);
    const exam = String(get('exam') ?? '').trim();
    if (!exam) reasons.push('“考试名称”为空');
    else if (exam.length > 40) reasons.push('“考试名称”超过 40 个字');
    const examDate = parseDateCell(get('examDate'));
    if (!examDate) reasons.push(`“考试日期”无法识别（${shown(get('examDate'))}），应为 2026-11-10 或 20261110`);
    else if (examDate > today) reasons.push(`“考试日期”${formatDateZh(examDate)} 晚于今天`);
    const passLine = readNumber(get('passLine'), '及格线', reasons, { max: 1000, blank: 60 }) ?? 60;
    const scores: Array<{ subject: string; score: number }> = [];
    for (const s of subjectCols(map)) {
      const v = get(SUBJECT_FIELD(s));
      // 缺考 and blank cells are not scores: the subject is left out for this student.
      if (v === undefined || v === null || ['', '缺考', '免考', '-', '—'].includes(String(v).trim())) continue;
      const n = readNumber(v, s, reasons, { max: 1000 });
      if (n !== null) scores.push({ subject: s, score: n });
    }
    if (!reasons.length && !scores.length) reasons.push('没有任何科目的成绩');
    const key = 'student' in who ? `${who.student.id}|${exam}` : '';
    if (!reasons.length && seen.has(key)) reasons.push(`与第 ${seen.get(key)} 行是同一学生同一场考试`);
    if (reasons.length || !('student' in who) || !examDate) {
      rows.push({ ...base, status: 'rejected', reason: reasons.join('；') });
      plan.rejected.push({ row: raw.rowNumber, reason: reasons.join('；') });
      return;
    }
    seen.set(key, raw.rowNumber);
    const fresh = scores.filter((x) => {
      const was = existing.get(`${who.student.id}|${exam}|${x.subject}`);
      return !was || was.score !== x.score || was.pass_line !== passLine || was.exam_date !== examDate;
    });
    const failed = scores.filter((x) => x.score < passLine).map((x) => x.subject);
    if (!fresh.length) rows.push({ ...base, status: 'unchanged', reason: '已导入，成绩相同' });
    else {
      const known = fresh.some((x) => existing.has(`${who.student.id}|${exam}|${x.subject}`));
      rows.push({
        ...base,
        status: known ? 'update' : 'new',
        reason: '',
        changes: [`${exam}：${scores.map((x) => `${x.subject} ${x.score}`).join('，')}`],
        warnings: failed.length ? [`不及格：${failed.join('、')}`] : [],
      });
      for (const x of fresh) plan.rows.push({ studentId: who.student.id, exam, examDate, subject: x.subject, score: x.score, passLine });
    }
  };
  const read = await readColumns(
    file,
    EXAM,
    '含“姓名”“考试名称”“考试日期”和各科目（语文、数学、英语…）列的表头',
    onRow,
    h,
    (h2, col, found) => {
      const subject = SUBJECTS.find((x) => x === h2);
      if (subject && found[SUBJECT_FIELD(subject)] === undefined) found[SUBJECT_FIELD(subject)] = col;
    },
  );
  if (!subjectCols(read.mapping).length)
    throw new AppError('VALIDATION', `没有科目列：表头中应有 ${SUBJECTS.slice(0, 3).join('、')} 等科目名称`);
  const fields = [
    ...Object.keys(EXAM).map((k) => ({ key: k, label: EXAM[k].label, required: EXAM[k].required })),
    ...SUBJECTS.map((s) => ({ key: SUBJECT_FIELD(s), label: s, required: false })),
  ];
  return { view: viewOf('grades', file, read, fields, rows), plan };
}

async function commitExams(ctx: ServiceContext, plan: ExamPlan) {
  refuseRejected(plan, '成绩');
  return upsertAll(ctx, {
    table: 'exam_scores',
    key: ['student_id', 'exam', 'subject'],
    rows: plan.rows.map((r) => ({
      student_id: r.studentId,
      exam: r.exam,
      exam_date: r.examDate,
      subject: r.subject,
      score: r.score,
      pass_line: r.passLine,
    })),
    action: 'grades.import',
    entity: 'grades',
    detail: { scores: plan.rows.length },
  });
}

export const gradesImporter: Importer<ExamPlan> = { kind: 'grades', preview: previewExams, commit: (ctx, plan) => commitExams(ctx, plan) };
