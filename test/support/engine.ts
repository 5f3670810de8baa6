/**
 * Which engine the bureau's tests run on. `npm test` runs the bureau suite twice: on the embedded encrypted SQLite
 * file, and again with CAREDESK_TEST_ENGINE=postgres on a real PostgreSQL server (issue 14 §8), each bureau in a
 * database of its own, created here and dropped by the next run's global setup.
 *
 * The server: CAREDESK_TEST_DATABASE_URL (default postgres://caredesk@127.0.0.1:5432/postgres), a role that may
 * create databases, its password in CAREDESK_DB_PASSWORD as the app reads it. `.ci/run` installs and starts
 * Debian's PostgreSQL and creates that role; the README says how to do the same by hand.
 */
import crypto from 'node:crypto';
import pg from 'pg';

export const TEST_DATABASE_PREFIX = 'caredesk_t_';
export const onPostgres = process.env.CAREDESK_TEST_ENGINE === 'postgres';

export function serverUrl(): URL {
  return new URL(process.env.CAREDESK_TEST_DATABASE_URL ?? 'postgres://caredesk@127.0.0.1:5432/postgres');
}

/** A client on the server's maintenance database, with the password the app would use. */
export async function adminClient(): Promise<pg.Client> {
  const url = serverUrl();
  // pg lets the connection string's (absent) password win over a separate one, so it joins the URL here.
  if (process.env.CAREDESK_DB_PASSWORD) url.password = process.env.CAREDESK_DB_PASSWORD;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return client;
}

/** A new empty database for one bureau workspace; its address as `bureau init --database` takes it (no password). */
export async function freshDatabase(): Promise<string> {
  const name = `${TEST_DATABASE_PREFIX}${crypto.randomBytes(6).toString('hex')}`;
  const admin = await adminClient();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = serverUrl();
  url.pathname = `/${name}`;
  return url.toString();
}

/** What setup.bureau gets on this run's engine: nothing for SQLite, a fresh database's address for PostgreSQL. */
export async function bureauDatabase(): Promise<{ database?: string }> {
  return onPostgres ? { database: await freshDatabase() } : {};
}
