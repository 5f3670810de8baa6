/**
 * 0120 — early warning (G1): the indicator data the school imports (monthly attendance, exam scores) and the
 * warnings the rule engine raises, with their routing, acknowledgement, escalation and closure. One open warning per
 * student and indicator: a later run updates it rather than adding another.
 */
import type { Knex } from 'knex';

export const version = 120;
export const name = 'warnings';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('attendance_months', (t) => {
    t.integer('student_id').notNullable().references('students.id');
    t.string('month').notNullable();
    t.integer('school_days').notNullable();
    t.float('absent_days').notNullable();
    t.float('unexplained_days').notNullable().defaultTo(0);
    t.integer('longest_unexplained').nullable();
    t.string('recorded_at').notNullable();
    t.integer('recorded_by').notNullable().references('accounts.id');
    t.primary(['student_id', 'month']);
    t.index(['month']);
  });
  await knex.schema.createTable('exam_scores', (t) => {
    t.integer('student_id').notNullable().references('students.id');
    t.string('exam').notNullable();
    t.string('exam_date').notNullable();
    t.string('subject').notNullable();
    t.float('score').notNullable();
    t.float('pass_line').notNullable();
    t.string('recorded_at').notNullable();
    t.integer('recorded_by').notNullable().references('accounts.id');
    t.primary(['student_id', 'exam', 'subject']);
    t.index(['exam_date']);
  });
  await knex.schema.createTable('warnings', (t) => {
    t.increments('id');
    t.integer('student_id').notNullable().references('students.id');
    t.string('indicator').notNullable();
    t.string('level').notNullable();
    t.float('value').notNullable();
    t.text('evidence').notNullable();
    t.string('raised_on').notNullable();
    t.string('last_seen_on').notNullable();
    /** The day a run found the indicator back under its thresholds (the warning stays open until a person closes it). */
    t.string('cleared_on').nullable();
    /** The stage of routing (yellow → head teacher/tutor, orange → office/counsellor, red → principal). */
    t.string('route').notNullable();
    t.text('routed_to').notNullable();
    t.string('due_date').notNullable();
    t.integer('escalations').notNullable().defaultTo(0);
    t.string('escalated_at').nullable();
    t.integer('acknowledged_by').nullable().references('accounts.id');
    t.string('acknowledged_at').nullable();
    t.text('disposition').notNullable().defaultTo('');
    t.integer('closed_by').nullable().references('accounts.id');
    t.string('closed_at').nullable();
    t.text('outcome').notNullable().defaultTo('');
    t.index(['student_id', 'indicator']);
    t.index(['closed_at', 'due_date']);
  });
}
