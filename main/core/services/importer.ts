/**
 * The shape of one kind of spreadsheet import, run by the one protocol in imports.ts: `preview` reads and checks
 * the file as a job and returns the view the office sees plus a private plan (held in memory with the job, never
 * returned, never on disk); `commit` applies the plan in one transaction.
 */
import type { ImportPreviewView } from '../../../shared/contract/imports';
import type { ImportKind } from '../../../shared/domain/imports';
import type { JobHandle } from '../jobs/jobs';
import type { Mapping } from '../io/spreadsheet/readSheet';
import type { ServiceContext } from './context';

export interface ImportFile {
  fileName: string;
  bytes: Buffer;
  mapping?: Mapping;
}

export interface Prepared<P> {
  view: ImportPreviewView;
  plan: P;
  /** The file itself, kept with the preview (in memory) so it can be read again with another column mapping. */
  file?: ImportFile;
}

export interface CommitResult {
  counts: Record<string, number>;
  batchId: number | null;
}

export interface Importer<P> {
  readonly kind: ImportKind;
  preview(ctx: ServiceContext, file: ImportFile, h?: JobHandle): Promise<Prepared<P>>;
  commit(ctx: ServiceContext, plan: P, signal: AbortSignal): Promise<CommitResult>;
}
