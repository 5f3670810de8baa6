/**
 * 0050 — care services after confirmation: tutoring (A1), special education and home delivery (A2), peer pairs
 * and home–school contacts (A3), dropout control ledgers (A4), the contact cadence (P5), crisis records and
 * referrals (P5), home–school activities (P6), concern tickets (P7) and tutor assignments (G2).
 * Imports nothing of ours (ARCHITECTURE.md).
 */
import type { Knex } from 'knex';

export const version = 50;
export const name = 'care_services';

export async function up(knex: Knex): Promise<void> {
  const by = (t: Knex.CreateTableBuilder, col = 'recorded_by') => t.integer(col).notNullable().references('accounts.id');
  const student = (t: Knex.CreateTableBuilder) => t.integer('student_id').notNullable().references('students.id');

  await knex.schema.createTable('tutoring_plans', (t) => {
    t.increments('id');
    student(t);
    t.string('semester').notNullable();
    t.text('subjects').notNullable(); // JSON array
    t.integer('tutor_account_id').notNullable().references('accounts.id');
    t.string('schedule').notNullable();
    t.text('goals').notNullable();
    t.text('outcome').notNullable().defaultTo('');
    t.string('outcome_at').nullable();
    by(t);
    t.string('created_at').notNullable();
    t.index(['student_id']);
    t.index(['tutor_account_id', 'semester']);
  });
  await knex.schema.createTable('tutoring_sessions', (t) => {
    t.increments('id');
    t.integer('plan_id').notNullable().references('tutoring_plans.id');
    t.string('date').notNullable();
    t.integer('minutes').notNullable();
    t.boolean('attended').notNullable();
    t.text('notes').notNullable().defaultTo('');
    by(t);
    t.index(['plan_id', 'date']);
  });

  await knex.schema.createTable('special_ed', (t) => {
    t.integer('student_id').primary().references('students.id');
    t.string('placement').notNullable();
    t.string('disability_type').notNullable();
    t.text('note').notNullable().defaultTo('');
    by(t, 'updated_by');
    t.string('updated_at').notNullable();
  });
  await knex.schema.createTable('home_visits', (t) => {
    t.increments('id');
    student(t);
    t.string('date').notNullable();
    t.string('semester').notNullable();
    t.integer('teacher_account_id').notNullable().references('accounts.id');
    t.text('content').notNullable();
    t.integer('minutes').notNullable();
    by(t);
    t.index(['student_id', 'semester']);
  });

  await knex.schema.createTable('home_contacts', (t) => {
    t.increments('id');
    student(t);
    t.string('date').notNullable();
    t.string('channel').notNullable();
    t.string('guardian').notNullable();
    t.text('content').notNullable();
    t.text('follow_up').notNullable().defaultTo('');
    by(t);
    t.index(['student_id', 'date']);
    t.index(['recorded_by', 'date']);
  });

  await knex.schema.createTable('peer_volunteers', (t) => {
    t.increments('id');
    t.integer('student_id').notNullable().unique().references('students.id');
    t.text('strengths').notNullable(); // JSON array of subjects
    t.integer('capacity').notNullable();
    t.boolean('guardian_consent').notNullable();
    t.string('consent_note').notNullable().defaultTo('');
    t.boolean('active').notNullable().defaultTo(true);
    t.string('updated_at').notNullable();
  });
  await knex.schema.createTable('peer_pairs', (t) => {
    t.increments('id');
    t.integer('volunteer_id').notNullable().references('peer_volunteers.id');
    student(t);
    t.text('subjects').notNullable();
    t.string('state').notNullable();
    t.string('started_at').notNullable();
    t.string('ended_at').nullable();
    by(t, 'created_by');
    t.index(['student_id', 'state']);
    t.index(['volunteer_id', 'state']);
  });
  await knex.schema.createTable('pair_activities', (t) => {
    t.increments('id');
    t.integer('pair_id').notNullable().references('peer_pairs.id');
    t.string('date').notNullable();
    t.text('content').notNullable();
    t.integer('minutes').notNullable();
    by(t);
    t.index(['pair_id']);
  });

  await knex.schema.createTable('registration_checks', (t) => {
    t.string('semester').notNullable();
    student(t);
    t.boolean('arrived').notNullable();
    t.string('checked_at').notNullable();
    by(t, 'checked_by');
    t.primary(['semester', 'student_id']);
  });
  await knex.schema.createTable('dropout_entries', (t) => {
    t.increments('id');
    student(t);
    t.string('semester').notNullable();
    t.string('ledger').notNullable();
    t.string('reason').notNullable();
    t.string('status').notNullable();
    t.text('note').notNullable().defaultTo('');
    t.string('opened_at').notNullable();
    t.string('closed_at').nullable();
    by(t, 'opened_by');
    t.index(['ledger', 'closed_at']);
    t.index(['student_id']);
  });
  await knex.schema.createTable('dropout_followups', (t) => {
    t.increments('id');
    t.integer('entry_id').notNullable().references('dropout_entries.id');
    t.string('date').notNullable();
    t.string('kind').notNullable();
    t.text('note').notNullable();
    t.string('status_after').notNullable();
    by(t);
    t.index(['entry_id']);
  });

  // The cadence: one row per student, kind and day. About 2 million rows after three years in a big school, so the
  // row is kept small and the two access paths (a period across the school; one student's history) are indexed.
  await knex.schema.createTable('contacts', (t) => {
    t.increments('id');
    student(t);
    t.string('kind').notNullable();
    t.string('date').notNullable();
    t.integer('account_id').notNullable().references('accounts.id');
    t.boolean('unusual').notNullable().defaultTo(false);
    t.text('note').notNullable().defaultTo('');
    t.unique(['kind', 'date', 'student_id']);
    t.index(['student_id', 'date']);
  });

  await knex.schema.createTable('crisis_records', (t) => {
    t.increments('id');
    student(t);
    t.string('date').notNullable();
    t.string('level_key').notNullable();
    t.string('level_label').notNullable();
    t.string('level_color').notNullable();
    t.integer('severity').notNullable();
    t.string('disposition').notNullable();
    t.text('note').notNullable();
    by(t);
    t.string('updated_at').notNullable();
    t.index(['student_id']);
  });
  await knex.schema.createTable('referrals', (t) => {
    t.increments('id');
    t.integer('crisis_id').notNullable().references('crisis_records.id');
    t.string('institution').notNullable();
    t.string('date').notNullable();
    t.text('result').notNullable().defaultTo('');
    by(t);
    t.index(['crisis_id']);
  });

  await knex.schema.createTable('home_school_activities', (t) => {
    t.increments('id');
    t.string('date').notNullable();
    t.string('kind').notNullable();
    t.string('title').notNullable();
    t.text('content').notNullable().defaultTo('');
    by(t);
  });
  await knex.schema.createTable('activity_attendance', (t) => {
    t.integer('activity_id').notNullable().references('home_school_activities.id');
    student(t);
    t.string('guardian').notNullable().defaultTo('');
    t.primary(['activity_id', 'student_id']);
    t.index(['student_id']);
  });

  await knex.schema.createTable('concerns', (t) => {
    t.increments('id');
    t.integer('student_id').nullable().references('students.id');
    t.string('source').notNullable();
    t.string('kind').notNullable();
    t.string('from_name').notNullable();
    t.string('channel').notNullable();
    t.text('content').notNullable();
    t.string('received_at').notNullable();
    t.string('due_date').notNullable();
    t.integer('owner_account_id').notNullable().references('accounts.id');
    t.text('response').notNullable().defaultTo('');
    t.string('closed_at').nullable();
    by(t);
    t.index(['closed_at', 'due_date']);
  });

  await knex.schema.createTable('tutor_assignments', (t) => {
    t.string('semester').notNullable();
    student(t);
    t.integer('tutor_account_id').notNullable().references('accounts.id');
    t.string('assigned_at').notNullable();
    t.primary(['semester', 'student_id']);
    t.index(['tutor_account_id', 'semester']);
  });
}
