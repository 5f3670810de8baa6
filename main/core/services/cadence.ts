/**
 * The contact cadence (P5): 每日一问 by the head teacher, 每周一见 by the principal, 谈心谈话 at least monthly,
 * and the county's 每月一看 when it happens; and the compliance view that lists every obligation still owed.
 *
 * The compliance view is computed from the calendar, not from what was recorded: for every school day, week and
 * month it enumerates each key student who was on the list then, and subtracts what was recorded. A student with
 * no record at all therefore still shows up; nothing is missed because nothing was ever written about them.
 */
import { AppError } from '../../../shared/errors';
import { type ContactKind, type Obligation, OBLIGATION_LABELS, CONTACT_KIND_LABELS, CONTACT_KINDS } from '../../../shared/domain/care';
import { addDays, monthRange, mondayOf, type SchoolCalendar } from '../../../shared/domain/calendar';
import { formatDateZh, todayIso } from '../../../shared/domain/dates';
import { compareClasses, compareNames } from '../../../shared/domain/ordering';
import { appendAudit } from './audit';
import type { cadenceContract } from '../../../shared/contract/cadence';
import { actor, type Handlers, type ServiceContext } from './context';
import { keyStudentsBetween, onListOn, Responsibles, type KeyStudent } from './keyStudents';
import { schoolCalendar } from './calendar';
import { assertStudentVisible } from './scope';
import { addEvent } from './timeline';

/** Which roles may record which contact. Counsellors and tutors talk; only the principal records the weekly see. */
const MAY_RECORD: Record<ContactKind, readonly string[]> = {
  dailyAsk: ['headTeacher', 'admin', 'officer'],
  weeklySee: ['principal', 'admin'],
  monthlyTalk: ['headTeacher', 'counsellor', 'tutor', 'admin', 'officer', 'principal'],
  countyLook: ['admin', 'officer', 'principal'],
};

export interface ContactEntry {
  studentId: number;
  note: string;
  unusual: boolean;
}

export async function recordContacts(
  ctx: ServiceContext,
  input: { kind: ContactKind; date: string; entries: ContactEntry[] },
): Promise<{ recorded: number; already: number }> {
  if (!MAY_RECORD[input.kind].includes(ctx.user.role))
    throw new AppError('FORBIDDEN', `您的角色不能记录“${CONTACT_KIND_LABELS[input.kind]}”`);
  const today = todayIso(ctx.now);
  if (input.date > today) throw new AppError('VALIDATION', '不能记录未来日期的联系', [{ path: 'date', message: '日期晚于今天' }]);
  for (const e of input.entries) {
    if (e.unusual && !e.note.trim())
      throw new AppError('VALIDATION', '标记为“有异常”的学生请写明情况', [
        { path: 'entries', message: '异常须填写说明', ref: e.studentId },
      ]);
    await assertStudentVisible(ctx, e.studentId);
  }
  const ids = [...new Set(input.entries.map((e) => e.studentId))];
  // No ask is owed on a day without school: nobody records everyone at once then. One student can still be recorded
  // (a parent called on a Saturday), and the record says it was a non-school day.
  const calendar = await schoolCalendar(ctx.db);
  const nonSchoolDay = input.kind === 'dailyAsk' && !calendar.isSchoolDay(input.date);
  if (nonSchoolDay && ids.length > 1) {
    throw new AppError('VALIDATION', '今天不是上课日，无须“每日一问”，不能一次记录多名学生；如确有联系，请逐个记录', [
      { path: 'entries', message: '非上课日只能逐个记录' },
    ]);
  }
  const onList = new Set(
    (await keyStudentsBetween(ctx, input.date, input.date)).filter((k) => onListOn(k, input.date)).map((k) => k.studentId),
  );
  const off = ids.find((id) => !onList.has(id));
  if (off !== undefined)
    throw new AppError('VALIDATION', '该学生在所选日期不在重点关爱名单上', [{ path: 'entries', message: '不在名单上', ref: off }]);
  let recorded = 0;
  await ctx.db.transaction(async (trx) => {
    // One record per student, kind and day: a second click (or a second colleague) changes nothing.
    const existing = new Set(
      (await trx('contacts').where({ kind: input.kind, date: input.date }).whereIn('student_id', ids).pluck('student_id')) as number[],
    );
    for (const e of input.entries) {
      if (existing.has(e.studentId)) continue;
      existing.add(e.studentId);
      await trx('contacts').insert({
        student_id: e.studentId,
        kind: input.kind,
        date: input.date,
        account_id: ctx.user.id,
        unusual: e.unusual ? 1 : 0,
        note: nonSchoolDay ? `（非上课日）${e.note.trim()}` : e.note.trim(),
      });
      // Something unusual is never just a note: the head teacher owes a follow-up by the next school day, which
      // compliance lists until a later contact or a crisis record shows it was followed up.
      if (e.unusual)
        await addEvent(trx, {
          studentId: e.studentId,
          at: ctx.now.toISOString(),
          kind: 'care',
          actorId: ctx.user.id,
          title: `${CONTACT_KIND_LABELS[input.kind]}发现异常，须于${formatDateZh(calendar.nextSchoolDay(input.date))}前跟进`,
          detail: e.note.trim(),
        });
      recorded++;
    }
    await appendAudit(
      trx,
      actor(ctx),
      'care.contacts',
      { type: 'contacts' },
      { kind: input.kind, date: input.date, students: ids.length },
      ctx.now,
    );
  });
  return { recorded, already: input.entries.length - recorded };
}

