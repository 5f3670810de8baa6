/** The encrypted store: nothing readable on disk, wrong passwords change nothing, lockout, accounts and slots. */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CoreApp } from '../../main/core/app';
import { createRouter } from '../../main/ipc/router';
import { openStore } from '../../main/core/store/db';
import { runMigrations } from '../../main/core/store/migrate';
import { ADMIN, Client, makeIdNumber, newSchool, STUDENT, tempDir } from '../support/school';

function allFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? allFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
function digestDir(dir: string, only: (f: string) => boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of allFiles(dir).filter(only))
    out[path.relative(dir, f)] = crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');
  return out;
}

describe('encrypted store', () => {
  it('keeps a canary name out of every file in the data folder after writes and checkpoints', async () => {
    const canary = '金丝雀测试名';
    const canaryAscii = 'CANARY-7f3a9';
    const { client, app, dir } = await newSchool();
    const s = STUDENT(makeIdNumber('610113', '2012-03-05', 41), canary);
    s.householdAddress = `陕西省 ${canaryAscii} 村`;
    const { id } = await client.call('students.create', s);
    await client.call('cases.apply', {
      studentId: id,
      applicantType: 'guardian',
      applicantName: canary,
      careRequested: ['other'],
      facts: canaryAscii,
      reasons: canary,
      categories: [],
      riskFactors: [],
    });
    await client.call('students.get', { id });
    const mid = allFiles(dir);
    expect(mid.some((f) => f.endsWith('-wal'))).toBe(true); // the WAL is checked while it holds the fresh writes
    const check = () => {
      for (const f of allFiles(dir)) {
        const bytes = fs.readFileSync(f);
        for (const needle of [canary, canaryAscii]) {
          expect(bytes.includes(Buffer.from(needle, 'utf8')), `${needle} in ${path.basename(f)}`).toBe(false);
          expect(bytes.includes(Buffer.from(needle, 'utf16le')), `${needle} (utf16) in ${path.basename(f)}`).toBe(false);
        }
      }
    };
    check();
    await app.ws.openedStore().withRaw((c) => c.pragma('wal_checkpoint(TRUNCATE)'));
    check();
    await app.close();
    check();
    expect(fs.readFileSync(path.join(dir, 'caredesk.db')).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
  });

  it('counts every one of 20 parallel wrong logins: attempts on one account run one after another', async () => {
    const { app, dir } = await newSchool();
    await app.close();
    const core = new CoreApp({ dataDir: dir });
    const client = new Client(createRouter(core, () => undefined));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => client.raw('auth.login', { username: ADMIN.username, password: `guess-${i}` })),
    );
    expect(results.every((r) => !r.ok)).toBe(true);
    const slots = JSON.parse(fs.readFileSync(path.join(dir, 'keyslots.json'), 'utf8'));
    // Five attempts were checked and counted; the fifth locked the account, and every later one was refused unchecked.
    expect(slots.slots[0].failed).toBe(5);
    expect(results.filter((r) => !r.ok && r.error.code === 'ACCOUNT_LOCKED')).toHaveLength(16);
    await core.close();
  });

  it('refuses a wrong password with a clear message, leaves the store byte-identical, and locks after 5 tries', async () => {
    const { app, dir } = await newSchool();
    await app.close();
    const storeFiles = (f: string) => path.basename(f).startsWith('caredesk.db');
    const before = digestDir(dir, storeFiles);
    const client = new Client(createRouter(new CoreApp({ dataDir: dir }), () => undefined));
    for (let i = 1; i <= 4; i++) {
      const r = await client.raw('auth.login', { username: ADMIN.username, password: `wrong-${i}` });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('WRONG_PASSWORD');
        expect(r.error.message).toContain('用户名或密码错误');
      }
    }
    const fifth = await client.raw('auth.login', { username: ADMIN.username, password: 'wrong-5' });
    expect(!fifth.ok && fifth.error.code).toBe('ACCOUNT_LOCKED');
    // Locked persistently: a new app instance (a restart) refuses even the right password.
    const restarted = new Client(createRouter(new CoreApp({ dataDir: dir }), () => undefined));
    const right = await restarted.raw('auth.login', { username: ADMIN.username, password: ADMIN.password });
    expect(!right.ok && right.error.code).toBe('ACCOUNT_LOCKED');
    expect(digestDir(dir, storeFiles)).toEqual(before);
    // The lock lifts after the delay (1 minute after the fifth failure).
    const later = new Client(createRouter(new CoreApp({ dataDir: dir, now: () => new Date(Date.now() + 2 * 60_000) }), () => undefined));
    await later.login(ADMIN.username, ADMIN.password);
  });

  it('lets an administrator create, reset and disable accounts; a disabled account cannot unlock', async () => {
    const { client, dir } = await newSchool();
    const { id } = await client.call('accounts.create', {
      username: 'liu',
      displayName: '刘老师',
      password: 'Teacher-pass-1',
      role: 'headTeacher',
      classes: ['七年级(1)班'],
    });
    const teacher = new Client(client.router);
    await teacher.login('liu', 'Teacher-pass-1');
    // The router, not only the screen, holds an issued password to its one use: changing it.
    const notYet = await teacher.raw('students.list', {});
    expect(!notYet.ok && notYet.error.message).toContain('请先修改初始密码');
    const same = await teacher.raw('auth.changePassword', { oldPassword: 'Teacher-pass-1', newPassword: 'Teacher-pass-1' });
    expect(!same.ok && same.error.message).toContain('新密码不能与原密码相同');
    await teacher.call('auth.changePassword', { oldPassword: 'Teacher-pass-1', newPassword: 'Teacher-pass-own' });
    expect((await teacher.raw('students.list', {})).ok).toBe(true);
    const forbidden = await teacher.raw('accounts.list', {});
    expect(!forbidden.ok && forbidden.error.code).toBe('FORBIDDEN');
    await client.call('accounts.resetPassword', { id, password: 'Teacher-pass-2' });
    await teacher.login('liu', 'Teacher-pass-2');
    await client.call('accounts.disable', { id });
    const slots = JSON.parse(fs.readFileSync(path.join(dir, 'keyslots.json'), 'utf8'));
    expect(slots.slots.map((s: { username: string }) => s.username)).toEqual(['admin']);
    const again = await teacher.raw('auth.login', { username: 'liu', password: 'Teacher-pass-2' });
    expect(again.ok).toBe(false);
    const stale = await teacher.raw('students.list', {});
    expect(!stale.ok && stale.error.code).toBe('UNAUTHENTICATED');
  });

  it('auto-locks an idle session after the configured minutes', async () => {
    let now = Date.now();
    const dir = tempDir();
    const app = new CoreApp({ dataDir: dir, now: () => new Date(now) });
    const client = new Client(createRouter(app, () => undefined));
    await client.call('setup.school', { profile: (await import('../support/school')).PROFILE, admin: ADMIN });
    await client.login(ADMIN.username, ADMIN.password);
    await client.call('students.list', {});
    now += 11 * 60_000;
    const r = await client.raw('students.list', {});
    expect(!r.ok && r.error.code).toBe('SESSION_EXPIRED');
    expect(!r.ok && r.error.message).toContain('自动锁定');
    expect(() => app.db()).toThrow();
  });

  it('unlocks with the recovery code and gives the administrator a new password', async () => {
    const { app, dir, recoveryCode } = await newSchool();
    await app.close();
    const fresh = new CoreApp({ dataDir: dir });
    await expect(fresh.recover('AAAA-BBBB', ADMIN.username, 'New-admin-pass-1')).rejects.toThrow('恢复码不正确');
    const { recoveryCode: next } = await fresh.recover(recoveryCode.toLowerCase(), ADMIN.username, 'New-admin-pass-1');
    const c = new Client(createRouter(fresh, () => undefined));
    await c.login(ADMIN.username, 'New-admin-pass-1');
    await c.call('auth.logout', {});
    // The code works once: used, it is spent, and the new one printed in its place works.
    expect(next).not.toBe(recoveryCode);
    await expect(fresh.recover(recoveryCode, ADMIN.username, 'New-admin-pass-2')).rejects.toThrow('恢复码不正确');
    await fresh.recover(next, ADMIN.username, 'New-admin-pass-2');
    await c.login(ADMIN.username, 'New-admin-pass-2');
  });

  it('locks an idle session at the core even while a screen keeps polling', async () => {
    let now = Date.now();
    const { client, app } = await newSchool(tempDir(), () => new Date(now));
    const answers: string[] = [];
    for (let minute = 1; minute <= 11; minute++) {
      now += 60_000;
      const r = await client.raw('cadence.reminders', {}); // the menu's count, refreshed on its own
      answers.push(r.ok ? 'ok' : r.error.code);
    }
    // Polling is not use: ten minutes after the last real call the session locks, the store with it.
    expect(answers.slice(0, 10).every((a) => a === 'ok')).toBe(true);
    expect(answers[10]).toBe('SESSION_EXPIRED');
    expect(app.ws.isOpen()).toBe(false);
    const r = await client.raw('students.list', {});
    expect(r.ok).toBe(false);
  });

  it('refuses a store migrated by a newer CareDesk, changing nothing', async () => {
    const dir = tempDir();
    const key = crypto.randomBytes(32);
    const store = await openStore(dir, key);
    await store.knex('schema_migrations').insert({ version: 9990, name: 'future', applied_at: new Date().toISOString() });
    await expect(runMigrations(store.knex)).rejects.toThrow('更新版本的 CareDesk');
    await store.close();
    await expect(openStore(dir, key)).rejects.toThrow('更新版本');
    await expect(openStore(dir, crypto.randomBytes(32))).rejects.toThrow('file is not a database');
  });
});

