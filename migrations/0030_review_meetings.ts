/**
 * 0030 — collective review meetings (I5) and exit applications (I2). A closed meeting and its items are
 * immutable: triggers refuse any UPDATE or DELETE once the meeting is closed; a correction is a new meeting
 * linked to the one it corrects.
 */
import type { Knex } from 'knex';

export const version = 30;
export const name = 'review_meetings';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('review_meetings', (t) => {
    t.increments('id');
    t.string('meeting_date').notNullable();
    t.string('place').notNullable();
    t.text('participants').notNullable();
    t.string('status').notNullable().defaultTo('open');
    t.text('minutes').notNullable().defaultTo('');
    t.integer('corrects_meeting_id').nullable().references('review_meetings.id');
    t.integer('created_by').notNullable().references('accounts.id');
    t.string('created_at').notNullable();
    t.integer('closed_by').nullable().references('accounts.id');
    t.string('closed_at').nullable();
  });
  await knex.schema.createTable('meeting_items', (t) => {
    t.increments('id');
    t.integer('meeting_id').notNullable().references('review_meetings.id');
    t.integer('case_id').notNullable().references('cases.id');
    t.string('kind').notNullable(); // 'admission' | 'exit'
    t.string('decision').notNullable();
    t.text('necessity').notNullable().defaultTo('');
    t.text('feasibility').notNullable().defaultTo('');
    t.text('care_approved').notNullable().defaultTo('[]');
    t.integer('votes_for').notNullable().defaultTo(0);
    t.integer('votes_against').notNullable().defaultTo(0);
    t.integer('votes_abstain').notNullable().defaultTo(0);
    t.text('notes').notNullable().defaultTo('');
    t.unique(['meeting_id', 'case_id']);
  });
  await knex.raw(`CREATE TRIGGER review_meetings_closed_no_update BEFORE UPDATE ON review_meetings WHEN OLD.status = 'closed'
    BEGIN SELECT RAISE(ABORT, '评议会议已结束，记录不能修改'); END`);
  await knex.raw(`CREATE TRIGGER review_meetings_no_delete BEFORE DELETE ON review_meetings
    BEGIN SELECT RAISE(ABORT, '评议会议记录不能删除'); END`);
  await knex.raw(`CREATE TRIGGER meeting_items_closed_no_update BEFORE UPDATE ON meeting_items
    WHEN (SELECT status FROM review_meetings WHERE id = OLD.meeting_id) = 'closed'
    BEGIN SELECT RAISE(ABORT, '评议会议已结束，记录不能修改'); END`);
  await knex.raw(`CREATE TRIGGER meeting_items_closed_no_delete BEFORE DELETE ON meeting_items
    WHEN (SELECT status FROM review_meetings WHERE id = OLD.meeting_id) = 'closed'
    BEGIN SELECT RAISE(ABORT, '评议会议已结束，记录不能删除'); END`);
  await knex.raw(`CREATE TRIGGER meeting_items_closed_no_insert BEFORE INSERT ON meeting_items
    WHEN (SELECT status FROM review_meetings WHERE id = NEW.meeting_id) = 'closed'
    BEGIN SELECT RAISE(ABORT, '评议会议已结束，不能再添加议题'); END`);
  await knex.schema.alterTable('cases', (t) => {
    t.string('exit_requested_reason').nullable();
    t.string('exit_requested_at').nullable();
    t.integer('reviewed_in_meeting_id').nullable().references('review_meetings.id');
    t.integer('exited_in_meeting_id').nullable().references('review_meetings.id');
  });
}