export interface TodayRow {
  studentId: number;
  name: string;
  className: string;
  askedToday: boolean;
  seenThisWeek: boolean;
  talkedThisMonth: boolean;
  lastTalk: string | null;
  unusualToday: string;
}

/** The "today" screen: the acting user's key students with today's, this week's and this month's contacts. */
export async function todayList(ctx: ServiceContext, date: string): Promise<{ date: string; schoolDay: boolean; rows: TodayRow[] }> {
  const keys = (await keyStudentsBetween(ctx, date, date)).filter((k) => onListOn(k, date));
  const ids = keys.map((k) => k.studentId);
  const month = monthRange(date.slice(0, 7));
  const monday = mondayOf(date);
  const contacts = ids.length
    ? ((await ctx
        .db('contacts')
        .whereIn('student_id', ids)
        .where('date', '>=', monday < month.from ? monday : month.from)
        .where('date', '<=', date)
        .select('student_id', 'kind', 'date', 'unusual', 'note')) as Array<{
        student_id: number;
        kind: ContactKind;
        date: string;
        unusual: number;
        note: string;
      }>)
    : [];
  const last = ids.length
    ? ((await ctx
        .db('contacts')
        .whereIn('student_id', ids)
        .where({ kind: 'monthlyTalk' })
        .groupBy('student_id')
        .select('student_id')
        .max({ d: 'date' })) as Array<{ student_id: number; d: string }>)
    : [];
  const lastTalk = new Map(last.map((r) => [r.student_id, r.d]));
  const calendar = await schoolCalendar(ctx.db);
  return {
    date,
    schoolDay: calendar.isSchoolDay(date),
    rows: keys.map((k) => {
      const mine = contacts.filter((c) => c.student_id === k.studentId);
      const today = mine.find((c) => c.kind === 'dailyAsk' && c.date === date);
      return {
        studentId: k.studentId,
        name: k.name,
        className: k.className,
        askedToday: !!today,
        seenThisWeek: mine.some((c) => c.kind === 'weeklySee' && c.date >= monday),
        talkedThisMonth: mine.some((c) => c.kind === 'monthlyTalk' && c.date >= month.from),
        lastTalk: lastTalk.get(k.studentId) ?? null,
        unusualToday: today?.unusual ? today.note : '',
      };
    }),
  };
}

export interface ComplianceItem {
  studentId: number;
  studentName: string;
  className: string;
  obligation: Obligation;
  obligationLabel: string;
  /** The day, the week's last school day, or the month's last school day by which it was owed. */
  dueDate: string;
  status: 'overdue' | 'due';
  responsibleId: number | null;
  responsibleName: string;
  ref: number | null;
}

export interface ComplianceReport {
  month: string;
  asOf: string;
  items: ComplianceItem[];
  byStudent: Array<{
    studentId: number;
    studentName: string;
    className: string;
    overdue: number;
    due: number;
    obligations: Partial<Record<Obligation, number>>;
    earliestDue: string;
  }>;
  byResponsible: Array<{ responsibleId: number | null; responsibleName: string; overdue: number; due: number; students: number }>;
  keyStudents: number;
}

/**
 * Every obligation owed in the month up to today: past days and weeks not met are overdue; today's ask, this
 * week's see and this month's talk are due. Concerns past their due date count whoever they are about.
 */
