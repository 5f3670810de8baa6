/**
 * One CareDesk process per data folder. SQLite itself copes with two writers, but the key-slot file is
 * read-modify-written (failed-login counters, new slots): two processes doing that at once could drop a slot,
 * i.e. lock someone out of the store. The lock file holds the owner's pid; a lock whose process is gone is stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors';

export const LOCK_FILE = 'caredesk.lock';
const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireFolderLock(dir: string): void {
  const file = path.join(dir, LOCK_FILE);
  if (held.has(file)) return;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      held.add(file);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number(fs.readFileSync(file, 'utf8').trim());
      if (owner === process.pid) {
        held.add(file);
        return;
      }
      if (Number.isInteger(owner) && owner > 0 && alive(owner)) {
        throw new AppError('STORE', `数据文件夹正被另一个 CareDesk 程序使用（进程 ${owner}），请先关闭它再试`);
      }
      fs.rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new AppError('STORE', '无法锁定数据文件夹，请稍后再试');
}

function release(file: string): void {
  held.delete(file);
  try {
    if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.rmSync(file, { force: true });
  } catch {
    /* already gone */
  }
}

/** Called when the store is locked again (logout, idle lock, close): another process may then use the folder. */
export function releaseFolderLock(dir: string): void {
  release(path.join(dir, LOCK_FILE));
}

process.on('exit', () => {
  for (const file of [...held]) release(file);
});
