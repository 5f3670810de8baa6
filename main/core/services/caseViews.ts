/**
 * Key-care cases as the screens, prints and the student file show them: one query with the student, the responsible
 * person and the filing package, scoped to the acting role.
 */
import type { Knex } from 'knex';
import {
  EXIT_REASON_LABELS,
  type ApplicantType,
  type CareKind,
  type CaseSource,
  type CaseState,
  type ExitReason,
} from '../../../shared/domain/enums';
import type { CaseView } from '../../../shared/contract/schemas';
import type { ServiceContext } from './context';
import { scopeStudents } from './scope';

export interface CaseRow {
  id: number;
  student_id: number;
  state: CaseState;
  source: CaseSource;
  applicant_type: ApplicantType | null;
  applicant_name: string;
  care_requested: string;
  facts: string;
  reasons: string;
  applied_at: string;
  review: string | null;
  care_content: string;
  responsible_account_id: number | null;
  confirmed_at: string | null;
  filed_package_id: number | null;
  exited_at: string | null;
  exit_reason: string;
  exit_requested_reason: ExitReason | null;
  student_name: string;
  class_name: string;
  responsible_name: string | null;
  package_label: string | null;
}

export function caseQuery(db: Knex): Knex.QueryBuilder {
  return db('cases as c')
    .join('students as s', 's.id', 'c.student_id')
    .leftJoin('accounts as r', 'r.id', 'c.responsible_account_id')
    .leftJoin('filing_packages as p', 'p.id', 'c.filed_package_id')
    .select(
      'c.*',
      's.name as student_name',
      's.class_name',
      'r.display_name as responsible_name',
      db.raw("CASE WHEN p.id IS NULL THEN NULL ELSE p.period || ' 第' || p.sequence || '号' END as package_label"),
    );
}

export function toView(r: CaseRow): CaseView {
  return {
    id: r.id,
    studentId: r.student_id,
    studentName: r.student_name,
    className: r.class_name,
    state: r.state,
    source: r.source,
    applicantType: r.applicant_type,
    applicantName: r.applicant_name,
    careRequested: JSON.parse(r.care_requested) as CareKind[],
    facts: r.facts,
    reasons: r.reasons,
    appliedAt: r.applied_at,
    review: r.review ? (JSON.parse(r.review) as CaseView['review']) : null,
    careContent: r.care_content,
    responsibleName: r.responsible_name ?? '',
    confirmedAt: r.confirmed_at,
    filedPackage: r.package_label,
    exitedAt: r.exited_at,
    exitReason: r.exit_reason,
    exitRequested: r.exit_requested_reason ? EXIT_REASON_LABELS[r.exit_requested_reason] : null,
  };
}

export async function casesOfStudent(db: Knex, studentId: number): Promise<CaseView[]> {
  return ((await caseQuery(db).where('c.student_id', studentId).orderBy('c.id')) as CaseRow[]).map(toView);
}

export async function listCases(ctx: ServiceContext, states: CaseState[]): Promise<CaseView[]> {
  const q = caseQuery(ctx.db).whereIn('c.state', states).orderBy('c.id');
  return ((await scopeStudents(ctx, q)) as CaseRow[]).map(toView);
}