export async function compliance(ctx: ServiceContext, month: string, opts: { audit?: boolean } = {}): Promise<ComplianceReport> {
  const asOf = todayIso(ctx.now);
  const { from, to } = monthRange(month);
  const end = to < asOf ? to : asOf;
  const items: ComplianceItem[] = [];
  let keyCount = 0;
  if (from <= asOf) {
    const calendar = await schoolCalendar(ctx.db);
    const keys = await keyStudentsBetween(ctx, from, end);
    keyCount = keys.length;
    const resp = await Responsibles.load(ctx.db, end);
    const days = calendar.schoolDays(from, end);
    // Weeks whose last school day falls in this month (a week spanning two months belongs to the later one).
    const weeks = new Map<string, string[]>();
    for (const d of calendar.schoolDays(mondayOf(from), addDays(mondayOf(to), 6))) {
      const w = mondayOf(d);
      weeks.set(w, [...(weeks.get(w) ?? []), d]);
    }
    const weekList = [...weeks.entries()].filter(([, ds]) => ds[ds.length - 1] >= from && ds[ds.length - 1] <= to && ds[0] <= end);
    const lastSchoolDay = calendar.schoolDays(from, to).at(-1) ?? to;

    const scanFrom = weekList.length && weekList[0][0] < from ? weekList[0][0] : from;
    const lastWeekEnd = weekList.length ? addDays(weekList[weekList.length - 1][0], 6) : to;
    // The month's last days may belong to a week counted next month: the scan still covers the whole month.
    const scanTo = lastWeekEnd > to ? lastWeekEnd : to;
    // What was recorded, as numeric keys (student × day index in the scanned range): two million rows a year make
    // string keys and date parsing per row the cost that matters.
    const dayIndex = new Map<string, number>();
    const mondayIndex = new Map<string, number>();
    for (let d = scanFrom, i = 0; d <= scanTo; d = addDays(d, 1), i++) dayIndex.set(d, i);
    for (const d of dayIndex.keys()) mondayIndex.set(d, dayIndex.get(mondayOf(d)) ?? -1);
    const SPAN = 64; // > days in the scanned range (a month plus a week each side)
    const asked = new Set<number>();
    const seen = new Set<number>();
    const talked = new Set<number>();
    const scope = keyCount < 500 ? keys.map((k) => k.studentId) : null; // small scopes: let the index do the filtering
    for (const kind of ['dailyAsk', 'weeklySee', 'monthlyTalk'] as const) {
      const lo = kind === 'weeklySee' ? scanFrom : from;
      const hi = kind === 'weeklySee' ? scanTo : to;
      const q = ctx.db('contacts').where('kind', kind).whereBetween('date', [lo, hi]).select('student_id', 'date');
      if (scope) q.whereIn('student_id', scope);
      const rows = (await q) as Array<{ student_id: number; date: string }>;
      // Every queried date lies in the indexed range; a miss would be a bug, and must never count as recorded.
      const at = (m: Map<string, number>, d: string) => {
        const i = m.get(d);
        if (i === undefined) throw new Error('compliance: date outside the scanned range');
        return i;
      };
      if (kind === 'dailyAsk') for (const r of rows) asked.add(r.student_id * SPAN + at(dayIndex, r.date));
      else if (kind === 'weeklySee') for (const r of rows) seen.add(r.student_id * SPAN + at(mondayIndex, r.date));
      else for (const r of rows) talked.add(r.student_id);
    }
    const push = (k: KeyStudent, obligation: Obligation, dueDate: string, who: ReturnType<Responsibles['dailyAsk']>) => {
      items.push({
        studentId: k.studentId,
        studentName: k.name,
        className: k.className,
        obligation,
        obligationLabel: OBLIGATION_LABELS[obligation],
        dueDate,
        status: dueDate < asOf ? 'overdue' : 'due',
        responsibleId: who?.id ?? null,
        responsibleName: who?.name ?? '（未指定）',
        ref: null,
      });
    };
    const dayIdx = days.map((d) => dayIndex.get(d)!);
    const owedWeeks = weekList.map(([monday, ds]) => ({
      idx: dayIndex.get(monday)!,
      ds: ds.filter((d) => d <= end),
      due: ds[ds.length - 1],
    }));
    for (const k of keys) {
      const base = k.studentId * SPAN;
      days.forEach((d, i) => {
        if (onListOn(k, d) && !asked.has(base + dayIdx[i])) push(k, 'dailyAsk', d, resp.dailyAsk(k));
      });
      for (const w of owedWeeks)
        if (w.ds.some((d) => onListOn(k, d)) && !seen.has(base + w.idx)) push(k, 'weeklySee', w.due, resp.weeklySee(k));
      if (!talked.has(k.studentId) && days.some((d) => onListOn(k, d))) push(k, 'monthlyTalk', lastSchoolDay, resp.monthlyTalk(k));
    }
    items.push(...(await unusualFollowUps(ctx, { from, to, asOf }, calendar, keys, resp)));
    items.push(...(await overdueConcerns(ctx, from, to, asOf)));
  }
  items.sort(
    (a, b) =>
      compareClasses(a.className, b.className) ||
      compareNames(a.studentName, b.studentName) ||
      (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0),
  );
  if (opts.audit !== false)
    await appendAudit(ctx.db, actor(ctx), 'compliance.view', { type: 'compliance', id: month }, { items: items.length }, ctx.now);
  return { month, asOf, items, keyStudents: keyCount, ...summarise(items) };
}

