/**
 * CoreApp: one workspace (a data folder) with its key slots, its encrypted store while unlocked, and the staff
 * sessions. Plain Node: the Electron shell runs it in a utility process, the browser shell and the CLI in their
 * own process, so better-sqlite3's synchronous calls never block a window.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { AppError } from '../../shared/errors';
import type { Role, WorkspaceKind } from '../../shared/domain/enums';
import type { SchoolProfile, User } from '../../shared/contract/schemas';
import { openStore, STORE_FILE, type Store } from './store/db';
import {
  accountSlotName, lockMinutes, MAX_FAILED_BEFORE_LOCK, newRecoveryCode, normaliseRecoveryCode, readKeySlots,
  RECOVERY_SLOT_NAME, unwrapKey, wrapKey, writeKeySlots, type KeySlotFile,
} from './store/keySlots';
import { appendAudit, type Actor } from './services/audit';
import { DEFAULT_IDLE_MINUTES, getSetting, setSetting, SETTING } from './services/settings';
import { generateSchoolSigningKey } from './io/filingPackage';
import { generateBureauIdentity } from './bureau/bureauKeys';
import { createBackup } from './store/backup';
import { Jobs } from './jobs/jobs';
import { acquireFolderLock, releaseFolderLock } from './store/folderLock';

export interface Session {
  token: string;
  user: User;
  lastActive: number;
}

export interface NewAdmin {
  username: string;
  displayName: string;
  password: string;
}

interface AccountRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  classes: string;
  disabled: number;
  must_change_password: number;
}

export function toUser(r: AccountRow): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    classes: JSON.parse(r.classes) as string[],
    mustChangePassword: !!r.must_change_password,
  };
}

export function actorOf(user: User): Actor {
  return { id: user.id, name: user.displayName, role: user.role };
}

export class CoreApp {
  readonly dataDir: string;
  readonly now: () => Date;
  private store: Store | null = null;
  private dataKey: Buffer | null = null;
  private sessions = new Map<string, Session>();
  private idleMinutes = DEFAULT_IDLE_MINUTES;
  /** Long work (imports) of the people logged in; dropped with their session. */
  readonly jobs = new Jobs();

  constructor(opts: { dataDir: string; now?: () => Date }) {
    this.dataDir = path.resolve(opts.dataDir);
    this.now = opts.now ?? (() => new Date());
  }

  slots(): KeySlotFile | null {
    return readKeySlots(this.dataDir);
  }

  workspace(): WorkspaceKind | 'none' {
    return this.slots()?.workspace ?? 'none';
  }

  getIdleMinutes(): number {
    return this.idleMinutes;
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

  // ---- first-run setup -------------------------------------------------------------------------------

  private async createWorkspace(
    kind: WorkspaceKind,
    name: string,
    admin: NewAdmin,
    seedSettings: (trx: Knex.Transaction) => Promise<void>,
  ): Promise<{ recoveryCode: string }> {
    if (this.workspace() !== 'none') throw new AppError('CONFLICT', '此数据文件夹已经初始化，不能重复建立');
    acquireFolderLock(this.dataDir);
    const dbFile = path.join(this.dataDir, STORE_FILE);
    // A store without a slot file is the leftover of an interrupted setup: keep it aside, never delete data.
    for (const suffix of ['', '-wal', '-shm']) {
      if (fs.existsSync(dbFile + suffix)) fs.renameSync(dbFile + suffix, `${dbFile}.orphan-${Date.now()}${suffix}`);
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
        await appendAudit(trx, { id: adminId, name: admin.displayName, role: 'admin' }, 'workspace.setup', { type: 'workspace', id: kind }, { kind }, this.now());
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

  // ---- unlock, sessions, lock ------------------------------------------------------------------------

  private async openWithKey(key: Buffer): Promise<void> {
    if (this.store && this.dataKey) {
      if (!crypto.timingSafeEqual(this.dataKey, key)) throw new AppError('STORE', '密钥槽与已打开的数据库不一致');
      return;
    }
    this.store = await openStore(this.dataDir, key);
    this.dataKey = Buffer.from(key);
    const idle = await getSetting<number>(this.store.knex, SETTING.idleMinutes);
    this.idleMinutes = idle ?? DEFAULT_IDLE_MINUTES;
  }

  async login(username: string, password: string): Promise<Session> {
    if (!this.slots()) throw new AppError('STATE', '工作台尚未初始化，请先完成首次设置');
    acquireFolderLock(this.dataDir);
    const file = this.slots()!;
    const slot = file.slots.find((s) => s.username === username);
    const wrong = new AppError('WRONG_PASSWORD', '用户名或密码错误');
    if (!slot) {
      // Same cost as a real attempt, so timing does not tell which usernames exist.
      await unwrapKey(file.recovery, password, file.storeId, 'dummy');
      throw wrong;
    }
    const nowMs = this.now().getTime();
    if (slot.lockedUntil && Date.parse(slot.lockedUntil) > nowMs) {
      throw new AppError('ACCOUNT_LOCKED', `连续输错密码，账户已锁定至 ${new Date(slot.lockedUntil).toLocaleString('zh-CN')}；可等待后重试或请资助管理员重置密码`);
    }
    const key = await unwrapKey(slot, password, file.storeId, accountSlotName(slot.accountId));
    if (!key) {
      slot.failed += 1;
      slot.failedSinceLogin += 1;
      const minutes = lockMinutes(slot.failed);
      slot.lockedUntil = minutes > 0 ? new Date(nowMs + minutes * 60_000).toISOString() : null;
      writeKeySlots(this.dataDir, file);
      if (minutes > 0) {
        throw new AppError('ACCOUNT_LOCKED', `密码错误次数过多，账户已锁定 ${minutes} 分钟；之后每次输错锁定时间加倍。可请资助管理员重置密码`);
      }
      throw new AppError('WRONG_PASSWORD', `用户名或密码错误（再错 ${MAX_FAILED_BEFORE_LOCK - slot.failed} 次将锁定账户）`);
    }
    try {
      await this.openWithKey(key);
    } finally {
      key.fill(0);
    }
    const db = this.db();
    const row = (await db('accounts').where({ id: slot.accountId }).first()) as AccountRow | undefined;
    if (!row || row.disabled) {
      await this.closeIfIdle();
      throw new AppError('FORBIDDEN', '该账户已停用');
    }
    const user = toUser(row);
    const failedBefore = slot.failedSinceLogin;
    await appendAudit(db, actorOf(user), 'auth.login', { type: 'account', id: user.id }, { failedAttemptsBefore: failedBefore }, this.now());
    slot.failed = 0;
    slot.failedSinceLogin = 0;
    slot.lockedUntil = null;
    writeKeySlots(this.dataDir, file);
    const session: Session = { token: crypto.randomBytes(32).toString('base64url'), user, lastActive: nowMs };
    this.sessions.set(session.token, session);
    return session;
  }

  /** Finds a live session, locking it (and the store, if it was the last) when it has been idle too long. */
  async session(token: string | undefined): Promise<Session> {
    if (!token) throw new AppError('UNAUTHENTICATED', '请先登录');
    const s = this.sessions.get(token);
    if (!s) throw new AppError('UNAUTHENTICATED', '登录已失效，请重新登录');
    const nowMs = this.now().getTime();
    if (nowMs - s.lastActive > this.idleMinutes * 60_000) {
      this.sessions.delete(token);
      this.jobs.endFor(s.user.id);
      if (this.store) await appendAudit(this.db(), actorOf(s.user), 'auth.idleLock', { type: 'account', id: s.user.id }, {}, this.now());
      await this.closeIfIdle();
      throw new AppError('SESSION_EXPIRED', `超过 ${this.idleMinutes} 分钟未操作，已自动锁定，请重新登录`);
    }
    s.lastActive = nowMs;
    return s;
  }

  peekSession(token: string | undefined): Session | null {
    if (!token) return null;
    const s = this.sessions.get(token);
    if (!s) return null;
    return this.now().getTime() - s.lastActive > this.idleMinutes * 60_000 ? null : s;
  }

  async logout(token: string | undefined): Promise<void> {
    const s = token ? this.sessions.get(token) : undefined;
    if (s) {
      this.sessions.delete(s.token);
      this.jobs.endFor(s.user.id);
      if (this.store) await appendAudit(this.db(), actorOf(s.user), 'auth.logout', { type: 'account', id: s.user.id }, {}, this.now());
      await this.closeIfIdle();
    }
  }

  /** Drops every session of one account (used when an administrator disables it). */
  endSessionsOf(accountId: number): void {
    for (const [t, s] of this.sessions) if (s.user.id === accountId) this.sessions.delete(t);
    this.jobs.endFor(accountId);
  }

  private async closeIfIdle(): Promise<void> {
    if (this.sessions.size === 0) await this.close();
  }

  async close(): Promise<void> {
    this.sessions.clear();
    if (this.store) {
      const s = this.store;
      this.store = null;
      await s.close();
    }
    this.dataKey?.fill(0);
    this.dataKey = null;
    releaseFolderLock(this.dataDir);
  }

  // ---- key slots for other accounts (needs the unlocked data key) -----------------------------------

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

  /** An encrypted backup of the open store; records the date for the 7-day reminder and audits it. */
  async backup(by: Actor): Promise<Buffer> {
    if (!this.store || !this.dataKey) throw new AppError('SESSION_EXPIRED', '工作台已锁定，请重新登录');
    const bytes = await createBackup(this.store, this.dataKey, this.now());
    await this.db().transaction(async (trx) => {
      await setSetting(trx, SETTING.lastBackupAt, this.now().toISOString());
      await appendAudit(trx, by, 'backup.create', { type: 'store' }, { bytes: bytes.length }, this.now());
    });
    return bytes;
  }

  /** Recovery: the one-time code unwraps the data key and gives an administrator account a new password. */
  async recover(code: string, username: string, newPassword: string): Promise<void> {
    const file = this.slots();
    if (!file) throw new AppError('STATE', '工作台尚未初始化');
    acquireFolderLock(this.dataDir);
    const key = await unwrapKey(file.recovery, normaliseRecoveryCode(code), file.storeId, RECOVERY_SLOT_NAME);
    if (!key) throw new AppError('WRONG_PASSWORD', '恢复码不正确');
    const wasOpen = !!this.store;
    try {
      await this.openWithKey(key);
      const row = (await this.db()('accounts').where({ username }).first()) as AccountRow | undefined;
      if (!row || row.role !== 'admin' || row.disabled) throw new AppError('NOT_FOUND', '找不到该资助管理员账户');
      await this.db().transaction(async (trx) => {
        await trx('accounts').where({ id: row.id }).update({ must_change_password: 0, updated_at: this.now().toISOString() });
        await appendAudit(trx, { id: null, name: '恢复码', role: 'system' }, 'account.recover', { type: 'account', id: row.id }, {}, this.now());
        await this.setAccountSlot(row.id, row.username, newPassword);
      });
    } finally {
      key.fill(0);
      if (!wasOpen) await this.close();
    }
  }
}
