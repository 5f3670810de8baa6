/**
 * Late and missing filers (issue 14 §4): for one half-year, every registered school with its status against the due
 * date (S3: 30 June, 15 December) — filed on time, filed late (by how many days), not yet due, or missing — the
 * counts per county, and a call list of the schools to telephone. A school's filing date is the day its package was
 * made (signed into the header), not the day the bureau happened to import it.
 */
import { filingDueDate, periodLabel, recentPeriods } from '../../../shared/domain/calendar';
import { formatDateZh, todayIso } from '../../../shared/domain/dates';
import { AppError } from '../../../shared/errors';
import { getSetting, setSetting } from '../services/settings';
import { PREFECTURES } from '../../../shared/domain/enums';
import { FILER_STATUS_LABELS, type FilerStatus } from '../../../shared/domain/filers';
import { writeInternalXlsx } from '../io/xlsxExport';
import { appendAudit } from '../services/audit';
import { actor, asFile, type ServiceContext } from '../services/context';
import { knownSchools } from './registry';

/** Whole days from one ISO date to another (positive when `to` is later). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

const DEADLINES = 'bureau.deadlines';

/** The day schools must file a period by here: the bureau's own deadline if it set one, else the provincial one. */
export async function dueDateOf(ctx: ServiceContext, period: string): Promise<{ due: string; own: boolean }> {
  const own = (await getSetting<Record<string, string>>(ctx.db, DEADLINES))?.[period];
  return own ? { due: own, own: true } : { due: filingDueDate(period), own: false };
}

/**
 * Sets (or clears, with null) the bureau's own deadline for a period (§4): a county collects before it forwards, so
 * its deadline may be earlier than the provincial one, never later.
 */
export async function setDeadline(ctx: ServiceContext, period: string, dueDate: string | null) {
  const provincial = filingDueDate(period);
  if (dueDate && dueDate > provincial)
    throw new AppError('VALIDATION', `本局截止日不能晚于省定截止日 ${formatDateZh(provincial)}`, [
      { path: 'dueDate', message: `不能晚于 ${formatDateZh(provincial)}` },
    ]);
  const all = { ...((await getSetting<Record<string, string>>(ctx.db, DEADLINES)) ?? {}) };
  if (dueDate) all[period] = dueDate;
  else delete all[period];
  await ctx.db.transaction(async (trx) => {
    await setSetting(trx, DEADLINES, all);
    await appendAudit(trx, actor(ctx), 'bureau.deadline.set', {}, { period, dueDate }, ctx.now);
  });
}

export async function filers(ctx: ServiceContext, asked?: string) {
  const today = todayIso(ctx.now);
  const offered = recentPeriods(today);
  // Without a choice: the latest half-year whose due date has passed, else this one.
  const period = asked ?? ((await dueDateOf(ctx, offered[0])).due < today ? offered[0] : offered[1]);
  const { due, own } = await dueDateOf(ctx, period);
  const schools = await knownSchools(ctx.db);
  // The first package each school made for the period (a 更正 later does not make an on-time filing late).
  const first = new Map(
    (
      (await ctx
        .db('bureau_packages')
        .where({ period })
        .groupBy('school_code')
        .select('school_code')
        .min({ made: 'created_at' })) as Array<{
        school_code: string;
        made: string;
      }>
    ).map((r) => [r.school_code, r.made]),
  );
  const rows = schools.map((s) => {
    const made = first.get(s.school_code);
    const filedOn = made ? todayIso(new Date(made)) : null;
    const status: FilerStatus = filedOn ? (filedOn <= due ? 'onTime' : 'late') : today > due ? 'missing' : 'notDue';
    return {
      schoolCode: s.school_code,
      schoolName: s.school_name,
      prefectureCode: s.prefecture_code,
      countyCode: s.county_code,
      hasKey: s.has_key,
      contact: s.contact_name,
      phone: s.contact_phone,
      status,
      filedOn,
      daysLate: status === 'late' && filedOn ? daysBetween(due, filedOn) : status === 'missing' ? daysBetween(due, today) : 0,
    };
  });
  const counties = new Map<string, { prefectureCode: string | null; countyCode: string | null; counts: Record<FilerStatus, number> }>();
  for (const r of rows) {
    const key = r.countyCode ?? '';
    const c = counties.get(key) ?? {
      prefectureCode: r.prefectureCode,
      countyCode: r.countyCode,
      counts: { onTime: 0, late: 0, missing: 0, notDue: 0 },
    };
    c.counts[r.status]++;
    counties.set(key, c);
  }
  return {
    period,
    label: periodLabel(period),
    dueDate: due,
    /** Whether the due date is the bureau's own (else the provincial 30 June or 15 December). */
    ownDeadline: own,
    provincialDueDate: filingDueDate(period),
    periods: offered.map((p) => ({ period: p, label: periodLabel(p) })),
    schools: rows,
    byCounty: [...counties.values()],
  };
}

/** The call list: schools missing or late for the period, as an internal xlsx; the export is audited. */
export async function exportCallList(ctx: ServiceContext, period: string) {
  const f = await filers(ctx, period);
  const list = f.schools.filter((s) => s.status === 'missing' || s.status === 'late');
  const bytes = await writeInternalXlsx(
    {
      name: '催报名单',
      title: `${f.label}备案报送催报名单（截止 ${f.dueDate}）`,
      columns: [
        { header: '市', width: 10 },
        { header: '县（区）代码', width: 12 },
        { header: '学校标识码', width: 14 },
        { header: '学校', width: 30 },
        { header: '状态', width: 10 },
        { header: '报送日期', width: 16, date: true },
        { header: '逾期天数', width: 10, numFmt: '0' },
        { header: '联系人', width: 10 },
        { header: '联系电话', width: 16 },
      ],
      rows: list.map((s) => [
        PREFECTURES[s.prefectureCode ?? ''] ?? '',
        s.countyCode ?? '',
        s.schoolCode,
        s.schoolName,
        FILER_STATUS_LABELS[s.status],
        s.filedOn ?? '',
        s.daysLate,
        s.contact,
        s.phone,
      ]),
    },
    ctx.user.displayName,
    ctx.now,
  );
  await appendAudit(ctx.db, actor(ctx), 'bureau.callList.export', {}, { period, schools: list.length }, ctx.now);
  return asFile(`催报名单-${period}-${todayIso(ctx.now)}.xlsx`, bytes);
}
