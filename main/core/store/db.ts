/**
 * The encrypted case store: knex over better-sqlite3-multiple-ciphers with SQLCipher-4-compatible settings.
 * The data key arrives as raw bytes unwrapped from a key slot (keySlots.ts); it is never derived from a password
 * here and never logged. Every connection gets the cipher pragmas first, then is proven encrypted before use.
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { AppError } from '../../../shared/errors';
import { runMigrations } from './migrate';
import { readDatabaseConfig } from './databaseConfig';
import { openPostgresStore } from './postgresStore';

const require = createRequire(import.meta.url);
// knex ships its dialects as CommonJS classes; we subclass the better-sqlite3 one to load the cipher build.
// biome-ignore lint/suspicious/noExplicitAny: knex exports no type for its dialect classes, and we subclass one.
const BetterSqlite3Client: any = require('knex/lib/dialects/better-sqlite3/index.js');

class CipherSqliteClient extends BetterSqlite3Client {
  _driver(): unknown {
    return require('better-sqlite3-multiple-ciphers');
  }
}

export const STORE_FILE = 'caredesk.db';
const PLAINTEXT_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Minimal surface of a better-sqlite3 connection that we use directly. */
export interface RawConnection {
  pragma(source: string, options?: { simple?: boolean }): unknown;
  prepare(sql: string): { get(...args: unknown[]): unknown; all(...args: unknown[]): unknown[]; run(...args: unknown[]): unknown };
  exec(sql: string): void;
  close(): void;
}

export interface Store {
  knex: Knex;
  /** The embedded encrypted file (the default), or a PostgreSQL server named in the folder's database.json. */
  engine: 'sqlite' | 'postgres';
  /** The store file, or a description of the server without anything secret in it. */
  file: string;
  dir: string;
  close(): Promise<void>;
  /** Runs fn on the one raw connection, synchronously (no other query can interleave). */
  withRaw<T>(fn: (conn: RawConnection) => T): Promise<T>;
}

/** Applies cipher settings and key to a fresh connection. Order matters: cipher config before the key. */
export function keyConnection(conn: RawConnection, dataKey: Buffer): void {
  conn.pragma(`cipher='sqlcipher'`);
  conn.pragma('legacy=4');
  // The hex string lives only as long as this call; never interpolate it into anything that is logged.
  conn.pragma(`key="x'${dataKey.toString('hex')}'"`);
}

function configureConnection(conn: RawConnection): void {
  try {
    conn.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (e) {
    const msg = e instanceof Error ? e.message : '';
    if (/not a database/i.test(msg)) {
      throw new AppError('STORE', '无法解密数据库：密钥不匹配或数据库文件已损坏（file is not a database）');
    }
    throw e;
  }
  const cipher = conn.pragma('cipher', { simple: true });
  if (cipher !== 'sqlcipher') {
    throw new AppError('STORE', '数据库未启用加密（cipher 指令无应答），为保护学生隐私，程序拒绝运行');
  }
  conn.pragma('journal_mode = WAL');
  conn.pragma('foreign_keys = ON');
  // Temporary tables and sort spills stay in memory: a temp file would hold plaintext.
  conn.pragma('temp_store = MEMORY');
  conn.pragma('synchronous = NORMAL');
  conn.pragma('busy_timeout = 5000');
  conn.pragma(`cache_size = ${CACHE_KIB}`);
  conn.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
}

/**
 * Page cache of 64 MiB (negative = KiB). Pages in the cache are already decrypted, so a cache that holds a
 * school's working set avoids decrypting the same pages again on every query.
 */
const CACHE_KIB = -65536;
/**
 * Checkpoint the WAL every 10,000 pages (≈40 MB) rather than SQLite's 1,000: a page that many small transactions
 * rewrite is copied (and re-encrypted) into the store once per checkpoint, not once per thousand pages.
 */
const WAL_CHECKPOINT_PAGES = 10_000;

/** True when the file on disk starts with SQLite's plaintext header, i.e. it is not encrypted. */
export function fileLooksPlaintext(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    const n = fs.readSync(fd, head, 0, 16, 0);
    return n === 16 && head.equals(PLAINTEXT_HEADER);
  } finally {
    fs.closeSync(fd);
  }
}

