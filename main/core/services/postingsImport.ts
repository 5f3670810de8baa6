/**
 * Importing job postings from an xlsx (E8) through the one import protocol: the header row is found among synonyms,
 * each row is checked and gets its reason, and the commit is all-or-nothing — a file with any bad row writes nothing.
 * Postings already entered (same employer, title and deadline) are reported as unchanged and skipped.
 */
import { AppError } from '../../../shared/errors';
import { normaliseHeader, parseDateCell, shown } from '../../../shared/domain/aidList';
import { todayIso } from '../../../shared/domain/dates';
import type { In } from '../../../shared/contract/index';
import { readSheet, type Mapping, type SheetRow } from '../io/spreadsheet/readSheet';
import type { JobHandle } from '../jobs/jobs';
import { appendAudit } from './audit';
import { actor, type ServiceContext } from './context';
import { checkPosting, postingRow } from './employment';
import type { ImportFile, Importer, Prepared } from './importer';

type PostingInput = In<'employment.addPosting'>;

const COLUMNS: Record<keyof PostingInput, { label: string; synonyms: string[]; required: boolean }> = {
  employer: { label: '用人单位', synonyms: ['用人单位', '单位名称', '招聘单位', '企业名称', '单位'], required: true },
  title: { label: '岗位名称', synonyms: ['岗位名称', '岗位', '职位', '职位名称', '招聘岗位'], required: true },
  location: { label: '工作地点', synonyms: ['工作地点', '地点', '工作地区', '所在地'], required: true },
  field: { label: '行业领域', synonyms: ['行业领域', '行业', '专业领域', '领域', '专业方向'], required: true },
  requirements: { label: '岗位要求', synonyms: ['岗位要求', '任职要求', '要求', '招聘条件'], required: false },
  requiredCertificates: { label: '所需证书', synonyms: ['所需证书', '证书要求', '资格证书', '证书'], required: false },
  salaryMin: { label: '薪资下限', synonyms: ['薪资下限', '最低月薪', '月薪下限', '工资下限'], required: false },
  salaryMax: { label: '薪资上限', synonyms: ['薪资上限', '最高月薪', '月薪上限', '工资上限'], required: false },
  deadline: { label: '截止日期', synonyms: ['截止日期', '报名截止', '截止时间', '有效期至'], required: true },
  contact: { label: '联系方式', synonyms: ['联系方式', '联系电话', '联系人', '联系人及电话'], required: false },
};
type Field = keyof PostingInput;

const FIELDS = (Object.keys(COLUMNS) as Field[]).map((f) => ({ key: f, label: COLUMNS[f].label, required: COLUMNS[f].required }));
const MAX_POSTING_ROWS = 20_000;

function detectHeader(cells: unknown[]): Mapping | null {
  const found: Mapping = {};
  cells.forEach((cell, col) => {
    const h = normaliseHeader(cell);
    for (const f of Object.keys(COLUMNS) as Field[]) if (COLUMNS[f].synonyms.includes(h) && found[f] === undefined) found[f] = col;
  });
  return found.employer && found.title ? found : null;
}

interface PostingsPlan {
  valid: PostingInput[];
  rows: number;
  rejected: Array<{ row: number; reason: string }>;
}

