/**
 * 0110 — statistics tables the office has submitted (S3): the frozen table (its JSON and hash), who and when, and the
 * filing package that carried it upward. A submitted table is evidence: it is never changed.
 */
import type { Knex } from 'knex';
import { createGuardTrigger } from './guardTriggers';

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
  const changed = (op: string) => ['table_json', 'sha256', 'as_of'].map((c) => `NEW.${c} ${op} OLD.${c}`).join(' OR ');
  await createGuardTrigger(knex, {
    name: 'statistics_submissions_frozen',
    table: 'statistics_submissions',
    event: 'UPDATE',
    when: { sqlite: changed('IS NOT'), postgres: changed('IS DISTINCT FROM') },
    message: '已报送的统计表不能修改',
  });
  await createGuardTrigger(knex, {
    name: 'statistics_submissions_no_delete',
    table: 'statistics_submissions',
    event: 'DELETE',
    message: '已报送的统计表不能删除',
  });
}
