/**
 * Backup and restore. A backup is the encrypted store file (after a full WAL checkpoint, taken while holding the
 * only connection, so no write can interleave) plus the key-slot file, in one container:
 *
 *   "CDBACK01" | u32 header length | header JSON | u32 slots length | keyslots.json | u32 hi, u32 lo db length | db | HMAC-SHA256 (32)
 *
 * The HMAC key is derived from the data key, so restore checks the file with the restoring person's password
 * before it replaces anything. No step writes plaintext: the store bytes are copied as they are, encrypted.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { u32 } from '../io/bytes';
import { openStore, STORE_FILE, type Store } from './db';
import { z } from 'zod';
import { faultPoint } from '../faults';
import { appendAudit, auditHead } from '../services/audit';
import { accountSlotName, KEYSLOT_FILE, keySlotFileSchema, keySlotPath, openSlot, readKeySlots, type KeySlotFile } from './keySlots';
import { acquireFolderLock } from './folderLock';
import { recoverInterruptedSwap, swapIntoFolder } from './folderSwap';
import { REKEY_DUE_SETTING } from './rekey';

const MAGIC = Buffer.from('CDBACK01', 'latin1');

const backupHeaderSchema = z.object({
  format: z.literal('caredesk-backup'),
  version: z.literal(1),
  createdAt: z.string().max(40),
  workspace: z.enum(['school', 'bureau']),
  storeId: z.string().min(8).max(64),
  dbSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The audit chain's head when the backup was made: a copy kept outside the store. */
  auditHead: z.object({ count: z.number().int(), hash: z.string() }).optional(),
});
type BackupHeader = z.infer<typeof backupHeaderSchema>;

function macKey(dataKey: Buffer, storeId: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', dataKey, Buffer.from(storeId), Buffer.from('caredesk-backup-mac'), 32));
}

