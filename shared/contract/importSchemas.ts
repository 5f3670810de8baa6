/** Schemas for the 免申即享 import and for long-running jobs. */
import { z } from 'zod';
import { ERROR_CODES } from '../errors';

const countsSchema = z.object({
  total: z.number().int(), matched: z.number().int(), created: z.number().int(), newCases: z.number().int(),
  unchanged: z.number().int(), rejected: z.number().int(),
});

export const aidPreviewSchema = z.object({
  fileName: z.string(),
  headerRow: z.number().int(),
  headers: z.array(z.string()),
  mapping: z.record(z.string(), z.number().int()),
  alreadyImportedAt: z.string().nullable(),
  counts: countsSchema,
  rows: z.array(z.object({
    rowNumber: z.number().int(),
    status: z.enum(['matched', 'new', 'unchanged', 'rejected']),
    name: z.string(),
    idMasked: z.string(),
    reason: z.string(),
    changes: z.array(z.string()),
    warnings: z.array(z.string()),
  })),
});
export type AidPreviewView = z.infer<typeof aidPreviewSchema>;

export const jobStatusSchema = z.object({
  jobId: z.string(),
  kind: z.string(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  progress: z.number(),
  message: z.string(),
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }).nullable(),
  counts: countsSchema.extend({ batchId: z.number().int().nullable() }).nullable(),
});
