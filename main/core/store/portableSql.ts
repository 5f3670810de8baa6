/**
 * What the two engines answer differently, in one place, for the code a bureau runs (which may sit on PostgreSQL;
 * a school's store is always the SQLite file).
 */
import type { Knex } from 'knex';

/** The id of a row just inserted: SQLite answers with the new rowid, PostgreSQL only with what RETURNING asks for. */
export async function insertedId(insert: Knex.QueryBuilder): Promise<number> {
  const rows = (await insert.returning('id')) as Array<number | { id: number }>;
  const first = rows[0];
  return Number(typeof first === 'object' ? first.id : first);
}

/** The rows of a raw SELECT: SQLite's driver gives the array itself, PostgreSQL's a result with `rows`. */
export async function rawRows<T>(db: Knex | Knex.Transaction, sql: string, bindings: Knex.RawBinding[] | Knex.ValueDict): Promise<T[]> {
  const result = (await db.raw(sql, bindings)) as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}