/** Builds a backup of an open store. `dataKey` is the unlocked key (for the MAC only). */
export async function createBackup(store: Store, dataKey: Buffer, now: Date): Promise<Buffer> {
  const slotsBytes = fs.readFileSync(keySlotPath(store.dir));
  const slots = keySlotFileSchema.parse(JSON.parse(slotsBytes.toString('utf8')));
  const db = await store.withRaw((conn) => {
    conn.pragma('wal_checkpoint(TRUNCATE)');
    return fs.readFileSync(store.file);
  });
  const head = await auditHead(store.knex);
  const header: BackupHeader = {
    format: 'caredesk-backup',
    version: 1,
    createdAt: now.toISOString(),
    workspace: slots.workspace,
    storeId: slots.storeId,
    dbSha256: crypto.createHash('sha256').update(db).digest('hex'),
    auditHead: head,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(8);
  len.writeUInt32BE(Math.floor(db.length / 2 ** 32), 0);
  len.writeUInt32BE(db.length % 2 ** 32, 4);
  const body = Buffer.concat([MAGIC, u32(headerBytes.length), headerBytes, u32(slotsBytes.length), slotsBytes, len, db]);
  const mac = crypto.createHmac('sha256', macKey(dataKey, slots.storeId)).update(body).digest();
  return Buffer.concat([body, mac]);
}

/** True when the bytes are a whole backup whose MAC verifies with this data key (used to read a written file back). */
export function backupVerifies(buf: Buffer, dataKey: Buffer): boolean {
  try {
    const p = parseBackup(buf);
    const expected = crypto.createHmac('sha256', macKey(dataKey, p.slots.storeId)).update(p.body).digest();
    return crypto.timingSafeEqual(expected, p.mac) && crypto.createHash('sha256').update(p.db).digest('hex') === p.header.dbSha256;
  } catch {
    return false;
  }
}

/**
 * Writes a file so that a crash leaves either the previous file or the new one, never half of one: a temporary file
 * beside the target, fsync, the caller's check of what was written (read back from disk), rename, fsync the folder.
 */
export function writeFileAtomically(target: string, bytes: Buffer, verify: (written: Buffer) => boolean): void {
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fs.writeSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (!verify(fs.readFileSync(tmp))) throw new AppError('STORE', '备份写入后校验失败（磁盘或 U 盘可能有问题），原有文件未被覆盖');
    faultPoint('backup.beforeRename');
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  try {
    const dfd = fs.openSync(dir, 'r');
    fs.fsyncSync(dfd);
    fs.closeSync(dfd);
  } catch {
    /* folders cannot be opened for fsync on Windows; the rename itself is atomic there */
  }
}

const corrupt = (why: string) => new AppError('STORE', `备份文件无法使用：${why}。现有数据未作任何改动。`);

interface ParsedBackup {
  header: BackupHeader;
  slotsBytes: Buffer;
  slots: KeySlotFile;
  db: Buffer;
  body: Buffer;
  mac: Buffer;
}

function parseBackup(buf: Buffer): ParsedBackup {
  if (buf.length < 8 + 4 + 4 + 8 + 32 || !buf.subarray(0, 8).equals(MAGIC)) throw corrupt('不是 CareDesk 备份文件');
  let off = 8;
  const hLen = buf.readUInt32BE(off);
  off += 4;
  if (off + hLen + 4 > buf.length) throw corrupt('文件被截断');
  let header: BackupHeader;
  try {
    header = backupHeaderSchema.parse(JSON.parse(buf.subarray(off, off + hLen).toString('utf8')));
  } catch {
    throw corrupt('文件头损坏');
  }
  off += hLen;
  const sLen = buf.readUInt32BE(off);
  off += 4;
  if (off + sLen + 8 > buf.length) throw corrupt('文件被截断');
  const slotsBytes = buf.subarray(off, off + sLen);
  off += sLen;
  const dbLen = buf.readUInt32BE(off) * 2 ** 32 + buf.readUInt32BE(off + 4);
  off += 8;
  if (off + dbLen + 32 !== buf.length) throw corrupt('文件长度不符（被截断或追加了内容）');
  let slots: KeySlotFile;
  try {
    slots = keySlotFileSchema.parse(JSON.parse(slotsBytes.toString('utf8')));
  } catch {
    throw corrupt('密钥槽损坏');
  }
  return {
    header,
    slotsBytes,
    slots,
    db: buf.subarray(off, off + dbLen),
    body: buf.subarray(0, off + dbLen),
    mac: buf.subarray(off + dbLen),
  };
}

export interface RestoreResult {
  workspace: string;
  createdAt: string;
  /** Accounts disabled (or removed) since the backup: kept disabled unless the administrator confirmed them. */
  keptDisabled: string[];
  reenabled: string[];
  /** Accounts created since the backup: they are not in it, and go. */
  gone: string[];
}

/**
 * Verifies a backup with an administrator's password, then replaces the store in `dataDir` with it. Only an active
 * administrator of the backup may restore. Accounts that were disabled after the backup was made stay disabled
 * (their key slots are not restored) unless the administrator names them in `reenable`. The restore is written to the
 * restored store's audit log. The swap is journaled (folderSwap.ts); the replaced files are kept in a
 * dated folder beside them, never deleted. Refuses, changing nothing, on any doubt.
 */
export async function restoreBackup(
  dataDir: string,
  buf: Buffer,
  username: string,
  password: string,
  opts: { reenable?: string[]; now?: Date } = {},
): Promise<RestoreResult> {
  const now = opts.now ?? new Date();
  const p = parseBackup(buf);
  const slot = p.slots.slots?.find((s) => s.username === username);
  if (!slot) throw corrupt(`备份中没有账户“${username}”`);
  const opened = await openSlot(slot, password, p.slots.storeId, accountSlotName(slot.accountId));
  opened?.crisisKey?.fill(0);
  const key = opened?.dataKey;
  if (!key) throw new AppError('WRONG_PASSWORD', '密码错误：无法用该账户解开备份。现有数据未作任何改动。');
  try {
    const expected = crypto.createHmac('sha256', macKey(key, p.slots.storeId)).update(p.body).digest();
    if (!crypto.timingSafeEqual(expected, p.mac)) throw corrupt('校验失败（文件已损坏或被改动）');
    if (crypto.createHash('sha256').update(p.db).digest('hex') !== p.header.dbSha256) throw corrupt('数据库哈希不符');
    acquireFolderLock(dataDir);
    recoverInterruptedSwap(dataDir);
    // Who returns and who goes, from the key-slot files (readable without any key): an account with a slot in the
    // backup but none now was disabled (or removed) after the backup was made.
    const current = readKeySlots(dataDir);
    const nowNames = new Set((current?.slots ?? []).map((s) => s.username));
    const backupNames = new Set(p.slots.slots.map((s) => s.username));
    const returning = current ? p.slots.slots.filter((s) => !nowNames.has(s.username)) : [];
    const reenable = new Set(opts.reenable ?? []);
    for (const name of reenable)
      if (!returning.some((s) => s.username === name)) throw new AppError('VALIDATION', `账户“${name}”不在需要确认的账户中`);
    const keptDisabled = returning.filter((s) => !reenable.has(s.username));
    const gone = current ? current.slots.filter((s) => !backupNames.has(s.username)).map((s) => s.username) : [];
    const staging = fs.mkdtempSync(path.join(dataDir, '.restore-'));
    try {
      fs.writeFileSync(path.join(staging, STORE_FILE), p.db, { mode: 0o600 });
      const store = await openStore(staging, key, { migrate: false });
      try {
        const check = await store.withRaw((c) => c.pragma('quick_check', { simple: true }));
        if (check !== 'ok') throw corrupt('数据库完整性检查未通过');
        const me = (await store.knex('accounts').where({ id: slot.accountId }).first()) as
          | { role: string; disabled: number; display_name: string }
          | undefined;
        if (me?.role !== 'admin' || me.disabled)
          throw new AppError('FORBIDDEN', '只有资助管理员可以恢复备份（备份中该账户不是在用的资助管理员）。现有数据未作任何改动。');
        await store.knex.transaction(async (trx) => {
          for (const s of keptDisabled)
            await trx('accounts').where({ id: s.accountId }).update({ disabled: 1, updated_at: now.toISOString() });
          // The backup's keys are the ones an account disabled since then may still hold (its old slot file): the
          // next administrator sign-in rekeys the restored store (rekey.ts).
          if (keptDisabled.length)
            await trx('settings')
              .insert({ key: REKEY_DUE_SETTING, value: JSON.stringify({ reason: 'restore', at: now.toISOString() }) })
              .onConflict('key')
              .merge();
          await appendAudit(
            trx,
            { id: slot.accountId, name: me.display_name, role: 'admin' },
            'backup.restore',
            { type: 'store' },
            {
              backupCreatedAt: p.header.createdAt,
              backupSha256: crypto.createHash('sha256').update(buf).digest('hex').slice(0, 16),
              keptDisabled: keptDisabled.map((s) => s.username),
              reenabled: [...reenable],
              gone,
            },
            now,
          );
        });
        await store.withRaw((c) => c.pragma('wal_checkpoint(TRUNCATE)'));
      } finally {
        await store.close();
      }
      const slots: KeySlotFile = { ...p.slots, slots: p.slots.slots.filter((s) => !keptDisabled.includes(s)) };
      fs.writeFileSync(path.join(staging, KEYSLOT_FILE), JSON.stringify(slots, null, 2), { mode: 0o600 });
      for (const f of [`${STORE_FILE}-wal`, `${STORE_FILE}-shm`]) fs.rmSync(path.join(staging, f), { force: true });
      swapIntoFolder(dataDir, staging, { now, faultPrefix: 'restore', keepAside: true });
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
    return {
      workspace: p.header.workspace,
      createdAt: p.header.createdAt,
      keptDisabled: keptDisabled.map((s) => s.username),
      reenabled: [...reenable],
      gone,
    };
  } finally {
    key.fill(0);
  }
}