export interface OpenOptions {
  /** Run migrations (default true). */
  migrate?: boolean;
  /** For benchmarks only: open without encryption, to measure the cipher's cost. */
  unencryptedForBenchmark?: boolean;
  /** At setup: refuse a PostgreSQL database that already holds CareDesk tables (another workspace's). */
  mustBeEmpty?: boolean;
}

export async function openStore(dir: string, dataKey: Buffer, opts: OpenOptions = {}): Promise<Store> {
  const server = readDatabaseConfig(dir);
  if (server) return openPostgresStore(dir, server, opts);
  const file = path.join(dir, STORE_FILE);
  if (!opts.unencryptedForBenchmark && fileLooksPlaintext(file)) {
    throw new AppError('STORE', '数据库文件未加密，程序拒绝打开（请从备份恢复）');
  }
  const key = Buffer.from(dataKey); // our own copy, zeroed on close
  const knex = knexFactory({
    client: CipherSqliteClient as unknown as typeof knexFactory.Client,
    connection: { filename: file },
    useNullAsDefault: true,
    // knex would print connection errors (with our Chinese message) to stdout; the caller reports them instead.
    log: { warn: () => undefined, error: () => undefined, deprecate: () => undefined, debug: () => undefined },
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: RawConnection, done: (err: Error | null, conn: RawConnection) => void) {
        try {
          if (!opts.unencryptedForBenchmark) keyConnection(conn, key);
          if (opts.unencryptedForBenchmark) {
            conn.pragma('journal_mode = WAL');
            conn.pragma('foreign_keys = ON');
            conn.pragma('temp_store = MEMORY');
            conn.pragma('synchronous = NORMAL');
            conn.pragma(`cache_size = ${CACHE_KIB}`);
            conn.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
          } else configureConnection(conn);
          done(null, conn);
        } catch (e) {
          done(e as Error, conn);
        }
      },
    },
  });
  const store: Store = {
    knex,
    engine: 'sqlite',
    file,
    dir,
    async close() {
      await knex.destroy();
      key.fill(0);
    },
    async withRaw<T>(fn: (conn: RawConnection) => T): Promise<T> {
      const conn = (await knex.client.acquireConnection()) as RawConnection;
      try {
        return fn(conn);
      } finally {
        await knex.client.releaseConnection(conn);
      }
    },
  };
  try {
    await knex.raw('SELECT 1');
    if (opts.migrate !== false) await runMigrations(knex);
    if (!opts.unencryptedForBenchmark && fileLooksPlaintext(file)) {
      throw new AppError('STORE', '数据库文件未加密，程序拒绝运行');
    }
  } catch (e) {
    await knex.destroy().catch(() => undefined);
    key.fill(0);
    throw e;
  }
  return store;
}

/**
 * The better-sqlite3 connection a knex transaction runs on, for hot loops that would otherwise build one SQL
 * string per row: statements prepared on it run inside the same transaction (knex hands its own connection out).
 */
export async function rawConnectionOf(trx: Knex.Transaction): Promise<RawConnection> {
  return (await trx.client.acquireConnection()) as RawConnection;
}

/**
 * Re-encrypts a closed store file under a new key (SQLCipher rekey): every page is decrypted with the old key and
 * written with the new one. Run on a staging copy only (rekey.ts), never on the live file: a crash here must leave
 * the live store untouched. The copy is switched to a rollback journal first, because the page rewrite cannot run
 * through a WAL.
 */
export function rekeyStoreFile(file: string, oldKey: Buffer, newKey: Buffer): void {
  const Driver = require('better-sqlite3-multiple-ciphers') as new (f: string) => RawConnection;
  const conn = new Driver(file);
  try {
    keyConnection(conn, oldKey);
    configureConnection(conn);
    conn.pragma('journal_mode = DELETE');
    conn.pragma(`rekey="x'${newKey.toString('hex')}'"`);
  } finally {
    conn.close();
  }
}
