/**
 * Retention (issue 12 part 8): files of students who left more than N years ago (a setting, 3 by default) are moved
 * out of the live store by the administrator — written to an encrypted archive file first, then removed in one
 * transaction, audited. Every row that belongs to such a student is found through the store's own foreign keys, so a
 * table added later is archived too; a row that also belongs to a student who stays (a pair in which the leaver was
 * the volunteer) keeps that student's file from being archived, and says why.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { In } from '../../../shared/contract/index';
import type { SchoolProfile } from '../../../shared/contract/schemas';
import { addDays } from '../../../shared/domain/calendar';
import { todayIso } from '../../../shared/domain/dates';
import { AppError } from '../../../shared/errors';
import { appendAudit } from './audit';
import { actor, asFile, type ServiceContext } from './context';
import { getSetting, SETTING } from './settings';

export const DEFAULT_RETENTION_YEARS = 3;
const MAGIC = Buffer.from('CDARCHIVE1\n');

/** Tables that never hold a student's own rows even when they point at one (the evidence of what was done). */
const KEPT = new Set(['audit_log', 'import_batches', 'filing_packages', 'review_meetings', 'accounts', 'settings']);

type Row = Record<string, unknown>;

/** child table → [column, parent table] for every foreign key in the store. */
async function foreignKeys(db: Knex | Knex.Transaction): Promise<Array<{ table: string; column: string; parent: string }>> {
  const tables = (
    (await db.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) as Array<{ name: string }>
  ).map((t) => t.name);
  const out: Array<{ table: string; column: string; parent: string }> = [];
  for (const table of tables) {
    if (KEPT.has(table)) continue;
    for (const fk of (await db.raw(`PRAGMA foreign_key_list("${table}")`)) as Array<{ table: string; from: string; to: string }>) {
      if (fk.to === 'id' || fk.to === null) out.push({ table, column: fk.from, parent: fk.table });
    }
  }
  return out;
}

/** Every row belonging to these students, table by table, parents before children. */
async function rowsOf(db: Knex | Knex.Transaction, studentIds: number[]): Promise<Array<{ table: string; rows: Row[] }>> {
  const fks = await foreignKeys(db);
  const found = new Map<string, Row[]>([['students', await inChunks(db, 'students', 'id', studentIds)]]);
  const order = ['students'];
  // Breadth-first over the foreign keys until nothing new is reached.
  for (let i = 0; i < order.length; i++) {
    const parent = order[i];
    const ids = (found.get(parent) ?? []).map((r) => r.id as number).filter((x) => x !== undefined);
    for (const fk of fks.filter((f) => f.parent === parent)) {
      const rows = await inChunks(db, fk.table, fk.column, ids);
      if (!rows.length) continue;
      const have = found.get(fk.table) ?? [];
      const seen = new Set(have.map((r) => JSON.stringify(r)));
      const fresh = rows.filter((r) => !seen.has(JSON.stringify(r)));
      if (!fresh.length) continue;
      found.set(fk.table, [...have, ...fresh]);
      if (!order.includes(fk.table)) order.push(fk.table);
    }
  }
  return order.map((table) => ({ table, rows: found.get(table) ?? [] }));
}

/** Tables in an order that deletes every referencing row before the row it references. */
async function deletionOrder<T extends { table: string }>(db: Knex | Knex.Transaction, tables: T[]): Promise<T[]> {
  const fks = await foreignKeys(db);
  const left = [...tables];
  const out: T[] = [];
  while (left.length) {
    const i = left.findIndex((t) => !left.some((o) => o !== t && fks.some((f) => f.table === o.table && f.parent === t.table)));
    // A cycle cannot occur in this schema; if one ever did, fail loudly rather than delete in a wrong order.
    if (i < 0) throw new AppError('INTERNAL', `归档顺序无法确定：${left.map((t) => t.table).join('、')}`);
    out.push(left.splice(i, 1)[0]);
  }
  return out;
}

async function inChunks(db: Knex | Knex.Transaction, table: string, column: string, ids: number[]): Promise<Row[]> {
  const out: Row[] = [];
  for (let i = 0; i < ids.length; i += 500) out.push(...((await db(table).whereIn(column, ids.slice(i, i + 500))) as Row[]));
  return out;
}

/**
 * Students whose leaving day is older than the retention period, each with the table that keeps their file in the
 * store when a row reached from it also names a student who stays (a pair in which the leaver was the volunteer).
 */
async function candidates(ctx: ServiceContext, years: number) {
  const cutoff = addDays(todayIso(ctx.now), -Math.round(years * 365.25));
  const students = (await ctx
    .db('students')
    .whereNot('status', 'active')
    .where('left_at', '<', cutoff)
    .orderBy('left_at')
    .select('id', 'name', 'class_name', 'status', 'left_at')) as Array<{
    id: number;
    name: string;
    class_name: string;
    status: string;
    left_at: string;
  }>;
  const leaving = new Set(students.map((s) => s.id));
  const out = [];
  for (const s of students) {
    const shared = (await rowsOf(ctx.db, [s.id])).find(
      (t) => t.table !== 'students' && t.rows.some((r) => typeof r.student_id === 'number' && !leaving.has(r.student_id)),
    );
    out.push({ ...s, blockedBy: shared ? shared.table : null });
  }
  return { cutoff, students: out };
}

