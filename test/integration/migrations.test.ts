/**
 * One test per migration, on a real encrypted store: an empty store is migrated step by step; after each step its
 * tables exist, and a representative query of the new tables uses an index (EXPLAIN QUERY PLAN says SEARCH … USING
 * INDEX, not SCAN), so a migration that forgets the index a screen relies on fails here.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../migrations/index';
import { openStore, type Store } from '../../main/core/store/db';
import { APP_SCHEMA_VERSION, runMigrations } from '../../main/core/store/migrate';
import { tempDir } from '../support/school';

/** Per migration: the tables it adds and a query over them that must be served by an index. */
const EXPECT: Record<number, { tables: string[]; query: string }> = {
  10: {
    tables: ['students', 'cases', 'care_events', 'audit_log', 'bureau_packages'],
    query: "SELECT id FROM students WHERE class_name = '七年级(1)班' ORDER BY name",
  },
  20: { tables: ['import_batches'], query: "SELECT id FROM import_batches WHERE file_sha256 = 'x'" },
  30: { tables: ['review_meetings', 'meeting_items'], query: 'SELECT id FROM meeting_items WHERE meeting_id = 1 AND case_id = 2' },
  40: { tables: ['attachments'], query: 'SELECT id FROM attachments WHERE case_id = 1' },
  50: {
    tables: ['contacts', 'tutoring_plans', 'dropout_entries', 'crisis_records', 'concerns'],
    query: "SELECT student_id FROM contacts WHERE kind = 'dailyAsk' AND date = '2026-11-02'",
  },
  60: {
    tables: ['graduates', 'job_postings', 'aid_awards', 'difficulty_gradings'],
    query: "SELECT id FROM aid_awards WHERE student_id = 1 AND semester = '2026-2027-1'",
  },
  70: { tables: ['audit_log', 'bureau_packages'], query: 'SELECT hash, seq FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)' },
  80: { tables: ['review_meetings'], query: "SELECT id FROM review_meetings WHERE status = 'open'" },
  90: { tables: ['student_changes'], query: 'SELECT field, from_value FROM student_changes WHERE student_id = 1 ORDER BY id' },
  100: { tables: ['students'], query: "SELECT id FROM students WHERE status = 'active' AND class_name = '七年级(1)班'" },
  110: {
    tables: ['statistics_submissions'],
    query: "SELECT id FROM statistics_submissions WHERE template_id = 'x' AND as_of = '2026-06-30'",
  },
  120: {
    tables: ['attendance_months', 'exam_scores', 'warnings'],
    query: "SELECT id FROM warnings WHERE closed_at IS NULL AND due_date < '2026-11-29'",
  },
  130: { tables: ['summary_versions'], query: 'SELECT id FROM summary_versions WHERE year = 2026 AND version = 1' },
  140: { tables: ['inspections', 'rectifications'], query: 'SELECT id FROM rectifications WHERE inspection_id = 1' },
  150: {
    tables: ['bureau_schools', 'bureau_statistics'],
    query: "SELECT table_json FROM bureau_statistics WHERE as_of = '2026-12-15' AND school_code = '3161012345'",
  },
  160: {
    tables: ['bureau_values', 'bureau_region_warnings'],
    query: "SELECT school_code, numerator FROM bureau_values WHERE period = '2026H2' AND key = 'students.key'",
  },
  170: {
    tables: ['bureau_bureaus', 'bureau_forwards_in', 'bureau_forwards_out'],
    query: "SELECT max(id) FROM bureau_packages WHERE period = '2026H2' GROUP BY school_code",
  },
  180: {
    tables: ['bureau_package_files', 'bureau_package_categories'],
    query: 'SELECT category, students FROM bureau_package_categories WHERE package_id = 1',
  },
};

let store: Store;
beforeAll(async () => {
  store = await openStore(tempDir('caredesk-migrations-'), crypto.randomBytes(32), { migrate: false });
});
afterAll(async () => {
  await store.close();
});

describe('migrations', () => {
  it('has a check below for every migration, in order, numbered by tens', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(Object.keys(EXPECT).map(Number));
    expect(MIGRATIONS.every((m) => m.version % 10 === 0)).toBe(true);
    expect(APP_SCHEMA_VERSION).toBe(MIGRATIONS[MIGRATIONS.length - 1].version);
  });

  for (const m of MIGRATIONS) {
    it(`${m.version} ${m.name}: adds its tables, and its representative query uses an index`, async () => {
      const applied = await runMigrations(
        store.knex,
        MIGRATIONS.filter((x) => x.version <= m.version),
      );
      expect(applied).toEqual([m.version]);
      for (const table of EXPECT[m.version].tables) expect(await store.knex.schema.hasTable(table), table).toBe(true);
      const plan = (await store.knex.raw(`EXPLAIN QUERY PLAN ${EXPECT[m.version].query}`)) as Array<{ detail: string }>;
      const details = plan.map((p) => p.detail).join(' | ');
      expect(details, details).toMatch(/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/);
      expect(details, details).not.toMatch(/^SCAN \w+$/m);
    });
  }

  it('refuses a store migrated by a newer CareDesk and leaves it untouched', async () => {
    await store
      .knex('schema_migrations')
      .insert({ version: APP_SCHEMA_VERSION + 10, name: 'future', applied_at: new Date().toISOString() });
    await expect(runMigrations(store.knex)).rejects.toThrow(/更新版本的 CareDesk/);
    await store
      .knex('schema_migrations')
      .where({ version: APP_SCHEMA_VERSION + 10 })
      .delete();
  });
});
