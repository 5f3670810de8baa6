/**
 * 0100 — students leave and return (issue 12): a status (在校 / 已毕业 / 已转出) with the day and reason they left. A
 * student who leaves keeps a read-only file; daily lists show the students in school.
 */
import type { Knex } from 'knex';

export const version = 100;
export const name = 'student_status';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('students', (t) => {
    t.string('status').notNullable().defaultTo('active');
    t.string('left_at').nullable();
    t.text('left_reason').notNullable().defaultTo('');
    t.index(['status', 'class_name']);
  });
}
