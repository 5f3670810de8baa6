/**
 * The filing package (备案报送包, I6): one file a school sends its bureau.
 *
 *   "CDFILE01" | u32 BE header length | header JSON | u32 BE payload length | age ciphertext | Ed25519 signature (64)
 *
 * The header (format, school code, period, sequence, created at, payload hash) is readable so the bureau can pick
 * the school's registered key before decrypting. The payload is encrypted to the bureau's age X25519 recipient
 * and holds the full manifest (repeating the header, plus the content hash and count) and the confirmed key-care
 * list, minimised to what the bureau needs. The signature covers every byte before it, so a one-byte change
 * anywhere is detected: in the header or payload by the signature, in the lengths by the parser, in the
 * signature by verification.
 */
import crypto from 'node:crypto';
import {
  decryptWith,
  encryptTo,
  keyFingerprint,
  newSigningKeyPair,
  openEnvelope,
  packageError,
  peekEnvelopeHeader,
  sealEnvelope,
  sha256Hex,
  verifyEnvelope,
} from './signedEnvelope';
import { z } from 'zod';
import { CATEGORIES, GENDERS, STAGES } from '../../../shared/domain/enums';

export const FILING_MAGIC = Buffer.from('CDFILE01', 'latin1');
/**
 * Version 2 adds where the school is (prefecture, county, management area), its stages and the period's due date to
 * the header; version 1 packages (without them) still import.
 */
export const FILING_FORMAT_VERSION = 2;

/** The readable header: lets the bureau pick the school's registered key before decrypting. */
export const filingHeaderSchema = z.object({
  format: z.literal('caredesk-filing'),
  version: z.number().int().min(1),
  schoolCode: z.string().regex(/^\d{10}$/),
  schoolName: z.string().max(100),
  period: z.string().max(20),
  sequence: z.number().int().positive(),
  createdAt: z.string().max(40),
  payloadSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Set on a 更正: this package replaces the school's earlier package for `period`. */
  correction: z.boolean().optional(),
  /** Version 2: GB/T 2260 codes of the school's prefecture and county, and its management area if any. */
  area: z
    .object({
      prefecture: z.string().regex(/^\d{4}$/),
      county: z.string().regex(/^\d{6}$/),
      management: z
        .string()
        .regex(/^\d{4}$/)
        .optional(),
    })
    .optional(),
  stages: z.array(z.enum(STAGES)).max(10).optional(),
  /** Version 2: the day the period's return is due (S3: 30 June, 15 December). */
  dueDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});
export type FilingHeader = z.infer<typeof filingHeaderSchema>;

/** What the bureau needs of one key-care student: no ID number, address, phone, birth date or case narrative. */
export const filingEntrySchema = z.object({
  /** Stable pseudonym (HMAC of the student's id with a school secret): links filings without identifiers. */
  studentRef: z.string().regex(/^[0-9a-f]{32}$/),
  name: z.string().max(30),
  gender: z.enum(GENDERS),
  stage: z.enum(STAGES),
  grade: z.string().max(20),
  categories: z.array(z.enum(CATEGORIES)),
  careContent: z.string().max(1000),
  confirmedAt: z.string().max(40),
});
export type FilingEntry = z.infer<typeof filingEntrySchema>;

