/**
 * 0090 — a student's file can be edited, and every change is kept (S2 一人一档): the old value, the new one, who, when,
 * why and from which source (a hand edit or a roster import batch). Categories (T1) and risk factors (T2) carry the
 * date from which they hold; rows written before this migration hold from the day the file was created.
 */
import type { Knex } from 'knex';
import { createGuardTrigger } from './guardTriggers';

export const version = 90;
export const name = 'student_history';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('student_changes', (t) => {
    t.increments('id');
    t.integer('student_id').notNullable().references('students.id');
    t.string('at').notNullable();
    t.integer('actor_id').nullable().references('accounts.id');
    t.string('field').notNullable();
    t.text('from_value').notNullable().defaultTo('');
    t.text('to_value').notNullable().defaultTo('');
    t.text('reason').notNullable().defaultTo('');
    /** For categories and risk factors: the day from which the new value holds (YYYY-MM-DD). */
    t.string('effective_from').nullable();
    t.string('source').notNullable().defaultTo('edit');
    t.integer('batch_id').nullable();
    t.index(['student_id', 'id']);
  });
  // History is evidence: it is appended to, never edited or removed.
  await createGuardTrigger(knex, {
    name: 'student_changes_no_update',
    table: 'student_changes',
    event: 'UPDATE',
    message: '档案变更记录不能修改',
  });
  await createGuardTrigger(knex, {
    name: 'student_changes_no_delete',
    table: 'student_changes',
    event: 'DELETE',
    message: '档案变更记录不能删除',
  });
  for (const table of ['student_categories', 'student_risk_factors']) {
    await knex.schema.alterTable(table, (t) => {
      t.string('since').nullable();
    });
    await knex.raw(`UPDATE ${table} SET since = (SELECT substr(created_at, 1, 10) FROM students WHERE students.id = ${table}.student_id)`);
  }
}
