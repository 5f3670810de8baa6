/**
 * 0060 — employment guidance (E8) and financial aid (F9): the graduate database, job postings and recommendations,
 * employment help, family-economic-difficulty grading per semester, the aid programme catalogue (amounts in fen),
 * awards, and work-study hours. Imports nothing of ours (ARCHITECTURE.md); the default catalogue is inserted by the
 * app at setup, not here.
 */
import type { Knex } from 'knex';

export const version = 60;
export const name = 'employment_aid';

export async function up(knex: Knex): Promise<void> {
  const by = (t: Knex.CreateTableBuilder, col = 'recorded_by') => t.integer(col).notNullable().references('accounts.id');

  await knex.schema.createTable('graduates', (t) => {
    t.integer('student_id').primary().references('students.id');
    t.string('intended_field').notNullable().defaultTo('');
    t.text('skills').notNullable().defaultTo('[]');
    t.text('certificates').notNullable().defaultTo('[]');
    t.string('location_pref').notNullable().defaultTo('');
    t.text('constraints').notNullable().defaultTo('');
    t.string('outcome').notNullable().defaultTo('looking');
    t.string('outcome_date').nullable();
    t.integer('helper_account_id').nullable().references('accounts.id');
    by(t, 'updated_by');
    t.string('updated_at').notNullable();
  });

  await knex.schema.createTable('job_postings', (t) => {
    t.increments('id');
    t.string('employer').notNullable();
    t.string('title').notNullable();
    t.string('location').notNullable();
    t.string('field').notNullable();
    t.text('requirements').notNullable().defaultTo('');
    t.text('required_certificates').notNullable().defaultTo('[]');
    t.integer('salary_min').nullable();
    t.integer('salary_max').nullable();
    t.string('deadline').notNullable();
    t.string('contact').notNullable().defaultTo('');
    t.string('source').notNullable();
    by(t, 'created_by');
    t.string('created_at').notNullable();
    t.unique(['employer', 'title', 'deadline']);
    t.index(['deadline', 'field']);
  });

  await knex.schema.createTable('job_recommendations', (t) => {
    t.increments('id');
    t.integer('student_id').notNullable().references('students.id');
    t.integer('posting_id').notNullable().references('job_postings.id');
    t.integer('score').notNullable();
    t.text('reasons').notNullable();
    t.string('response').notNullable().defaultTo('pending');
    t.string('result').notNullable().defaultTo('none');
    by(t);
    t.string('recommended_at').notNullable();
    t.string('updated_at').notNullable();
    t.unique(['student_id', 'posting_id']);
  });

  await knex.schema.createTable('employment_help', (t) => {
    t.increments('id');
    t.integer('student_id').notNullable().references('students.id');
    t.string('kind').notNullable();
    t.string('date').notNullable();
    t.string('title').notNullable();
    t.text('detail').notNullable().defaultTo('');
    by(t);
    t.index(['student_id']);
  });

  await knex.schema.createTable('difficulty_gradings', (t) => {
    t.increments('id');
    t.integer('student_id').notNullable().references('students.id');
    t.string('semester').notNullable();
    t.string('level_key').notNullable();
    t.string('level_label').notNullable();
    t.integer('level_rank').notNullable();
    t.text('types').notNullable().defaultTo('[]');
    t.text('reason_below_highest').notNullable().defaultTo('');
    by(t);
    t.string('graded_at').notNullable();
    t.unique(['student_id', 'semester']);
  });

  await knex.schema.createTable('aid_programmes', (t) => {
    t.increments('id');
    t.string('code').notNullable().unique();
    t.string('stage').notNullable();
    t.string('name').notNullable();
    t.integer('amount_fen').nullable();
    t.string('kind').notNullable();
    t.string('source').notNullable();
    t.text('note').notNullable().defaultTo('');
    t.boolean('active').notNullable().defaultTo(true);
  });

  await knex.schema.createTable('aid_awards', (t) => {
    t.increments('id');
    t.integer('student_id').notNullable().references('students.id');
    t.integer('programme_id').notNullable().references('aid_programmes.id');
    t.string('semester').notNullable();
    t.integer('amount_fen').notNullable();
    t.string('date').notNullable();
    t.string('source').notNullable();
    by(t);
    t.index(['student_id', 'semester']);
  });

  await knex.schema.createTable('work_study_hours', (t) => {
    t.increments('id');
    t.integer('student_id').notNullable().references('students.id');
    t.string('date').notNullable();
    t.string('post').notNullable();
    t.integer('minutes').notNullable();
    t.integer('fen_per_hour').notNullable();
    by(t);
    t.index(['student_id', 'date']);
  });
}
