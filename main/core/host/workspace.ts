/**
 * The workspace: one data folder with its key-slot file and, while someone is signed in, its unlocked encrypted
 * store. First-run setup, unlocking with a data key, the slots of the accounts, backup and recovery live here; who
 * is signed in lives in sessions.ts.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { AppError } from '../../../shared/errors';
import type { WorkspaceKind } from '../../../shared/domain/enums';
import type { SchoolProfile } from '../../../shared/contract/schemas';
import { openStore, STORE_FILE, type Store } from '../store/db';
import {
  accountSlotName,
  newRecoveryCode,
  normaliseRecoveryCode,
  readKeySlots,
  RECOVERY_SLOT_NAME,
  unwrapKey,
  wrapKey,
  writeKeySlots,
  type KeySlotFile,
} from '../store/keySlots';
import { appendAudit, auditHead, ensureAuditTriggers, type Actor } from '../services/audit';
import type { NewAdmin } from '../services/context';
import { DEFAULT_IDLE_MINUTES, getSetting, setSetting, SETTING } from '../services/settings';
import { generateSchoolSigningKey } from '../io/filingPackage';
import { generateBureauIdentity } from '../bureau/bureauKeys';
import { backupVerifies, createBackup, RESTORE_JOURNAL, recoverInterruptedRestore, writeFileAtomically } from '../store/backup';
import { acquireFolderLock, LOCK_FILE, releaseFolderLock } from '../store/folderLock';

export class Workspace {
  readonly dataDir: string;
  readonly now: () => Date;
  private store: Store | null = null;
  private dataKey: Buffer | null = null;
  idleMinutes = DEFAULT_IDLE_MINUTES;

  constructor(dataDir: string, now: () => Date) {
    this.dataDir = path.resolve(dataDir);
    this.now = now;
  }

  slots(): KeySlotFile | null {
    // A restore killed between its renames is finished or rolled back before anything reads the folder.
    if (fs.existsSync(path.join(this.dataDir, RESTORE_JOURNAL))) {
      acquireFolderLock(this.dataDir);
      recoverInterruptedRestore(this.dataDir);
    }
    return readKeySlots(this.dataDir);
  }

  kind(): WorkspaceKind | 'none' {
    return this.slots()?.workspace ?? 'none';
  }

  isOpen(): boolean {
    return this.store !== null;
  }

  /** The unlocked store. Services receive it from the router only after a session check. */
  db(): Knex {
    if (!this.store) throw new AppError('SESSION_EXPIRED', '工作台已锁定，请重新登录');
    return this.store.knex;
  }

  openedStore(): Store {
    if (!this.store) throw new AppError('SESSION_EXPIRED', '工作台已锁定，请重新登录');
    return this.store;
  }

  lock(): void {
    acquireFolderLock(this.dataDir);
  }

  private async createWorkspace(
    kind: WorkspaceKind,
    name: string,
    admin: NewAdmin,
    seedSettings: (trx: Knex.Transaction) => Promise<void>,
  ): Promise<{ recoveryCode: string }> {
    if (this.kind() !== 'none') throw new AppError('CONFLICT', '此数据文件夹已经初始化，不能重复建立');
    acquireFolderLock(this.dataDir);
    // Never a new store in a folder that holds any CareDesk file: a store without its key slots is someone's data
    // (an interrupted restore or setup, a copied folder), and setting up over it would hide it.
    const ours = fs
      .readdirSync(this.dataDir)
      .filter((f) => f !== LOCK_FILE && f !== 'logs' && /^(caredesk\.db|keyslots|restore\.journal|\.restore-|\.before-restore-)/.test(f));
    if (ours.length) {
      throw new AppError(
        'CONFLICT',
        `此数据文件夹中已有 CareDesk 数据文件（${ours.slice(0, 3).join('、')}），不能在此新建工作台：请从备份恢复，或选择一个空文件夹`,
      );
    }
    const dataKey = crypto.randomBytes(32);
    const storeId = crypto.randomUUID();
    const store = await openStore(this.dataDir, dataKey);
    try {
      const at = this.now().toISOString();
      let adminId = 0;
      await store.knex.transaction(async (trx) => {
        const [id] = await trx('accounts').insert({
          username: admin.username,
          display_name: admin.displayName,
          role: 'admin',
          classes: '[]',
          created_at: at,
          updated_at: at,
        });
        adminId = Number(id);
        await seedSettings(trx);
        await setSetting(trx, SETTING.idleMinutes, DEFAULT_IDLE_MINUTES);
        await setSetting(trx, SETTING.createdAt, at);
        await appendAudit(
          trx,
          { id: adminId, name: admin.displayName, role: 'admin' },
          'workspace.setup',
          { type: 'workspace', id: kind },
          { kind },
          this.now(),
        );
      });
      const recoveryCode = newRecoveryCode();
      const slotFile: KeySlotFile = {
        format: 'caredesk-keyslots',
        version: 1,
        workspace: kind,
        name,
        storeId,
        slots: [
          {
            accountId: adminId,
            username: admin.username,
            failed: 0,
            lockedUntil: null,
            failedSinceLogin: 0,
            ...(await wrapKey(dataKey, admin.password, storeId, accountSlotName(adminId))),
          },
        ],
        recovery: await wrapKey(dataKey, normaliseRecoveryCode(recoveryCode), storeId, RECOVERY_SLOT_NAME),
      };
      // Written last: until it exists the folder counts as not set up.
      writeKeySlots(this.dataDir, slotFile);
      return { recoveryCode };
    } finally {
      await store.close();
      dataKey.fill(0);
    }
  }

  async setupSchool(profile: SchoolProfile, admin: NewAdmin): Promise<{ recoveryCode: string }> {
    return this.createWorkspace('school', profile.schoolName, admin, async (trx) => {
      await setSetting(trx, SETTING.schoolProfile, profile);
      await setSetting(trx, SETTING.schoolSigningKey, generateSchoolSigningKey());
    });
  }

  async setupBureau(name: string, admin: NewAdmin): Promise<{ recoveryCode: string }> {
    return this.createWorkspace('bureau', name, admin, async (trx) => {
      await setSetting(trx, SETTING.bureauName, name);
      await setSetting(trx, SETTING.bureauIdentity, await generateBureauIdentity());
    });
  }

  async openWithKey(key: Buffer): Promise<void> {
    if (this.store && this.dataKey) {
      if (!crypto.timingSafeEqual(this.dataKey, key)) throw new AppError('STORE', '密钥槽与已打开的数据库不一致');
      return;
    }
    // Unlocking never creates a store: a missing file means the data went somewhere, not that it never existed.
    if (!fs.existsSync(path.join(this.dataDir, STORE_FILE))) {
      throw new AppError(
        'STORE',
        '数据库文件缺失：数据文件夹中没有 caredesk.db。请从备份恢复（caredesk restore），或联系技术支持；程序没有新建空数据库',
      );
    }
    this.store = await openStore(this.dataDir, key);
    this.dataKey = Buffer.from(key);
    await ensureAuditTriggers(this.store.knex);
    const idle = await getSetting<number>(this.store.knex, SETTING.idleMinutes);
    this.idleMinutes = idle ?? DEFAULT_IDLE_MINUTES;
  }

  async close(): Promise<void> {
    if (this.store) {
      const s = this.store;
      this.store = null;
      await s.close();
    }
    this.dataKey?.fill(0);
    this.dataKey = null;
    releaseFolderLock(this.dataDir);
  }

  async setAccountSlot(accountId: number, username: string, password: string): Promise<void> {
    if (!this.dataKey) throw new AppError('SESSION_EXPIRED', '工作台已锁定，请重新登录');
    const file = this.slots()!;
    const wrapped = await wrapKey(this.dataKey, password, file.storeId, accountSlotName(accountId));
    const rest = file.slots.filter((s) => s.accountId !== accountId);
    file.slots = [...rest, { accountId, username, failed: 0, lockedUntil: null, failedSinceLogin: 0, ...wrapped }];
    writeKeySlots(this.dataDir, file);
  }

  /** Destroys an account's slot: without it, that password can no longer unwrap the data key. */
  removeAccountSlot(accountId: number): void {
    const file = this.slots()!;
    file.slots = file.slots.filter((s) => s.accountId !== accountId);
    writeKeySlots(this.dataDir, file);
  }

  slotState(accountId: number): { failed: number; lockedUntil: string | null } {
    const s = this.slots()?.slots.find((x) => x.accountId === accountId);
    return { failed: s?.failed ?? 0, lockedUntil: s?.lockedUntil ?? null };
  }

  async verifyPassword(accountId: number, password: string): Promise<boolean> {
    const file = this.slots();
    const slot = file?.slots.find((s) => s.accountId === accountId);
    const key = file && slot ? await unwrapKey(slot, password, file.storeId, accountSlotName(accountId)) : null;
    key?.fill(0);
    return !!key;
  }

  /** An encrypted backup of the open store; records the date for the 7-day reminder and audits it. */
  async backup(by: Actor): Promise<Buffer> {
    if (!this.store || !this.dataKey) throw new AppError('SESSION_EXPIRED', '工作台已锁定，请重新登录');
    const bytes = await createBackup(this.store, this.dataKey, this.now());
    await this.db().transaction(async (trx) => {
      await setSetting(trx, SETTING.lastBackupAt, this.now().toISOString());
      await appendAudit(trx, by, 'backup.create', { type: 'store' }, { bytes: bytes.length }, this.now());
    });
    await this.anchorAudit();
    return bytes;
  }

  /**
   * Writes an encrypted backup straight to a file (the desktop's save dialog, the CLI's --out): no copy crosses the
   * IPC or the screen. Crash-safe (temporary file, fsync, read back and verified, rename); the date for the 7-day
   * reminder and the audit entry are recorded only once the file is in place.
   */
  async backupToFile(by: Actor, target: string): Promise<{ fileName: string; bytes: number }> {
    if (!this.store || !this.dataKey) throw new AppError('SESSION_EXPIRED', '工作台已锁定，请重新登录');
    const full = path.resolve(target);
    if (!fs.existsSync(path.dirname(full)))
      throw new AppError('VALIDATION', '保存位置的文件夹不存在', [{ path: 'path', message: '文件夹不存在' }]);
    if (full.startsWith(this.dataDir + path.sep)) {
      throw new AppError('VALIDATION', '备份不能保存在数据文件夹内：请保存到 U 盘等其他位置', [
        { path: 'path', message: '不能保存在数据文件夹内' },
      ]);
    }
    const key = this.dataKey;
    const bytes = await createBackup(this.store, key, this.now());
    writeFileAtomically(full, bytes, (written) => backupVerifies(written, key));
    await this.db().transaction(async (trx) => {
      await setSetting(trx, SETTING.lastBackupAt, this.now().toISOString());
      await appendAudit(trx, by, 'backup.create', { type: 'store' }, { bytes: bytes.length, toFile: true }, this.now());
    });
    await this.anchorAudit();
    return { fileName: path.basename(full), bytes: bytes.length };
  }

  /**
   * Copies the audit chain's head into the key-slot file: a record outside the store of how far the log reached, so
   * cutting its last entries or rewriting it shows at the next audit.verify (see README, "what a key holder can hide").
   */
  async anchorAudit(): Promise<void> {
    if (!this.store) return;
    const head = await auditHead(this.store.knex);
    const file = this.slots();
    if (!file) return;
    file.auditHead = { ...head, at: this.now().toISOString() };
    writeKeySlots(this.dataDir, file);
  }

  /** A subkey bound to one purpose and this store (HKDF): files sealed with it open only with this store's key. */
  purposeKey(purpose: 'archive'): Buffer {
    const file = this.slots();
    if (!this.dataKey || !file) throw new AppError('SESSION_EXPIRED', '工作台已锁定，请重新登录');
    return Buffer.from(crypto.hkdfSync('sha256', this.dataKey, Buffer.from(file.storeId), Buffer.from(`caredesk-${purpose}`), 32));
  }

  auditAnchor(): { count: number; hash: string } | null {
    const a = this.slots()?.auditHead;
    return a ? { count: a.count, hash: a.hash } : null;
  }

  /** Recovery: the code unwraps the data key once; the administrator gets a new password and a new code replaces it. */
  async recover(code: string, username: string, newPassword: string): Promise<{ recoveryCode: string }> {
    const file = this.slots();
    if (!file) throw new AppError('STATE', '工作台尚未初始化');
    acquireFolderLock(this.dataDir);
    const key = await unwrapKey(file.recovery, normaliseRecoveryCode(code), file.storeId, RECOVERY_SLOT_NAME);
    if (!key) throw new AppError('WRONG_PASSWORD', '恢复码不正确');
    const wasOpen = !!this.store;
    try {
      await this.openWithKey(key);
      const row = (await this.db()('accounts').where({ username }).first()) as
        | { id: number; username: string; role: string; disabled: number }
        | undefined;
      if (row?.role !== 'admin' || row.disabled) throw new AppError('NOT_FOUND', '找不到该资助管理员账户');
      await this.db().transaction(async (trx) => {
        await trx('accounts').where({ id: row.id }).update({ must_change_password: 0, updated_at: this.now().toISOString() });
        await appendAudit(
          trx,
          { id: null, name: '恢复码', role: 'system' },
          'account.recover',
          { type: 'account', id: row.id },
          {},
          this.now(),
        );
        await this.setAccountSlot(row.id, row.username, newPassword);
      });
      // The used code is spent: a new recovery slot, and a new code to print.
      const fresh = newRecoveryCode();
      const slots = this.slots()!;
      slots.recovery = await wrapKey(key, normaliseRecoveryCode(fresh), slots.storeId, RECOVERY_SLOT_NAME);
      writeKeySlots(this.dataDir, slots);
      return { recoveryCode: fresh };
    } finally {
      key.fill(0);
      if (!wasOpen) await this.close();
    }
  }
}
