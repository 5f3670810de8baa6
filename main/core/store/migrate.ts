/**
 * Migration runner: applies migrations/ in order, each in its own transaction, and refuses a store that a newer
 * CareDesk has migrated (it could not understand what it would read or write).
 */
import type { Knex } from 'knex';
import { MIGRATIONS, type Migration } from '../../../migrations/index';
import { AppError } from '../../../shared/errors';

export const APP_SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

export async function runMigrations(knex: Knex, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  if (!(await knex.schema.hasTable('schema_migrations'))) {
    await knex.schema.createTable('schema_migrations', (t) => {
      t.integer('version').primary();
      t.string('name').notNullable();
      t.string('applied_at').notNullable();
    });
  }
  const appliedRows: { version: number }[] = await knex('schema_migrations').select('version');
  const applied = new Set(appliedRows.map((r) => r.version));
  const newest = Math.max(0, ...applied);
  const known = Math.max(...migrations.map((m) => m.version));
  if (newest > known) {
    throw new AppError(
      'STORE',
      `此数据库由更新版本的 CareDesk 建立（结构版本 ${newest}），当前程序只支持到 ${known}。请安装新版本后再打开，数据未作任何改动。`,
    );
  }
  const done: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    await knex.transaction(async (trx) => {
      await m.up(trx);
      await trx('schema_migrations').insert({ version: m.version, name: m.name, applied_at: new Date().toISOString() });
    });
    done.push(m.version);
  }
  return done;
}
