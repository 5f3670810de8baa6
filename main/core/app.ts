/**
 * CoreApp: one workspace (workspace.ts: setup, unlock, key slots, backup), its signed-in staff (sessions.ts: login,
 * lockout, idle) and their long work (jobs). Plain Node: the Electron shell runs it in a utility process, the browser
 * shell and the CLI in their own process, so better-sqlite3's synchronous calls never block a window. It is the
 * PublicHost of the public methods and hands each session method a ServiceContext with narrow views of itself.
 */
import type { BureauLevel } from '../../shared/domain/bureauLevels';
import type { User } from '../../shared/contract/schemas';
import type { Out } from '../../shared/contract/index';
import type { Stage, WorkspaceKind } from '../../shared/domain/enums';
import type { SchoolProfile } from '../../shared/contract/schemas';
import { Jobs } from './jobs/jobs';
import { FileInbox } from './host/fileInbox';
import type { Actor } from './services/audit';
import type { NewAdmin, PublicHost, ServiceContext, WorkspaceAccess } from './services/context';
import { BACKUP_OVERDUE_DAYS, getSetting, SETTING } from './services/settings';
import type { KeySlotFile } from './store/keySlots';
import { Sessions, type Session } from './host/sessions';
import { Workspace } from './host/workspace';
import { restoreBackup } from './store/backup';
import type { PostgresConfig } from './store/databaseConfig';
import { STAT_TEMPLATE, statisticsReminder } from '../../shared/domain/statistics';
import { todayIso } from '../../shared/domain/dates';
import { AppError } from '../../shared/errors';
import { CRISIS_ROLES } from '../../shared/contract/roleGroups';

/** Wrong recovery codes allowed within the window before recovery is refused for the rest of it. */
const RECOVERY_TRIES = 5;
const RECOVERY_WINDOW_MS = 15 * 60_000;

export type { Session } from './host/sessions';

export class CoreApp implements PublicHost {
  readonly ws: Workspace;
  readonly sessions: Sessions;
  /** Long work (imports) of the people logged in; dropped with their session. */
  readonly jobs = new Jobs();
  /** Files sent ahead of the call that uses them (held in memory, for their sender, once). */
  readonly inbox = new FileInbox();
  readonly now: () => Date;

  constructor(opts: { dataDir: string; now?: () => Date }) {
    this.now = opts.now ?? (() => new Date());
    this.ws = new Workspace(opts.dataDir, this.now);
    this.sessions = new Sessions(this.ws, this.jobs);
  }

  get dataDir(): string {
    return this.ws.dataDir;
  }

  slots(): KeySlotFile | null {
    return this.ws.slots();
  }

  workspace(): WorkspaceKind | 'none' {
    return this.ws.kind();
  }

  db() {
    return this.ws.db();
  }

  // ---- PublicHost -----------------------------------------------------------------------------------

  async status(token: string | undefined): Promise<Out<'app.status'>> {
    const kind = this.ws.kind();
    const s = this.sessions.peekSession(token);
    let backup = null;
    let stages: Stage[] = [];
    let statisticsDue: { asOf: string; daysLeft: number } | null = null;
    if (s && kind === 'school') {
      stages = (await getSetting<SchoolProfile>(this.db(), SETTING.schoolProfile))?.stages ?? [];
      const lastAt = await getSetting<string>(this.db(), SETTING.lastBackupAt);
      // Never backed up: count from the day the workspace was set up.
      const since = lastAt ?? (await getSetting<string>(this.db(), SETTING.createdAt)) ?? new Date(0).toISOString();
      const overdue = this.now().getTime() - Date.parse(since) > BACKUP_OVERDUE_DAYS * 86_400_000;
      backup = { lastAt, overdue };
      const submitted = new Set(
        (await this.db()('statistics_submissions').where({ template_id: STAT_TEMPLATE.id }).pluck('as_of')) as string[],
      );
      statisticsDue = statisticsReminder(todayIso(this.now()), submitted);
    }
    return {
      workspace: kind,
      name: this.ws.slots()?.name ?? '',
      user: s?.user ?? null,
      idleMinutes: this.ws.idleMinutes,
      backup,
      statisticsDue,
      stages,
    };
  }

  setupSchool(profile: SchoolProfile, admin: NewAdmin): Promise<{ recoveryCode: string }> {
    return this.ws.setupSchool(profile, admin);
  }

