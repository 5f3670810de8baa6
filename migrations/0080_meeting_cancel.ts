/**
 * 0080 — a review meeting can be cancelled (with a reason) while it is open; once cancelled it is as fixed as a closed
 * one: neither the meeting nor its draft decisions change any more.
 */
import type { Knex } from 'knex';

export const version = 80;
export const name = 'meeting_cancel';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('review_meetings', (t) => {
    t.text('cancel_reason').notNullable().defaultTo('');
    t.index(['status']);
  });
  await knex.raw(`CREATE TRIGGER review_meetings_cancelled_no_update BEFORE UPDATE ON review_meetings WHEN OLD.status = 'cancelled'
    BEGIN SELECT RAISE(ABORT, '评议会议已取消，记录不能修改'); END`);
  await knex.raw(`CREATE TRIGGER meeting_items_cancelled_no_change BEFORE UPDATE ON meeting_items
    WHEN (SELECT status FROM review_meetings WHERE id = OLD.meeting_id) = 'cancelled'
    BEGIN SELECT RAISE(ABORT, '评议会议已取消，记录不能修改'); END`);
  await knex.raw(`CREATE TRIGGER meeting_items_cancelled_no_insert BEFORE INSERT ON meeting_items
    WHEN (SELECT status FROM review_meetings WHERE id = NEW.meeting_id) = 'cancelled'
    BEGIN SELECT RAISE(ABORT, '评议会议已取消，不能再记录结论'); END`);
}
