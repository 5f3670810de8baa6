/**
 * 0070 — audit chain, version 2: each new entry's hash also covers its row id and the running count of entries
 * (`seq`), so an entry cannot be renumbered or moved without breaking the chain; entries written before this version
 * keep their version-1 hashes. The bureau keeps each school's chain head from its filing packages.
 */
import type { Knex } from 'knex';

export const version = 70;
export const name = 'audit_chain_v2';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (t) => {
    t.integer('seq').nullable();
    t.integer('hash_version').notNullable().defaultTo(1);
  });
  await knex.schema.alterTable('bureau_packages', (t) => {
    t.integer('audit_count').nullable();
    t.string('audit_head', 64).nullable();
    /** Why the chain head looks wrong (a count that shrank, a head that does not extend the last one), or ''. */
    t.string('audit_flag').notNullable().defaultTo('');
  });
  await knex.schema.alterTable('filing_packages', (t) => {
    t.integer('audit_count').nullable();
    t.string('audit_head', 64).nullable();
  });
}
