/**
 * Key-care cases through identification (I2–I6): application → collective review → school confirmation →
 * filing → exit. Every transition checks the state it starts from, writes a timeline event (G1) and an audit
 * entry in one transaction. There is deliberately no publish or public-notice function (I1).
 */
import type { Knex } from 'knex';
import { AppError } from '../../../shared/errors';
import {
  CARE_KIND_LABELS, EXIT_REASON_LABELS, type ApplicantType, type ExitReason, type CareKind, type CaseSource, type CaseState,
  type Category, type RiskFactor, ON_LIST_STATES, OPEN_CASE_STATES,
} from '../../../shared/domain/enums';
import type { CaseView } from '../../../shared/contract/schemas';
import { appendAudit } from './audit';
import { actor, type ServiceContext } from './context';
import { addEvent, assertStudentVisible, scopeStudents } from './students';

interface CaseRow {
  id: number; student_id: number; state: CaseState; source: CaseSource; applicant_type: ApplicantType | null;
  applicant_name: string; care_requested: string; facts: string; reasons: string; applied_at: string; review: string | null;
  care_content: string; responsible_account_id: number | null; confirmed_at: string | null; filed_package_id: number | null;
  exited_at: string | null; exit_reason: string; exit_requested_reason: ExitReason | null;
  student_name: string; class_name: string; responsible_name: string | null; package_label: string | null;
}


function caseQuery(db: Knex): Knex.QueryBuilder {
  return db('cases as c')
    .join('students as s', 's.id', 'c.student_id')
    .leftJoin('accounts as r', 'r.id', 'c.responsible_account_id')
    .leftJoin('filing_packages as p', 'p.id', 'c.filed_package_id')
    .select('c.*', 's.name as student_name', 's.class_name', 'r.display_name as responsible_name',
      db.raw("CASE WHEN p.id IS NULL THEN NULL ELSE p.period || ' 第' || p.sequence || '号' END as package_label"));
}

function toView(r: CaseRow): CaseView {
  return {
    id: r.id, studentId: r.student_id, studentName: r.student_name, className: r.class_name, state: r.state, source: r.source,
    applicantType: r.applicant_type, applicantName: r.applicant_name, careRequested: JSON.parse(r.care_requested) as CareKind[],
    facts: r.facts, reasons: r.reasons, appliedAt: r.applied_at, review: r.review ? (JSON.parse(r.review) as CaseView['review']) : null,
    careContent: r.care_content, responsibleName: r.responsible_name ?? '', confirmedAt: r.confirmed_at,
    filedPackage: r.package_label, exitedAt: r.exited_at, exitReason: r.exit_reason,
    exitRequested: r.exit_requested_reason ? EXIT_REASON_LABELS[r.exit_requested_reason] : null,
  };
}

export async function casesOfStudent(db: Knex, studentId: number): Promise<CaseView[]> {
  return ((await caseQuery(db).where('c.student_id', studentId).orderBy('c.id')) as CaseRow[]).map(toView);
}

async function loadCase(ctx: ServiceContext, caseId: number): Promise<CaseRow> {
  const row = (await caseQuery(ctx.db).where('c.id', caseId).first()) as CaseRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', '个案不存在');
  await assertStudentVisible(ctx, row.student_id);
  return row;
}

function requireState(row: CaseRow, allowed: CaseState[], doing: string): void {
  if (!allowed.includes(row.state)) {
    throw new AppError('STATE', `该个案当前为“${stateLabel(row.state)}”状态，不能${doing}`);
  }
}
const stateLabel = (s: CaseState) => ({ applied: '申请', reviewed: '评议通过', confirmed: '已确认', filed: '已备案', exited: '已退出', rejected: '未通过' })[s];

export async function applyForCare(
  ctx: ServiceContext,
  input: { studentId: number; applicantType: ApplicantType; applicantName: string; careRequested: CareKind[]; facts: string; reasons: string; categories: Category[]; riskFactors: RiskFactor[] },
): Promise<{ id: number }> {
  const student = await assertStudentVisible(ctx, input.studentId);
  const open = await ctx.db('cases').where({ student_id: input.studentId }).whereIn('state', OPEN_CASE_STATES).first('id', 'state');
  if (open) throw new AppError('CONFLICT', `${student.name} 已有进行中的个案（${stateLabel(open.state as CaseState)}），无需重复申请`);
  const at = ctx.now.toISOString();
  let id = 0;
  await ctx.db.transaction(async (trx) => {
    const [newId] = await trx('cases').insert({
      student_id: input.studentId, state: 'applied', source: 'application', applicant_type: input.applicantType,
      applicant_name: input.applicantName, care_requested: JSON.stringify(input.careRequested), facts: input.facts,
      reasons: input.reasons, applied_at: at, applied_by: ctx.user.id,
    });
    id = Number(newId);
    for (const c of new Set(input.categories)) await trx('student_categories').insert({ student_id: input.studentId, category: c }).onConflict().ignore();
    for (const f of new Set(input.riskFactors)) await trx('student_risk_factors').insert({ student_id: input.studentId, factor: f }).onConflict().ignore();
    await addEvent(trx, {
      studentId: input.studentId, caseId: id, at, kind: 'application', actorId: ctx.user.id,
      title: `提出关爱申请：${input.careRequested.map((k) => CARE_KIND_LABELS[k]).join('、')}`, detail: `申请人：${input.applicantName}`,
    });
    await appendAudit(trx, actor(ctx), 'case.apply', { type: 'case', id }, { studentId: input.studentId }, ctx.now);
  });
  return { id };
}

export async function confirmCase(ctx: ServiceContext, input: { caseId: number; careContent: string; responsibleAccountId: number }): Promise<{ state: CaseState }> {
  const row = await loadCase(ctx, input.caseId);
  requireState(row, ['reviewed'], '确认');
  const resp = await ctx.db('accounts').where({ id: input.responsibleAccountId, disabled: 0 }).first('display_name');
  if (!resp) throw new AppError('VALIDATION', '责任人不存在或已停用', [{ path: 'responsibleAccountId', message: '请选择在用的教职工' }]);
  const at = ctx.now.toISOString();
  await ctx.db.transaction(async (trx) => {
    await trx('cases').where({ id: input.caseId }).update({
      state: 'confirmed', care_content: input.careContent, responsible_account_id: input.responsibleAccountId, confirmed_at: at, confirmed_by: ctx.user.id,
    });
    await addEvent(trx, {
      studentId: row.student_id, caseId: input.caseId, at, kind: 'confirmation', actorId: ctx.user.id,
      title: '学校确认，列入重点关爱名单', detail: `关爱内容：${input.careContent}；责任人：${resp.display_name}`,
    });
    await appendAudit(trx, actor(ctx), 'case.confirm', { type: 'case', id: input.caseId }, { responsibleAccountId: input.responsibleAccountId }, ctx.now);
  });
  return { state: 'confirmed' };
}

export async function listCases(ctx: ServiceContext, states: CaseState[]): Promise<CaseView[]> {
  const q = caseQuery(ctx.db).whereIn('c.state', states).orderBy('c.id');
  return ((await scopeStudents(ctx, q)) as CaseRow[]).map(toView);
}

/** The key-care list. Reading it is audited like reading a case: it names every child in difficulty (I1). */
export async function keyCareList(ctx: ServiceContext): Promise<CaseView[]> {
  const rows = await listCases(ctx, ON_LIST_STATES as CaseState[]);
  await appendAudit(ctx.db, actor(ctx), 'keyCareList.view', { type: 'keyCareList' }, { count: rows.length }, ctx.now);
  return rows;
}
