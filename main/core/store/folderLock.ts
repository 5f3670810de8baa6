/**
 * One CareDesk process per data folder. SQLite itself copes with two writers, but the key-slot file is
 * read-modify-written (failed-login counters, new slots): two processes doing that at once could drop a slot,
 * i.e. lock someone out of the store.
 *
 * The lock file records more than a pid, because a pid alone misleads: on Windows `process.kill(pid, 0)` answers
 * EPERM for any other user's or a system process, and after a reboot the old pid may belong to something else. It
 * holds the owner's pid, a per-launch nonce and a heartbeat the owner refreshes every 30 seconds. A lock is stale
 * when its process is gone, or when its heartbeat is older than two minutes (a reused pid never refreshes it).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors';

export const LOCK_FILE = 'caredesk.lock';
export const HEARTBEAT_MS = 30_000;
export const STALE_AFTER_MS = 120_000;

interface LockInfo {
  pid: number;
  nonce: string;
  startedAt: string;
  heartbeatAt: number;
}

const NONCE = crypto.randomBytes(16).toString('hex');
const STARTED_AT = new Date().toISOString();
const held = new Map<string, NodeJS.Timeout>();

function processExists(pid: number): 'yes' | 'no' | 'unknown' {
  try {
    process.kill(pid, 0);
    return 'yes';
  } catch (e) {
    // EPERM: a process with that pid exists but is not ours to signal — it may be anything; the heartbeat decides.
    return (e as NodeJS.ErrnoException).code === 'EPERM' ? 'unknown' : 'no';
  }
}

/** Reads the lock; a lock written by an older CareDesk (a bare pid) counts its file time as the heartbeat. */
function readLock(file: string): LockInfo | null {
  try {
    const text = fs.readFileSync(file, 'utf8').trim();
    if (/^\d+$/.test(text)) return { pid: Number(text), nonce: '', startedAt: '', heartbeatAt: fs.statSync(file).mtimeMs };
    const v = JSON.parse(text) as Partial<LockInfo>;
    if (typeof v.pid !== 'number' || typeof v.heartbeatAt !== 'number') return null;
    return { pid: v.pid, nonce: String(v.nonce ?? ''), startedAt: String(v.startedAt ?? ''), heartbeatAt: v.heartbeatAt };
  } catch {
    return null;
  }
}

function isStale(info: LockInfo | null, now: number): boolean {
  if (!info) return true; // unreadable: a crash mid-write
  if (info.pid === process.pid && info.nonce === NONCE) return false;
  const fresh = now - info.heartbeatAt < STALE_AFTER_MS;
  const exists = processExists(info.pid);
  if (exists === 'no') return true;
  return !fresh;
}

const mine = (): LockInfo => ({ pid: process.pid, nonce: NONCE, startedAt: STARTED_AT, heartbeatAt: Date.now() });

function beat(file: string): void {
  const info = readLock(file);
  if (!info || info.nonce !== NONCE) return; // taken over (we were judged stale): never write over another owner
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, JSON.stringify(mine()), { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch {
    fs.rmSync(tmp, { force: true });
  }
}

export function acquireFolderLock(dir: string): void {
  const file = path.join(dir, LOCK_FILE);
  if (held.has(file)) return;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine()), { flag: 'wx', mode: 0o600 });
      const timer = setInterval(() => beat(file), HEARTBEAT_MS);
      timer.unref();
      held.set(file, timer);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = readLock(file);
      if (!isStale(owner, Date.now())) {
        throw new AppError('STORE', `数据文件夹正被另一个 CareDesk 程序使用（进程 ${owner?.pid ?? '?'}），请先关闭它再试`);
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new AppError('STORE', '无法锁定数据文件夹，请稍后再试');
}

function release(file: string): void {
  const timer = held.get(file);
  if (timer) clearInterval(timer);
  held.delete(file);
  const info = readLock(file);
  if (info && info.pid === process.pid && info.nonce === NONCE) fs.rmSync(file, { force: true });
}

/** Called when the store is locked again (logout, idle lock, close): another process may then use the folder. */
export function releaseFolderLock(dir: string): void {
  release(path.join(dir, LOCK_FILE));
}

process.on('exit', () => {
  for (const file of [...held.keys()]) release(file);
});
