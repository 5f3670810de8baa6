/**
 * 0080 — a review meeting can be cancelled (with a reason) while it is open; once cancelled it is as fixed as a closed
 * one: neither the meeting nor its draft decisions change any more.
 */
import type { Knex } from 'knex';
import { createGuardTrigger } from './guardTriggers';

export const version = 80;
export const name = 'meeting_cancel';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('review_meetings', (t) => {
    t.text('cancel_reason').notNullable().defaultTo('');
    t.index(['status']);
  });
  const cancelled = (row: 'OLD' | 'NEW') => `(SELECT status FROM review_meetings WHERE id = ${row}.meeting_id) = 'cancelled'`;
  for (const g of [
    {
      name: 'review_meetings_cancelled_no_update',
      table: 'review_meetings',
      event: 'UPDATE',
      when: "OLD.status = 'cancelled'",
      message: '评议会议已取消，记录不能修改',
    },
    {
      name: 'meeting_items_cancelled_no_change',
      table: 'meeting_items',
      event: 'UPDATE',
      when: cancelled('OLD'),
      message: '评议会议已取消，记录不能修改',
    },
    {
      name: 'meeting_items_cancelled_no_insert',
      table: 'meeting_items',
      event: 'INSERT',
      when: cancelled('NEW'),
      message: '评议会议已取消，不能再记录结论',
    },
  ] as const)
    await createGuardTrigger(knex, g);
}
