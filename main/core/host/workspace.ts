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
  boxesFor,
  newRecoveryCode,
  newSlot,
  normaliseRecoveryCode,
  openSlot,
  readKeySlots,
  RECOVERY_SLOT_NAME,
  writeKeySlots,
  type KeySlotFile,
  type OpenedSlot,
} from '../store/keySlots';
import { appendAudit, auditHead, ensureAuditTriggers, type Actor } from '../services/audit';
import type { NewAdmin } from '../services/context';
import { DEFAULT_IDLE_MINUTES, getSetting, setSecretSetting, setSetting, SETTING } from '../services/settings';
import { generateSchoolSigningKey } from '../io/filingPackage';
import { newSigningKeyPair } from '../io/signedEnvelope';
import { AREA_LENGTH, BUREAU_LEVEL_LABELS, type BureauLevel } from '../../../shared/domain/bureauLevels';
import { generateBureauIdentity } from '../bureau/bureauKeys';
import { backupVerifies, createBackup, writeFileAtomically } from '../store/backup';
import { recoverInterruptedSwap, removeStaleStaging, SWAP_JOURNAL } from '../store/folderSwap';
import { REKEY_DUE_SETTING, rekeyFolder, resealCrisisColumns, type RekeyOutcome } from '../store/rekey';
import { openText, sealText } from '../store/sealedText';
import { acquireFolderLock, LOCK_FILE, releaseFolderLock } from '../store/folderLock';
import { DATABASE_CONFIG_FILE, readDatabaseConfig, writeDatabaseConfig, type PostgresConfig } from '../store/databaseConfig';
import { insertedId } from '../store/portableSql';

/** A server's data is backed up by the server's own tool; the folder's key slots are copied beside the dump. */
const BACKUP_ON_SERVER = new AppError(
  'STATE',
  '本工作台的数据在 PostgreSQL 服务器上：请由数据库管理员用 pg_dump 备份数据库，并同时备份数据文件夹中的 keyslots.json（见 README）',
);

function sealSecretFor(engine: Store['engine'], dataKey: Buffer, text: string, context: string): string {
  return engine === 'postgres' ? sealText(dataKey, text, context) : text;
}

const REKEYING = new AppError('STATE', '正在更换数据库密钥（停用账户或重设密码之后），请稍候几秒再操作');

export class Workspace {
  readonly dataDir: string;
  readonly now: () => Date;
  private store: Store | null = null;
  private dataKey: Buffer | null = null;
  /** The crisis key, while someone whose slot holds it is signed in (see forgetCrisisKey). */
  private crisisKey: Buffer | null = null;
  /** Set while the store is being rekeyed: requests wait for nothing and are told to retry. */
  private rekeying = false;
  idleMinutes = DEFAULT_IDLE_MINUTES;

  constructor(dataDir: string, now: () => Date) {
    this.dataDir = path.resolve(dataDir);
    this.now = now;
  }

