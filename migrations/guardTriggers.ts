/**
 * The triggers that keep a record unchangeable (the audit log, closed meetings, submitted tables), written once for
 * both engines. SQLite raises in the trigger itself; PostgreSQL needs a function that raises, and its trigger WHEN
 * may not hold a subquery, so the condition moves into the function. Both refuse with the same Chinese sentence,
 * which is what the caller sees.
 */
import type { Knex } from 'knex';

export interface GuardTrigger {
  name: string;
  table: string;
  event: 'INSERT' | 'UPDATE' | 'DELETE';
  message: string;
  /** When the refusal applies (always when absent): SQLite's and PostgreSQL's spelling, which differ for IS NOT. */
  when?: { sqlite: string; postgres: string } | string;
  /** SQLite only: CREATE TRIGGER IF NOT EXISTS (re-created at every open, see ensureAuditTriggers). */
  ifMissing?: boolean;
}

export function isPostgres(knex: Knex): boolean {
  return knex.client.config.client === 'pg';
}

export async function createGuardTrigger(knex: Knex, g: GuardTrigger): Promise<void> {
  const when = typeof g.when === 'string' ? { sqlite: g.when, postgres: g.when } : g.when;
  if (!isPostgres(knex)) {
    await knex.raw(
      `CREATE TRIGGER ${g.ifMissing ? 'IF NOT EXISTS ' : ''}${g.name} BEFORE ${g.event} ON ${g.table}${when ? ` WHEN ${when.sqlite}` : ''}
    BEGIN SELECT RAISE(ABORT, '${g.message}'); END`,
    );
    return;
  }
  const row = g.event === 'DELETE' ? 'OLD' : 'NEW';
  await knex.raw(`CREATE OR REPLACE FUNCTION ${g.name}_refuse() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      IF ${when ? when.postgres : 'TRUE'} THEN RAISE EXCEPTION '${g.message}'; END IF;
      RETURN ${row};
    END $fn$`);
  await knex.raw(`CREATE OR REPLACE TRIGGER ${g.name} BEFORE ${g.event} ON ${g.table} FOR EACH ROW EXECUTE FUNCTION ${g.name}_refuse()`);
}

/** Append-only: the log records who read and changed a child's record; no code path may rewrite it. */
export const AUDIT_LOG_GUARDS: readonly GuardTrigger[] = [
  { name: 'audit_log_no_update', table: 'audit_log', event: 'UPDATE', message: '审计日志只能追加，不能修改' },
  { name: 'audit_log_no_delete', table: 'audit_log', event: 'DELETE', message: '审计日志只能追加，不能删除' },
];