export const filingManifestSchema = filingHeaderSchema.omit({ payloadSha256: true }).extend({
  count: z.number().int().min(0),
  contentSha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type FilingManifest = z.infer<typeof filingManifestSchema>;

/**
 * The school's audit chain head at export, and the hash its chain now has at the count it reported last time: the
 * bureau keeps each school's heads, so a count that shrinks or a chain that no longer reaches the last head shows.
 */
export const filingAuditSchema = z.object({
  count: z.number().int().min(0),
  head: z.string().regex(/^[0-9a-f]{64}$/),
  previous: z
    .object({
      count: z.number().int().min(0),
      hash: z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .nullable(),
    })
    .nullable(),
});
export type FilingAudit = z.infer<typeof filingAuditSchema>;

/** A statistics table the school submitted (S3): aggregate figures only, frozen with its hash. */
export const filingStatisticsSchema = z.object({
  templateId: z.string().max(80),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  table: z.unknown(),
});
export type FilingStatistics = z.infer<typeof filingStatisticsSchema>;

/** The school's value set (issue 14 §1): aggregate counts with their denominators, measured the day it filed. */
export const filingValuesSchema = z.object({
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  values: z
    .array(
      z.object({
        key: z.string().max(80),
        numerator: z.number().int().min(0),
        denominator: z.number().int().min(0),
      }),
    )
    .max(500),
});
export type FilingValues = z.infer<typeof filingValuesSchema>;

export const filingPayloadSchema = z.object({
  manifest: filingManifestSchema,
  entries: z.array(filingEntrySchema),
  audit: filingAuditSchema.optional(),
  statistics: z.array(filingStatisticsSchema).max(20).optional(),
  values: filingValuesSchema.optional(),
});
export type FilingPayload = z.infer<typeof filingPayloadSchema>;

export interface SchoolSigningKey {
  privateKey: string;
  publicKey: string;
  /** Secret for the pseudonymous studentRef. */
  refSecret: string;
}

/** The file a school sends its bureau once, to register its signing key. */
export const schoolKeyFileSchema = z.object({
  format: z.literal('caredesk-school-key'),
  version: z.literal(1),
  schoolCode: z.string().regex(/^\d{10}$/),
  schoolName: z.string().min(1).max(100),
  publicKey: z.string().min(40).max(200),
  fingerprint: z.string().max(80),
});
export type SchoolKeyFile = z.infer<typeof schoolKeyFileSchema>;

export function generateSchoolSigningKey(): SchoolSigningKey {
  return { ...newSigningKeyPair(), refSecret: crypto.randomBytes(32).toString('base64') };
}

export { keyFingerprint, sha256Hex };

export function contentHash(entries: FilingEntry[]): string {
  return sha256Hex(JSON.stringify(entries));
}

export async function buildFilingPackage(args: {
  header: Omit<FilingHeader, 'format' | 'version' | 'payloadSha256'>;
  /** The format written (the current one unless a test needs to show that older packages still import). */
  version?: number;
  entries: FilingEntry[];
  audit?: FilingAudit;
  statistics?: FilingStatistics[];
  values?: FilingValues;
  bureauRecipient: string;
  signingKey: SchoolSigningKey;
}): Promise<Buffer> {
  const manifest: FilingManifest = {
    format: 'caredesk-filing',
    version: args.version ?? FILING_FORMAT_VERSION,
    ...args.header,
    count: args.entries.length,
    contentSha256: contentHash(args.entries),
  };
  const payloadPlain = Buffer.from(
    JSON.stringify({
      manifest,
      entries: args.entries,
      audit: args.audit,
      statistics: args.statistics,
      values: args.values,
    } satisfies FilingPayload),
    'utf8',
  );
  const payload = await encryptTo(args.bureauRecipient, payloadPlain);
  const header: FilingHeader = {
    format: 'caredesk-filing',
    version: args.version ?? FILING_FORMAT_VERSION,
    ...args.header,
    payloadSha256: sha256Hex(payload),
  };
  return sealEnvelope(FILING_MAGIC, header, payload, args.signingKey.privateKey);
}

export interface ParsedPackage {
  header: FilingHeader;
  payload: Buffer;
  signed: Buffer;
  signature: Buffer;
}

const bad = packageError;

export function parseFilingPackage(buf: Buffer): ParsedPackage {
  const e = openEnvelope(FILING_MAGIC, buf, '不是 CareDesk 备案报送包（文件头不符）');
  const parsed = filingHeaderSchema.safeParse(e.header);
  if (!parsed.success) throw bad('文件头字段缺失或格式不符');
  const header = parsed.data;
  if (header.version > FILING_FORMAT_VERSION) throw bad(`格式版本 ${header.version} 高于本程序支持的 ${FILING_FORMAT_VERSION}，请升级`);
  return { ...e, header };
}

/**
 * Only the readable header, from the first bytes of a file (a folder import orders its files by it before any is
 * checked). Nothing here is trusted: the full parse and the signature decide whether the package is accepted.
 */
export function parseFilingHeaderOnly(head: Buffer): FilingHeader | null {
  const parsed = filingHeaderSchema.safeParse(peekEnvelopeHeader(FILING_MAGIC, head));
  return parsed.success ? parsed.data : null;
}

export function verifyPackageSignature(p: ParsedPackage, publicKeyB64: string): boolean {
  return verifyEnvelope(p, publicKeyB64);
}

export async function decryptPackagePayload(p: ParsedPackage, identity: string): Promise<FilingPayload> {
  if (sha256Hex(p.payload) !== p.header.payloadSha256) throw bad('密文哈希与清单不符');
  const text = await decryptWith(identity, p.payload);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw bad('名单内容无法解析');
  }
  const checked = filingPayloadSchema.safeParse(json);
  if (!checked.success) throw bad('名单内容字段缺失或格式不符');
  const payload = checked.data;
  const m = payload.manifest;
  const h = p.header;
  if (
    m.schoolCode !== h.schoolCode ||
    m.period !== h.period ||
    m.sequence !== h.sequence ||
    m.createdAt !== h.createdAt ||
    JSON.stringify(m.area ?? null) !== JSON.stringify(h.area ?? null) ||
    !!m.correction !== !!h.correction
  ) {
    throw bad('加密清单与文件头不一致');
  }
  if (m.count !== payload.entries.length || contentHash(payload.entries) !== m.contentSha256) {
    throw bad('名单内容哈希与清单不符');
  }
  return payload;
}
