/**
 * Who is signed in: login with lockout (the counters live in the key-slot file, since the store cannot be read
 * before someone unlocks it), sessions with their idle limit, logout. The last session out locks the store again.
 */
import crypto from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { User } from '../../../shared/contract/schemas';
import { accountSlotName, lockMinutes, MAX_FAILED_BEFORE_LOCK, openSlot, writeKeySlots } from '../store/keySlots';
import { CRISIS_ROLES } from '../../../shared/contract/roleGroups';
import { appendAudit, auditHead } from '../services/audit';
import { toUser, type AccountDbRow as AccountRow } from '../services/accounts';
import { actorOf } from '../services/context';
import type { Jobs } from '../jobs/jobs';
import type { Workspace } from './workspace';

export interface Session {
  token: string;
  user: User;
  lastActive: number;
}

export class Sessions {
  private sessions = new Map<string, Session>();

  constructor(
    private readonly ws: Workspace,
    private readonly jobs: Jobs,
  ) {}

  private now(): Date {
    return this.ws.now();
  }

  private db() {
    return this.ws.db();
  }

  /** Whether anyone signed in has a role that holds the crisis key. */
  private hasCrisisSession(): boolean {
    for (const s of this.sessions.values()) if (CRISIS_ROLES.includes(s.user.role)) return true;
    return false;
  }

  /** A session ended: the crisis key leaves memory with the last session whose role holds it. */
  private async ended(token: string): Promise<void> {
    this.sessions.delete(token);
    if (!this.hasCrisisSession()) this.ws.forgetCrisisKey();
    await this.closeIfIdle();
  }

  private async closeIfIdle(): Promise<void> {
    if (this.sessions.size === 0) {
      await this.ws.anchorAudit();
      await this.ws.close();
    }
  }

  /** Logs every session out with an audit entry, checkpoints the WAL and closes the store (the app is closing). */
  async shutdown(): Promise<void> {
    if (this.ws.isOpen()) {
      for (const s of this.sessions.values()) {
        await appendAudit(
          this.db(),
          actorOf(s.user),
          'auth.logout',
          { type: 'account', id: s.user.id },
          { reason: 'shutdown' },
          this.now(),
        );
      }
      await this.ws.anchorAudit();
      const store = this.ws.openedStore();
      if (store.engine === 'sqlite') await store.withRaw((c) => c.pragma('wal_checkpoint(TRUNCATE)'));
    }
    await this.closeAll();
  }

  async closeAll(): Promise<void> {
    this.sessions.clear();
    await this.ws.close();
  }

  /** Login attempts of one account run one after another: parallel guesses cannot slip past the counter. */
  private readonly attempts = new Map<string, Promise<unknown>>();

  login(username: string, password: string): Promise<Session> {
    const prev = this.attempts.get(username) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(() => this.loginOnce(username, password));
    this.attempts.set(username, next);
    void next
      .finally(() => {
        if (this.attempts.get(username) === next) this.attempts.delete(username);
      })
      .catch(() => undefined);
    return next;
  }