  slots(): KeySlotFile | null {
    // A restore or rekey killed between its renames is finished or rolled back before anything reads the folder.
    if (fs.existsSync(path.join(this.dataDir, SWAP_JOURNAL))) {
      acquireFolderLock(this.dataDir);
      recoverInterruptedSwap(this.dataDir);
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
    if (this.rekeying) throw REKEYING;
    if (!this.store) throw new AppError('SESSION_EXPIRED', '工作台已锁定，请重新登录');
    return this.store.knex;
  }

  openedStore(): Store {
    if (this.rekeying) throw REKEYING;
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
    seedSettings: (trx: Knex.Transaction, sealSecret: (text: string, context: string) => string) => Promise<void>,
    database: PostgresConfig | null = null,
  ): Promise<{ recoveryCode: string }> {
    if (this.kind() !== 'none') throw new AppError('CONFLICT', '此数据文件夹已经初始化，不能重复建立');
    acquireFolderLock(this.dataDir);
    // Never a new store in a folder that holds any CareDesk file: a store without its key slots is someone's data
    // (an interrupted restore or setup, a copied folder), and setting up over it would hide it.
    const ours = fs
      .readdirSync(this.dataDir)
      .filter(
        (f) =>
          f !== LOCK_FILE &&
          f !== 'logs' &&
          /^(caredesk\.db|database\.json|keyslots|restore\.journal|\.restore-|\.rekey-|\.before-(restore|rekey)-)/.test(f),
      );
    if (ours.length) {
      throw new AppError(
        'CONFLICT',
        `此数据文件夹中已有 CareDesk 数据文件（${ours.slice(0, 3).join('、')}），不能在此新建工作台：请从备份恢复，或选择一个空文件夹`,
      );
    }
    const dataKey = crypto.randomBytes(32);
    // A bureau holds no crisis records: its slots carry the data key only.
    const crisisKey = kind === 'school' ? crypto.randomBytes(32) : null;
    const storeId = crypto.randomUUID();
    // A PostgreSQL store is named in the folder before it is opened, and the name removed again if setup fails.
    if (database) writeDatabaseConfig(this.dataDir, database);
    let store: Store;
    try {
      store = await openStore(this.dataDir, dataKey, { mustBeEmpty: true });
    } catch (e) {
      if (database) fs.rmSync(path.join(this.dataDir, DATABASE_CONFIG_FILE), { force: true });
      dataKey.fill(0);
      crisisKey?.fill(0);
      throw e;
    }
    const engine = store.engine;
    try {
      const at = this.now().toISOString();
      let adminId = 0;
      await store.knex.transaction(async (trx) => {
        const id = await insertedId(
          trx('accounts').insert({
            username: admin.username,
            display_name: admin.displayName,
            role: 'admin',
            classes: '[]',
            created_at: at,
            updated_at: at,
          }),
        );
        adminId = Number(id);
        await seedSettings(trx, (text, context) => sealSecretFor(engine, dataKey, text, context));
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
        version: 2,
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
            ...(await newSlot(admin.password, storeId, accountSlotName(adminId), { dataKey, crisisKey })),
          },
        ],
        recovery: await newSlot(normaliseRecoveryCode(recoveryCode), storeId, RECOVERY_SLOT_NAME, { dataKey, crisisKey }),
      };
      // Written last: until it exists the folder counts as not set up.
      writeKeySlots(this.dataDir, slotFile);
      return { recoveryCode };
    } finally {
      await store.close();
      dataKey.fill(0);
      crisisKey?.fill(0);
    }
  }

  async setupSchool(profile: SchoolProfile, admin: NewAdmin): Promise<{ recoveryCode: string }> {
    return this.createWorkspace('school', profile.schoolName, admin, async (trx) => {
      await setSetting(trx, SETTING.schoolProfile, profile);
      await setSetting(trx, SETTING.schoolSigningKey, generateSchoolSigningKey());
    });
  }

  async setupBureau(
    name: string,
    admin: NewAdmin,
    place: { level: BureauLevel; area: string } = { level: 'county', area: '' },
    database: PostgresConfig | null = null,
  ): Promise<{ recoveryCode: string }> {
    if (place.area && place.area.length !== AREA_LENGTH[place.level]) {
      throw new AppError('VALIDATION', `${BUREAU_LEVEL_LABELS[place.level]}级教育局的地区代码应为 ${AREA_LENGTH[place.level]} 位`, [
        { path: 'area', message: `应为 ${AREA_LENGTH[place.level]} 位` },
      ]);
    }
    return this.createWorkspace(
      'bureau',
      name,
      admin,
      async (trx, seal) => {
        await setSetting(trx, SETTING.bureauName, name);
        await setSecretSetting(trx, SETTING.bureauIdentity, await generateBureauIdentity(), seal);
        await setSetting(trx, SETTING.bureauPlace, place);
        // The key it signs forwarded packages with (§6): the level above registers its public half.
        await setSecretSetting(trx, SETTING.bureauSigningKey, newSigningKeyPair(), seal);
      },
      database,
    );
  }

  /** Opens the store with the keys a slot gave (the crisis key is kept when the slot held it). */
  async openWithKeys(keys: Pick<OpenedSlot, 'dataKey' | 'crisisKey'>): Promise<void> {
    await this.openWithKey(keys.dataKey);
    if (keys.crisisKey && !this.crisisKey) this.crisisKey = Buffer.from(keys.crisisKey);
  }

  async openWithKey(key: Buffer): Promise<void> {
    if (this.rekeying) throw REKEYING;
    if (this.store && this.dataKey) {
      if (!crypto.timingSafeEqual(this.dataKey, key)) throw new AppError('STORE', '密钥槽与已打开的数据库不一致');
      return;
    }
    // Unlocking never creates a store: a missing file means the data went somewhere, not that it never existed.
    if (!readDatabaseConfig(this.dataDir) && !fs.existsSync(path.join(this.dataDir, STORE_FILE))) {
      throw new AppError(
        'STORE',
        '数据库文件缺失：数据文件夹中没有 caredesk.db。请从备份恢复（caredesk restore），或联系技术支持；程序没有新建空数据库',
      );
    }
    removeStaleStaging(this.dataDir);
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
    this.forgetCrisisKey();
    releaseFolderLock(this.dataDir);
  }

