/**
 * Global setup of the PostgreSQL run: says plainly when the server is missing (rather than thirty connection errors),
 * and drops the databases an earlier run left behind.
 */
import { adminClient, serverUrl, TEST_DATABASE_PREFIX } from './engine';

export default async function setup(): Promise<void> {
  let admin: Awaited<ReturnType<typeof adminClient>>;
  try {
    admin = await adminClient();
  } catch (e) {
    throw new Error(
      `PostgreSQL 测试需要一台可连接的服务器（${serverUrl().host}）：${(e as Error).message}。` +
        '见 README“PostgreSQL 上的测试”：安装 postgresql，建立可建库的角色 caredesk，并设置 CAREDESK_DB_PASSWORD。',
    );
  }
  try {
    const old = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `${TEST_DATABASE_PREFIX}%`,
    ]);
    for (const r of old.rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
