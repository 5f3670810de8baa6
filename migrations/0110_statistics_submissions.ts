/**
 * 0110 — statistics tables the office has submitted (S3): the frozen table (its JSON and hash), who and when, and the
 * filing package that carried it upward. A submitted table is evidence: it is never changed.
 */
import type { Knex } from 'knex';

export const version = 110;
export const name = 'statistics_submissions';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('statistics_submissions', (t) => {
    t.increments('id');
    t.string('template_id').notNullable();
    t.string('as_of').notNullable();
    t.text('table_json').notNullable();
    t.string('sha256', 64).notNullable();
    t.integer('submitted_by').notNullable().references('accounts.id');
    t.string('submitted_at').notNullable();
    t.integer('package_id').nullable().references('filing_packages.id');
    t.unique(['template_id', 'as_of']);
    t.index(['package_id']);
  });
  await knex.raw(`CREATE TRIGGER statistics_submissions_frozen BEFORE UPDATE ON statistics_submissions
    WHEN NEW.table_json IS NOT OLD.table_json OR NEW.sha256 IS NOT OLD.sha256 OR NEW.as_of IS NOT OLD.as_of
    BEGIN SELECT RAISE(ABORT, '已报送的统计表不能修改'); END`);
  await knex.raw(`CREATE TRIGGER statistics_submissions_no_delete BEFORE DELETE ON statistics_submissions
    BEGIN SELECT RAISE(ABORT, '已报送的统计表不能删除'); END`);
}
