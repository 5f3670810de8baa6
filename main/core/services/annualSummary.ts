/**
 * The annual work summary (S3 附件2, due 15 December). Its figures are the statistics table's totals for the year's
 * date (the submitted table when there is one, so the two documents agree), its charts are aggregates (category
 * mix, monthly-talk coverage by month, aid by source), and its text is the office's, saved as versions. It travels
 * upward, so no version may hold a student's or guardian's name, an ID number or a phone number.
 */
import type { Knex } from 'knex';
import type { SchoolProfile } from '../../../shared/contract/schemas';
import type { summaryContract, SummaryView } from '../../../shared/contract/summary';
import { monthRange } from '../../../shared/domain/calendar';
import { formatDateZh, todayIso } from '../../../shared/domain/dates';
import { CATEGORIES, CATEGORY_LABELS, type Category } from '../../../shared/domain/enums';
import { formatCell, percent1, STAT_TEMPLATE, type Unit } from '../../../shared/domain/statistics';
import { identifierIn, SUMMARY_SECTION_LABELS, SUMMARY_SECTIONS, type SummarySection } from '../../../shared/domain/summary';
import { AppError } from '../../../shared/errors';
import { renderAnnualSummaryPdf } from '../io/annualSummaryPdf';
import { appendAudit } from './audit';
import { actor, asFile, type Handlers, type ServiceContext } from './context';
import { getSetting, SETTING } from './settings';
import { statisticsTable } from './statistics';

type Sections = Record<SummarySection, string>;

/** The date the year's figures are taken on: 15 December, or today while the year has not reached it. */
function asOfFor(ctx: ServiceContext, year: number): string {
  const today = todayIso(ctx.now);
  if (String(year) > today.slice(0, 4))
    throw new AppError('VALIDATION', `${year} 年度尚未开始`, [{ path: 'year', message: '年度晚于今年' }]);
  const due = `${year}-12-15`;
  return due < today ? due : today;
}

/**
 * Monthly-talk coverage (P5) for each month up to `asOf`: of the students on the key-care list at some point of the
 * month (confirmed by its end, not exited before it began), the share with a 谈心 recorded in it. Months with
 * nobody on the list are left out.
 */
export async function talkCoverage(db: Knex, months: string[], asOf: string): Promise<Array<{ label: string; value: number }>> {
  const cases = (await db('cases').whereNotNull('confirmed_at').select('student_id', 'confirmed_at', 'exited_at')) as Array<{
    student_id: number;
    confirmed_at: string;
    exited_at: string | null;
  }>;
  const talked = new Set(
    (
      (await db('contacts')
        .where({ kind: 'monthlyTalk' })
        .whereBetween('date', [`${months[0]}-01`, asOf])
        .distinct('student_id', db.raw('substr(date, 1, 7) as m'))) as Array<{ student_id: number; m: string }>
    ).map((r) => `${r.student_id}|${r.m}`),
  );
  const out = [];
  for (const month of months) {
    if (`${month}-01` > asOf) break;
    const { from, to } = monthRange(month);
    const listed = new Set(
      cases.filter((c) => c.confirmed_at.slice(0, 10) <= to && (!c.exited_at || c.exited_at.slice(0, 10) >= from)).map((c) => c.student_id),
    );
    if (!listed.size) continue;
    const n = [...listed].filter((id) => talked.has(`${id}|${month}`)).length;
    out.push({ label: `${Number(month.slice(5, 7))}月`, value: percent1(n, listed.size) ?? 0 });
  }
  return out;
}

