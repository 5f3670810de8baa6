/**
 * The bureau workspace on a PostgreSQL server (issue 14 §8), beyond the bureau suite that runs on both engines: the
 * address is checked (no password in it), a database belongs to one workspace, the server holds no secret and no
 * child's name in clear, the audit log stays append-only there, and what a file store does that a server does not
 * (backup to a file, restore) is refused with what to do instead. Runs only in the PostgreSQL pass of `npm test`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { CoreApp } from '../../main/core/app';
import { createRouter } from '../../main/ipc/router';
import { confirmedStudent } from '../support/flow';
import { freshDatabase, serverUrl } from '../support/engine';
import { Client, newBureau, newSchool, PROFILE, tempDir } from '../support/school';

const ADMIN = { username: 'bureau', displayName: '李主任', password: 'Bureau-pass-2025' };

/** Every row of every table in the database, as text: what a dump of the server would show. */
async function everything(url: string): Promise<string> {
  const u = new URL(url);
  u.password = process.env.CAREDESK_DB_PASSWORD ?? '';
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  try {
    const tables = await c.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
    const parts: string[] = [];
    for (const t of tables.rows) {
      const rows = await c.query(`SELECT * FROM "${t.tablename}"`);
      parts.push(
        JSON.stringify(rows.rows, (_k, v: unknown) =>
          // A kept package is bytes: searched as text too, so a name in clear inside it would show.
          v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer'
            ? Buffer.from((v as { data: number[] }).data).toString('latin1')
            : v,
        ),
      );
    }
    return parts.join('\n');
  } finally {
    await c.end();
  }
}

