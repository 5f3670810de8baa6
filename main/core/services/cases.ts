import { compareClasses, compareNames } from '../../../shared/domain/ordering';
import { AppError } from '../../../shared/errors';
import {
  CARE_KIND_LABELS,
  CASE_STATE_LABELS,
  CATEGORY_LABELS,
  type CaseState,
  ON_LIST_STATES,
  OPEN_CASE_STATES,
} from '../../../shared/domain/enums';
import type { CaseView } from '../../../shared/contract/schemas';
import { appendAudit } from './audit';
import type { casesContract } from '../../../shared/contract/cases';
import type { Knex } from 'knex';
import type { In } from '../../../shared/contract/index';
import type { SchoolProfile } from '../../../shared/contract/schemas';
import { formatDateZh, todayIso } from '../../../shared/domain/dates';
import { renderKeyCareListPdf } from '../io/keyCareListPdf';
import { writeInternalXlsx } from '../io/xlsxExport';
import { actor, asFile, type Handlers, OK, type ServiceContext } from './context';
import { requestExit } from './meetings';
import { getSetting, SETTING } from './settings';
import { caseQuery, listCases, type CaseRow } from './caseViews';
import { assertStudentVisible } from './scope';
import { addEvent } from './timeline';

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
const stateLabel = (s: CaseState) => CASE_STATE_LABELS[s];

export async function applyForCare(ctx: ServiceContext, input: In<'cases.apply'>): Promise<{ id: number }> {
  const student = await assertStudentVisible(ctx, input.studentId);
  const open = await ctx.db('cases').where({ student_id: input.studentId }).whereIn('state', OPEN_CASE_STATES).first('id', 'state');
  if (open) throw new AppError('CONFLICT', `${student.name} 已有进行中的个案（${stateLabel(open.state as CaseState)}），无需重复申请`);
  const at = ctx.now.toISOString();
  let id = 0;
  await ctx.db.transaction(async (trx) => {
    const [newId] = await trx('cases').insert({
      student_id: input.studentId,
      state: 'applied',
      source: 'application',
      applicant_type: input.applicantType,
      applicant_name: input.applicantName,
      care_requested: JSON.stringify(input.careRequested),
      facts: input.facts,
      reasons: input.reasons,
      applied_at: at,
      applied_by: ctx.user.id,
    });
    id = Number(newId);
    for (const c of new Set(input.categories))
      await trx('student_categories')
        .insert({ student_id: input.studentId, category: c, since: todayIso(ctx.now) })
        .onConflict()
        .ignore();
    for (const f of new Set(input.riskFactors))
      await trx('student_risk_factors')
        .insert({ student_id: input.studentId, factor: f, since: todayIso(ctx.now) })
        .onConflict()
        .ignore();
    await addEvent(trx, {
      studentId: input.studentId,
      caseId: id,
      at,
      kind: 'application',
      actorId: ctx.user.id,
      title: `提出关爱申请：${input.careRequested.map((k) => CARE_KIND_LABELS[k]).join('、')}`,
      detail: `申请人：${input.applicantName}`,
    });
    await appendAudit(trx, actor(ctx), 'case.apply', { type: 'case', id }, { studentId: input.studentId }, ctx.now);
  });
  return { id };
}

export async function confirmCase(ctx: ServiceContext, input: In<'cases.confirm'>): Promise<{ state: CaseState }> {
  await confirmCases(ctx, { ...input, caseIds: [input.caseId] });
  return { state: 'confirmed' };
}

/**
 * Confirms several cases with the same care and responsible person (68 pending after one meeting is normal).
 * Every case is checked first and all are written in one transaction: one that cannot be confirmed (already
 * confirmed by a colleague, say) names the student and nothing changes.
 */
export async function confirmCases(ctx: ServiceContext, input: In<'cases.confirmMany'>): Promise<{ confirmed: number }> {
  const resp = await ctx.db('accounts').where({ id: input.responsibleAccountId, disabled: 0 }).first('display_name');
  if (!resp) throw new AppError('VALIDATION', '责任人不存在或已停用', [{ path: 'responsibleAccountId', message: '请选择在用的教职工' }]);
  const rows: CaseRow[] = [];
  for (const caseId of new Set(input.caseIds)) {
    const row = await loadCase(ctx, caseId);
    if (row.state !== 'reviewed' && input.caseIds.length > 1)
      throw new AppError('STATE', `${row.student_name}（${row.class_name}）当前为“${stateLabel(row.state)}”，不能确认；本次未确认任何个案`);
    requireState(row, ['reviewed'], '确认');
    rows.push(row);
  }
  // T1 at confirmation: the key-care list counts by category; a child on it with none would be missing from every count.
  const withCategory = new Set(
    (await ctx
      .db('student_categories')
      .whereIn(
        'student_id',
        rows.map((r) => r.student_id),
      )
      .distinct('student_id')
      .pluck('student_id')) as number[],
  );
  const lacking = rows.filter((r) => !withCategory.has(r.student_id));
  if (lacking.length) {
    const names = lacking.map((r) => `${r.student_name}（${r.class_name}）`).join('、');
    const message = `${names}尚未登记困境类别（T1）：请先在学生档案中登记类别再确认${rows.length > 1 ? '；本次未确认任何个案' : ''}`;
    throw new AppError('VALIDATION', message, [{ path: 'categories', message }]);
  }
  const at = ctx.now.toISOString();
  await ctx.db.transaction(async (trx) => {
    for (const row of rows) await confirmOne(trx, ctx, row, { ...input, caseId: row.id }, resp.display_name, at);
  });
  return { confirmed: rows.length };
}

