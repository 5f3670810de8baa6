/** A ServiceContext over a bare store, for benchmarks that call services directly (no router, no key slots). */
import type { Knex } from 'knex';
import type { User } from '../../shared/contract/schemas';
import { FileInbox } from '../../main/core/host/fileInbox';
import { Jobs } from '../../main/core/jobs/jobs';
import type { ServiceContext, WorkspaceAccess } from '../../main/core/services/context';

const noWorkspace: WorkspaceAccess = {
  setAccountSlot: async () => {
    throw new Error('no key slots in a benchmark');
  },
  removeAccountSlot: () => undefined,
  verifyPassword: async () => false,
  slotState: () => ({ failed: 0, lockedUntil: null }),
  endSessionsOf: () => undefined,
  backup: async () => Buffer.alloc(0),
  backupToFile: async () => ({ fileName: '', bytes: 0 }),
  anchorAudit: async () => undefined,
  auditAnchor: () => null,
  restore: async () => {
    throw new Error('no restore in a benchmark');
  },
  purposeKey: () => {
    throw new Error('no data key in a benchmark');
  },
  rekey: async () => {
    throw new Error('no rekey in a benchmark');
  },
  // A benchmark store has no crisis key: crisis text is kept as written.
  sealCrisis: (text) => text,
  openCrisis: (value) => value,
  // A bare SQLite store keeps secret settings as they are, as the workspace does for a store file.
  sealSecret: (text) => text,
  openSecret: (value) => value,
};

export function bareContext(db: Knex, user: User, now: Date = new Date()): ServiceContext {
  const inbox = new FileInbox();
  return {
    db,
    user,
    now,
    workspace: noWorkspace,
    jobs: new Jobs(),
    files: { take: (ref) => inbox.take(user.id, ref), put: (name, bytes) => inbox.put(user.id, name, bytes) },
  };
}
