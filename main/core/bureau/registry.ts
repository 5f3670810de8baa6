/**
 * The school registry (issue 14 §2): the schools the bureau expects to file — code, name, county, stages, contact —
 * imported from the bureau's own xlsx list through the one spreadsheet reader. All or nothing: any row in error and
 * nothing is written, every row says what would happen or why not. Keys still arrive as files, one per school; a
 * school on the list whose package never came is a missing filer.
 */
import { AppError } from '../../../shared/errors';
import { cellText } from '../../../shared/domain/aidList';
import { STAGE_LABELS, STAGES, type Stage } from '../../../shared/domain/enums';
import { readSheet, type Mapping } from '../io/spreadsheet/readSheet';
import { appendAudit } from '../services/audit';
import { actor, type ServiceContext } from '../services/context';

/** The columns of the list, each with the header texts it is recognised by. */
const COLUMNS: Record<string, { names: string[]; required: boolean }> = {
  code: { names: ['学校标识码', '标识码', '学校代码'], required: true },
  name: { names: ['学校名称', '学校'], required: true },
  county: { names: ['县（区）代码', '县(区)代码', '区县代码', '县区代码'], required: true },
  stages: { names: ['学段', '办学层次'], required: false },
  contact: { names: ['联系人', '资助工作联系人'], required: false },
  phone: { names: ['联系电话', '电话'], required: false },
};

const text = (v: unknown) => String(cellText(v) ?? '').trim();

function detectHeader(cells: unknown[]): Mapping | null {
  const heads = cells.map(text);
  const m: Mapping = {};
  for (const [key, col] of Object.entries(COLUMNS)) {
    const i = heads.findIndex((h) => col.names.includes(h));
    if (i >= 0) m[key] = i;
    else if (col.required) return null;
  }
  return m;
}

const STAGE_BY_LABEL = new Map<string, Stage>(STAGES.map((s) => [STAGE_LABELS[s], s]));
STAGE_BY_LABEL.set('高中', 'senior');

export interface RegistryRow {
  rowNumber: number;
  schoolCode: string;
  schoolName: string;
  status: 'new' | 'updated' | 'unchanged' | 'rejected';
  reason: string;
}

