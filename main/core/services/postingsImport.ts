/**
 * Importing job postings from an xlsx (E8): the header row is found by its Chinese headers, each row is checked and
 * gets its reason, and the commit is all-or-nothing — a file with any bad row writes nothing. Postings already
 * entered (same employer, title and deadline) are reported as unchanged and skipped.
 */
import ExcelJS from 'exceljs';
import { AppError } from '../../../shared/errors';
import { cellText, normaliseHeader, parseDateCell } from '../../../shared/domain/aidList';
import { todayIso } from '../../../shared/domain/dates';
import { checkZipSafety } from '../io/zipGuard';
import { appendAudit } from './audit';
import { actor, type ServiceContext } from './context';
import { checkPosting, postingRow, type PostingInput } from './employment';

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

export interface PostingRowResult { row: number; status: 'ok' | 'unchanged' | 'rejected'; title: string; employer: string; reason: string }

async function parse(ctx: ServiceContext, bytes: Buffer): Promise<{ rows: PostingRowResult[]; valid: PostingInput[] }> {
  checkZipSafety(bytes);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new AppError('VALIDATION', '文件无法读取：不是有效的 xlsx 文件');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError('VALIDATION', '文件中没有工作表');
  if (ws.rowCount > 20_000) throw new AppError('VALIDATION', `岗位表行数过多（${ws.rowCount} 行，最多 20000 行）`);
  let headerRow = 0;
  let map: Partial<Record<Field, number>> = {};
  for (let r = 1; r <= Math.min(10, ws.rowCount) && !headerRow; r++) {
    const found: Partial<Record<Field, number>> = {};
    ws.getRow(r).eachCell((cell, col) => {
      const h = normaliseHeader(cellText(cell.value));
      for (const f of Object.keys(COLUMNS) as Field[]) if (COLUMNS[f].synonyms.includes(h) && found[f] === undefined) found[f] = col;
    });
    if (found.employer && found.title) { headerRow = r; map = found; }
  }
  if (!headerRow) throw new AppError('VALIDATION', '找不到表头：请确认表中有“用人单位”“岗位名称”等列');
  const missing = (Object.keys(COLUMNS) as Field[]).filter((f) => COLUMNS[f].required && map[f] === undefined);
  if (missing.length) throw new AppError('VALIDATION', `缺少必需的列：${missing.map((f) => COLUMNS[f].label).join('、')}`);

  const today = todayIso(ctx.now);
  const existing = new Set(((await ctx.db('job_postings').select('employer', 'title', 'deadline')) as Array<{ employer: string; title: string; deadline: string }>).map((p) => `${p.employer}|${p.title}|${p.deadline}`));
  const seen = new Set<string>();
  const rows: PostingRowResult[] = [];
  const valid: PostingInput[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const get = (f: Field): unknown => (map[f] ? cellText(row.getCell(map[f]!).value) : undefined);
    const str = (f: Field) => String(get(f) ?? '').trim();
    if ((Object.keys(map) as Field[]).every((f) => !str(f))) continue; // blank line
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
      if (!Number.isFinite(n) || n < 0 || n > 1_000_000) { reasons.push(`“${COLUMNS[f].label}”不是有效金额（${String(v)}）`); return null; }
      return Math.round(n);
    };
    const deadlineRaw = get('deadline');
    const deadline = parseDateCell(deadlineRaw);
    // An empty cell arrives as null from exceljs: that is a blank deadline, not an unreadable one.
    const blankDeadline = deadlineRaw === undefined || deadlineRaw === null || String(deadlineRaw).trim() === '';
    if (!blankDeadline && !deadline) reasons.push(`“截止日期”无法识别（${String(deadlineRaw)}），应为 2026-06-30 或 20260630`);
    const p: PostingInput = {
      employer: need('employer', 80), title: need('title', 80), location: need('location', 40), field: need('field', 20),
      requirements: str('requirements').slice(0, 2000), requiredCertificates: str('requiredCertificates').split(/[、,，;；]/).map((s) => s.trim()).filter(Boolean),
      salaryMin: money('salaryMin'), salaryMax: money('salaryMax'), deadline: deadline ?? '', contact: str('contact').slice(0, 100),
    };
    if (blankDeadline) reasons.push('“截止日期”为空');
    // A blank or unreadable deadline is reported above; checked as today, it adds nothing more about the date.
    reasons.push(...checkPosting({ ...p, deadline: deadline ?? today }, today).map((i) => i.message));
    const key = `${p.employer}|${p.title}|${p.deadline}`;
    if (!reasons.length && seen.has(key)) reasons.push('与本表前面的行重复');
    if (reasons.length) rows.push({ row: r, status: 'rejected', title: p.title, employer: p.employer, reason: reasons.join('；') });
    else if (existing.has(key)) rows.push({ row: r, status: 'unchanged', title: p.title, employer: p.employer, reason: '已录入，跳过' });
    else { rows.push({ row: r, status: 'ok', title: p.title, employer: p.employer, reason: '' }); valid.push(p); }
    seen.add(key);
  }
  return { rows, valid };
}

/** Preview (commit = false) or all-or-nothing commit of a postings file. */
export async function importPostings(ctx: ServiceContext, bytes: Buffer, commit: boolean) {
  const { rows, valid } = await parse(ctx, bytes);
  const rejected = rows.filter((r) => r.status === 'rejected').length;
  let added = 0;
  if (commit) {
    if (rejected) throw new AppError('VALIDATION', `有 ${rejected} 行不符合要求，未导入任何岗位；请按各行原因修改后重新导入`, rows.filter((r) => r.status === 'rejected').slice(0, 50).map((r) => ({ path: `row${r.row}`, message: `第 ${r.row} 行：${r.reason}` })));
    await ctx.db.transaction(async (trx) => {
      for (const p of valid) await trx('job_postings').insert(postingRow(p, 'import', ctx));
      await appendAudit(trx, actor(ctx), 'postings.import', { type: 'postings' }, { added: valid.length, rows: rows.length }, ctx.now);
    });
    added = valid.length;
  }
  return { rows, counts: { total: rows.length, ok: valid.length, unchanged: rows.filter((r) => r.status === 'unchanged').length, rejected }, added };
}
