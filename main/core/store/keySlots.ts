/**
 * Key slots (ARCHITECTURE.md §5): one random 32-byte data key opens the store, a second one (the crisis key) opens
 * crisis records and referrals. Each staff account holds a slot: an X25519 private key wrapped (AES-256-GCM) by a key
 * derived from the person's password with Argon2id (64 MiB, t=4, ≈0.65 s here, never under 0.5 s), and the keys
 * its role may hold boxed to the public key (keyBoxes.ts); plus a recovery slot. The slot file also keeps the failed-login counters, because the store
 * cannot be read before someone unlocks it and a lockout must survive a restart.
 *
 * Never log or persist the data key or a derived key; the file holds only salts, nonces and ciphertext.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { argon2id } from 'hash-wasm';
import { AppError } from '../../../shared/errors';
import { z } from 'zod';
import { boxSchema, newKeyPair, openBox, publicKeySchema, sealTo } from './keyBoxes';

export const KEYSLOT_FILE = 'keyslots.json';

/** Argon2id parameters. Stored per slot so a later version can raise them and rewrap at the next login. */
export const KDF_PARAMS = { alg: 'argon2id', memoryKiB: 65536, iterations: 4, parallelism: 1 } as const;

const kdfRecordSchema = z.object({
  alg: z.literal('argon2id'),
  memoryKiB: z.number().int().min(8192).max(4_194_304),
  iterations: z.number().int().min(1).max(64),
  parallelism: z.number().int().min(1).max(16),
  salt: z.string().min(16).max(64),
});
export type KdfRecord = z.infer<typeof kdfRecordSchema>;

/**
 * A password- or code-protected slot. Version 2: `wrapped` holds the slot's X25519 private key, and the data key (and,
 * for the roles that read crisis records, the crisis key) are boxed to its public key (keyBoxes.ts). Version 1 (no
 * public key): `wrapped` is the data key itself; such a slot is upgraded at its owner's next login.
 */
const wrappedKeySchema = z.object({
  kdf: kdfRecordSchema,
  iv: z.string().min(8).max(64),
  wrapped: z.string().min(16).max(256),
  publicKey: publicKeySchema.optional(),
  dataBox: boxSchema.optional(),
  crisisBox: boxSchema.optional(),
});
type WrappedKey = z.infer<typeof wrappedKeySchema>;

const accountSlotSchema = wrappedKeySchema.extend({
  accountId: z.number().int().positive(),
  username: z.string().min(1).max(64),
  failed: z.number().int().min(0),
  lockedUntil: z.string().nullable(),
  /** Failed attempts since the last successful login, reported into the audit log at that login. */
  failedSinceLogin: z.number().int().min(0),
});
export type AccountSlot = z.infer<typeof accountSlotSchema>;

/** The key-slot file, checked field by field when read: it is the one file read before the store is unlocked. */
export const keySlotFileSchema = z.object({
  format: z.literal('caredesk-keyslots'),
  version: z.union([z.literal(1), z.literal(2)]),
  workspace: z.enum(['school', 'bureau']),
  /** School or bureau name, shown on the login screen (not personal data). */
  name: z.string().max(100),
  storeId: z.string().min(8).max(64),
  slots: z.array(accountSlotSchema),
  recovery: wrappedKeySchema,
  /** The audit chain's head as of the last logout, backup or filing: a copy outside the store (see audit.ts). */
  auditHead: z.object({ count: z.number().int().min(0), hash: z.string().regex(/^[0-9a-f]{64}$/), at: z.string() }).optional(),
});
export type KeySlotFile = z.infer<typeof keySlotFileSchema>;

export const MAX_FAILED_BEFORE_LOCK = 5;

/** Growing delay: 1, 2, 4 … minutes after the fifth failure, at most a day. */
export function lockMinutes(failed: number): number {
  if (failed < MAX_FAILED_BEFORE_LOCK) return 0;
  return Math.min(2 ** (failed - MAX_FAILED_BEFORE_LOCK), 24 * 60);
}

async function deriveKey(password: string, kdf: KdfRecord): Promise<Buffer> {
  const out = await argon2id({
    password: password.normalize('NFC'),
    salt: Buffer.from(kdf.salt, 'base64'),
    parallelism: kdf.parallelism,
    iterations: kdf.iterations,
    memorySize: kdf.memoryKiB,
    hashLength: 32,
    outputType: 'binary',
  });
  return Buffer.from(out);
}

function aad(storeId: string, slotName: string): Buffer {
  return Buffer.from(`caredesk-keyslot|${storeId}|${slotName}`, 'utf8');
}

