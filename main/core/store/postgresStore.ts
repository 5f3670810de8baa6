/**
 * The store on a PostgreSQL server, for a prefecture or province bureau that one machine's SQLite file no longer
 * serves (issue 14 §8). The same migrations run on it; what differs from the SQLite store is kept here: the
 * connection, counts and sums read back as numbers, and the errors a server can give, in Chinese.
 *
 * One connection, as with SQLite: every write goes through one session in order, so the audit chain (each entry
 * hashes the one before) never forks under two concurrent writers.
 */
import knexFactory from 'knex';
import pg from 'pg';
import { AppError } from '../../../shared/errors';
import { DATABASE_PASSWORD_ENV, describeDatabase, type PostgresConfig } from './databaseConfig';
import type { OpenOptions, Store } from './db';
import { runMigrations } from './migrate';

// count(*) is bigint and sum() numeric in PostgreSQL, which pg hands over as strings; the code counts heads and
// schools, far below 2^53, and compares them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

/** A server's refusal in words an officer can act on (no password, no full URL). */
function explain(e: unknown, config: PostgresConfig): AppError {
  const where = describeDatabase(config);
  const code = (e as { code?: string }).code;
  const msg = e instanceof Error ? e.message : String(e);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT')
    return new AppError('STORE', `无法连接数据库 ${where}：服务器未运行或地址不对（${code}）`);
  if (code === '28P01' || code === '28000')
    return new AppError('STORE', `数据库 ${where} 拒绝登录：用户名或密码不对（密码请放在环境变量 ${DATABASE_PASSWORD_ENV} 中）`);
  if (code === '3D000') return new AppError('STORE', `数据库 ${where} 不存在：请先由数据库管理员建立`);
  if (/SSL|certificate|self.signed/i.test(msg)) return new AppError('STORE', `与数据库 ${where} 的加密连接（TLS）未能建立：${msg}`);
  if (e instanceof AppError) return e;
  return new AppError('STORE', `数据库 ${where} 出错：${msg}`);
}

export async function openPostgresStore(dir: string, config: PostgresConfig, opts: OpenOptions = {}): Promise<Store> {
  // No data key here: the server's tables are not encrypted as a whole; the workspace seals the few secrets itself.
  // pg lets a connection string's (absent) password win over a separate one: the password joins the URL, in memory only.
  const url = new URL(config.url);
  const password = process.env[DATABASE_PASSWORD_ENV] ?? process.env.PGPASSWORD;
  if (password) url.password = password;
  const knex = knexFactory({
    client: 'pg',
    // JIT compiling is for hour-long analytics: on the summary's few hundred milliseconds the planner's row estimates
    // (joins over CTEs) trigger it and it spends up to 0.8 s compiling a query that runs in 0.15 s. Parallel workers
    // likewise cost more than they give on these sub-second queries (and on a 2-core machine).
    connection: {
      connectionString: url.toString(),
      application_name: 'caredesk',
      options: '-c jit=off -c max_parallel_workers_per_gather=0',
    },
    log: { warn: () => undefined, error: () => undefined, deprecate: () => undefined, debug: () => undefined },
    pool: { min: 1, max: 1 },
    acquireConnectionTimeout: 15_000,
  });
  try {
    await knex.raw('SELECT 1');
    if (opts.mustBeEmpty && (await knex.schema.hasTable('schema_migrations'))) {
      throw new AppError(
        'CONFLICT',
        `数据库 ${describeDatabase(config)} 中已有 CareDesk 的表：一个数据库只能属于一个工作台，请使用新建的空数据库`,
      );
    }
    if (opts.migrate !== false) await runMigrations(knex);
  } catch (e) {
    await knex.destroy().catch(() => undefined);
    throw explain(e, config);
  }
  return {
    knex,
    file: describeDatabase(config),
    dir,
    engine: 'postgres',
    async close() {
      await knex.destroy();
    },
    async withRaw() {
      throw new AppError('STATE', 'PostgreSQL 上的工作台没有本地数据库文件，此操作不适用');
    },
  };
}