  /** Which engine the open store runs on. */
  engine(): Store['engine'] {
    return this.openedStore().engine;
  }

  /**
   * A secret the store keeps (the bureau's decryption and signing keys). In the SQLite file it is already encrypted
   * with everything else, and stays as it is (a rekey re-encrypts the file); on a PostgreSQL server it is sealed with
   * the data key, so the server and its dumps never hold it in clear.
   */
  sealSecret(text: string, context: string): string {
    if (!this.dataKey) throw new AppError('SESSION_EXPIRED', '工作台已锁定，请重新登录');
    return sealSecretFor(this.engine(), this.dataKey, text, context);
  }

  openSecret(value: string, context: string): string {
    return openText(this.dataKey, value, context);
  }

  /** Drops the crisis key from memory (the last session of a role that holds it ended). */
  forgetCrisisKey(): void {
    this.crisisKey?.fill(0);
    this.crisisKey = null;
  }

  hasCrisisKey(): boolean {
    return !!this.crisisKey;
  }

  /** Seals a crisis column's text under the crisis key; refused when no one signed in holds that key. */
  sealCrisis(text: string, context: string): string {
    if (!this.crisisKey) throw new AppError('FORBIDDEN', '本账户没有危机记录密钥，不能写入危机预警的内容');
    return sealText(this.crisisKey, text, context);
  }

  openCrisis(value: string, context: string): string {
    return openText(this.crisisKey, value, context);
  }

