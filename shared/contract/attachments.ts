/** Attachments of an application, kept encrypted inside the store. */
import { z } from 'zod';
import { fileRefSchema } from './files';
import { CASE_READERS } from './roleGroups';
import { fileOutSchema, id } from './schemas';
import { type ContractSection, school } from './spec';

export const attachmentsContract = {
  'attachments.add': {
    doc: '为申请添加附件（扫描件、照片；PDF/JPEG/PNG，每个不超过 10 MB；加密保存在数据库内）',
    access: school(['admin', 'officer', 'headTeacher', 'counsellor', 'tutor']),
    input: z.object({
      caseId: id,
      fileRef: fileRefSchema,
    }),
    output: z.object({ id: z.number().int() }),
  },
  'attachments.list': {
    doc: '个案的附件列表',
    access: school(CASE_READERS),
    input: z.object({ caseId: id }),
    output: z.array(
      z.object({
        id: z.number().int(),
        fileName: z.string(),
        mime: z.string(),
        size: z.number().int(),
        uploadedAt: z.string(),
        uploadedBy: z.string(),
      }),
    ),
  },
  'attachments.get': {
    doc: '查看附件（记入审计日志）',
    access: school(['admin', 'officer', 'principal', 'headTeacher', 'counsellor', 'tutor']),
    input: z.object({ id: id }),
    output: fileOutSchema.extend({ mime: z.string() }),
  },
} as const satisfies ContractSection;