async function preview(ctx: ServiceContext, file: ImportFile, h?: JobHandle): Promise<Prepared<PostingsPlan>> {
  const today = todayIso(ctx.now);
  const existing = new Set(
    (
      (await ctx.db('job_postings').select('employer', 'title', 'deadline')) as Array<{ employer: string; title: string; deadline: string }>
    ).map((p) => `${p.employer}|${p.title}|${p.deadline}`),
  );
  const seen = new Set<string>();
  const rows: Prepared<PostingsPlan>['view']['rows'] = [];
  const valid: PostingInput[] = [];
  const onRow = (raw: SheetRow, map: Mapping) => {
    const get = (f: Field): unknown => (map[f] ? raw.cells[map[f]] : undefined);
    const str = (f: Field) => String(get(f) ?? '').trim();
    const reasons: string[] = [];
    const need = (f: Field, max: number) => {
      const v = str(f);
      if (!v) reasons.push(`“${COLUMNS[f].label}”为空`);
      else if (v.length > max) reasons.push(`“${COLUMNS[f].label}”超过 ${max} 个字`);
      return v.slice(0, max);
    };
    const money = (f: Field): number | null => {
      const v = get(f);
      if (v === undefined || v === null || v === '') return null;
      const n = Number(String(v).replace(/[,，元]/g, ''));
      if (!Number.isFinite(n) || n < 0 || n > 1_000_000) {
        reasons.push(`“${COLUMNS[f].label}”不是有效金额（${shown(v)}）`);
        return null;
      }
      return Math.round(n);
    };
    const deadlineRaw = get('deadline');
    const deadline = parseDateCell(deadlineRaw);
    // An empty cell arrives as null from exceljs: that is a blank deadline, not an unreadable one.
    const blankDeadline = deadlineRaw === undefined || deadlineRaw === null || String(deadlineRaw).trim() === '';
    if (!blankDeadline && !deadline) reasons.push(`“截止日期”无法识别（${shown(deadlineRaw)}），应为 2026-06-30 或 20260630`);
    const p: PostingInput = {
      employer: need('employer', 80),
      title: need('title', 80),
      location: need('location', 40),
      field: need('field', 20),
      requirements: str('requirements').slice(0, 2000),
      requiredCertificates: str('requiredCertificates')
        .split(/[、,，;；]/)
        .map((x) => x.trim())
        .filter(Boolean),
      salaryMin: money('salaryMin'),
      salaryMax: money('salaryMax'),
      deadline: deadline ?? '',
      contact: str('contact').slice(0, 100),
    };
    if (blankDeadline) reasons.push('“截止日期”为空');
    // A blank or unreadable deadline is reported above; checked as today, it adds nothing more about the date.
    reasons.push(...checkPosting({ ...p, deadline: deadline ?? today }, today).map((i) => i.message));
    const key = `${p.employer}|${p.title}|${p.deadline}`;
    if (!reasons.length && seen.has(key)) reasons.push('与本表前面的行重复');
    const name = [p.employer, p.title].filter(Boolean).join(' · ');
    const base = { rowNumber: raw.rowNumber, name, idMasked: '', changes: [] as string[], warnings: [] as string[] };
    if (reasons.length) rows.push({ ...base, status: 'rejected', reason: reasons.join('；') });
    else if (existing.has(key)) rows.push({ ...base, status: 'unchanged', reason: '已录入，跳过' });
    else {
      rows.push({ ...base, status: 'new', reason: '', changes: ['新增岗位'] });
      valid.push(p);
    }
    seen.add(key);
  };
  const read = await readSheet(file.bytes, {
    detectHeader,
    headerHint: '含“用人单位”“岗位名称”等列的表头',
    mapping: file.mapping,
    onRow,
    signal: h?.signal,
    maxRows: MAX_POSTING_ROWS,
    onProgress: (f, n) => h?.progress(f, `正在读取与核对：已处理 ${n} 行`),
  });
  const missing = (Object.keys(COLUMNS) as Field[]).filter((f) => COLUMNS[f].required && read.mapping[f] === undefined);
  if (missing.length) throw new AppError('VALIDATION', `缺少必需的列：${missing.map((f) => COLUMNS[f].label).join('、')}`);
  const rejected = rows.filter((r) => r.status === 'rejected');
  const counts = {
    total: rows.length,
    new: valid.length,
    unchanged: rows.filter((r) => r.status === 'unchanged').length,
    rejected: rejected.length,
  };
  return {
    view: {
      kind: 'postings',
      fileName: file.fileName,
      headerRow: read.headerRow,
      headers: read.headers,
      fields: FIELDS,
      mapping: read.mapping,
      alreadyImportedAt: null,
      rowLabel: '用人单位 · 岗位',
      idLabel: '',
      allOrNothing: true,
      counts,
      rows,
    },
    plan: { valid, rows: rows.length, rejected: rejected.map((r) => ({ row: r.rowNumber, reason: r.reason })) },
  };
}

/** All or nothing: a file with any rejected row writes nothing and says which rows and why. */
async function commit(ctx: ServiceContext, plan: PostingsPlan): Promise<{ counts: Record<string, number>; batchId: null }> {
  if (plan.rejected.length) {
    throw new AppError(
      'VALIDATION',
      `有 ${plan.rejected.length} 行不符合要求，未导入任何岗位；请按各行原因修改后重新导入`,
      plan.rejected.slice(0, 50).map((r) => ({ path: `row${r.row}`, message: `第 ${r.row} 行：${r.reason}` })),
    );
  }
  await ctx.db.transaction(async (trx) => {
    for (const p of plan.valid) await trx('job_postings').insert(postingRow(p, 'import', ctx));
    await appendAudit(trx, actor(ctx), 'postings.import', { type: 'postings' }, { added: plan.valid.length, rows: plan.rows }, ctx.now);
  });
  return { counts: { added: plan.valid.length }, batchId: null };
}

export const postingsImporter: Importer<PostingsPlan> = { kind: 'postings', preview, commit };