export async function registerSchools(ctx: ServiceContext, bytes: Buffer, opts: { dryRun?: boolean } = {}) {
  const parsed: Array<{ row: RegistryRow; values?: Record<string, string> }> = [];
  const seen = new Map<string, number>();
  await readSheet(bytes, {
    detectHeader,
    headerHint: '学校标识码、学校名称、县（区）代码',
    onRow: ({ rowNumber, cells }, m) => {
      const get = (k: string) => (m[k] === undefined ? '' : text(cells[m[k]]));
      const code = get('code');
      const name = get('name');
      if (!code && !name) return; // an empty line
      const problems: string[] = [];
      if (!/^\d{10}$/.test(code)) problems.push('学校标识码应为 10 位数字');
      if (!name) problems.push('学校名称不能为空');
      else if (name.length > 100) problems.push('学校名称不能超过 100 个字');
      const county = get('county');
      if (!/^61\d{4}$/.test(county)) problems.push('县（区）代码应为 61 开头的 6 位数字');
      const stageLabels = get('stages')
        .split(/[、，,;；\s]+/)
        .filter(Boolean);
      const stages = stageLabels.map((l) => STAGE_BY_LABEL.get(l));
      const unknown = stageLabels.filter((_, i) => !stages[i]);
      if (unknown.length) problems.push(`学段“${unknown.join('、')}”不认识（可填：${STAGES.map((s) => STAGE_LABELS[s]).join('、')}）`);
      const phone = get('phone');
      if (phone && !/^[\d\-+() ]{5,20}$/.test(phone)) problems.push('联系电话格式不正确');
      if (seen.has(code)) problems.push(`与第 ${seen.get(code)} 行是同一学校（重复行）`);
      if (code) seen.set(code, rowNumber);
      const row: RegistryRow = {
        rowNumber,
        schoolCode: code,
        schoolName: name.slice(0, 100),
        status: 'rejected',
        reason: problems.join('；'),
      };
      parsed.push(
        problems.length
          ? { row }
          : {
              row,
              values: {
                school_code: code,
                school_name: name,
                prefecture_code: county.slice(0, 4),
                county_code: county,
                stages: JSON.stringify(stages),
                contact_name: get('contact').slice(0, 40),
                contact_phone: phone,
              },
            },
      );
    },
  });
  if (!parsed.length) throw new AppError('VALIDATION', '名单中没有学校（表头下没有数据行）');
  const existing = new Map(((await ctx.db('bureau_registry').select('*')) as Array<Record<string, string>>).map((r) => [r.school_code, r]));
  for (const p of parsed) {
    if (!p.values) continue;
    const before = existing.get(p.values.school_code);
    const same = before && Object.entries(p.values).every(([k, v]) => before[k] === v);
    p.row.status = !before ? 'new' : same ? 'unchanged' : 'updated';
  }
  const rows = parsed.map((p) => p.row);
  const counts = {
    new: rows.filter((r) => r.status === 'new').length,
    updated: rows.filter((r) => r.status === 'updated').length,
    unchanged: rows.filter((r) => r.status === 'unchanged').length,
    rejected: rows.filter((r) => r.status === 'rejected').length,
  };
  // All or nothing: a list with a bad row is sent back whole, with the reason on each row.
  const written = !opts.dryRun && counts.rejected === 0;
  if (written) {
    const at = ctx.now.toISOString();
    await ctx.db.transaction(async (trx) => {
      for (const p of parsed) {
        if (!p.values || p.row.status === 'unchanged') continue;
        await trx('bureau_registry')
          .insert({ ...p.values, updated_at: at })
          .onConflict('school_code')
          .merge();
      }
      await appendAudit(trx, actor(ctx), 'bureau.registry.import', { type: 'registry' }, counts, ctx.now);
    });
  }
  return { rows, counts, written };
}

export interface KnownSchool {
  school_code: string;
  school_name: string;
  prefecture_code: string | null;
  county_code: string | null;
  stages: string;
  /** Whether the school's signing key is registered (it can file). */
  has_key: boolean;
  /** Who to call at the school, from the bureau's list ('' when the school is not on it). */
  contact_name: string;
  contact_phone: string;
}

/**
 * Every school the bureau knows of: on its list, with a registered key, or both. Where the school is comes from its
 * latest version-2 package, else from the list; ordered by prefecture, county and code (unplaced schools last).
 */
export async function knownSchools(db: ServiceContext['db']): Promise<KnownSchool[]> {
  const keyed = (await db('bureau_schools').select('school_code', 'school_name', 'prefecture_code', 'county_code', 'stages')) as Array<
    Omit<KnownSchool, 'has_key' | 'contact_name' | 'contact_phone'>
  >;
  const listed = (await db('bureau_registry').select(
    'school_code',
    'school_name',
    'prefecture_code',
    'county_code',
    'stages',
    'contact_name',
    'contact_phone',
  )) as Array<Omit<KnownSchool, 'has_key'>>;
  const byCode = new Map<string, KnownSchool>(listed.map((r) => [r.school_code, { ...r, has_key: false }]));
  for (const k of keyed) {
    const l = byCode.get(k.school_code);
    byCode.set(k.school_code, {
      school_code: k.school_code,
      school_name: k.school_name,
      prefecture_code: k.prefecture_code ?? l?.prefecture_code ?? null,
      county_code: k.county_code ?? l?.county_code ?? null,
      stages: k.stages !== '[]' ? k.stages : (l?.stages ?? '[]'),
      has_key: true,
      contact_name: l?.contact_name ?? '',
      contact_phone: l?.contact_phone ?? '',
    });
  }
  const key = (s: KnownSchool) => `${s.county_code ? '0' : '1'}|${s.prefecture_code ?? ''}|${s.county_code ?? ''}|${s.school_code}`;
  return [...byCode.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