  setupBureau(
    name: string,
    admin: NewAdmin,
    place?: { level: BureauLevel; area: string },
    database?: PostgresConfig | null,
  ): Promise<{ recoveryCode: string }> {
    return this.ws.setupBureau(name, admin, place, database ?? null);
  }

  async login(username: string, password: string): Promise<{ token: string; user: User }> {
    return this.sessions.login(username, password);
  }

  async logout(token: string | undefined): Promise<void> {
    await this.sessions.logout(token);
  }

  // ---- sessions -------------------------------------------------------------------------------------

  session(token: string | undefined, opts: { passive?: boolean } = {}): Promise<Session> {
    return this.sessions.session(token, opts);
  }

  /** The context a session method runs with: the store, the user, the time, and narrow views of this host. */
  serviceContext(session: Session): ServiceContext {
    const access: WorkspaceAccess = {
      setAccountSlot: (id, username, password, crisis) => this.ws.setAccountSlot(id, username, password, crisis),
      rekey: async (by: Actor, reason: string) => {
        const r = await this.ws.rekey(by, reason, CRISIS_ROLES);
        return { rekeyMs: r.ms, newRecoveryCode: r.newRecoveryCode, lostAccess: r.lostAccess };
      },
      sealCrisis: (text, context) => this.ws.sealCrisis(text, context),
      openCrisis: (value, context) => this.ws.openCrisis(value, context),
      removeAccountSlot: (id) => this.ws.removeAccountSlot(id),
      verifyPassword: (id, password) => this.ws.verifyPassword(id, password),
      slotState: (id) => this.ws.slotState(id),
      endSessionsOf: (id) => this.sessions.endSessionsOf(id),
      backup: (by: Actor) => this.ws.backup(by),
      backupToFile: (by: Actor, target: string) => this.ws.backupToFile(by, target),
      anchorAudit: () => this.ws.anchorAudit(),
      auditAnchor: () => this.ws.auditAnchor(),
      purposeKey: (purpose) => this.ws.purposeKey(purpose),
      sealSecret: (text, context) => this.ws.sealSecret(text, context),
      openSecret: (value, context) => this.ws.openSecret(value, context),
      restore: async (bytes: Buffer, username: string, password: string, reenable: string[]) => {
        if (this.ws.engine() === 'postgres') {
          throw new AppError(
            'STATE',
            '本工作台的数据在 PostgreSQL 服务器上：请由数据库管理员用 pg_restore 从 pg_dump 的备份恢复（见 README）',
          );
        }
        // The open store is closed (everyone signed out) before its files are swapped.
        await this.sessions.closeAll();
        return restoreBackup(this.dataDir, bytes, username, password, { reenable, now: this.now() });
      },
    };
    const owner = session.user.id;
    const files = {
      take: (ref: string) => this.inbox.take(owner, ref),
      put: (name: string, bytes: Buffer) => this.inbox.put(owner, name, bytes),
    };
    return { db: this.db(), user: session.user, now: this.now(), workspace: access, jobs: this.jobs, files };
  }

  /**
   * Recovery from the login screen. One attempt at a time (each is a 64 MiB key derivation), and after
   * RECOVERY_TRIES wrong codes within RECOVERY_WINDOW_MS no more: the code is the one key that opens every record.
   */
  recover(code: string, username: string, newPassword: string): Promise<{ recoveryCode: string }> {
    const attempt = this.recoveryQueue.then(async () => {
      const since = this.now().getTime() - RECOVERY_WINDOW_MS;
      this.recoveryFailures = this.recoveryFailures.filter((t) => t > since);
      if (this.recoveryFailures.length >= RECOVERY_TRIES)
        throw new AppError('ACCOUNT_LOCKED', `恢复码已连续输错 ${RECOVERY_TRIES} 次，请 15 分钟后再试`);
      try {
        return await this.ws.recover(code, username, newPassword);
      } catch (e) {
        if (e instanceof AppError && e.code === 'WRONG_PASSWORD') this.recoveryFailures.push(this.now().getTime());
        throw e;
      }
    });
    this.recoveryQueue = attempt.catch(() => undefined);
    return attempt;
  }
  private recoveryQueue: Promise<unknown> = Promise.resolve();
  private recoveryFailures: number[] = [];

  async close(): Promise<void> {
    await this.sessions.closeAll();
  }

  /** The app is closing: every session is logged out (audited), the WAL checkpointed, the store closed, the lock released. */
  async shutdown(): Promise<void> {
    await this.sessions.shutdown();
  }
}