  /**
   * A new slot for an account (created, password reset, own password changed): a fresh key pair, the data key boxed
   * to it, and the crisis key too when the account's role reads crisis records and the key is at hand.
   */
  async setAccountSlot(accountId: number, username: string, password: string, crisis: boolean): Promise<void> {
    if (!this.dataKey) throw new AppError('SESSION_EXPIRED', '工作台已锁定，请重新登录');
    const wrapped = await newSlot(password, this.slots()!.storeId, accountSlotName(accountId), {
      dataKey: this.dataKey,
      crisisKey: crisis ? this.crisisKey : null,
    });
    // Read after the slow key derivation, so a counter another sign-in wrote meanwhile is not written over.
    const file = this.slots()!;
    file.version = 2;
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

  /**
   * Boxes the crisis key (held in memory) to every listed account whose slot has a public key but no crisis box yet,
   * and to the recovery slot: used at sign-in, so an account given a crisis role, or a slot upgraded from version 1,
   * receives the key from the next person who holds it.
   */
  grantCrisisKey(accountIds: number[]): void {
    const file = this.slots();
    if (!file || !this.crisisKey || !this.dataKey) return;
    let changed = false;
    const keys = { dataKey: this.dataKey, crisisKey: this.crisisKey };
    for (const s of file.slots) {
      if (!accountIds.includes(s.accountId) || !s.publicKey || s.crisisBox) continue;
      Object.assign(s, boxesFor(s.publicKey, file.storeId, accountSlotName(s.accountId), keys));
      changed = true;
    }
    if (file.recovery.publicKey && !file.recovery.crisisBox) {
      Object.assign(file.recovery, boxesFor(file.recovery.publicKey, file.storeId, RECOVERY_SLOT_NAME, keys));
      changed = true;
    }
    if (changed) writeKeySlots(this.dataDir, file);
  }

  /**
   * A store from before crisis sealing: the first administrator, counsellor or principal to sign in creates the crisis
   * key, seals the crisis columns written in the clear, and gets the key in their slot (grantCrisisKey passes it on).
   */
  async ensureCrisisKey(accountId: number): Promise<void> {
    const file = this.slots();
    if (file?.workspace !== 'school' || this.crisisKey) return;
    if (file.slots.some((s) => s.crisisBox) || file.recovery.crisisBox) return; // it exists; this account lacks a box
    const key = crypto.randomBytes(32);
    // No crisis key existed, so every value is still in the clear.
    await this.db().transaction((trx) => resealCrisisColumns(trx, null, key));
    this.crisisKey = key;
    this.grantCrisisKey([accountId]);
  }

  async verifyPassword(accountId: number, password: string): Promise<boolean> {
    const file = this.slots();
    const slot = file?.slots.find((s) => s.accountId === accountId);
    const opened = file && slot ? await openSlot(slot, password, file.storeId, accountSlotName(accountId)) : null;
    opened?.dataKey.fill(0);
    opened?.crisisKey?.fill(0);
    return !!opened;
  }

  /**
   * Gives the store new keys (see rekey.ts) and keeps working with them: every session stays signed in. Called after
   * an account is disabled or its password reset, and at an administrator's sign-in when such a rekey was cut short.
   */
  async rekey(by: Actor, reason: string, crisisRoles: readonly string[]): Promise<RekeyOutcome & { ms: number }> {
    if (!this.store || !this.dataKey) throw new AppError('SESSION_EXPIRED', '工作台已锁定，请重新登录');
    // On PostgreSQL there is no file to re-encrypt: the removed slot already stops that password unwrapping the data
    // key, and who may reach the server is the database's own roles (see README, "一个省的 PostgreSQL").
    if (this.store.engine === 'postgres')
      return { keys: { dataKey: Buffer.from(this.dataKey), crisisKey: null }, lostAccess: [], newRecoveryCode: null, resealed: 0, ms: 0 };
    const started = performance.now();
    const old = { dataKey: Buffer.from(this.dataKey), crisisKey: this.crisisKey ? Buffer.from(this.crisisKey) : null };
    const slots = this.slots()!;
    await this.store.withRaw((c) => c.pragma('wal_checkpoint(TRUNCATE)'));
    this.rekeying = true;
    const live = this.store;
    this.store = null;
    try {
      await live.close();
      let outcome: RekeyOutcome;
      try {
        outcome = await rekeyFolder(this.dataDir, old, slots, { now: this.now(), by, reason, crisisRoles });
      } catch (e) {
        // Nothing was swapped (or the swap was rolled back): the old store opens with the old key, as before.
        this.store = await openStore(this.dataDir, old.dataKey);
        throw e;
      }
      this.store = await openStore(this.dataDir, outcome.keys.dataKey);
      await ensureAuditTriggers(this.store.knex);
      this.dataKey?.fill(0);
      this.dataKey = outcome.keys.dataKey;
      if (outcome.keys.crisisKey) {
        this.crisisKey?.fill(0);
        this.crisisKey = outcome.keys.crisisKey;
      }
      return { ...outcome, ms: Math.round(performance.now() - started) };
    } finally {
      this.rekeying = false;
      old.dataKey.fill(0);
      old.crisisKey?.fill(0);
    }
  }

  /** Whether a rekey was due and did not finish (a crash between a disable or reset and its rekey). */
  async rekeyDue(): Promise<boolean> {
    return !!(await getSetting<unknown>(this.db(), REKEY_DUE_SETTING));
  }

  /** An encrypted backup of the open store; records the date for the 7-day reminder and audits it. */
  async backup(by: Actor): Promise<Buffer> {
    if (!this.store || !this.dataKey) throw new AppError('SESSION_EXPIRED', '工作台已锁定，请重新登录');
    if (this.store.engine === 'postgres') throw BACKUP_ON_SERVER;
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
    if (this.store.engine === 'postgres') throw BACKUP_ON_SERVER;
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
    const opened = await openSlot(file.recovery, normaliseRecoveryCode(code), file.storeId, RECOVERY_SLOT_NAME);
    if (!opened) throw new AppError('WRONG_PASSWORD', '恢复码不正确');
    const key = opened.dataKey;
    const wasOpen = !!this.store;
    try {
      await this.openWithKeys(opened);
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
        await this.setAccountSlot(row.id, row.username, newPassword, true);
      });
      // The used code is spent: a new recovery slot, and a new code to print.
      const fresh = newRecoveryCode();
      const slots = this.slots()!;
      slots.recovery = await newSlot(normaliseRecoveryCode(fresh), slots.storeId, RECOVERY_SLOT_NAME, {
        dataKey: key,
        crisisKey: opened.crisisKey ?? this.crisisKey,
      });
      writeKeySlots(this.dataDir, slots);
      return { recoveryCode: fresh };
    } finally {
      key.fill(0);
      opened.crisisKey?.fill(0);
      if (!wasOpen) await this.close();
    }
  }
}
