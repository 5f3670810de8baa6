/**
 * The signed, encrypted envelope every CareDesk package travels in (a school's filing package, a bureau's forwarded
 * aggregate package):
 *
 *   MAGIC (8 bytes) | u32 BE header length | header JSON | u32 BE payload length | age ciphertext | Ed25519 signature (64)
 *
 * The header is readable so the receiver can pick the sender's registered key before decrypting; the payload is
 * encrypted to the receiver's age X25519 recipient; the signature covers every byte before it, so a one-byte change
 * anywhere is caught — in the header or payload by the signature, in the lengths by the parser.
 */
import crypto from 'node:crypto';
import { Decrypter, Encrypter } from 'age-encryption';
import { AppError } from '../../../shared/errors';
import { u32 } from './bytes';

export interface OpenedEnvelope {
  header: unknown;
  payload: Buffer;
  signed: Buffer;
  signature: Buffer;
}

export const packageError = (why: string) => new AppError('PACKAGE', `报送包无效：${why}`);

export function sha256Hex(data: Uint8Array | string): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

export async function encryptTo(recipient: string, plain: Buffer): Promise<Buffer> {
  const enc = new Encrypter();
  enc.addRecipient(recipient);
  const out = Buffer.from(await enc.encrypt(plain));
  plain.fill(0);
  return out;
}

export async function decryptWith(identity: string, payload: Buffer): Promise<string> {
  try {
    const dec = new Decrypter();
    dec.addIdentity(identity);
    return await dec.decrypt(payload, 'text');
  } catch {
    throw packageError('无法用本局私钥解密（报送包不是发给本局的，或已损坏）');
  }
}

/** Writes the envelope: header JSON and the (already encrypted) payload, signed with the sender's Ed25519 key. */
export function sealEnvelope(magic: Buffer, header: object, payload: Buffer, privateKeyB64: string): Buffer {
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const signed = Buffer.concat([magic, u32(headerBytes.length), headerBytes, u32(payload.length), payload]);
  const key = crypto.createPrivateKey({ key: Buffer.from(privateKeyB64, 'base64'), format: 'der', type: 'pkcs8' });
  return Buffer.concat([signed, crypto.sign(null, signed, key)]);
}

/** Splits an envelope into its parts; the header is parsed JSON, not yet checked against any schema. */
export function openEnvelope(magic: Buffer, buf: Buffer, notOne: string): OpenedEnvelope {
  if (buf.length < magic.length + 8 + 64 || !buf.subarray(0, magic.length).equals(magic)) throw packageError(notOne);
  let off = magic.length;
  const hLen = buf.readUInt32BE(off);
  off += 4;
  if (hLen > 64 * 1024 || off + hLen + 4 > buf.length) throw packageError('文件结构损坏（头部长度不符）');
  const headerBytes = buf.subarray(off, off + hLen);
  off += hLen;
  const pLen = buf.readUInt32BE(off);
  off += 4;
  if (off + pLen + 64 !== buf.length) throw packageError('文件结构损坏（长度不符，可能被截断或追加了内容）');
  let header: unknown;
  try {
    header = JSON.parse(headerBytes.toString('utf8'));
  } catch {
    throw packageError('文件头无法解析');
  }
  return { header, payload: buf.subarray(off, off + pLen), signed: buf.subarray(0, off + pLen), signature: buf.subarray(off + pLen) };
}

/** The header of an envelope from a file's first bytes (for ordering a folder), or null. Nothing here is trusted. */
export function peekEnvelopeHeader(magic: Buffer, head: Buffer): unknown {
  if (head.length < magic.length + 4 || !head.subarray(0, magic.length).equals(magic)) return null;
  const hLen = head.readUInt32BE(magic.length);
  const start = magic.length + 4;
  if (hLen > 64 * 1024 || start + hLen > head.length) return null;
  try {
    return JSON.parse(head.subarray(start, start + hLen).toString('utf8'));
  } catch {
    return null;
  }
}

export function verifyEnvelope(e: Pick<OpenedEnvelope, 'signed' | 'signature'>, publicKeyB64: string): boolean {
  try {
    const key = crypto.createPublicKey({ key: Buffer.from(publicKeyB64, 'base64'), format: 'der', type: 'spki' });
    return crypto.verify(null, e.signed, key, e.signature);
  } catch {
    return false;
  }
}

/** A new Ed25519 signing key pair (DER, base64). */
export function newSigningKeyPair(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
}

export function keyFingerprint(publicKeyB64: string): string {
  const h = crypto.createHash('sha256').update(Buffer.from(publicKeyB64, 'base64')).digest('hex').slice(0, 32);
  return h.match(/.{4}/g)!.join(' ').toUpperCase();
}
