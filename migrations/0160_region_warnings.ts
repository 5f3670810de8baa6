/**
 * 0160 — region warnings (issue 14 §1, §5): the value set each school files (aggregate counts with their denominators,
 * no person) is kept per package, one row per value; the bureau's region warnings are kept with their evidence, whom
 * they were routed to, and who acknowledged and closed them. One warning per (period, scope, target, rule): a new
 * evaluation updates the evidence of an open one rather than raising it again.
 */
import type { Knex } from 'knex';

export const version = 160;
export const name = 'region_warnings';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('bureau_values', (t) => {
    t.integer('package_id').notNullable().references('bureau_packages.id');
    t.string('school_code').notNullable().references('bureau_schools.school_code');
    t.string('period').notNullable();
    t.string('as_of').notNullable();
    t.string('key').notNullable();
    t.integer('numerator').notNullable();
    t.integer('denominator').notNullable();
    t.primary(['package_id', 'key']);
    t.index(['period', 'key']);
  });
  await knex.schema.createTable('bureau_region_warnings', (t) => {
    t.increments('id');
    t.string('period').notNullable();
    /** 'school' or 'county'. */
    t.string('scope').notNullable();
    /** The school code or the county code the warning is about. */
    t.string('target').notNullable();
    t.string('county_code').nullable();
    t.string('rule').notNullable();
    t.float('value').notNullable();
    t.float('threshold').notNullable();
    t.text('evidence').notNullable();
    t.text('routed_to').notNullable();
    t.string('raised_on').notNullable();
    t.string('last_seen_on').notNullable();
    /** The day an evaluation no longer found it (it stays until a person closes it). */
    t.string('cleared_on').nullable();
    t.integer('acknowledged_by').nullable().references('accounts.id');
    t.string('acknowledged_at').nullable();
    t.text('disposition').notNullable().defaultTo('');
    t.integer('closed_by').nullable().references('accounts.id');
    t.string('closed_at').nullable();
    t.text('outcome').notNullable().defaultTo('');
    t.unique(['period', 'scope', 'target', 'rule']);
    t.index(['county_code']);
  });
}