/**
 * Unusual contacts not yet followed up: due the next school day, listed in the month they fall due (and, in the
 * current month, older ones still open). A later contact of any kind, or a crisis record, is the follow-up.
 */
async function unusualFollowUps(
  ctx: ServiceContext,
  range: { from: string; to: string; asOf: string },
  calendar: SchoolCalendar,
  keys: KeyStudent[],
  resp: Responsibles,
): Promise<ComplianceItem[]> {
  const byId = new Map(keys.map((k) => [k.studentId, k]));
  const current = range.asOf >= range.from && range.asOf <= range.to;
  const lookFrom = addDays(range.from, current ? -62 : -14); // a due date in the month may come from up to ~2 weeks before
  // Unusual records are few: read them for the period and keep the scope's students (no 20,000-id IN list). The
  // kind list lets SQLite use the (kind, date, student_id) index instead of scanning two million contacts.
  const unusual = (
    (await ctx
      .db('contacts')
      .whereIn('kind', CONTACT_KINDS)
      .whereBetween('date', [lookFrom, range.to])
      .where('unusual', 1)
      .select('student_id', 'date')) as Array<{
      student_id: number;
      date: string;
    }>
  ).filter((u) => byId.has(u.student_id));
  if (!unusual.length) return [];
  const ids = [...new Set(unusual.map((u) => u.student_id))];
  const later = (await ctx
    .db('contacts')
    .whereIn('student_id', ids)
    .where('date', '>', lookFrom)
    .where('date', '<=', range.asOf)
    .select('student_id', 'date')
    .unionAll((u) =>
      u.from('crisis_records').whereIn('student_id', ids).where('date', '>', lookFrom).select('student_id', 'date'),
    )) as Array<{
    student_id: number;
    date: string;
  }>;
  // The latest later record per student: a follow-up exists when it is after the unusual day (linear, not U × L).
  const latest = new Map<number, string>();
  for (const l of later) if ((latest.get(l.student_id) ?? '') < l.date) latest.set(l.student_id, l.date);
  const items: ComplianceItem[] = [];
  const listed = new Set<string>(); // two unusual records falling due the same day are one follow-up
  for (const u of unusual) {
    const k = byId.get(u.student_id);
    if (!k) continue;
    const due = calendar.nextSchoolDay(u.date);
    if (listed.has(`${u.student_id}|${due}`)) continue;
    const inMonth = due >= range.from && due <= range.to;
    const stillOpenFromBefore = current && due < range.from;
    if (!inMonth && !stillOpenFromBefore) continue;
    if ((latest.get(u.student_id) ?? '') > u.date) continue;
    const who = resp.dailyAsk(k);
    listed.add(`${u.student_id}|${due}`);
    items.push({
      studentId: k.studentId,
      studentName: k.name,
      className: k.className,
      obligation: 'followUp',
      obligationLabel: OBLIGATION_LABELS.followUp,
      dueDate: due,
      status: due < range.asOf ? 'overdue' : 'due',
      responsibleId: who?.id ?? null,
      responsibleName: who?.name ?? '（未指定）',
      ref: null,
    });
  }
  return items;
}

