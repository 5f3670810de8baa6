/**
 * What a handler receives from the router. Session methods get a ServiceContext: the unlocked store, who is acting,
 * the time, and a narrow view of the workspace (key slots, sessions, backup) and of the job runner — never the app
 * host itself, so services cannot reach past what they need and import nothing from it. Public methods (status,
 * setup, login) get the PublicHost instead.
 */
import type { BureauLevel } from '../../../shared/domain/bureauLevels';
import type { Knex } from 'knex';
import type { Contract, In, MethodName, Out } from '../../../shared/contract/index';
import type { SchoolProfile, User } from '../../../shared/contract/schemas';
import type { PublicAccess } from '../../../shared/contract/spec';
import type { JobRunner } from '../jobs/jobs';
import type { Actor, AuditHead } from './audit';
import type { RestoreResult } from '../store/backup';
import type { PostgresConfig } from '../store/databaseConfig';

/** The workspace operations a session service may ask for. */
export interface WorkspaceAccess {
  /** A new key slot for an account (new account, reset, own password change); `crisis`: its role reads crisis records. */
  setAccountSlot(accountId: number, username: string, password: string, crisis: boolean): Promise<void>;
  /** New data and crisis keys for the store, boxed to the accounts that remain (after a disable or a reset). */
  rekey(by: Actor, reason: string): Promise<RekeyOutcomeForAdmin>;
  /** Seals or opens a crisis column's text with the crisis key (held only while a crisis role is signed in). */
  sealCrisis(text: string, context: string): string;
  openCrisis(value: string, context: string): string;
  /** Destroys an account's slot: that password can no longer unwrap the data key. */
  removeAccountSlot(accountId: number): void;
  /** Checks a password against the account's own slot without changing anything. */
  verifyPassword(accountId: number, password: string): Promise<boolean>;
  slotState(accountId: number): { failed: number; lockedUntil: string | null };
  endSessionsOf(accountId: number): void;
  /** An encrypted backup of the open store (records the date and audits it). */
  backup(by: Actor): Promise<Buffer>;
  /** Writes the encrypted backup to a file, crash-safe, and records it only once it is in place. */
  backupToFile(by: Actor, path: string): Promise<{ fileName: string; bytes: number }>;
  /** Copies the audit chain's head into the key-slot file (outside the store). */
  anchorAudit(): Promise<void>;
  /** The copy of the head kept outside the store, if any. */
  auditAnchor(): AuditHead | null;
  /**
   * Restores an encrypted backup in place of this store (administrator): every session ends first, then the backup is
   * unlocked with this account's password from the backup, swapped in (journaled) and the restore audited in it.
   */
  restore(bytes: Buffer, username: string, password: string, reenable: string[]): Promise<RestoreResult>;
  /** A key for one purpose (the retention archive), derived from the data key; the data key itself stays in the host. */
  purposeKey(purpose: 'archive'): Buffer;
  /** Seals a secret setting when the store needs it (on a PostgreSQL server), and opens one sealed or plain. */
  sealSecret(text: string, context: string): string;
  openSecret(value: string, context: string): string;
}

export interface RekeyOutcomeForAdmin {
  rekeyMs: number;
  newRecoveryCode: string | null;
  lostAccess: string[];
}

export interface ServiceContext {
  db: Knex;
  user: User;
  now: Date;
  workspace: WorkspaceAccess;
  jobs: JobRunner;
  /** Files this user sent before the call (by one-time reference), and where the desktop and CLI read new ones. */
  files: FileAccess;
}

export interface FileAccess {
  take(ref: string): { name: string; bytes: Buffer };
  put(name: string, bytes: Buffer): string;
}

export interface NewAdmin {
  username: string;
  displayName: string;
  password: string;
}

/** What the public methods need of the host: status, first-run setup and the session lifecycle. */
export interface PublicHost {
  status(sessionToken: string | undefined): Promise<Out<'app.status'>>;
  setupSchool(profile: SchoolProfile, admin: NewAdmin): Promise<{ recoveryCode: string }>;
  setupBureau(
    name: string,
    admin: NewAdmin,
    place?: { level: BureauLevel; area: string },
    database?: PostgresConfig | null,
  ): Promise<{ recoveryCode: string }>;
  login(username: string, password: string): Promise<{ token: string; user: User }>;
  logout(sessionToken: string | undefined): Promise<void>;
  /** The administrator's way back with the printed recovery code: a new password, and a new code replacing it. */
  recover(code: string, username: string, newPassword: string): Promise<{ recoveryCode: string }>;
}

export interface PublicContext {
  host: PublicHost;
  sessionToken?: string;
}

type ContextOf<M extends MethodName> = Contract[M]['access'] extends PublicAccess ? PublicContext : ServiceContext;
/** A handler: the contract's parsed input in, something the output schema accepts out. */
export type HandlerOf<M extends MethodName> = (ctx: ContextOf<M>, input: In<M>) => Promise<Out<M>>;
/** The handler map of one contract section: a missing method or a wrong shape is a type error. */
export type Handlers<C> = { [M in keyof C & MethodName]: HandlerOf<M> };

export function actorOf(user: User): Actor {
  return { id: user.id, name: user.displayName, role: user.role };
}

export function actor(ctx: ServiceContext): Actor {
  return actorOf(ctx.user);
}

/** A produced file as it crosses the transport. */
export const asFile = (fileName: string, bytes: Buffer) => ({ fileName, base64: bytes.toString('base64') });
export const OK = { ok: true as const };
