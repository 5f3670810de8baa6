/**
 * 0010 — the first schema: settings, staff accounts, students and guardians, categories and risk factors (T1, T2),
 * key-care cases (I2–I6), the timeline (G1), the append-only hash-chained audit log, filing packages, and the
 * bureau workspace's tables. Imports nothing of ours (ARCHITECTURE.md).
 */
import type { Knex } from 'knex';
import { AUDIT_LOG_GUARDS, createGuardTrigger } from './guardTriggers';

export const version = 10;
export const name = 'initial';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('settings', (t) => {
    t.string('key').primary();
    t.text('value').notNullable();
  });

  await knex.schema.createTable('accounts', (t) => {
    t.increments('id');
    t.string('username').notNullable().unique();
    t.string('display_name').notNullable();
    t.string('role').notNullable();
    t.text('classes').notNullable().defaultTo('[]');
    t.boolean('disabled').notNullable().defaultTo(false);
    t.boolean('must_change_password').notNullable().defaultTo(false);
    t.string('created_at').notNullable();
    t.string('updated_at').notNullable();
  });

  await knex.schema.createTable('students', (t) => {
    t.increments('id');
    t.string('name').notNullable();
    t.string('gender', 1).notNullable();
    t.string('birth_date').notNullable();
    t.string('id_number').notNullable().unique();
    t.string('student_no').nullable().unique();
    t.string('ethnicity').notNullable().defaultTo('');
    t.string('stage').notNullable();
    t.string('grade').notNullable();
    t.string('class_name').notNullable();
    t.boolean('boarding').notNullable().defaultTo(false);
    t.string('left_behind').notNullable().defaultTo('none');
    t.string('household_address').notNullable().defaultTo('');
    t.string('current_address').notNullable().defaultTo('');
    t.string('disability_type').notNullable().defaultTo('');
    t.string('created_at').notNullable();
    t.string('updated_at').notNullable();
    t.index(['class_name', 'name']);
    t.index(['name', 'birth_date']);
  });

  await knex.schema.createTable('guardians', (t) => {
    t.increments('id');
    t.integer('student_id').notNullable().references('students.id').onDelete('CASCADE');
    t.string('name').notNullable();
    t.string('relation').notNullable();
    t.string('phone').notNullable().defaultTo('');
    t.string('address').notNullable().defaultTo('');
    t.boolean('is_guardian').notNullable().defaultTo(true);
    t.index(['student_id']);
  });

  await knex.schema.createTable('student_categories', (t) => {
    t.integer('student_id').notNullable().references('students.id').onDelete('CASCADE');
    t.string('category').notNullable();
    t.primary(['student_id', 'category']);
    t.index(['category', 'student_id']);
  });

  await knex.schema.createTable('student_risk_factors', (t) => {
    t.integer('student_id').notNullable().references('students.id').onDelete('CASCADE');
    t.string('factor').notNullable();
    t.primary(['student_id', 'factor']);
  });

  await knex.schema.createTable('filing_packages', (t) => {
    t.increments('id');
    t.string('period').notNullable();
    t.integer('sequence').notNullable().unique();
    t.string('created_at').notNullable();
    t.integer('created_by').notNullable().references('accounts.id');
    t.integer('count').notNullable();
    t.string('sha256').notNullable();
  });

  await knex.schema.createTable('cases', (t) => {
    t.increments('id');
    t.integer('student_id').notNullable().references('students.id');
    t.string('state').notNullable();
    t.string('source').notNullable();
    t.string('applicant_type').nullable();
    t.string('applicant_name').notNullable().defaultTo('');
    t.text('care_requested').notNullable().defaultTo('[]');
    t.text('facts').notNullable().defaultTo('');
    t.text('reasons').notNullable().defaultTo('');
    t.string('applied_at').notNullable();
    t.integer('applied_by').notNullable().references('accounts.id');
    t.text('review').nullable();
    t.integer('reviewed_by').nullable().references('accounts.id');
    t.text('care_content').notNullable().defaultTo('');
    t.integer('responsible_account_id').nullable().references('accounts.id');
    t.string('confirmed_at').nullable();
    t.integer('confirmed_by').nullable().references('accounts.id');
    t.integer('filed_package_id').nullable().references('filing_packages.id');
    t.string('exited_at').nullable();
    t.string('exit_reason').notNullable().defaultTo('');
    t.index(['state']);
    t.index(['student_id']);
  });

  await knex.schema.createTable('care_events', (t) => {
    t.increments('id');
    t.integer('student_id').notNullable().references('students.id');
    t.integer('case_id').nullable().references('cases.id');
    t.string('at').notNullable();
    t.string('kind').notNullable();
    t.string('title').notNullable();
    t.text('detail').notNullable().defaultTo('');
    t.integer('actor_id').nullable().references('accounts.id');
    t.index(['student_id', 'at']);
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.increments('id');
    t.string('at').notNullable();
    t.integer('actor_id').nullable();
    t.string('actor_name').notNullable();
    t.string('action').notNullable();
    t.string('entity_type').notNullable().defaultTo('');
    t.string('entity_id').notNullable().defaultTo('');
    t.text('detail').notNullable().defaultTo('{}');
    t.string('prev_hash', 64).notNullable();
    t.string('hash', 64).notNullable();
    t.index(['entity_type', 'entity_id']);
  });
  // Append-only: the log records who read and changed a child's record; no code path may rewrite it.
  for (const g of AUDIT_LOG_GUARDS) await createGuardTrigger(knex, g);

  // Bureau workspace tables (unused in a school workspace).
  await knex.schema.createTable('bureau_schools', (t) => {
    t.string('school_code').primary();
    t.string('school_name').notNullable();
    t.text('public_key').notNullable();
    t.string('registered_at').notNullable();
  });
  await knex.schema.createTable('bureau_packages', (t) => {
    t.increments('id');
    t.string('school_code').notNullable().references('bureau_schools.school_code');
    t.string('period').notNullable();
    t.integer('sequence').notNullable();
    t.string('created_at').notNullable();
    t.string('imported_at').notNullable();
    t.string('sha256').notNullable().unique();
    t.integer('count').notNullable();
    t.unique(['school_code', 'sequence']);
  });
  await knex.schema.createTable('bureau_cases', (t) => {
    t.increments('id');
    t.integer('package_id').notNullable().references('bureau_packages.id');
    t.string('school_code').notNullable();
    t.string('student_ref').notNullable();
    t.string('name').notNullable();
    t.string('gender', 1).notNullable();
    t.string('stage').notNullable();
    t.string('grade').notNullable();
    t.text('categories').notNullable();
    t.text('care_content').notNullable();
    t.string('confirmed_at').notNullable();
    t.index(['school_code', 'package_id']);
  });
}
