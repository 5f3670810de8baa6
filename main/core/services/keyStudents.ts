/**
 * Who is a key student (on the key-care list) on which days, and who is responsible for what: the base of the
 * contact cadence (P5), the compliance view and the tutor workload (G2). Always scoped to the acting role.
 */
import type { Knex } from 'knex';
import { semesterOf } from '../../../shared/domain/calendar';
import { compareByClassThenName } from '../../../shared/domain/ordering';
import type { ServiceContext } from './context';
import { inPopulation, scopeStudents } from './scope';

export interface KeyStudent {
  studentId: number;
  name: string;
  className: string;
  grade: string;
  /** First day on the list (YYYY-MM-DD) and the day they left it (null while on the list). */
  from: string;
  until: string | null;
  caseResponsibleId: number | null;
}

/** Key students whose time on the list overlaps [from, to], scoped to the acting role. */
export async function keyStudentsBetween(ctx: ServiceContext, from: string, to: string): Promise<KeyStudent[]> {
  const q = ctx
    .db('cases as c')
    .join('students as s', 's.id', 'c.student_id')
    .whereNotNull('c.confirmed_at')
    .whereIn('c.state', ['confirmed', 'filed', 'exited'])
    .where('c.confirmed_at', '<', `${to}T99`)
    .where((w) => w.whereNull('c.exited_at').orWhere('c.exited_at', '>=', from))
    .select('s.id as student_id', 's.name', 's.class_name', 's.grade', 'c.confirmed_at', 'c.exited_at', 'c.responsible_account_id')
    .orderBy([{ column: 's.class_name' }, { column: 's.name' }, { column: 'c.id' }]);
  const rows = (await scopeStudents(ctx, q)) as Array<{
    student_id: number;
    name: string;
    class_name: string;
    grade: string;
    confirmed_at: string;
    exited_at: string | null;
    responsible_account_id: number | null;
  }>;
  // A student re-entering the list has two cases; one entry per student, spanning both.
  const byStudent = new Map<number, KeyStudent>();
  for (const r of rows) {
    const k: KeyStudent = {
      studentId: r.student_id,
      name: r.name,
      className: r.class_name,
      grade: r.grade,
      from: r.confirmed_at.slice(0, 10),
      until: r.exited_at ? r.exited_at.slice(0, 10) : null,
      caseResponsibleId: r.responsible_account_id,
    };
    const prev = byStudent.get(k.studentId);
    if (!prev) byStudent.set(k.studentId, k);
    else {
      prev.from = prev.from < k.from ? prev.from : k.from;
      prev.until = prev.until === null || k.until === null ? null : prev.until > k.until ? prev.until : k.until;
      prev.caseResponsibleId = k.caseResponsibleId ?? prev.caseResponsibleId;
    }
  }
  // SQLite orders text by code point (张 before 李, 七(10) before 七(2)); the office's order is applied here.
  return [...byStudent.values()].sort(compareByClassThenName);
}

/** The population of students in difficulty now (T1, T2; see scope.inPopulation), scoped to the acting role. */
export async function populationStudents(ctx: ServiceContext): Promise<Array<{ studentId: number; name: string; className: string }>> {
  const rows = (await scopeStudents(
    ctx,
    ctx.db('students as s').where(inPopulation(ctx.db)).select('s.id', 's.name', 's.class_name'),
  )) as Array<{
    id: number;
    name: string;
    class_name: string;
  }>;
  return rows.map((r) => ({ studentId: r.id, name: r.name, className: r.class_name }));
}

export const onListOn = (k: KeyStudent, day: string): boolean => k.from <= day && (k.until === null || k.until > day);

export interface Staff {
  id: number;
  name: string;
  role: string;
}

/** Resolves the person responsible for each obligation, per the policy's wording (P5, G2). */
export class Responsibles {
  private constructor(
    private readonly headTeacherOfClass: Map<string, Staff>,
    private readonly principal: Staff | null,
    private readonly tutorOf: Map<number, Staff>,
    readonly staff: Map<number, Staff>,
  ) {}

  static async load(db: Knex, day: string): Promise<Responsibles> {
    const accounts = (await db('accounts').where({ disabled: 0 }).select('id', 'display_name', 'role', 'classes').orderBy('id')) as Array<{
      id: number;
      display_name: string;
      role: string;
      classes: string;
    }>;
    const staff = new Map(accounts.map((a) => [a.id, { id: a.id, name: a.display_name, role: a.role }]));
    const headTeacherOfClass = new Map<string, Staff>();
    for (const a of accounts) {
      if (a.role !== 'headTeacher') continue;
      for (const c of JSON.parse(a.classes) as string[]) if (!headTeacherOfClass.has(c)) headTeacherOfClass.set(c, staff.get(a.id)!);
    }
    const p = accounts.find((a) => a.role === 'principal');
    const tutors = (await db('tutor_assignments')
      .where({ semester: semesterOf(day) })
      .select('student_id', 'tutor_account_id')) as Array<{ student_id: number; tutor_account_id: number }>;
    const tutorOf = new Map<number, Staff>();
    for (const t of tutors) {
      const s = staff.get(t.tutor_account_id);
      if (s) tutorOf.set(t.student_id, s);
    }
    return new Responsibles(headTeacherOfClass, p ? staff.get(p.id)! : null, tutorOf, staff);
  }

  private caseResponsible(k: KeyStudent): Staff | null {
    return k.caseResponsibleId ? (this.staff.get(k.caseResponsibleId) ?? null) : null;
  }
  /** 每日一问: the class's head teacher. */
  dailyAsk(k: KeyStudent): Staff | null {
    return this.headTeacherOfClass.get(k.className) ?? this.caseResponsible(k);
  }
  /** 每周一见: the principal. */
  weeklySee(k: KeyStudent): Staff | null {
    return this.principal ?? this.caseResponsible(k);
  }
  /** 谈心谈话: the student's tutor this semester, else the head teacher (counsellors may also record it). */
  monthlyTalk(k: KeyStudent): Staff | null {
    return this.tutorOf.get(k.studentId) ?? this.dailyAsk(k);
  }
  tutor(k: KeyStudent): Staff | null {
    return this.tutorOf.get(k.studentId) ?? null;
  }
}
