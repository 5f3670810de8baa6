/** 0020 — 免申即享 import batches (I3): which file (by hash), who, when, and the counts. */
import type { Knex } from 'knex';

export const version = 20;
export const name = 'import_batches';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('import_batches', (t) => {
    t.increments('id');
    t.string('kind').notNullable();
    t.string('file_name').notNullable();
    t.string('file_sha256', 64).notNullable();
    t.string('imported_at').notNullable();
    t.integer('imported_by').notNullable().references('accounts.id');
    t.integer('rows').notNullable();
    t.integer('matched').notNullable();
    t.integer('created').notNullable();
    t.integer('new_cases').notNullable();
    t.integer('unchanged').notNullable();
    t.integer('rejected').notNullable();
    t.index(['file_sha256']);
  });
  await knex.schema.alterTable('cases', (t) => {
    t.integer('import_batch_id').nullable().references('import_batches.id');
    t.string('aid_level').notNullable().defaultTo('');
  });
}
