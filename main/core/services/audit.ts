/**
 * Append-only, hash-chained audit log. Each entry's hash covers the previous hash, so removing or editing a row
 * breaks the chain from there on (triggers in 0010 also refuse UPDATE/DELETE). Callers append inside the same
 * transaction as the change they record, so a change without its audit entry cannot be committed.
 * Details hold identifiers and counts only: never ID numbers, phones, addresses or free text about a child.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { Role } from '../../../shared/domain/enums';
import type { auditContract } from '../../../shared/contract/audit';
import type { Handlers } from './context';

export interface Actor {
  id: number | null;
  name: string;
  role: Role | 'system';
}

export const GENESIS_HASH = '0'.repeat(64);

function entryHash(
  prev: string,
  row: { at: string; actor_id: number | null; actor_name: string; action: string; entity_type: string; entity_id: string; detail: string },
): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify([prev, row.at, row.actor_id, row.actor_name, row.action, row.entity_type, row.entity_id, row.detail]))
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
  const last = (await db('audit_log').select('hash').orderBy('id', 'desc').first()) as { hash: string } | undefined;
  const prev = last?.hash ?? GENESIS_HASH;
  const row = {
    at: now.toISOString(),
    actor_id: actor.id,
    actor_name: actor.name,
    action,
    entity_type: entity.type ?? '',
    entity_id: entity.id === undefined ? '' : String(entity.id),
    detail: JSON.stringify(detail),
  };
  await db('audit_log').insert({ ...row, prev_hash: prev, hash: entryHash(prev, row) });
}

export async function verifyAuditChain(db: Knex): Promise<{ ok: boolean; count: number; brokenAt: number | null }> {
  const rows = (await db('audit_log').select('*').orderBy('id')) as Array<{
    id: number;
    at: string;
    actor_id: number | null;
    actor_name: string;
    action: string;
    entity_type: string;
    entity_id: string;
    detail: string;
    prev_hash: string;
    hash: string;
  }>;
  let prev = GENESIS_HASH;
  for (const r of rows) {
    if (r.prev_hash !== prev || entryHash(prev, r) !== r.hash) return { ok: false, count: rows.length, brokenAt: r.id };
    prev = r.hash;
  }
  return { ok: true, count: rows.length, brokenAt: null };
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

export const auditHandlers: Handlers<typeof auditContract> = {
  'audit.verify': (ctx) => verifyAuditChain(ctx.db),
};
