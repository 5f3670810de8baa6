/**
 * Column values sealed under the crisis key (AES-256-GCM), inside the already encrypted store: a staff member whose
 * role may not read crisis records can still open the store with their own password, but finds only ciphertext in
 * these columns. The facts counts and warnings need (student, date, level, disposition) stay readable to the store.
 */
import crypto from 'node:crypto';
import { AppError } from '../../../shared/errors';

const PREFIX = 'cdx1:';

/** The columns sealed under the crisis key: what happened, and to whom the child was referred. */
export const CRISIS_SEALED_COLUMNS = [
  { table: 'crisis_records', column: 'note' },
  { table: 'referrals', column: 'institution' },
  { table: 'referrals', column: 'result' },
] as const;

function isSealed(value: string): boolean {
  return value.startsWith(PREFIX);
}

export function sealText(key: Buffer, text: string, context: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ct = Buffer.concat([cipher.update(text, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return PREFIX + Buffer.concat([iv, ct]).toString('base64');
}

/** The text of a sealed value (a value written before sealing existed is returned as it is). */
export function openText(key: Buffer | null, value: string, context: string): string {
  if (!isSealed(value)) return value;
  if (!key) throw new AppError('FORBIDDEN', '本账户没有危机记录密钥，不能查看危机预警的内容');
  try {
    const raw = Buffer.from(value.slice(PREFIX.length), 'base64');
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    throw new AppError('STORE', '危机记录内容无法解密（密钥不符或内容已损坏）');
  }
}
