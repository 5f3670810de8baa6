/**
 * Which engine a data folder's store runs on. The default is the embedded encrypted SQLite file in the folder; a
 * prefecture or province bureau may keep its tables on a PostgreSQL server instead (issue 14 §8), and then the folder
 * holds `database.json` naming the server. The folder still holds the key slots: the data key they unwrap seals the
 * few secrets kept in PostgreSQL (the bureau's decryption and signing keys), so the server never holds them in clear.
 *
 * The password is never written here: it comes from the environment (CAREDESK_DB_PASSWORD, or libpq's PGPASSWORD),
 * so a copied folder or a backup of it carries no way into the database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors';

export const DATABASE_CONFIG_FILE = 'database.json';
export const DATABASE_PASSWORD_ENV = 'CAREDESK_DB_PASSWORD';

export interface PostgresConfig {
  engine: 'postgres';
  /** postgres://user@host:port/database[?sslmode=require|verify-full…] — no password. */
  url: string;
}

const BAD_URL = (why: string) => new AppError('VALIDATION', `数据库地址不正确：${why}`, [{ path: 'database', message: why }]);

/**
 * Checks a PostgreSQL address as typed at setup: a postgres:// URL with a host and a database, and no password in it
 * (a password in a file would outlive everyone who should know it). Returns the URL as it will be stored.
 */
export function parseDatabaseUrl(text: string): PostgresConfig {
  let u: URL;
  try {
    u = new URL(text.trim());
  } catch {
    throw BAD_URL('应为 postgres://用户名@主机:端口/数据库名 的形式');
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') throw BAD_URL('只支持 postgres:// 开头的 PostgreSQL 地址');
  if (!u.hostname) throw BAD_URL('缺少主机名');
  if (!u.pathname || u.pathname === '/') throw BAD_URL('缺少数据库名');
  if (u.password) {
    throw BAD_URL(`地址中不能写密码：请把密码放在环境变量 ${DATABASE_PASSWORD_ENV}（或 PGPASSWORD）中`);
  }
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode && !['disable', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'].includes(sslmode)) {
    throw BAD_URL(`sslmode=${sslmode} 不是 PostgreSQL 认可的取值`);
  }
  return { engine: 'postgres', url: u.toString() };
}

/** The folder's database choice; null for the embedded SQLite store. */
export function readDatabaseConfig(dir: string): PostgresConfig | null {
  const file = path.join(dir, DATABASE_CONFIG_FILE);
  if (!fs.existsSync(file)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new AppError('STORE', `数据文件夹中的 ${DATABASE_CONFIG_FILE} 已损坏，无法得知数据库位置`);
  }
  const url = (parsed as { url?: unknown }).url;
  if ((parsed as { engine?: unknown }).engine !== 'postgres' || typeof url !== 'string') {
    throw new AppError('STORE', `数据文件夹中的 ${DATABASE_CONFIG_FILE} 内容不正确`);
  }
  return parseDatabaseUrl(url);
}

export function writeDatabaseConfig(dir: string, config: PostgresConfig): void {
  // Written beside and renamed: a crash leaves no half-written file that would hide where the data is.
  const target = path.join(dir, DATABASE_CONFIG_FILE);
  fs.writeFileSync(`${target}.tmp`, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(`${target}.tmp`, target);
}

/** The URL with nothing secret in it, for messages and the status screen. */
export function describeDatabase(config: PostgresConfig): string {
  const u = new URL(config.url);
  return `PostgreSQL ${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
}