export async function wrapKey(dataKey: Buffer, password: string, storeId: string, slotName: string): Promise<WrappedKey> {
  const kdf: KdfRecord = { ...KDF_PARAMS, salt: crypto.randomBytes(16).toString('base64') };
  const kek = await deriveKey(password, kdf);
  try {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', kek, iv);
    cipher.setAAD(aad(storeId, slotName));
    const ct = Buffer.concat([cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
    return { kdf, iv: iv.toString('base64'), wrapped: ct.toString('base64') };
  } finally {
    kek.fill(0);
  }
}

/** Returns the data key, or null when the password is wrong (the GCM tag does not verify). */
export async function unwrapKey(slot: WrappedKey, password: string, storeId: string, slotName: string): Promise<Buffer | null> {
  const kek = await deriveKey(password, slot.kdf);
  try {
    const raw = Buffer.from(slot.wrapped, 'base64');
    const decipher = crypto.createDecipheriv('aes-256-gcm', kek, Buffer.from(slot.iv, 'base64'));
    decipher.setAAD(aad(storeId, slotName));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(0, raw.length - 16)), decipher.final()]);
  } catch {
    return null;
  } finally {
    kek.fill(0);
  }
}

/** What a slot's secret opens: the data key, the crisis key when the slot holds one, and whether it is a version-1 slot. */
export interface OpenedSlot {
  dataKey: Buffer;
  crisisKey: Buffer | null;
  legacy: boolean;
}

const boxContext = (storeId: string, slotName: string, what: 'data' | 'crisis') => `${storeId}|${slotName}|${what}`;

/** Opens a slot with its password (or the recovery code); null when the secret is wrong. */
export async function openSlot(slot: WrappedKey, secret: string, storeId: string, slotName: string): Promise<OpenedSlot | null> {
  const inner = await unwrapKey(slot, secret, storeId, slotName);
  if (!inner) return null;
  if (!slot.publicKey || !slot.dataBox) return { dataKey: inner, crisisKey: null, legacy: true };
  try {
    const dataKey = openBox(slot.dataBox, inner, slot.publicKey, boxContext(storeId, slotName, 'data'));
    if (!dataKey) throw new AppError('STORE', '密钥槽已损坏：无法打开数据密钥（请使用恢复码或从备份恢复）');
    const crisisKey = slot.crisisBox ? openBox(slot.crisisBox, inner, slot.publicKey, boxContext(storeId, slotName, 'crisis')) : null;
    return { dataKey, crisisKey, legacy: false };
  } finally {
    inner.fill(0);
  }
}

/** A new version-2 slot: a fresh key pair whose private key the secret wraps, with the keys boxed to it. */
export async function newSlot(
  secret: string,
  storeId: string,
  slotName: string,
  keys: { dataKey: Buffer; crisisKey: Buffer | null },
): Promise<WrappedKey> {
  const pair = newKeyPair();
  try {
    return {
      ...(await wrapKey(pair.privateKey, secret, storeId, slotName)),
      ...boxesFor(pair.publicKey, storeId, slotName, keys),
    };
  } finally {
    pair.privateKey.fill(0);
  }
}

/** The boxes of a slot for (new) keys, made with its public key alone: no password is needed to rekey. */
export function boxesFor(
  publicKey: string,
  storeId: string,
  slotName: string,
  keys: { dataKey: Buffer; crisisKey: Buffer | null },
): { publicKey: string; dataBox: z.infer<typeof boxSchema>; crisisBox?: z.infer<typeof boxSchema> } {
  return {
    publicKey,
    dataBox: sealTo(publicKey, keys.dataKey, boxContext(storeId, slotName, 'data')),
    ...(keys.crisisKey ? { crisisBox: sealTo(publicKey, keys.crisisKey, boxContext(storeId, slotName, 'crisis')) } : {}),
  };
}

export function accountSlotName(accountId: number): string {
  return `account:${accountId}`;
}
export const RECOVERY_SLOT_NAME = 'recovery';

/** 32 base32 characters in groups of four, easy to print and type back. */
export function newRecoveryCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.randomBytes(32);
  let s = '';
  for (const b of bytes) s += alphabet[b & 31];
  return s.match(/.{4}/g)!.join('-');
}
export function normaliseRecoveryCode(code: string): string {
  return (
    code
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .match(/.{1,4}/g)
      ?.join('-') ?? ''
  );
}

export function keySlotPath(dir: string): string {
  return path.join(dir, KEYSLOT_FILE);
}

export function readKeySlots(dir: string): KeySlotFile | null {
  const file = keySlotPath(dir);
  if (!fs.existsSync(file)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new AppError('STORE', '密钥槽文件已损坏，无法读取（请从备份恢复，或使用恢复码）');
  }
  const checked = keySlotFileSchema.safeParse(parsed);
  if (!checked.success) throw new AppError('STORE', '密钥槽文件格式无法识别（可能来自更新版本的 CareDesk，或已损坏）');
  return checked.data;
}

/** Atomic replace: write beside, fsync, rename. A crash leaves the old file or the new one, never half of one. */
export function writeKeySlots(dir: string, f: KeySlotFile): void {
  const file = keySlotPath(dir);
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, JSON.stringify(f, null, 2));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  renameWithRetry(tmp, file);
}

/**
 * On Windows an antivirus scanner or the search indexer briefly holds a file just written, and a rename over it fails
 * with EPERM, EBUSY or EACCES: retry for about a second before giving up.
 */
export function renameWithRetry(from: string, to: string, attempts = 20, waitMs = 50): void {
  for (let i = 1; ; i++) {
    try {
      fs.renameSync(from, to);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (i >= attempts || !['EPERM', 'EBUSY', 'EACCES'].includes(code ?? '')) throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, waitMs);
    }
  }
}
