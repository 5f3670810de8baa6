/**
 * Who may see which students. Scoping lives here, not in the UI: a head teacher sees only their classes, a tutor only
 * the students they are responsible for. Every service that reads or writes a student goes through these.
 */
import type { Knex } from 'knex';
import { AppError } from '../../../shared/errors';
import type { CaseState, Gender, LeftBehind, Stage } from '../../../shared/domain/enums';
import { ON_LIST_STATES } from '../../../shared/domain/enums';
import type { ServiceContext } from './context';
import type { StudentStatus } from '../../../shared/domain/schoolYear';

export interface StudentRow {
  id: number;
  name: string;
  gender: Gender;
  birth_date: string;
  id_number: string;
  student_no: string | null;
  ethnicity: string;
  stage: Stage;
  grade: string;
  class_name: string;
  boarding: number;
  left_behind: LeftBehind;
  household_address: string;
  current_address: string;
  disability_type: string;
  created_at: string;
  status: StudentStatus;
  left_at: string | null;
  left_reason: string;
}

/** For `whereExists` on a students query aliased `s`: the student is on the key-care list now (I1). */
export function onListNow(db: Knex): Knex.QueryBuilder {
  return db('cases as c')
    .whereRaw('c.student_id = s.id')
    .whereIn('c.state', ON_LIST_STATES as CaseState[]);
}

/**
 * For `where` on a students query aliased `s`: the population of students in difficulty (T1, T2) — in school, with
 * a T1 category or two or more risk factors (多种因素叠加), on the key-care list or not. A4, E8 and F9 serve all of them;
 * E8 keeps serving them after they graduate.
 */
export function inPopulation(db: Knex, opts: { withGraduates?: boolean } = {}): (w: Knex.QueryBuilder) => void {
  const statuses = opts.withGraduates ? ['active', 'graduated'] : ['active'];
  return (w) =>
    w
      .whereIn('s.status', statuses)
      .where((p) =>
        p
          .whereExists(db('student_categories as pc').whereRaw('pc.student_id = s.id'))
          .orWhereIn('s.id', db('student_risk_factors').select('student_id').groupBy('student_id').havingRaw('count(*) >= 2')),
      );
}

/** Restricts a students query (aliased `s`) to what the acting role may see. */
export function scopeStudents(ctx: ServiceContext, q: Knex.QueryBuilder): Knex.QueryBuilder {
  if (ctx.user.role === 'headTeacher') return q.whereIn('s.class_name', ctx.user.classes);
  if (ctx.user.role === 'tutor') {
    // A tutor's students: cases they are responsible for, students assigned to them (G2) and their tutoring plans (A1).
    return q.where((w) =>
      w
        .whereIn('s.id', ctx.db('cases').select('student_id').where('responsible_account_id', ctx.user.id))
        .orWhereIn('s.id', ctx.db('tutor_assignments').select('student_id').where('tutor_account_id', ctx.user.id))
        .orWhereIn('s.id', ctx.db('tutoring_plans').select('student_id').where('tutor_account_id', ctx.user.id)),
    );
  }
  return q;
}

export async function assertStudentVisible(ctx: ServiceContext, studentId: number): Promise<StudentRow> {
  const row = (await scopeStudents(ctx, ctx.db('students as s').select('s.*').where('s.id', studentId)).first()) as StudentRow | undefined;
  if (!row) {
    const exists = await ctx.db('students').where({ id: studentId }).first('id');
    if (exists) throw new AppError('FORBIDDEN', '您的角色无权查看该学生（不在您负责的班级或学生范围内）');
    throw new AppError('NOT_FOUND', '学生不存在');
  }
  return row;
}
