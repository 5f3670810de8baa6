/**
 * The one spreadsheet import protocol, for every kind of import: `imports.preview` reads the file as a job (progress,
 * cancel) and validates every row without writing; `imports.result` shows the plan row by row; `imports.commit`
 * applies it in one transaction as a second job. The file is held in memory only (it carries ID numbers).
 */
import { z } from 'zod';
import { IMPORT_KINDS, IMPORT_ROLES, IMPORT_ROW_STATUSES } from '../domain/imports';
import type { Role } from '../domain/enums';
import { fileRefSchema } from './files';
import { fileOutSchema } from './schemas';
import { type ContractSection, school } from './spec';

/** Everyone who may run at least one kind of import; the import service checks the kind itself. */
const IMPORTERS: readonly Role[] = [...new Set(Object.values(IMPORT_ROLES).flat())];

export const importPreviewSchema = z.object({
  kind: z.enum(IMPORT_KINDS),
  fileName: z.string(),
  headerRow: z.number().int(),
  headers: z.array(z.string()),
  /** The fields this kind of import reads, in order, with their labels (for the editable column mapping). */
  fields: z.array(z.object({ key: z.string(), label: z.string(), required: z.boolean() })),
  mapping: z.record(z.string(), z.number().int()),
  alreadyImportedAt: z.string().nullable(),
  /** The heading of the column that names a row (姓名, 岗位 …), and of its identifier column ('' when it has none). */
  rowLabel: z.string(),
  idLabel: z.string(),
  /** True when one rejected row blocks the whole commit; false when rejected rows are left out and the rest written. */
  allOrNothing: z.boolean(),
  counts: z.record(z.string(), z.number().int()),
  rows: z.array(
    z.object({
      rowNumber: z.number().int(),
      status: z.enum(IMPORT_ROW_STATUSES),
      name: z.string(),
      idMasked: z.string(),
      reason: z.string(),
      changes: z.array(z.string()),
      /** The same changes field by field (roster updates), values masked as on screen. */
      fieldChanges: z.array(z.object({ field: z.string(), from: z.string(), to: z.string() })).optional(),
      warnings: z.array(z.string()),
    }),
  ),
  /** Students in the store the file does not list (the roster: transferred? graduated?), for review — never deleted. */
  missing: z.array(z.object({ studentId: z.number().int(), name: z.string(), className: z.string() })).optional(),
});
export type ImportPreviewView = z.infer<typeof importPreviewSchema>;

export const importsContract = {
  'imports.preview': {
    doc: '导入第一步：读取 xlsx（免申即享名单、岗位信息、学籍名册），逐行校验并预览将发生的变化（不写入）；返回任务编号',
    access: school(IMPORTERS),
    input: z
      .object({
        kind: z.enum(IMPORT_KINDS),
        /** The file sent ahead (files.pick or the browser shell's upload)… */
        fileRef: fileRefSchema.optional(),
        /** …or the file of an earlier preview, read again with another column mapping. */
        againOf: z.string().min(1).optional(),
        mapping: z.record(z.string(), z.number().int().min(1).max(200)).optional(),
      })
      .refine((v) => !!v.fileRef !== !!v.againOf, { message: '请选择文件', path: ['fileRef'] }),
    output: z.object({ jobId: z.string() }),
  },
  'imports.result': {
    doc: '导入预览结果：表头、列对应、逐行状态与原因、计数',
    access: school(IMPORTERS),
    input: z.object({ jobId: z.string().min(1) }),
    output: importPreviewSchema,
  },
  'imports.commit': {
    doc: '导入第二步：按预览在一个事务中写入，记录导入批次；返回任务编号',
    access: school(IMPORTERS),
    input: z.object({ jobId: z.string().min(1) }),
    output: z.object({ jobId: z.string() }),
  },
  'imports.exportRejected': {
    doc: '导出预览中被拒绝的行（xlsx：原行号、姓名、证件号（遮挡）、原因），便于退回修改后重新导入',
    access: school(IMPORTERS),
    input: z.object({ jobId: z.string().min(1) }),
    output: fileOutSchema,
  },
} as const satisfies ContractSection;
