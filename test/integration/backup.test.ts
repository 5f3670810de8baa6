/** Backup and restore: same data after restore; a truncated or altered backup is refused, changing nothing. */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CoreApp } from '../../main/core/app';
import { createRouter } from '../../main/ipc/router';
import { restoreBackup } from '../../main/core/store/backup';
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
