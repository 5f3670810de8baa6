/**
 * 0170 — bureaus above bureaus (issue 14 §6): a county forwards its schools' value sets to its prefecture or the
 * province in a signed, encrypted package. The level above registers each lower bureau's signing key by area, keeps
 * every forwarded package it imported (sequence and hash: a replay or an older package is refused), and marks the
 * school packages that came through a bureau. The sender keeps what it forwarded, to number its packages.
 */
import type { Knex } from 'knex';

export const version = 170;
export const name = 'bureau_levels';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('bureau_bureaus', (t) => {
    /** GB/T 2260 code of the lower bureau's area (6 digits a county, 4 a prefecture). */
    t.string('area').primary();
    t.string('level').notNullable();
    t.string('name').notNullable();
    t.text('public_key').notNullable();
    t.string('registered_at').notNullable();
  });
  await knex.schema.createTable('bureau_forwards_in', (t) => {
    t.increments('id');
    t.string('from_area').notNullable().references('bureau_bureaus.area');
    t.string('period').notNullable();
    t.integer('sequence').notNullable();
    t.string('created_at').notNullable();
    t.string('sha256').notNullable().unique();
    t.string('imported_at').notNullable();
    t.integer('schools').notNullable();
    t.unique(['from_area', 'sequence']);
  });
  await knex.schema.createTable('bureau_forwards_out', (t) => {
    t.increments('id');
    t.string('period').notNullable();
    t.integer('sequence').notNullable().unique();
    t.string('created_at').notNullable();
    t.string('sha256').notNullable();
    t.string('to_recipient').notNullable();
    t.integer('schools').notNullable();
  });
  await knex.schema.alterTable('bureau_packages', (t) => {
    /** The area of the bureau that forwarded this school's package ('' or null: the school filed here itself). */
    t.string('via_area').nullable();
    t.index(['period', 'school_code']);
  });
}
