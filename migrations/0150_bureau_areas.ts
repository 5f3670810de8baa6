/**
 * 0150 — where a school is (issue 14): a version-2 filing package carries the school's prefecture and county codes
 * (GB/T 2260), its management area (6111 杨凌, 6169 西咸) and its stages; the bureau keeps the latest on the school's
 * registry row, so schools group by county and prefecture. Packages keep the period's due date they were filed for,
 * and the statistics tables (S3) they carry are kept as value sets, to be summed by county, prefecture and province.
 * The registry lists the schools the bureau expects to file, imported from its own xlsx list.
 */
import type { Knex } from 'knex';

export const version = 150;
export const name = 'bureau_areas';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('bureau_schools', (t) => {
    t.string('prefecture_code').nullable();
    t.string('county_code').nullable();
    t.string('management_area').nullable();
    t.text('stages').notNullable().defaultTo('[]');
    t.index(['county_code']);
  });
  await knex.schema.alterTable('bureau_packages', (t) => {
    t.string('due_date').nullable();
  });
  // The schools the bureau expects to file (imported from its xlsx list), whether or not their keys have arrived.
  await knex.schema.createTable('bureau_registry', (t) => {
    t.string('school_code').primary();
    t.string('school_name').notNullable();
    t.string('prefecture_code').notNullable();
    t.string('county_code').notNullable();
    t.text('stages').notNullable().defaultTo('[]');
    t.string('contact_name').notNullable().defaultTo('');
    t.string('contact_phone').notNullable().defaultTo('');
    t.string('updated_at').notNullable();
    t.index(['county_code']);
  });
  await knex.schema.createTable('bureau_statistics', (t) => {
    t.increments('id');
    t.integer('package_id').notNullable().references('bureau_packages.id');
    t.string('school_code').notNullable().references('bureau_schools.school_code');
    t.string('template_id').notNullable();
    t.string('as_of').notNullable();
    t.string('sha256').notNullable();
    /** The table as the school froze it: aggregate figures only, no person. */
    t.text('table_json').notNullable();
    t.index(['as_of', 'school_code']);
  });
}
