/** Key–value settings inside the encrypted store (school profile, signing keys, idle timeout, backup date). */
import type { Knex } from 'knex';

export async function getSetting<T>(db: Knex | Knex.Transaction, key: string): Promise<T | null> {
  const row = (await db('settings').where({ key }).first()) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as T) : null;
}

export async function setSetting(db: Knex | Knex.Transaction, key: string, value: unknown): Promise<void> {
  await db('settings')
    .insert({ key, value: JSON.stringify(value) })
    .onConflict('key')
    .merge();
}

export const SETTING = {
  schoolProfile: 'school.profile',
  schoolSigningKey: 'school.signingKey',
  bureauIdentity: 'bureau.identity',
  bureauName: 'bureau.name',
  bureauPlace: 'bureau.place',
  bureauSigningKey: 'bureau.signingKey',
  idleMinutes: 'session.idleMinutes',
  lastBackupAt: 'backup.lastAt',
  createdAt: 'workspace.createdAt',
  schoolYear: 'school.year',
  gradeProgression: 'school.gradeProgression',
  retentionYears: 'school.retentionYears',
} as const;

export const DEFAULT_IDLE_MINUTES = 10;
export const BACKUP_OVERDUE_DAYS = 7;
