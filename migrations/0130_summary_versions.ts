/**
 * 0130 — the annual work summary (S3 附件2): each saved text of a year's summary is a new version, kept as written
 * (who, when), so the office can go back to an earlier draft and the printed summary names its version.
 */
import type { Knex } from 'knex';
import { createGuardTrigger } from './guardTriggers';

export const version = 130;
export const name = 'summary_versions';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('summary_versions', (t) => {
    t.increments('id');
    t.integer('year').notNullable();
    t.integer('version').notNullable();
    t.text('sections_json').notNullable();
    t.text('note').notNullable().defaultTo('');
    t.integer('saved_by').notNullable().references('accounts.id');
    t.string('saved_at').notNullable();
    t.unique(['year', 'version']);
  });
  await createGuardTrigger(knex, {
    name: 'summary_versions_kept',
    table: 'summary_versions',
    event: 'UPDATE',
    message: '年度总结的已保存版本不能修改，请保存为新版本',
  });
}
