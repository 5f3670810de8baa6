/**
 * Rekeying the store (issue 10): when an account is disabled or an administrator resets a password, the store gets a
 * new data key and a new crisis key, boxed to the public keys of the accounts that remain (keyBoxes.ts). A copy of
 * the folder, a slot file or a backup someone kept from before opens only the data of that time.
 *
 * Nothing is rewritten in place. The live store is closed; a copy in a staging folder gets the crisis columns
 * re-sealed and the audit entry, then is re-encrypted page by page (SQLCipher rekey) and proven to open with the new
 * key; the new slot file is written beside it; then both replace the old files through the journaled swap
 * (folderSwap.ts), which removes the old-key files once the new ones are in place. Killed at any point, the folder
 * holds the old store with the old slots or the new store with the new slots.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { appendAudit, auditHead, type Actor } from '../services/audit';
import { faultPoint } from '../faults';
import { openStore, rekeyStoreFile, STORE_FILE } from './db';
import { swapIntoFolder } from './folderSwap';
import {
  accountSlotName,
  boxesFor,
  newRecoveryCode,
  newSlot,
  normaliseRecoveryCode,
  RECOVERY_SLOT_NAME,
  writeKeySlots,
  type KeySlotFile,
} from './keySlots';
import { CRISIS_SEALED_COLUMNS, openText, sealText } from './sealedText';
import type { Knex } from 'knex';

export interface StoreKeys {
  dataKey: Buffer;
  crisisKey: Buffer | null;
}

export interface RekeyOutcome {
  keys: StoreKeys;
  /** Accounts whose slot was still of version 1 (never signed in since the upgrade): they need a password reset. */
  lostAccess: string[];
  /** A new recovery code when the old recovery slot could not take the new keys (version 1): it must be printed. */
  newRecoveryCode: string | null;
  /** Rows whose crisis columns were re-sealed. */
  resealed: number;
}

export async function rekeyFolder(
  dataDir: string,
  old: StoreKeys,
  slots: KeySlotFile,
  opts: { now: Date; by: Actor; reason: string; crisisRoles: readonly string[] },
): Promise<RekeyOutcome> {
  const fresh: StoreKeys = {
    dataKey: crypto.randomBytes(32),
    // Without the old crisis key (nobody signed in holds it) the crisis columns cannot be re-sealed: the crisis key
    // and its boxes stay as they are, and only the data key changes.
    crisisKey: old.crisisKey ? crypto.randomBytes(32) : null,
  };
  const staging = fs.mkdtempSync(path.join(dataDir, '.rekey-'));
  try {
    fs.copyFileSync(path.join(dataDir, STORE_FILE), path.join(staging, STORE_FILE));
    const copy = await openStore(staging, old.dataKey, { migrate: false });
    let resealed = 0;
    let crisisHolders = new Set<number>();
    let lostAccess: string[] = [];
    let newRecovery: string | null = null;
    const next: KeySlotFile = { ...slots, version: 2, slots: [] };
    try {
      const active = (await copy.knex('accounts').where({ disabled: 0 }).select('id', 'role')) as Array<{ id: number; role: string }>;
      const activeIds = new Set(active.map((a) => a.id));
      crisisHolders = new Set(active.filter((a) => opts.crisisRoles.includes(a.role)).map((a) => a.id));
      const kept = slots.slots.filter((s) => activeIds.has(s.accountId));
      lostAccess = kept.filter((s) => !s.publicKey).map((s) => s.username);
      for (const s of kept) {
        if (!s.publicKey) continue;
        const name = accountSlotName(s.accountId);
        const boxes = boxesFor(s.publicKey, slots.storeId, name, {
          dataKey: fresh.dataKey,
          crisisKey: fresh.crisisKey && crisisHolders.has(s.accountId) ? fresh.crisisKey : null,
        });
        const { crisisBox: _old, ...rest } = s;
        next.slots.push({ ...rest, ...boxes, ...(fresh.crisisKey ? {} : s.crisisBox ? { crisisBox: s.crisisBox } : {}) });
      }
      if (slots.recovery.publicKey) {
        const boxes = boxesFor(slots.recovery.publicKey, slots.storeId, RECOVERY_SLOT_NAME, fresh);
        next.recovery = {
          ...slots.recovery,
          ...boxes,
          ...(fresh.crisisKey ? {} : slots.recovery.crisisBox ? { crisisBox: slots.recovery.crisisBox } : {}),
        };
      } else {
        newRecovery = newRecoveryCode();
        next.recovery = await newSlot(normaliseRecoveryCode(newRecovery), slots.storeId, RECOVERY_SLOT_NAME, fresh);
      }
      await copy.knex.transaction(async (trx) => {
        if (fresh.crisisKey) resealed = await resealCrisisColumns(trx, old.crisisKey, fresh.crisisKey);
        await trx('settings').where({ key: REKEY_DUE_SETTING }).delete();
        await appendAudit(
          trx,
          opts.by,
          'store.rekey',
          { type: 'store' },
          {
            reason: opts.reason,
            accounts: next.slots.length,
            crisisHolders: crisisHolders.size,
            lostAccess,
            newRecoveryCode: !!newRecovery,
          },
          opts.now,
        );
      });
      next.auditHead = { ...(await auditHead(copy.knex)), at: opts.now.toISOString() };
      await copy.withRaw((c) => c.pragma('wal_checkpoint(TRUNCATE)'));
    } finally {
      await copy.close();
    }
    faultPoint('rekey.beforeRekey');
    rekeyStoreFile(path.join(staging, STORE_FILE), old.dataKey, fresh.dataKey);
    const proof = await openStore(staging, fresh.dataKey, { migrate: false });
    try {
      const check = await proof.withRaw((c) => c.pragma('quick_check', { simple: true }));
      if (check !== 'ok') throw new AppError('STORE', '更换密钥后的数据库完整性检查未通过，原数据库未作改动');
      await proof.withRaw((c) => c.pragma('wal_checkpoint(TRUNCATE)'));
    } finally {
      await proof.close();
    }
    writeKeySlots(staging, next);
    swapIntoFolder(dataDir, staging, { now: opts.now, faultPrefix: 'rekey', keepAside: false });
    return { keys: fresh, lostAccess, newRecoveryCode: newRecovery, resealed };
  } catch (e) {
    fresh.dataKey.fill(0);
    fresh.crisisKey?.fill(0);
    throw e;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Seals every crisis column's value under `to`: a value sealed under `from` is opened first, one written before
 * sealing existed is taken as it is. Returns the rows rewritten. Used by the rekey and when a store first gets its
 * crisis key.
 */
export async function resealCrisisColumns(trx: Knex.Transaction, from: Buffer | null, to: Buffer): Promise<number> {
  let n = 0;
  for (const { table, column } of CRISIS_SEALED_COLUMNS) {
    const context = `${table}.${column}`;
    for (const r of (await trx(table).select('id', column)) as Array<Record<string, string | number>>) {
      const text = openText(from, String(r[column]), context);
      await trx(table)
        .where({ id: r.id })
        .update({ [column]: sealText(to, text, context) });
      n++;
    }
  }
  return n;
}

/** Set in the same transaction as a disable or a reset, cleared by the rekey: a rekey a crash interrupted is redone. */
export const REKEY_DUE_SETTING = 'store.rekeyDue';
