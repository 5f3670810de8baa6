/**
 * Append-only, hash-chained audit log. Each entry's hash covers the previous hash, so removing or editing a row
 * breaks the chain from there on (triggers in 0010 also refuse UPDATE/DELETE). Callers append inside the same
 * transaction as the change they record, so a change without its audit entry cannot be committed.
 * Details hold identifiers and counts only: never ID numbers, phones, addresses or free text about a child.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { AUDIT_LOG_GUARDS, createGuardTrigger } from '../../../migrations/guardTriggers';
import type { Role } from '../../../shared/domain/enums';
import type { auditContract } from '../../../shared/contract/audit';
import type { Handlers } from './context';

export interface Actor {
  id: number | null;
  name: string;
  role: Role | 'system';
}

export const GENESIS_HASH = '0'.repeat(64);

/** The chain head: how many entries there are and the hash of the last. Kept outside the store as well. */
export interface AuditHead {
  count: number;
  hash: string;
}

interface Fields {
  at: string;
  actor_id: number | null;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string;
  detail: string;
}

/** Version 1 (entries before migration 0070): the previous hash and the entry's fields. */
function hashV1(prev: string, row: Fields): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify([prev, row.at, row.actor_id, row.actor_name, row.action, row.entity_type, row.entity_id, row.detail]))
    .digest('hex');
}

/** Version 2: also the row id and the running count, so an entry cannot be renumbered, moved or slipped in. */
function hashV2(prev: string, id: number, seq: number, row: Fields): string {
  return crypto
    .createHash('sha256')
    .update(
      JSON.stringify(['v2', prev, id, seq, row.at, row.actor_id, row.actor_name, row.action, row.entity_type, row.entity_id, row.detail]),
    )
    .digest('hex');
}

export async function appendAudit(
  db: Knex | Knex.Transaction,
  actor: Actor,
  action: string,
  entity: { type?: string; id?: string | number } = {},
  detail: Record<string, unknown> = {},
  now: Date = new Date(),
): Promise<void> {
  // Read-the-head-then-insert must not interleave with another request's: outside a caller's transaction it takes
  // one of its own, which holds the store's single connection until the entry is written (two screens loading at
  // once would otherwise both extend the same head, and the second insert would fail).
  if (!(db as Knex.Transaction).isTransaction) {
    await db.transaction((trx) => appendAudit(trx, actor, action, entity, detail, now));
    return;
  }
  const last = (await db('audit_log').select('id', 'hash', 'seq').orderBy('id', 'desc').first()) as
    | { id: number; hash: string; seq: number | null }
    | undefined;
  const prev = last?.hash ?? GENESIS_HASH;
  // The first version-2 entry after version-1 ones counts them once; after that the count is carried.
  const seq = !last
    ? 1
    : last.seq !== null
      ? last.seq + 1
      : Number(((await db('audit_log').count({ n: '*' })) as Array<{ n: number }>)[0].n) + 1;
  const id = (last?.id ?? 0) + 1;
  const row: Fields = {
    at: now.toISOString(),
    actor_id: actor.id,
    actor_name: actor.name,
    action,
    entity_type: entity.type ?? '',
    entity_id: entity.id === undefined ? '' : String(entity.id),
    detail: JSON.stringify(detail),
  };
  await db('audit_log').insert({ id, ...row, seq, hash_version: 2, prev_hash: prev, hash: hashV2(prev, id, seq, row) });
}

/** The current head of the chain (count and last hash). */
export async function auditHead(db: Knex | Knex.Transaction): Promise<AuditHead> {
  const last = (await db('audit_log').select('hash', 'seq').orderBy('id', 'desc').first()) as
    | { hash: string; seq: number | null }
    | undefined;
  if (!last) return { count: 0, hash: GENESIS_HASH };
  const count = last.seq ?? Number(((await db('audit_log').count({ n: '*' })) as Array<{ n: number }>)[0].n);
  return { count, hash: last.hash };
}

/** The hash of the entry at a given position (1-based), or null when the log is shorter. */
export async function auditHashAt(db: Knex | Knex.Transaction, count: number): Promise<string | null> {
  if (count < 1) return GENESIS_HASH;
  const row = (await db('audit_log')
    .select('hash')
    .orderBy('id')
    .offset(count - 1)
    .first()) as { hash: string } | undefined;
  return row?.hash ?? null;
}

export interface ChainCheck {
  ok: boolean;
  count: number;
  brokenAt: number | null;
  /** The copy of the head kept outside the store (key-slot file): whether the log still reaches and extends it. */
  anchor: { count: number; ok: boolean; problem: string } | null;
}

export async function verifyAuditChain(db: Knex, anchor: AuditHead | null = null): Promise<ChainCheck> {
  const rows = (await db('audit_log').select('*').orderBy('id')) as Array<
    Fields & { id: number; prev_hash: string; hash: string; seq: number | null; hash_version: number }
  >;
  let prev = GENESIS_HASH;
  let sawV2 = false;
  let brokenAt: number | null = null;
  for (const [i, r] of rows.entries()) {
    const v2 = r.hash_version === 2;
    const good =
      r.prev_hash === prev && (v2 ? r.seq === i + 1 && hashV2(prev, r.id, i + 1, r) === r.hash : !sawV2 && hashV1(prev, r) === r.hash);
    if (!good) {
      brokenAt = r.id;
      break;
    }
    sawV2 ||= v2;
    prev = r.hash;
  }
  let anchorCheck: ChainCheck['anchor'] = null;
  if (anchor) {
    const at = anchor.count === 0 ? GENESIS_HASH : rows[anchor.count - 1]?.hash;
    const problem =
      anchor.count > rows.length
        ? `审计日志被截短：外部锚点记录了 ${anchor.count} 条，库中只有 ${rows.length} 条`
        : at !== anchor.hash
          ? `审计日志在第 ${anchor.count} 条及之前被改写：与外部锚点的链头不符`
          : '';
    anchorCheck = { count: anchor.count, ok: !problem, problem };
  }
  return { ok: brokenAt === null && (anchorCheck?.ok ?? true), count: rows.length, brokenAt, anchor: anchorCheck };
}

/** The append-only triggers, re-created at every open in case someone holding the key dropped them. */
export async function ensureAuditTriggers(db: Knex): Promise<void> {
  // PostgreSQL replaces its function and trigger in place; SQLite creates only the ones missing.
  for (const g of AUDIT_LOG_GUARDS) await createGuardTrigger(db, { ...g, ifMissing: true });
}

export interface AuditRow {
  id: number;
  at: string;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string;
}

export async function listAudit(db: Knex, filter: { action?: string; entityType?: string; entityId?: string } = {}): Promise<AuditRow[]> {
  const q = db('audit_log').select('id', 'at', 'actor_name', 'action', 'entity_type', 'entity_id').orderBy('id');
  if (filter.action) q.where('action', filter.action);
  if (filter.entityType) q.where('entity_type', filter.entityType);
  if (filter.entityId) q.where('entity_id', filter.entityId);
  const rows = (await q) as Array<{ id: number; at: string; actor_name: string; action: string; entity_type: string; entity_id: string }>;
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorName: r.actor_name,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
  }));
}

export const auditHandlers: Pick<Handlers<typeof auditContract>, 'audit.verify'> = {
  'audit.verify': (ctx) => verifyAuditChain(ctx.db, ctx.workspace.auditAnchor()),
};
