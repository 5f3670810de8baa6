/**
 * 0140 — inspection records (G4 督查): each visit with its inspectors, findings and the indicators as they stood
 * that day, and the rectification items it set, each with a deadline and its closure.
 */
import type { Knex } from 'knex';

export const version = 140;
export const name = 'inspections';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('inspections', (t) => {
    t.increments('id');
    t.string('date').notNullable();
    t.text('inspectors').notNullable();
    t.text('findings').notNullable();
    /** The supervision indicators when the record was made: what the inspectors saw. */
    t.text('indicators_json').notNullable();
    t.integer('recorded_by').notNullable().references('accounts.id');
    t.string('recorded_at').notNullable();
  });
  await knex.schema.createTable('rectifications', (t) => {
    t.increments('id');
    t.integer('inspection_id').notNullable().references('inspections.id');
    t.text('item').notNullable();
    t.string('responsible').notNullable();
    t.string('deadline').notNullable();
    t.string('closed_at').nullable();
    t.integer('closed_by').nullable().references('accounts.id');
    t.text('closure').notNullable().defaultTo('');
    t.index(['inspection_id']);
    t.index(['closed_at', 'deadline']);
  });
}
