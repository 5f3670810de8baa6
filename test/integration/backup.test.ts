/** Backup and restore: same data after restore; a truncated or altered backup is refused, changing nothing. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CoreApp } from '../../main/core/app';
import { createRouter } from '../../main/ipc/router';
import { restoreBackup } from '../../main/core/store/backup';
import { openStore } from '../../main/core/store/db';
import { accountSlotName, keySlotFileSchema, openSlot } from '../../main/core/store/keySlots';
import { ADMIN, Client, newSchool, tempDir } from '../support/school';
import { confirmedStudent } from '../support/flow';

const digest = (dir: string) =>
  Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((f) => fs.statSync(path.join(dir, f)).isFile())
      .map((f) => [
        f,
        crypto
          .createHash('sha256')
          .update(fs.readFileSync(path.join(dir, f)))
          .digest('hex'),
      ]),
  );

describe('backup and restore', () => {
  it('writes a backup straight to a file, verified and crash-safe, only from the desktop or the command line', async () => {
    const { client, dir } = await newSchool();
    await confirmedStudent(client, 64, '张小明');
    const out = path.join(tempDir('caredesk-backup-out-'), 'b.cdbackup');
    fs.writeFileSync(out, 'the previous good backup');
    const r = await client.call('backup.saveTo', { path: out });
    expect(r.bytes).toBe(fs.statSync(out).size);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['b.cdbackup']); // no temporary file left behind
    expect(fs.readFileSync(out).subarray(0, 8).toString('latin1')).toBe('CDBACK01');
    expect((await client.call('app.status', {})).backup?.lastAt).not.toBeNull();
    // Not over the browser shell's loopback HTTP: a page must not choose where files are written.
    const viaLoopback = await client.router.call('backup.saveTo', { path: out }, client.session, 'loopback');
    expect(!viaLoopback.ok && viaLoopback.error.message).toContain('只能在桌面程序或命令行中使用');
    const inside = await client.raw('backup.saveTo', { path: path.join(dir, 'x.cdbackup') });
    expect(!inside.ok && inside.error.message).toContain('不能保存在数据文件夹内');
    const target = tempDir('caredesk-restore-');
    await restoreBackup(target, fs.readFileSync(out), ADMIN.username, ADMIN.password);
    expect(fs.existsSync(path.join(target, 'caredesk.db'))).toBe(true);
  });

  it('restores into an empty folder with the same students and cases', async () => {
    let now = Date.now();
    const { client } = await newSchool(tempDir(), () => new Date(now));
    await confirmedStudent(client, 61, '张小明');
    await confirmedStudent(client, 62, '李小红');
    expect((await client.call('app.status', {})).backup).toEqual({ lastAt: null, overdue: false });
    now += 8 * 86_400_000; // a week without a backup: the reminder shows (after the idle lock, log in again)
    await client.login(ADMIN.username, ADMIN.password);
    expect((await client.call('app.status', {})).backup?.overdue).toBe(true);
    const b = await client.call('backup.download', {});
    expect((await client.call('app.status', {})).backup?.overdue).toBe(false);
    now += 8 * 86_400_000;
    await client.login(ADMIN.username, ADMIN.password);
    expect((await client.call('app.status', {})).backup?.overdue).toBe(true);
    const bytes = Buffer.from(b.base64, 'base64');
    expect(bytes.includes(Buffer.from('张小明'))).toBe(false);
    const target = tempDir('caredesk-restore-');
    await restoreBackup(target, bytes, ADMIN.username, ADMIN.password);
    const restored = new Client(createRouter(new CoreApp({ dataDir: target }), () => undefined));
    await restored.login(ADMIN.username, ADMIN.password);
    const students = await restored.call('students.list', {});
    expect(students.rows.map((r) => r.name).sort()).toEqual(['张小明', '李小红']);
    const cases = await restored.call('cases.keyCareList', {});
    expect(cases).toHaveLength(2);
  });

  it('refuses a truncated or altered backup and a wrong password, leaving the existing store as it was', async () => {
    const { client, app, dir } = await newSchool();
    await confirmedStudent(client, 63);
    const bytes = Buffer.from((await client.call('backup.download', {})).base64, 'base64');
    await app.close();
    const before = digest(dir);
    await expect(restoreBackup(dir, bytes.subarray(0, bytes.length - 100), ADMIN.username, ADMIN.password)).rejects.toThrow(
      '备份文件无法使用',
    );
    const altered = Buffer.from(bytes);
    altered[Math.floor(altered.length / 2)] ^= 0xff;
    await expect(restoreBackup(dir, altered, ADMIN.username, ADMIN.password)).rejects.toThrow('校验失败');
    await expect(restoreBackup(dir, bytes, ADMIN.username, 'wrong-password')).rejects.toThrow('密码错误');
    expect(digest(dir)).toEqual(before);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('.restore-'))).toEqual([]);
  });
});

describe('restore: who, what comes back, and an interruption', () => {
  async function schoolWithBackup() {
    const { client, app, dir } = await newSchool();
    await confirmedStudent(client, 71, '张小明');
    const officer = await client.call('accounts.create', {
      username: 'zhuan',
      displayName: '专干甲',
      password: 'Officer-pass-1',
      role: 'officer',
      classes: [],
    });
    await client.call('accounts.create', {
      username: 'left',
      displayName: '离职老师',
      password: 'Leaver-pass-1',
      role: 'headTeacher',
      classes: ['七年级(1)班'],
    });
    const out = path.join(tempDir('caredesk-bk-'), 'b.cdbackup');
    await client.call('backup.saveTo', { path: out });
    return { client, app, dir, out, officerId: officer.id };
  }

  it('restores from the administrator screen: everyone is signed out, the backup comes back, a wrong password changes nothing', async () => {
    const { client } = await newSchool();
    await confirmedStudent(client, 64, '张小明');
    const backup = Buffer.from((await client.call('backup.download', {})).base64, 'base64');
    await confirmedStudent(client, 65, '李小红');
    const wrong = await client.raw('backup.restore', {
      fileRef: await client.send(backup, 'b.cdbackup', 'backup'),
      password: 'not-the-password',
    });
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.error.message).toMatch(/密码错误.*现有数据未作任何改动/);
    await client.login(ADMIN.username, ADMIN.password); // the attempt signed everyone out; the data is as it was
    expect((await client.call('students.list', {})).total).toBe(2);
    const r = await client.call('backup.restore', {
      fileRef: await client.send(backup, 'b.cdbackup', 'backup'),
      password: ADMIN.password,
    });
    expect(r).toMatchObject({ keptDisabled: [], gone: [] });
    expect((await client.raw('students.list', {})).ok).toBe(false); // the session ended with the old store
    await client.login(ADMIN.username, ADMIN.password);
    const names = (await client.call('students.list', {})).rows.map((x) => x.name);
    expect(names).toEqual(['张小明']);
    expect(await client.call('audit.list', { action: 'backup.restore', page: 1, pageSize: 10 })).toMatchObject({ total: 1 });
  });

  it('lets only an administrator restore; the restore is in the restored audit log', async () => {
    const { app, dir, out } = await schoolWithBackup();
    await app.close();
    await expect(restoreBackup(dir, fs.readFileSync(out), 'zhuan', 'Officer-pass-1')).rejects.toThrow('只有资助管理员可以恢复备份');
    await restoreBackup(dir, fs.readFileSync(out), ADMIN.username, ADMIN.password);
    const restored = new CoreApp({ dataDir: dir });
    const client = new Client(createRouter(restored, () => undefined));
    await client.login(ADMIN.username, ADMIN.password);
    const entry = (await restored.db()('audit_log').where({ action: 'backup.restore' }).first()) as { detail: string; actor_name: string };
    expect(entry.actor_name).toBe(ADMIN.displayName);
    expect(JSON.parse(entry.detail)).toMatchObject({ keptDisabled: [], gone: [] });
    expect((await client.call('audit.verify', {})).ok).toBe(true);
    await restored.close();
  });

  it('keeps an account disabled after the backup disabled, unless the administrator confirms it', async () => {
    const { client, app, dir, out } = await schoolWithBackup();
    const left = (await client.call('accounts.list', {})).find((a) => a.username === 'left')!;
    // The slot file as it was when the backup was made: the leaver may have kept a copy.
    const kept = keySlotFileSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, 'keyslots.json'), 'utf8')));
    await client.call('accounts.disable', { id: left.id });
    await app.close();
    const r = await restoreBackup(dir, fs.readFileSync(out), ADMIN.username, ADMIN.password);
    expect(r.keptDisabled).toEqual(['left']);
    const againApp = new CoreApp({ dataDir: dir });
    const again = new Client(createRouter(againApp, () => undefined));
    const refused = await again.raw('auth.login', { username: 'left', password: 'Leaver-pass-1' });
    expect(refused.ok).toBe(false);
    // The restored store is under the backup's key, which the leaver's old slot file opens: the administrator's next
    // sign-in rekeys it.
    await again.login(ADMIN.username, ADMIN.password);
    const rekey = (await againApp.db()('audit_log').where({ action: 'store.rekey' }).first('detail')) as { detail: string };
    expect(JSON.parse(rekey.detail)).toMatchObject({ reason: 'resumed' });
    const slot = kept.slots.find((x) => x.username === 'left')!;
    const leaverKeys = await openSlot(slot, 'Leaver-pass-1', kept.storeId, accountSlotName(slot.accountId));
    const copy = tempDir('caredesk-leaver-');
    fs.copyFileSync(path.join(dir, 'caredesk.db'), path.join(copy, 'caredesk.db'));
    await expect(openStore(copy, leaverKeys!.dataKey, { migrate: false })).rejects.toThrow('无法解密数据库');
    await again.call('auth.logout', {});
    // Confirmed: the account comes back with its slot.
    await restoreBackup(dir, fs.readFileSync(out), ADMIN.username, ADMIN.password, { reenable: ['left'] });
    const back = new Client(createRouter(new CoreApp({ dataDir: dir }), () => undefined));
    expect((await back.raw('auth.login', { username: 'left', password: 'Leaver-pass-1' })).ok).toBe(true);
  });

  it('never sets up or silently creates a store over a folder that holds CareDesk data', async () => {
    const { app, dir } = await newSchool();
    await app.close();
    fs.renameSync(path.join(dir, 'keyslots.json'), path.join(dir, 'keyslots.json.bak'));
    const c = new Client(createRouter(new CoreApp({ dataDir: dir }), () => undefined));
    const setup = await c.raw('setup.school', {
      profile: {
        schoolName: '某中学',
        schoolCode: '3161012345',
        stages: ['junior'],
        prefectureCode: '6101',
        countyCode: '610113',
        managementArea: '6101',
      },
      admin: ADMIN,
    });
    expect(!setup.ok && setup.error.message).toContain('已有 CareDesk 数据文件');
    fs.renameSync(path.join(dir, 'keyslots.json.bak'), path.join(dir, 'keyslots.json'));
    fs.renameSync(path.join(dir, 'caredesk.db'), path.join(dir, 'moved.db'));
    const login = await c.raw('auth.login', { username: ADMIN.username, password: ADMIN.password });
    expect(!login.ok && login.error.message).toContain('数据库文件缺失');
    expect(fs.existsSync(path.join(dir, 'caredesk.db'))).toBe(false);
  });

  for (const point of ['restore.afterJournal', 'restore.movingAside', 'restore.betweenRenames']) {
    it(`killed at ${point}, the folder opens afterwards in one whole state`, async () => {
      const { client, app, dir, out } = await schoolWithBackup();
      await confirmedStudent(client, 72, '李小红'); // after the backup: present before the restore, absent after
      await app.close();
      const r = spawnSync(process.execPath, ['bin/caredesk.mjs', 'restore', '--data', dir, out], {
        encoding: 'utf8',
        env: { ...process.env, CAREDESK_USER: ADMIN.username, CAREDESK_PASSWORD: ADMIN.password, CAREDESK_FAULT: point },
      });
      expect(r.signal).toBe('SIGKILL');
      const after = new CoreApp({ dataDir: dir });
      const c = new Client(createRouter(after, () => undefined));
      await c.login(ADMIN.username, ADMIN.password);
      const names = (await c.call('students.list', {})).rows.map((x) => x.name).sort();
      expect([['张小明'], ['张小明', '李小红']]).toContainEqual(names);
      expect((await c.call('audit.verify', {})).ok).toBe(true);
      expect(await after.ws.openedStore().withRaw((x) => x.pragma('integrity_check', { simple: true }))).toBe('ok');
      expect(fs.existsSync(path.join(dir, 'restore.journal'))).toBe(false);
      await after.close();
    });
  }
});
