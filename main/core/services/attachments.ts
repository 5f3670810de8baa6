/**
 * Attachments of an application (I4): scans and photos, kept inside the encrypted store. Only PDF, JPEG and PNG
 * (checked by their first bytes, not by the name), at most 10 MB each and 20 per case. Every view is audited.
 */
import crypto from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { appendAudit } from './audit';
import type { attachmentsContract } from '../../../shared/contract/attachments';
import { actor, type Handlers, type ServiceContext } from './context';
import { assertStudentVisible } from './scope';
import { addEvent } from './timeline';

export const ATTACHMENT_LIMITS = { maxBytes: 10 * 1024 * 1024, maxPerCase: 20 };

function sniff(bytes: Buffer): string | null {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return null;
}

async function caseOf(ctx: ServiceContext, caseId: number): Promise<{ id: number; student_id: number }> {
  const c = (await ctx.db('cases').where({ id: caseId }).first('id', 'student_id')) as { id: number; student_id: number } | undefined;
  if (!c) throw new AppError('NOT_FOUND', '个案不存在');
  await assertStudentVisible(ctx, c.student_id);
  return c;
}

export async function addAttachment(
  ctx: ServiceContext,
  input: { caseId: number; fileName: string; bytes: Buffer },
): Promise<{ id: number }> {
  const c = await caseOf(ctx, input.caseId);
  if (input.bytes.length === 0) throw new AppError('VALIDATION', '附件是空文件', [{ path: 'base64', message: '空文件' }]);
  if (input.bytes.length > ATTACHMENT_LIMITS.maxBytes) {
    throw new AppError('VALIDATION', `附件“${input.fileName}”超过 10 MB，请压缩或分页扫描后再上传`, [
      { path: 'base64', message: '超过 10 MB' },
    ]);
  }
  const mime = sniff(input.bytes);
  if (!mime)
    throw new AppError('VALIDATION', `附件“${input.fileName}”不是 PDF、JPEG 或 PNG 文件`, [
      { path: 'fileName', message: '只接受 PDF、JPEG、PNG' },
    ]);
  const [{ n }] = (await ctx.db('attachments').where({ case_id: c.id }).count({ n: '*' })) as Array<{ n: number }>;
  if (Number(n) >= ATTACHMENT_LIMITS.maxPerCase) throw new AppError('STATE', `每个个案最多 ${ATTACHMENT_LIMITS.maxPerCase} 个附件`);
  let id = 0;
  const at = ctx.now.toISOString();
  await ctx.db.transaction(async (trx) => {
    const [newId] = await trx('attachments').insert({
      case_id: c.id,
      file_name: input.fileName,
      mime,
      size: input.bytes.length,
      sha256: crypto.createHash('sha256').update(input.bytes).digest('hex'),
      data: input.bytes,
      uploaded_by: ctx.user.id,
      uploaded_at: at,
    });
    id = Number(newId);
    await addEvent(trx, {
      studentId: c.student_id,
      caseId: c.id,
      at,
      kind: 'note',
      actorId: ctx.user.id,
      title: `上传附件：${input.fileName}`,
    });
    await appendAudit(
      trx,
      actor(ctx),
      'attachment.add',
      { type: 'attachment', id },
      { caseId: c.id, size: input.bytes.length, mime },
      ctx.now,
    );
  });
  return { id };
}

export async function listAttachments(ctx: ServiceContext, caseId: number) {
  await caseOf(ctx, caseId);
  const rows = (await ctx
    .db('attachments as a')
    .leftJoin('accounts as u', 'u.id', 'a.uploaded_by')
    .where('a.case_id', caseId)
    .select('a.id', 'a.file_name', 'a.mime', 'a.size', 'a.uploaded_at', 'u.display_name')
    .orderBy('a.id')) as Array<{
    id: number;
    file_name: string;
    mime: string;
    size: number;
    uploaded_at: string;
    display_name: string | null;
  }>;
  return rows.map((r) => ({
    id: r.id,
    fileName: r.file_name,
    mime: r.mime,
    size: r.size,
    uploadedAt: r.uploaded_at,
    uploadedBy: r.display_name ?? '',
  }));
}

export async function getAttachment(ctx: ServiceContext, id: number): Promise<{ fileName: string; mime: string; data: Buffer }> {
  const a = (await ctx.db('attachments').where({ id }).first()) as
    | { id: number; case_id: number; file_name: string; mime: string; data: Buffer }
    | undefined;
  if (!a) throw new AppError('NOT_FOUND', '附件不存在');
  await caseOf(ctx, a.case_id);
  await appendAudit(ctx.db, actor(ctx), 'attachment.view', { type: 'attachment', id }, { caseId: a.case_id }, ctx.now);
  return { fileName: a.file_name, mime: a.mime, data: a.data };
}

export const attachmentsHandlers: Handlers<typeof attachmentsContract> = {
  'attachments.add': (ctx, i) => {
    const file = ctx.files.take(i.fileRef);
    return addAttachment(ctx, { caseId: i.caseId, fileName: file.name, bytes: file.bytes });
  },
  'attachments.list': (ctx, i) => listAttachments(ctx, i.caseId),
  'attachments.get': async (ctx, i) => {
    const a = await getAttachment(ctx, i.id);
    return { fileName: a.fileName, mime: a.mime, base64: a.data.toString('base64') };
  },
};
