/**
 * What the two engines answer differently, in one place, for the code a bureau runs (which may sit on PostgreSQL;
 * a school's store is always the SQLite file).
 */
import type { Knex } from 'knex';
import { isPostgres } from '../../../migrations/guardTriggers';

export { isPostgres };

/** The id of a row just inserted: SQLite answers with the new rowid, PostgreSQL only with what RETURNING asks for. */
export async function insertedId(insert: Knex.QueryBuilder): Promise<number> {
  const rows = (await insert.returning('id')) as Array<number | { id: number }>;
  const first = rows[0];
  return Number(typeof first === 'object' ? first.id : first);
}

/**
 * After a bulk write, PostgreSQL's planner statistics for the bureau's tables: planned on the empty tables' numbers, the
 * regional summary chose nested loops over 140,000 value rows and ran for minutes instead of a third of a second.
 * (Autovacuum catches up within a minute or so; a summary opened right after an import cannot wait for it.) SQLite
 * plans by its indexes and needs nothing here.
 */
export async function refreshStatistics(db: Knex): Promise<void> {
  if (!isPostgres(db)) return;
  // Only when a tenth of a table (or a thousand rows) changed since its last ANALYZE: one cheap look otherwise.
  const stale = await rawRows<{ relname: string }>(
    db,
    `SELECT relname FROM pg_stat_user_tables
      WHERE relname IN ('bureau_schools', 'bureau_registry', 'bureau_packages', 'bureau_values')
        AND n_mod_since_analyze > greatest(1000, n_live_tup / 10)`,
    [],
  );
  if (stale.length) await db.raw(`ANALYZE ${stale.map((r) => r.relname).join(', ')}`);
}

/** The rows of a raw SELECT: SQLite's driver gives the array itself, PostgreSQL's a result with `rows`. */
export async function rawRows<T>(db: Knex | Knex.Transaction, sql: string, bindings: Knex.RawBinding[] | Knex.ValueDict): Promise<T[]> {
  const result = (await db.raw(sql, bindings)) as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}
