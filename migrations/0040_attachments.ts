/**
 * 0040 — attachments of an application (scans, photos: I4), stored inside the encrypted store so they are
 * encrypted at rest like everything else; never written to disk as files.
 */
import type { Knex } from 'knex';

export const version = 40;
export const name = 'attachments';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('attachments', (t) => {
    t.increments('id');
    t.integer('case_id').notNullable().references('cases.id');
    t.string('file_name').notNullable();
    t.string('mime').notNullable();
    t.integer('size').notNullable();
    t.string('sha256', 64).notNullable();
    t.binary('data').notNullable();
    t.integer('uploaded_by').notNullable().references('accounts.id');
    t.string('uploaded_at').notNullable();
    t.index(['case_id']);
  });
}
