/**
 * Sealed boxes for the key slots (ARCHITECTURE.md §5, issue 10): every account has its own X25519 key pair. Its
 * password unwraps only the private key; the data key and the crisis key are boxed to the public key. So the store
 * can be rekeyed (an account disabled, a password reset) and the new keys boxed to every remaining account without
 * knowing anyone's password — and a slot file or backup someone kept opens only the keys of its own time.
 *
 * A box: an ephemeral X25519 key pair, the shared secret through HKDF-SHA256 (bound to both public keys and to what
 * the box holds), AES-256-GCM. Only salts, public keys, nonces and ciphertext are ever written.
 */
import crypto from 'node:crypto';
import { z } from 'zod';

export const boxSchema = z.object({
  epk: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  iv: z.string().min(8).max(64),
  ct: z.string().min(16).max(256),
});
export type Box = z.infer<typeof boxSchema>;

/** A public key as written in the slot file: the 32 raw bytes, base64url. */
export const publicKeySchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export interface KeyPair {
  publicKey: string;
  /** The 32 raw private bytes; the caller wraps them and zeroes them. */
  privateKey: Buffer;
}

export function newKeyPair(): KeyPair {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('x25519');
  const jwk = privateKey.export({ format: 'jwk' });
  return { publicKey: publicKey.export({ format: 'jwk' }).x as string, privateKey: Buffer.from(jwk.d as string, 'base64url') };
}

function publicKeyObject(raw: string): crypto.KeyObject {
  return crypto.createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: raw }, format: 'jwk' });
}

function privateKeyObject(raw: Buffer, publicKey: string): crypto.KeyObject {
  return crypto.createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', x: publicKey, d: raw.toString('base64url') }, format: 'jwk' });
}

function boxKey(shared: Buffer, epk: string, recipient: string, context: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', shared, Buffer.from(`${epk}|${recipient}`), Buffer.from(`caredesk-box|${context}`), 32));
}

/** Boxes a secret to a public key. `context` names what the box holds and where (store id, slot, purpose). */
export function sealTo(recipient: string, secret: Buffer, context: string): Box {
  const eph = crypto.generateKeyPairSync('x25519');
  const epk = eph.publicKey.export({ format: 'jwk' }).x as string;
  const shared = crypto.diffieHellman({ privateKey: eph.privateKey, publicKey: publicKeyObject(recipient) });
  const key = boxKey(shared, epk, recipient, context);
  try {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ct = Buffer.concat([cipher.update(secret), cipher.final(), cipher.getAuthTag()]);
    return { epk, iv: iv.toString('base64'), ct: ct.toString('base64') };
  } finally {
    shared.fill(0);
    key.fill(0);
  }
}

/** Opens a box with the recipient's private key; null when it was not boxed to this key or was altered. */
export function openBox(box: Box, privateKey: Buffer, publicKey: string, context: string): Buffer | null {
  let shared: Buffer | null = null;
  let key: Buffer | null = null;
  try {
    shared = crypto.diffieHellman({ privateKey: privateKeyObject(privateKey, publicKey), publicKey: publicKeyObject(box.epk) });
    key = boxKey(shared, box.epk, publicKey, context);
    const raw = Buffer.from(box.ct, 'base64');
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(box.iv, 'base64'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(0, raw.length - 16)), decipher.final()]);
  } catch {
    return null;
  } finally {
    shared?.fill(0);
    key?.fill(0);
  }
}