describe('one process per data folder', () => {
  it('refuses to unlock a folder another live CareDesk process holds, and takes over a stale lock', async () => {
    const { app, dir } = await newSchool();
    await app.close();
    // Pretend another process holds the folder: our parent is alive and is not us.
    fs.writeFileSync(path.join(dir, 'caredesk.lock'), String(process.ppid));
    const other = new Client(createRouter(new CoreApp({ dataDir: dir }), () => undefined));
    const r = await other.raw('auth.login', { username: ADMIN.username, password: ADMIN.password });
    expect(!r.ok && r.error.message).toContain('正被另一个 CareDesk 程序使用');
    // A lock left by a process that no longer exists is stale.
    fs.writeFileSync(path.join(dir, 'caredesk.lock'), '999999');
    await other.login(ADMIN.username, ADMIN.password);
    const lock = JSON.parse(fs.readFileSync(path.join(dir, 'caredesk.lock'), 'utf8'));
    expect(lock.pid).toBe(process.pid);
    expect(lock.nonce).toMatch(/^[0-9a-f]{32}$/);
  });

  it('judges a lock by its heartbeat, not its pid alone: a reused or unsignalable pid with an old heartbeat is stale', async () => {
    const { app, dir } = await newSchool();
    await app.close();
    const file = path.join(dir, 'caredesk.lock');
    const other = new Client(createRouter(new CoreApp({ dataDir: dir }), () => undefined));
    // A live process (our parent) with a fresh heartbeat holds the folder: refused.
    fs.writeFileSync(file, JSON.stringify({ pid: process.ppid, nonce: 'x'.repeat(32), startedAt: '', heartbeatAt: Date.now() }));
    const refused = await other.raw('auth.login', { username: ADMIN.username, password: ADMIN.password });
    expect(!refused.ok && refused.error.message).toContain('正被另一个 CareDesk 程序使用');
    // The same pid after a reboot: alive, but its heartbeat stopped long ago — the lock is stale and taken over.
    fs.writeFileSync(
      file,
      JSON.stringify({ pid: process.ppid, nonce: 'x'.repeat(32), startedAt: '', heartbeatAt: Date.now() - 10 * 60_000 }),
    );
    await other.login(ADMIN.username, ADMIN.password);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).pid).toBe(process.pid);
    // A lock file cut short by a crash is stale too.
    await other.call('auth.logout', {});
    fs.writeFileSync(file, '{"pid": 12');
    await other.login(ADMIN.username, ADMIN.password);
  });
});
