/**
 * 0030 — collective review meetings (I5) and exit applications (I2). A closed meeting and its items are
 * immutable: triggers refuse any UPDATE or DELETE once the meeting is closed; a correction is a new meeting
 * linked to the one it corrects.
 */
import type { Knex } from 'knex';
import { createGuardTrigger } from './guardTriggers';

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
  const closed = (row: 'OLD' | 'NEW') => `(SELECT status FROM review_meetings WHERE id = ${row}.meeting_id) = 'closed'`;
  for (const g of [
    {
      name: 'review_meetings_closed_no_update',
      table: 'review_meetings',
      event: 'UPDATE',
      when: "OLD.status = 'closed'",
      message: '评议会议已结束，记录不能修改',
    },
    { name: 'review_meetings_no_delete', table: 'review_meetings', event: 'DELETE', message: '评议会议记录不能删除' },
    {
      name: 'meeting_items_closed_no_update',
      table: 'meeting_items',
      event: 'UPDATE',
      when: closed('OLD'),
      message: '评议会议已结束，记录不能修改',
    },
    {
      name: 'meeting_items_closed_no_delete',
      table: 'meeting_items',
      event: 'DELETE',
      when: closed('OLD'),
      message: '评议会议已结束，记录不能删除',
    },
    {
      name: 'meeting_items_closed_no_insert',
      table: 'meeting_items',
      event: 'INSERT',
      when: closed('NEW'),
      message: '评议会议已结束，不能再添加议题',
    },
  ] as const)
    await createGuardTrigger(knex, g);
  await knex.schema.alterTable('cases', (t) => {
    t.string('exit_requested_reason').nullable();
    t.string('exit_requested_at').nullable();
    t.integer('reviewed_in_meeting_id').nullable().references('review_meetings.id');
    t.integer('exited_in_meeting_id').nullable().references('review_meetings.id');
  });
}
