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

/** A setting that holds a secret (a private key): sealed by the workspace when its store needs it (see sealSecret). */
export async function setSecretSetting(
  db: Knex | Knex.Transaction,
  key: string,
  value: unknown,
  seal: (text: string, context: string) => string,
): Promise<void> {
  await setSetting(db, key, seal(JSON.stringify(value), `setting:${key}`));
}

/** Reads a secret setting, sealed or (in a SQLite file, and before sealing existed) kept as its plain JSON value. */
export async function getSecretSetting<T>(
  db: Knex | Knex.Transaction,
  key: string,
  open: (value: string, context: string) => string,
): Promise<T | null> {
  const raw = await getSetting<unknown>(db, key);
  if (raw === null) return null;
  return typeof raw === 'string' ? (JSON.parse(open(raw, `setting:${key}`)) as T) : (raw as T);
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