  private async loginOnce(username: string, password: string): Promise<Session> {
    if (!this.ws.slots()) throw new AppError('STATE', '工作台尚未初始化，请先完成首次设置');
    // The folder lock keeps other processes out of the key-slot file for the whole attempt.
    this.ws.lock();
    const file = this.ws.slots()!;
    const slot = file.slots.find((s) => s.username === username);
    const wrong = new AppError('WRONG_PASSWORD', '用户名或密码错误');
    if (!slot) {
      // Same cost as a real attempt, so timing does not tell which usernames exist.
      await openSlot(file.recovery, password, file.storeId, 'dummy');
      throw wrong;
    }
    const nowMs = this.now().getTime();
    if (slot.lockedUntil && Date.parse(slot.lockedUntil) > nowMs) {
      throw new AppError(
        'ACCOUNT_LOCKED',
        `连续输错密码，账户已锁定至 ${new Date(slot.lockedUntil).toLocaleString('zh-CN')}；可等待后重试或请资助管理员重置密码`,
      );
    }
    // The attempt is counted before the slow key derivation, and written down: a crash or a kill during it still
    // counts, and a successful login resets the counter afterwards.
    slot.failed += 1;
    slot.failedSinceLogin += 1;
    writeKeySlots(this.ws.dataDir, file);
    const opened = await openSlot(slot, password, file.storeId, accountSlotName(slot.accountId));
    if (!opened) {
      const minutes = lockMinutes(slot.failed);
      slot.lockedUntil = minutes > 0 ? new Date(nowMs + minutes * 60_000).toISOString() : null;
      writeKeySlots(this.ws.dataDir, file);
      if (minutes > 0) {
        throw new AppError(
          'ACCOUNT_LOCKED',
          `密码错误次数过多，账户已锁定 ${minutes} 分钟；之后每次输错锁定时间加倍。可请资助管理员重置密码`,
        );
      }
      throw new AppError('WRONG_PASSWORD', `用户名或密码错误（再错 ${MAX_FAILED_BEFORE_LOCK - slot.failed} 次将锁定账户）`);
    }
    try {
      await this.ws.openWithKeys(opened);
    } finally {
      opened.dataKey.fill(0);
      opened.crisisKey?.fill(0);
    }
    const db = this.db();
    const row = (await db('accounts').where({ id: slot.accountId }).first()) as AccountRow | undefined;
    if (!row || row.disabled) {
      await this.closeIfIdle();
      throw new AppError('FORBIDDEN', '该账户已停用');
    }
    const user = toUser(row);
    const readsCrisis = CRISIS_ROLES.includes(row.role);
    // A version-1 slot (the data key wrapped by the password) becomes a key pair with boxes, now that the password is
    // at hand: from here on a rekey can reach this account.
    if (opened.legacy) await this.ws.setAccountSlot(row.id, row.username, password, readsCrisis);
    if (readsCrisis) await this.ws.ensureCrisisKey(row.id);
    if (this.ws.hasCrisisKey()) {
      const crisisIds = (await db('accounts')
        .where({ disabled: 0 })
        .whereIn('role', [...CRISIS_ROLES])
        .pluck('id')) as number[];
      this.ws.grantCrisisKey(crisisIds);
    }
    const failedBefore = slot.failedSinceLogin - 1; // this attempt was counted before it was checked
    await appendAudit(
      db,
      actorOf(user),
      'auth.login',
      { type: 'account', id: user.id },
      { failedAttemptsBefore: failedBefore },
      this.now(),
    );
    // Re-read: the upgrade or a crisis grant above may have rewritten the file.
    const after = this.ws.slots()!;
    const mine = after.slots.find((s) => s.accountId === row.id);
    if (mine) {
      mine.failed = 0;
      mine.failedSinceLogin = 0;
      mine.lockedUntil = null;
    }
    after.auditHead = { ...(await auditHead(db)), at: this.now().toISOString() };
    writeKeySlots(this.ws.dataDir, after);
    const session: Session = { token: crypto.randomBytes(32).toString('base64url'), user, lastActive: nowMs };
    this.sessions.set(session.token, session);
    // A disable or reset whose rekey was cut short (a crash between them) is finished by the next administrator. If
    // it fails again the sign-in still stands: the marker stays, and the next administrator's sign-in tries again.
    if (row.role === 'admin' && (await this.ws.rekeyDue())) {
      await this.ws.rekey(actorOf(user), 'resumed', CRISIS_ROLES).catch(async (e: unknown) => {
        const code = e instanceof AppError ? e.code : 'INTERNAL';
        await appendAudit(this.db(), actorOf(user), 'store.rekeyFailed', { type: 'store' }, { code }, this.now()).catch(() => undefined);
      });
    }
    return session;
  }

  /**
   * Finds a live session, locking it (and the store, if it was the last) when it has been idle too long. A passive
   * call (a screen polling for a count or a job's progress) is not use: it does not keep the session awake.
   */
  async session(token: string | undefined, opts: { passive?: boolean } = {}): Promise<Session> {
    if (!token) throw new AppError('UNAUTHENTICATED', '请先登录');
    const s = this.sessions.get(token);
    if (!s) throw new AppError('UNAUTHENTICATED', '登录已失效，请重新登录');
    const nowMs = this.now().getTime();
    if (nowMs - s.lastActive > this.ws.idleMinutes * 60_000) {
      this.jobs.endFor(s.user.id);
      if (this.ws.isOpen())
        await appendAudit(this.db(), actorOf(s.user), 'auth.idleLock', { type: 'account', id: s.user.id }, {}, this.now());
      await this.ended(token);
      throw new AppError('SESSION_EXPIRED', `超过 ${this.ws.idleMinutes} 分钟未操作，已自动锁定，请重新登录`);
    }
    if (!opts.passive) s.lastActive = nowMs;
    return s;
  }

  peekSession(token: string | undefined): Session | null {
    if (!token) return null;
    const s = this.sessions.get(token);
    if (!s) return null;
    return this.now().getTime() - s.lastActive > this.ws.idleMinutes * 60_000 ? null : s;
  }

  async logout(token: string | undefined): Promise<void> {
    const s = token ? this.sessions.get(token) : undefined;
    if (s) {
      this.jobs.endFor(s.user.id);
      if (this.ws.isOpen())
        await appendAudit(this.db(), actorOf(s.user), 'auth.logout', { type: 'account', id: s.user.id }, {}, this.now());
      await this.ended(s.token);
    }
  }

  /** Drops every session of one account (used when an administrator disables it). */
  endSessionsOf(accountId: number): void {
    for (const [t, s] of this.sessions) if (s.user.id === accountId) this.sessions.delete(t);
    if (!this.hasCrisisSession()) this.ws.forgetCrisisKey();
    this.jobs.endFor(accountId);
  }
}