async function confirmOne(
  trx: Knex.Transaction,
  ctx: ServiceContext,
  row: CaseRow,
  input: In<'cases.confirm'>,
  responsibleName: string,
  at: string,
): Promise<void> {
  // Still 待确认 at write time: a colleague confirming the same case a moment earlier rolls this whole batch back.
  const changed = await trx('cases').where({ id: input.caseId, state: 'reviewed' }).update({
    state: 'confirmed',
    care_content: input.careContent,
    responsible_account_id: input.responsibleAccountId,
    confirmed_at: at,
    confirmed_by: ctx.user.id,
  });
  if (changed !== 1) throw new AppError('STATE', `${row.student_name}（${row.class_name}）已被他人处理，不能确认；本次未确认任何个案`);
  await addEvent(trx, {
    studentId: row.student_id,
    caseId: input.caseId,
    at,
    kind: 'confirmation',
    actorId: ctx.user.id,
    title: '学校确认，列入重点关爱名单',
    detail: `关爱内容：${input.careContent}；责任人：${responsibleName}`,
  });
  await appendAudit(
    trx,
    actor(ctx),
    'case.confirm',
    { type: 'case', id: input.caseId },
    { responsibleAccountId: input.responsibleAccountId },
    ctx.now,
  );
}

/** The list in the office's order (class in school order, then name by pinyin) on screen, on paper and in xlsx. */
async function keyCareRows(ctx: ServiceContext): Promise<CaseView[]> {
  return (await listCases(ctx, [...ON_LIST_STATES])).sort(
    (a, b) => compareClasses(a.className, b.className) || compareNames(a.studentName, b.studentName),
  );
}

/** The key-care list. Reading it is audited like reading a case: it names every child in difficulty (I1). */
export async function keyCareList(ctx: ServiceContext): Promise<CaseView[]> {
  const rows = await keyCareRows(ctx);
  await appendAudit(ctx.db, actor(ctx), 'keyCareList.view', { type: 'keyCareList' }, { count: rows.length }, ctx.now);
  return rows;
}

/** The key-care list as a PDF for internal meetings (roles checked by the router; I1: never published). */
export async function printKeyCareList(ctx: ServiceContext): Promise<{ fileName: string; pdf: Buffer }> {
  const rows = await keyCareRows(ctx);
  const profile = await getSetting<SchoolProfile>(ctx.db, SETTING.schoolProfile);
  const pdf = await renderKeyCareListPdf(rows, profile?.schoolName ?? '', ctx.user.displayName, ctx.now);
  await appendAudit(ctx.db, actor(ctx), 'report.keyCareList', { type: 'keyCareList' }, { count: rows.length }, ctx.now);
  return { fileName: `重点关爱名单-内部-${todayIso(ctx.now)}.pdf`, pdf };
}

/** The key-care list as xlsx for the funding office's own work; identifiers are not included. */
export async function exportKeyCareList(ctx: ServiceContext): Promise<{ fileName: string; xlsx: Buffer }> {
  const rows = await keyCareRows(ctx);
  const cats = (await ctx
    .db('student_categories')
    .whereIn(
      'student_id',
      rows.map((r) => r.studentId),
    )
    .select('student_id', 'category')) as Array<{ student_id: number; category: keyof typeof CATEGORY_LABELS }>;
  const xlsx = await writeInternalXlsx(
    {
      name: '重点关爱名单',
      title: '重点关爱学生名单（内部资料，不公示、禁止公布）',
      columns: [
        { header: '序号', width: 6 },
        { header: '姓名', width: 12 },
        { header: '班级', width: 16 },
        { header: '困境类别', width: 28 },
        { header: '来源', width: 10 },
        { header: '关爱内容', width: 40 },
        { header: '责任人', width: 12 },
        { header: '确认日期', width: 16, date: true },
        { header: '备案', width: 16 },
      ],
      rows: rows.map((r, i) => [
        i + 1,
        r.studentName,
        r.className,
        cats
          .filter((c) => c.student_id === r.studentId)
          .map((c) => CATEGORY_LABELS[c.category])
          .join('、'),
        r.source === 'systemPush' ? '系统推送' : '申请',
        r.careContent,
        r.responsibleName,
        formatDateZh(r.confirmedAt),
        r.filedPackage ?? '未备案',
      ]),
    },
    ctx.user.displayName,
    ctx.now,
  );
  await appendAudit(ctx.db, actor(ctx), 'export.keyCareList', { type: 'keyCareList' }, { count: rows.length }, ctx.now);
  return { fileName: `重点关爱名单-内部-${todayIso(ctx.now)}.xlsx`, xlsx };
}

export const casesHandlers: Handlers<typeof casesContract> = {
  'cases.apply': applyForCare,
  'cases.list': (ctx, i) => listCases(ctx, i.states),
  'cases.confirm': confirmCase,
  'cases.confirmMany': confirmCases,
  'cases.requestExit': async (ctx, i) => {
    await requestExit(ctx, i);
    return OK;
  },
  'cases.keyCareList': keyCareList,
  'cases.printKeyCareList': async (ctx) => {
    const r = await printKeyCareList(ctx);
    return asFile(r.fileName, r.pdf);
  },
  'cases.exportKeyCareList': async (ctx) => {
    const r = await exportKeyCareList(ctx);
    return asFile(r.fileName, r.xlsx);
  },
};