/** Concerns due in the month and not closed by their due date; in the current month also older ones still open. */
async function overdueConcerns(ctx: ServiceContext, from: string, to: string, asOf: string): Promise<ComplianceItem[]> {
  const q = ctx
    .db('concerns as k')
    .leftJoin('students as s', 's.id', 'k.student_id')
    .join('accounts as a', 'a.id', 'k.owner_account_id')
    .where((w) => {
      w.whereBetween('k.due_date', [from, to]);
      if (asOf >= from && asOf <= to) w.orWhere((o) => o.where('k.due_date', '<', from).whereNull('k.closed_at'));
    })
    .where((w) => w.whereNull('k.closed_at').orWhereRaw('substr(k.closed_at, 1, 10) > k.due_date'))
    .select(
      'k.id',
      'k.due_date',
      'k.closed_at',
      'k.from_name',
      'k.owner_account_id',
      'a.display_name',
      's.id as student_id',
      's.name as student_name',
      's.class_name',
    );
  if (ctx.user.role === 'headTeacher' || ctx.user.role === 'tutor') {
    q.where((w) => w.where('k.owner_account_id', ctx.user.id).orWhereIn('k.student_id', scopeIds(ctx)));
  }
  const rows = (await q) as Array<{
    id: number;
    due_date: string;
    closed_at: string | null;
    from_name: string;
    owner_account_id: number;
    display_name: string;
    student_id: number | null;
    student_name: string | null;
    class_name: string | null;
  }>;
  return rows
    .filter((r) => r.closed_at !== null || r.due_date < asOf || r.due_date === asOf)
    .map((r) => ({
      studentId: r.student_id ?? 0,
      studentName: r.student_name ?? r.from_name,
      className: r.class_name ?? '',
      obligation: 'concern' as const,
      obligationLabel: OBLIGATION_LABELS.concern,
      dueDate: r.due_date,
      status: r.due_date < asOf || r.closed_at !== null ? ('overdue' as const) : ('due' as const),
      responsibleId: r.owner_account_id,
      responsibleName: r.display_name,
      ref: r.id,
    }));
}

function scopeIds(ctx: ServiceContext) {
  if (ctx.user.role === 'headTeacher') return ctx.db('students').select('id').whereIn('class_name', ctx.user.classes);
  return ctx.db('tutor_assignments').select('student_id').where('tutor_account_id', ctx.user.id);
}

function summarise(items: ComplianceItem[]): Pick<ComplianceReport, 'byStudent' | 'byResponsible'> {
  const byStudent = new Map<string, ComplianceReport['byStudent'][number]>();
  const byResp = new Map<string, ComplianceReport['byResponsible'][number] & { ids: Set<string> }>();
  for (const i of items) {
    const sk = i.studentId ? `s${i.studentId}` : `c${i.ref}`;
    const s = byStudent.get(sk) ?? {
      studentId: i.studentId,
      studentName: i.studentName,
      className: i.className,
      overdue: 0,
      due: 0,
      obligations: {},
      earliestDue: i.dueDate,
    };
    s[i.status]++;
    s.obligations[i.obligation] = (s.obligations[i.obligation] ?? 0) + 1;
    if (i.dueDate < s.earliestDue) s.earliestDue = i.dueDate;
    byStudent.set(sk, s);
    const rk = String(i.responsibleId);
    const r = byResp.get(rk) ?? {
      responsibleId: i.responsibleId,
      responsibleName: i.responsibleName,
      overdue: 0,
      due: 0,
      students: 0,
      ids: new Set<string>(),
    };
    r[i.status]++;
    r.ids.add(sk);
    r.students = r.ids.size;
    byResp.set(rk, r);
  }
  return {
    byStudent: [...byStudent.values()].sort((a, b) => b.overdue - a.overdue || compareClasses(a.className, b.className)),
    byResponsible: [...byResp.values()].map(({ ids: _ids, ...r }) => r).sort((a, b) => b.overdue - a.overdue),
  };
}

export const cadenceHandlers: Handlers<typeof cadenceContract> = {
  'cadence.today': (ctx, i) => todayList(ctx, i.date ?? todayIso(ctx.now)),
  'cadence.record': recordContacts,
  'cadence.compliance': (ctx, i) => compliance(ctx, i.month),
  'cadence.reminders': async (ctx) => {
    const r = await compliance(ctx, todayIso(ctx.now).slice(0, 7), { audit: false });
    return { overdue: r.items.filter((x) => x.status === 'overdue').length, due: r.items.filter((x) => x.status === 'due').length };
  },
};
