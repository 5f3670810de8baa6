/**
 * The forwarded aggregate package (issue 14 §6): what a county bureau sends its prefecture or the province for a
 * half-year, in the same signed, encrypted envelope as a school's package ("CDFWD001"). It holds value sets only —
 * for each school, its place, its public key and the latest package it filed for the period (the value set and the
 * statistics tables, with the package's own sequence and hash) — and the sender's sums. Never a child: the
 * person-level lists stay at the bureau that received them.
 */
import { z } from 'zod';
import { STAGES } from '../../../shared/domain/enums';
import { BUREAU_LEVELS } from '../../../shared/domain/bureauLevels';
import { filingStatisticsSchema, filingValuesSchema } from './filingPackage';
import {
  decryptWith,
  encryptTo,
  type OpenedEnvelope,
  openEnvelope,
  packageError,
  peekEnvelopeHeader,
  sealEnvelope,
  sha256Hex,
} from './signedEnvelope';

export const FORWARD_MAGIC = Buffer.from('CDFWD001', 'latin1');
export const FORWARD_FORMAT_VERSION = 1;

export const forwardHeaderSchema = z.object({
  format: z.literal('caredesk-forward'),
  version: z.number().int().min(1),
  fromArea: z.string().regex(/^61(\d{2}(\d{2})?)?$/),
  fromLevel: z.enum(BUREAU_LEVELS),
  fromName: z.string().max(100),
  period: z.string().regex(/^\d{4}H[12]$/),
  sequence: z.number().int().positive(),
  createdAt: z.string().max(40),
  payloadSha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ForwardHeader = z.infer<typeof forwardHeaderSchema>;

/** A school on the sender's list: its place and whom to call (staff, not children); no figures. */
export const forwardPlaceSchema = z.object({
  schoolCode: z.string().regex(/^\d{10}$/),
  schoolName: z.string().max(100),
  prefectureCode: z.string().regex(/^\d{4}$/),
  countyCode: z.string().regex(/^\d{6}$/),
  stages: z.array(z.enum(STAGES)).max(10),
  contactName: z.string().max(30).default(''),
  contactPhone: z.string().max(30).default(''),
});
export type ForwardPlace = z.infer<typeof forwardPlaceSchema>;

export const forwardSchoolSchema = forwardPlaceSchema.extend({
  publicKey: z.string().min(40).max(200),
  managementArea: z.string().nullable(),
  package: z.object({
    period: z.string(),
    sequence: z.number().int().positive(),
    createdAt: z.string().max(40),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    dueDate: z.string().nullable(),
    count: z.number().int().min(0),
    values: filingValuesSchema.nullable(),
    statistics: z.array(filingStatisticsSchema).max(20),
  }),
});
export type ForwardSchool = z.infer<typeof forwardSchoolSchema>;

export const forwardPayloadSchema = z.object({
  manifest: forwardHeaderSchema.omit({ payloadSha256: true }),
  schools: z.array(forwardSchoolSchema).max(50_000),
  /** Schools on the sender's list that have not filed the period: the level above counts them as missing. */
  unfiled: z.array(forwardPlaceSchema).max(50_000).default([]),
  /** The sender's sums for its area (the receiver recomputes its own; these say what the sender saw). */
  sums: z.object({ schools: z.number().int(), filed: z.number().int(), keyStudents: z.number().int() }),
});
export type ForwardPayload = z.infer<typeof forwardPayloadSchema>;

export interface ParsedForward extends Omit<OpenedEnvelope, 'header'> {
  header: ForwardHeader;
}

export async function buildForwardPackage(args: {
  header: Omit<ForwardHeader, 'format' | 'version' | 'payloadSha256'>;
  schools: ForwardSchool[];
  unfiled: ForwardPlace[];
  sums: ForwardPayload['sums'];
  recipient: string;
  signingKey: string;
}): Promise<Buffer> {
  const manifest = { format: 'caredesk-forward' as const, version: FORWARD_FORMAT_VERSION, ...args.header };
  const plain = Buffer.from(
    JSON.stringify({ manifest, schools: args.schools, unfiled: args.unfiled, sums: args.sums } satisfies ForwardPayload),
    'utf8',
  );
  const payload = await encryptTo(args.recipient, plain);
  return sealEnvelope(FORWARD_MAGIC, { ...manifest, payloadSha256: sha256Hex(payload) } satisfies ForwardHeader, payload, args.signingKey);
}

export function parseForwardPackage(buf: Buffer): ParsedForward {
  const e = openEnvelope(FORWARD_MAGIC, buf, '不是 CareDesk 上报汇总包（文件头不符）');
  const parsed = forwardHeaderSchema.safeParse(e.header);
  if (!parsed.success) throw packageError('文件头字段缺失或格式不符');
  if (parsed.data.version > FORWARD_FORMAT_VERSION)
    throw packageError(`格式版本 ${parsed.data.version} 高于本程序支持的 ${FORWARD_FORMAT_VERSION}，请升级`);
  return { ...e, header: parsed.data };
}

export function isForwardPackage(head: Buffer): boolean {
  return head.subarray(0, FORWARD_MAGIC.length).equals(FORWARD_MAGIC);
}

export function parseForwardHeaderOnly(head: Buffer): ForwardHeader | null {
  const parsed = forwardHeaderSchema.safeParse(peekEnvelopeHeader(FORWARD_MAGIC, head));
  return parsed.success ? parsed.data : null;
}

export async function decryptForwardPayload(p: ParsedForward, identity: string): Promise<ForwardPayload> {
  if (sha256Hex(p.payload) !== p.header.payloadSha256) throw packageError('密文哈希与清单不符');
  const text = await decryptWith(identity, p.payload);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw packageError('汇总内容无法解析');
  }
  const checked = forwardPayloadSchema.safeParse(json);
  if (!checked.success) throw packageError('汇总内容字段缺失或格式不符');
  const m = checked.data.manifest;
  const h = p.header;
  if (
    m.fromArea !== h.fromArea ||
    m.period !== h.period ||
    m.sequence !== h.sequence ||
    m.createdAt !== h.createdAt ||
    m.fromLevel !== h.fromLevel
  ) {
    throw packageError('加密清单与文件头不一致');
  }
  return checked.data;
}

/** The file a county or prefecture bureau sends up once, to register its signing key at the level above. */
export const bureauKeyFileSchema = z.object({
  format: z.literal('caredesk-bureau-key'),
  version: z.literal(1),
  area: z.string().regex(/^61(\d{2}(\d{2})?)?$/),
  level: z.enum(BUREAU_LEVELS),
  name: z.string().min(1).max(100),
  publicKey: z.string().min(40).max(200),
  fingerprint: z.string().max(80),
});
export type BureauKeyFile = z.infer<typeof bureauKeyFileSchema>;
