/**
 * 一个都不少 (S2 全面摸排, T1, T3): the population of students in difficulty is every student in school with a T1
 * category or two or more risk factors (多种因素叠加), on the key-care list or not. This view names who in it is not
 * yet served: never applied, an application not yet decided, or care approved at review that nothing records as
 * delivered (each approved kind has the record that shows it happened).
 */
import type { Knex } from 'knex';
import type { Screening } from '../../../shared/contract/schemas';
import type { CareKind, CaseState, Category, RiskFactor } from '../../../shared/domain/enums';
import { ON_LIST_STATES } from '../../../shared/domain/enums';
import { compareByClassThenName } from '../../../shared/domain/ordering';
import { appendAudit } from './audit';
import { actor, type ServiceContext } from './context';
import { inPopulation as inPopulationOf, scopeStudents } from './scope';

/** The record that shows an approved care kind was delivered (T3 routing); `other` has none to check. */
const DELIVERED_BY: Partial<Record<CareKind, (db: Knex) => Knex.QueryBuilder>> = {
  tutoring: (db) => db('tutoring_plans').select('student_id'),
  psychological: (db) =>
    db('contacts')
      .where('kind', 'monthlyTalk')
      .select('student_id')
      .union((u) => u.select('student_id').from('crisis_records')),
  pairing: (db) => db('peer_pairs').select('student_id'),
  specialEducation: (db) => db('special_ed').select('student_id'),
  employment: (db) => db('graduates').select('student_id'),
  financialAid: (db) => db('aid_awards').select('student_id'),
};

const DAY = 86_400_000;

export async function screening(ctx: ServiceContext): Promise<Screening> {
  const visible = () => scopeStudents(ctx, ctx.db('students as s')).where('s.status', 'active');
  const students = (await visible().select('s.id', 's.name', 's.class_name')) as Array<{ id: number; name: string; class_name: string }>;
  const cats = new Map<number, Category[]>();
  for (const r of (await ctx.db('student_categories').select('student_id', 'category')) as Array<{
    student_id: number;
    category: Category;
  }>)
    cats.set(r.student_id, [...(cats.get(r.student_id) ?? []), r.category]);
  const risks = new Map<number, RiskFactor[]>();
  for (const r of (await ctx.db('student_risk_factors').select('student_id', 'factor')) as Array<{
    student_id: number;
    factor: RiskFactor;
  }>)
    risks.set(r.student_id, [...(risks.get(r.student_id) ?? []), r.factor]);
  const cases = (await ctx.db('cases').select('id', 'student_id', 'state', 'applied_at', 'confirmed_at', 'review')) as Array<{
    id: number;
    student_id: number;
    state: CaseState;
    applied_at: string;
    confirmed_at: string | null;
    review: string | null;
  }>;
  const withCase = new Set(cases.map((c) => c.student_id));
  const byId = new Map(students.map((s) => [s.id, s]));
  // The one definition of the population (scope.inPopulation), not a second one here.
  const populationIds = new Set((await visible().where(inPopulationOf(ctx.db)).pluck('s.id')) as number[]);
  const inPopulation = students.filter((s) => populationIds.has(s.id));
  const person = (id: number) => {
    const s = byId.get(id)!;
    return { studentId: id, name: s.name, className: s.class_name };
  };

  const neverApplied = inPopulation
    .filter((s) => !withCase.has(s.id))
    .map((s) => ({
      ...person(s.id),
      categories: cats.get(s.id) ?? [],
      riskFactors: risks.get(s.id) ?? [],
      multipleFactors: (risks.get(s.id)?.length ?? 0) >= 2,
    }))
    .sort(compareByClassThenName);
  const now = ctx.now.getTime();
  const undecided = cases
    .filter((c) => (c.state === 'applied' || c.state === 'reviewed') && byId.has(c.student_id))
    .map((c) => ({
      ...person(c.student_id),
      caseId: c.id,
      state: c.state,
      since: c.applied_at,
      days: Math.floor((now - new Date(c.applied_at).getTime()) / DAY),
    }))
    .sort((a, b) => b.days - a.days || compareByClassThenName(a, b));

  const delivered = new Map<CareKind, Set<number>>();
  for (const [kind, query] of Object.entries(DELIVERED_BY) as Array<[CareKind, (db: Knex) => Knex.QueryBuilder]>)
    delivered.set(kind, new Set(((await query(ctx.db)) as Array<{ student_id: number }>).map((r) => r.student_id)));
  const notDelivered = cases
    .filter((c) => ON_LIST_STATES.includes(c.state) && byId.has(c.student_id) && c.review)
    .map((c) => {
      const approved = (JSON.parse(c.review as string) as { careApproved?: CareKind[] }).careApproved ?? [];
      const missing = approved.filter((k) => delivered.has(k) && !delivered.get(k)?.has(c.student_id));
      return { ...person(c.student_id), caseId: c.id, confirmedAt: c.confirmed_at ?? c.applied_at, missing };
    })
    .filter((c) => c.missing.length > 0)
    .sort(compareByClassThenName);
  const onListIds = new Set(cases.filter((c) => ON_LIST_STATES.includes(c.state)).map((c) => c.student_id));
  await appendAudit(ctx.db, actor(ctx), 'screening.view', { type: 'screening' }, { population: inPopulation.length }, ctx.now);
  return {
    neverApplied,
    undecided,
    notDelivered,
    population: inPopulation.length,
    onList: inPopulation.filter((s) => onListIds.has(s.id)).length,
  };
}