async function chartsOf(db: Knex, year: number, asOf: string, total: (col: string) => number | null, perCategory: Map<Category, number>) {
  const categories = CATEGORIES.filter((c) => (perCategory.get(c) ?? 0) > 0).map((c) => ({
    label: CATEGORY_LABELS[c],
    value: perCategory.get(c) ?? 0,
  }));
  const talksByMonth = await talkCoverage(
    db,
    Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`),
    asOf,
  );
  const aidBySource = [
    ['aidNational', '国家'],
    ['aidLocal', '地方'],
    ['aidSchool', '学校'],
    ['aidSocial', '社会'],
  ].map(([k, label]) => ({ label, value: total(k) ?? 0 }));
  return { categories, talksByMonth, aidBySource };
}

/** The draft text: each section's sentences with the year's figures filled in; the office completes the rest. */
function draftOf(f: (col: string) => string, asOf: string, categories: Array<{ label: string; value: number }>): Sections {
  const mix = categories.map((c) => `${c.label} ${c.value} 人`).join('、');
  return {
    basics: `截至${formatDateZh(asOf)}，全校摸排困境学生 ${f('screened')} 人${mix ? `（${mix}；一人可属多类）` : ''}，纳入重点关爱名单 ${f('onList')} 人。本期提出申请 ${f('filed')} 人，集体评议通过 ${f('reviewed')} 人，已上级备案 ${f('reported')} 人，退出 ${f('exited')} 人；通过“免申即享”纳入 ${f('systemPush')} 人。`,
    practice: `坚持“一人一档、一人一案”。开展学业辅导 ${f('tutoringPersons')} 人、${f('tutoringTimes')} 人次；结对帮扶 ${f('pairs')} 对；家访与家校联系 ${f('homeSchool')} 人次；心理危机干预 ${f('crisis')} 人次、转介 ${f('referrals')} 人次；受理学生和家长诉求 ${f('concerns')} 件，按时办结率 ${f('concernsOnTime')}。（请补充学校的具体做法。）`,
    results: `控辍保学台账在册 ${f('dropoutOpen')} 人，劝返复学 ${f('returned')} 人。毕业生 ${f('graduates')} 人，推送岗位信息不少于 3 个的占 ${f('graduates3')}，就业率 ${f('employed')}。资助困境学生 ${f('aidPersons')} 人、${f('aidTimes')} 人次，金额：国家 ${f('aidNational')} 万元、地方 ${f('aidLocal')} 万元、学校 ${f('aidSchool')} 万元、社会 ${f('aidSocial')} 万元；最高档认定率 ${f('highestTier')}。`,
    problems: '（请学校填写：工作中存在的主要问题和不足。）',
    nextSteps: '（请学校填写：下一年度的工作打算和措施。）',
  };
}

async function figuresOf(ctx: ServiceContext, year: number) {
  const asOf = asOfFor(ctx, year);
  const table = await statisticsTable(ctx, asOf);
  const cell = new Map(table.cells.map((c) => [`${c.row}|${c.col}`, c.value]));
  const units = new Map(table.columns.map((c) => [c.key, c.unit as Unit]));
  const total = (col: string) => cell.get(`${STAT_TEMPLATE.total.key}|${col}`) ?? null;
  const f = (col: string) => {
    const unit = units.get(col) ?? '人';
    const shown = formatCell(unit, total(col));
    // In a sentence a rate needs its sign (the table carries it in the column heading).
    return unit === '%' && total(col) !== null ? `${shown}%` : shown;
  };
  const perCategory = new Map<Category, number>();
  for (const c of table.cells) {
    const m = /\/cat:(\w+)$/.exec(c.row);
    if (m && c.col === 'screened') perCategory.set(m[1] as Category, (perCategory.get(m[1] as Category) ?? 0) + (c.value ?? 0));
  }
  const charts = await chartsOf(ctx.db, year, asOf, total, perCategory);
  const figures = table.columns.map((c) => ({
    key: c.key,
    label: `${c.group === c.label ? c.label : `${c.group}：${c.label}`}（${c.unit}）`,
    value: f(c.key),
  }));
  return { asOf, figures, charts, draft: draftOf(f, asOf, charts.categories), submitted: table.submitted !== null };
}

type VersionRow = { version: number; sections_json: string; saved_at: string; note: string; display_name: string };

async function versionsOf(db: Knex, year: number): Promise<VersionRow[]> {
  return (await db('summary_versions as v')
    .join('accounts as a', 'a.id', 'v.saved_by')
    .where('v.year', year)
    .orderBy('v.version', 'desc')
    .select('v.version', 'v.sections_json', 'v.saved_at', 'v.note', 'a.display_name')) as VersionRow[];
}

export async function getSummary(ctx: ServiceContext, year: number, version?: number): Promise<SummaryView> {
  const { asOf, figures, charts, draft } = await figuresOf(ctx, year);
  const versions = await versionsOf(ctx.db, year);
  const chosen = version ? versions.find((v) => v.version === version) : versions[0];
  if (version && !chosen) throw new AppError('NOT_FOUND', `${year} 年度总结没有第 ${version} 版`);
  await appendAudit(ctx.db, actor(ctx), 'summary.view', { type: 'summary', id: year }, { version: chosen?.version ?? null }, ctx.now);
  return {
    year,
    asOf,
    figures,
    charts,
    sections: chosen ? (JSON.parse(chosen.sections_json) as Sections) : draft,
    draft,
    version: chosen?.version ?? null,
    versions: versions.map((v) => ({ version: v.version, savedAt: v.saved_at, savedBy: v.display_name, note: v.note })),
  };
}

/** Refuses text that names a student or guardian, or holds an ID or phone number, saying where. */
async function assertNoPersonalData(db: Knex, sections: Sections): Promise<void> {
  const names = new Set(
    [...((await db('students').pluck('name')) as string[]), ...((await db('guardians').pluck('name')) as string[])].filter(
      (n) => n && n.length >= 2,
    ),
  );
  const issues: Array<{ path: string; message: string }> = [];
  for (const k of SUMMARY_SECTIONS) {
    const text = sections[k];
    const what = identifierIn(text);
    const name = [...names].find((n) => text.includes(n));
    if (what) issues.push({ path: `sections.${k}`, message: `“${SUMMARY_SECTION_LABELS[k]}”中有${what}` });
    if (name) issues.push({ path: `sections.${k}`, message: `“${SUMMARY_SECTION_LABELS[k]}”中有学生或监护人的姓名“${name}”` });
  }
  if (issues.length)
    throw new AppError('VALIDATION', `年度总结会报送上级，不能含个人信息：${issues.map((i) => i.message).join('；')}`, issues);
}

async function saveSummary(ctx: ServiceContext, i: { year: number; sections: Sections; note: string }): Promise<{ version: number }> {
  asOfFor(ctx, i.year);
  await assertNoPersonalData(ctx.db, i.sections);
  let version = 0;
  await ctx.db.transaction(async (trx) => {
    const last = (await trx('summary_versions').where({ year: i.year }).max({ v: 'version' }).first()) as { v: number | null } | undefined;
    version = (last?.v ?? 0) + 1;
    await trx('summary_versions').insert({
      year: i.year,
      version,
      sections_json: JSON.stringify(i.sections),
      note: i.note,
      saved_by: ctx.user.id,
      saved_at: ctx.now.toISOString(),
    });
    await appendAudit(trx, actor(ctx), 'summary.save', { type: 'summary', id: i.year }, { version }, ctx.now);
  });
  return { version };
}

export async function printSummary(ctx: ServiceContext, year: number, version?: number) {
  const view = await getSummary(ctx, year, version);
  const profile = await getSetting<SchoolProfile>(ctx.db, SETTING.schoolProfile);
  const pdf = await renderAnnualSummaryPdf({
    schoolName: profile?.schoolName ?? '',
    view,
    printedBy: ctx.user.displayName,
    printedAt: ctx.now,
  });
  await appendAudit(
    ctx.db,
    actor(ctx),
    'report.summary',
    { type: 'summary', id: year },
    { version: view.version, bytes: pdf.length },
    ctx.now,
  );
  return asFile(`${year}年度困境学生资助与关爱工作总结${view.version ? `-第${view.version}版` : '-草稿'}.pdf`, pdf);
}

export const summaryHandlers: Handlers<typeof summaryContract> = {
  'summary.get': (ctx, i) => getSummary(ctx, i.year, i.version),
  'summary.save': saveSummary,
  'summary.print': (ctx, i) => printSummary(ctx, i.year, i.version),
};