describe('the bureau workspace on PostgreSQL (§8)', () => {
  it('refuses an address with a password in it, and a database another workspace already holds', async () => {
    const client = new Client(createRouter(new CoreApp({ dataDir: tempDir('caredesk-pg-') }), () => undefined));
    const withPassword = serverUrl();
    withPassword.password = 'secret';
    const r = await client.raw('setup.bureau', {
      name: '西安市教育局',
      admin: ADMIN,
      level: 'prefecture',
      area: '6101',
      database: withPassword.toString(),
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(JSON.stringify(r)).toContain('地址中不能写密码');
    expect(JSON.stringify(r)).toContain('数据库');

    const database = await freshDatabase();
    const first = await newBureau(tempDir('caredesk-pg-a-'), undefined, undefined, database);
    expect(fs.existsSync(path.join(first.dir, 'caredesk.db'))).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(first.dir, 'database.json'), 'utf8'))).toEqual({ engine: 'postgres', url: database });
    const secondDir = tempDir('caredesk-pg-b-');
    const second = new Client(createRouter(new CoreApp({ dataDir: secondDir }), () => undefined));
    const again = await second.raw('setup.bureau', { name: '另一个局', admin: ADMIN, database });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(JSON.stringify(again)).toContain('一个数据库只能属于一个工作台');
    // The refused folder is left as it was: not set up, no database named in it.
    expect(fs.readdirSync(secondDir).filter((f) => !['logs', 'caredesk.lock'].includes(f))).toEqual([]);
  });

  it('holds no secret and no child in clear: keys sealed, the package kept as it arrived, counts in the tables', async () => {
    const database = await freshDatabase();
    const bureau = await newBureau(undefined, undefined, undefined, database);
    const school = await newSchool();
    await confirmedStudent(school.client, 61, '张小明');
    const { recipient } = await bureau.client.call('bureau.key', {});
    await bureau.client.call('bureau.registerSchool', { keyText: (await school.client.call('filing.schoolKey', {})).keyText });
    const pkg = await school.client.call('filing.export', { period: '2026H2', bureauKey: recipient });
    const bytes = Buffer.from(pkg.base64, 'base64');
    const res = await bureau.client.call('bureau.importPackage', { fileRef: await bureau.client.send(bytes, pkg.fileName, 'package') });
    expect(res).toMatchObject({ status: 'accepted', count: 1 });

    const dump = await everything(database);
    expect(dump).not.toContain('张小明');
    expect(dump).not.toContain('AGE-SECRET-KEY'); // the bureau's decryption key
    const settings = (await bureau.app.db()('settings').whereIn('key', ['bureau.identity', 'bureau.signingKey'])) as Array<{
      value: string;
    }>;
    expect(settings).toHaveLength(2);
    for (const s of settings) expect(JSON.parse(s.value)).toMatch(/^cdx1:/);
    const kept = (await bureau.app.db()('bureau_package_files').select('bytes')) as Array<{ bytes: Buffer }>;
    expect(kept.map((k) => Buffer.from(k.bytes).equals(bytes))).toEqual([true]);
    expect(await bureau.app.db()('bureau_cases').count({ n: '*' }).first()).toEqual({ n: 0 });
    // The sealed keys still work: the package decrypted at import, and the school's figures read back as numbers.
    const summary = await bureau.client.call('bureau.summary', {});
    expect(summary[0]).toMatchObject({ students: 1, byCategory: { leftBehind: 1, poverty: 1 } });
    const county = await bureau.client.call('bureau.regionSummary', { by: 'county', period: '2026H2' });
    expect(county.rows).toEqual([expect.objectContaining({ area: '610113', schools: 1, filed: 1, keyStudents: 1 })]);
    // The list itself: opened from the kept package on demand, never written to a table.
    const list = await bureau.client.call('bureau.filedList', { schoolCode: PROFILE.schoolCode, period: '2026H2' });
    expect(list.students.map((s) => s.name)).toEqual(['张小明']);
    expect(await everything(database)).not.toContain('张小明');
  });

  it('keeps the audit log append-only on the server, and points backup and restore to pg_dump', async () => {
    const bureau = await newBureau();
    await expect(bureau.app.db()('audit_log').update({ actor_name: 'x' })).rejects.toThrow('审计日志只能追加，不能修改');
    await expect(bureau.app.db()('audit_log').delete()).rejects.toThrow('审计日志只能追加，不能删除');
    // Dropped by someone holding the database password: put back at the next unlock.
    await bureau.app.db().raw('DROP TRIGGER audit_log_no_delete ON audit_log');
    await bureau.app.shutdown();
    const app = new CoreApp({ dataDir: bureau.dir });
    const reopened = new Client(createRouter(app, () => undefined));
    await reopened.login(ADMIN.username, ADMIN.password);
    expect((await reopened.call('audit.verify', {})).ok).toBe(true);
    await expect(app.db()('audit_log').delete()).rejects.toThrow('审计日志只能追加，不能删除');
    const backup = await reopened.raw('backup.download', {});
    expect(backup).toMatchObject({ ok: false, error: { code: 'STATE' } });
    expect(JSON.stringify(backup)).toContain('pg_dump');
    await app.shutdown();
    const cli = spawnSync(
      process.execPath,
      ['bin/caredesk.mjs', 'backup', '--data', bureau.dir, '--out', path.join(tempDir(), 'b.cdbak')],
      {
        encoding: 'utf8',
        env: { ...process.env, CAREDESK_USER: ADMIN.username, CAREDESK_PASSWORD: ADMIN.password },
      },
    );
    expect(cli.status).not.toBe(0);
    expect(cli.stderr).toContain('pg_dump');
  });

  it('names the server and the reason when it refuses: a wrong password, a database that does not exist', async () => {
    const bureau = await newBureau();
    await bureau.app.shutdown();
    const saved = process.env.CAREDESK_DB_PASSWORD;
    process.env.CAREDESK_DB_PASSWORD = 'not-the-password';
    try {
      const client = new Client(createRouter(new CoreApp({ dataDir: bureau.dir }), () => undefined));
      const r = await client.raw('auth.login', { username: ADMIN.username, password: ADMIN.password });
      expect(r).toMatchObject({ ok: false, error: { code: 'STORE' } });
      expect(JSON.stringify(r)).toContain('拒绝登录：用户名或密码不对');
      expect(JSON.stringify(r)).not.toContain('not-the-password');
    } finally {
      process.env.CAREDESK_DB_PASSWORD = saved;
    }
    const missing = serverUrl();
    missing.pathname = '/caredesk_t_no_such_database';
    const client = new Client(createRouter(new CoreApp({ dataDir: tempDir('caredesk-pg-') }), () => undefined));
    const r = await client.raw('setup.bureau', { name: '西安市教育局', admin: ADMIN, database: missing.toString() });
    expect(JSON.stringify(r)).toContain('不存在：请先由数据库管理员建立');
  });
});