const archiveHeader = z.object({
  format: z.literal('caredesk-archive'),
  version: z.literal(1),
  schoolCode: z.string(),
  createdAt: z.string(),
  students: z.number(),
});

/** AES-256-GCM under a key derived from the data key: readable only by this school's store, like its backups. */
export function sealArchive(content: unknown, header: z.infer<typeof archiveHeader>, key: Buffer): Buffer {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const head = Buffer.from(JSON.stringify(header));
  cipher.setAAD(head);
  const body = Buffer.concat([
    cipher.update(JSON.stringify(content, (_k, v) => (v?.type === 'Buffer' ? { base64: Buffer.from(v.data).toString('base64') } : v))),
    cipher.final(),
  ]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(head.length);
  return Buffer.concat([MAGIC, len, head, iv, cipher.getAuthTag(), body]);
}

export function openArchive(
  bytes: Buffer,
  key: Buffer,
): { header: z.infer<typeof archiveHeader>; content: { students: Row[]; tables: Array<{ table: string; rows: Row[] }> } } {
  if (!bytes.subarray(0, MAGIC.length).equals(MAGIC)) throw new AppError('VALIDATION', '不是 CareDesk 归档文件');
  const len = bytes.readUInt32BE(MAGIC.length);
  const at = MAGIC.length + 4;
  const head = bytes.subarray(at, at + len);
  const header = archiveHeader.parse(JSON.parse(head.toString('utf8')));
  const iv = bytes.subarray(at + len, at + len + 12);
  const tag = bytes.subarray(at + len + 12, at + len + 28);
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(head);
  decipher.setAuthTag(tag);
  const plain = Buffer.concat([decipher.update(bytes.subarray(at + len + 28)), decipher.final()]);
  return { header, content: JSON.parse(plain.toString('utf8')) };
}

export async function archiveStudents(ctx: ServiceContext, input: In<'students.archive'>) {
  const years = input.years ?? (await getSetting<number>(ctx.db, SETTING.retentionYears)) ?? DEFAULT_RETENTION_YEARS;
  const { cutoff, students } = await candidates(ctx, years);
  const view = students.map((s) => ({
    studentId: s.id,
    name: s.name,
    className: s.class_name,
    status: s.status,
    leftAt: s.left_at,
    blockedBy: s.blockedBy,
  }));
  if (input.preview) return { years, cutoff, students: view, archived: 0, file: null };
  const go = students.filter((s) => !s.blockedBy).map((s) => s.id);
  if (!go.length) throw new AppError('STATE', `没有离校满 ${years} 年、可以归档的学生档案`);
  const profile = await getSetting<SchoolProfile>(ctx.db, SETTING.schoolProfile);
  const key = ctx.workspace.purposeKey('archive');
  const createdAt = ctx.now.toISOString();
  let bytes: Buffer = Buffer.alloc(0);
  await ctx.db.transaction(async (trx) => {
    const tables = await rowsOf(trx, go);
    bytes = sealArchive(
      { students: tables[0].rows, tables },
      { format: 'caredesk-archive', version: 1, schoolCode: profile?.schoolCode ?? '', createdAt, students: go.length },
      key,
    );
    // Kept-history triggers refuse deletes on purpose; retention is the one place that removes such rows, inside
    // this transaction, and puts the triggers back before it commits.
    const names = new Set(tables.map((t) => t.table));
    const triggers = (
      (await trx.raw("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")) as Array<{
        name: string;
        tbl_name: string;
        sql: string;
      }>
    ).filter((t) => names.has(t.tbl_name) && /DELETE/i.test(t.sql));
    for (const t of triggers) await trx.raw(`DROP TRIGGER "${t.name}"`);
    for (const t of await deletionOrder(trx, tables)) {
      const ids = t.rows.map((r) => r.id).filter((x): x is number => typeof x === 'number');
      if (t.table === 'students' || ids.length === t.rows.length) {
        for (let i = 0; i < ids.length; i += 500)
          await trx(t.table)
            .whereIn('id', ids.slice(i, i + 500))
            .delete();
      } else {
        // Tables keyed by student (categories, risk factors, special_ed …): by their student_id.
        await trx(t.table).whereIn('student_id', go).delete();
      }
    }
    for (const t of triggers) await trx.raw(t.sql);
    await appendAudit(
      trx,
      actor(ctx),
      'students.archive',
      { type: 'store' },
      { students: go.length, years, sha256: crypto.createHash('sha256').update(bytes).digest('hex') },
      ctx.now,
    );
  });
  return { years, cutoff, students: view, archived: go.length, file: asFile(`CareDesk归档-${todayIso(ctx.now)}.cdarchive`, bytes) };
}
