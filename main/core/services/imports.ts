/**
 * The one import protocol (imports.*): every kind of spreadsheet import previews as a job and commits as a second
 * job from the plan the preview left in memory. A plan is committed at most once; only its owner can read it.
 */
import type { importsContract } from '../../../shared/contract/imports';
import { IMPORT_KIND_LABELS, IMPORT_ROLES, type ImportKind } from '../../../shared/domain/imports';
import { ROLE_LABELS } from '../../../shared/domain/enums';
import { AppError } from '../../../shared/errors';
import { aidListImporter } from './aidImport';
import { todayIso } from '../../../shared/domain/dates';
import { writeInternalXlsx } from '../io/xlsxExport';
import { appendAudit } from './audit';
import { actor, asFile, type Handlers, type ServiceContext } from './context';
import type { Importer, Prepared } from './importer';
import { attendanceImporter, gradesImporter } from './indicatorImports';
import { postingsImporter } from './postingsImport';
import { rosterImporter } from './rosterImport';

// biome-ignore lint/suspicious/noExplicitAny: each importer has its own private plan type; the protocol only passes it back.
const IMPORTERS: Record<ImportKind, Importer<any>> = {
  aidList: aidListImporter,
  postings: postingsImporter,
  roster: rosterImporter,
  attendance: attendanceImporter,
  grades: gradesImporter,
};

function assertMayImport(ctx: ServiceContext, kind: ImportKind): void {
  if (!IMPORT_ROLES[kind].includes(ctx.user.role)) {
    throw new AppError('FORBIDDEN', `您的角色（${ROLE_LABELS[ctx.user.role]}）无权导入${IMPORT_KIND_LABELS[kind]}`);
  }
}

function finishedPreview(ctx: ServiceContext, jobId: string): Prepared<unknown> {
  const job = ctx.jobs.get<Prepared<unknown>>(jobId, ctx.user.id);
  if (job.kind !== 'imports.preview') throw new AppError('NOT_FOUND', '任务不是导入预览');
  if (job.state === 'running') throw new AppError('STATE', '预览尚未完成');
  if (job.state !== 'done' || !job.result) throw new AppError('STATE', '预览没有结果（已取消、失败或已写入）');
  return job.result;
}

export const importsHandlers: Handlers<typeof importsContract> = {
  'imports.preview': async (ctx, i) => {
    assertMayImport(ctx, i.kind);
    const source = i.againOf ? finishedPreview(ctx, i.againOf).file : i.fileRef ? ctx.files.take(i.fileRef) : undefined;
    if (!source) throw new AppError('STATE', '请重新选择文件');
    const file = { fileName: 'fileName' in source ? source.fileName : source.name, bytes: source.bytes };
    const importer = IMPORTERS[i.kind];
    const job = ctx.jobs.start('imports.preview', ctx.user.id, async (h) => ({
      ...(await importer.preview(ctx, { ...file, mapping: i.mapping }, h)),
      file,
    }));
    return { jobId: job.id };
  },
  'imports.result': async (ctx, i) => finishedPreview(ctx, i.jobId).view,
  'imports.exportRejected': async (ctx, i) => {
    const { view } = finishedPreview(ctx, i.jobId);
    assertMayImport(ctx, view.kind);
    const rejected = view.rows.filter((r) => r.status === 'rejected');
    const xlsx = await writeInternalXlsx(
      {
        name: '被拒绝的行',
        title: `${IMPORT_KIND_LABELS[view.kind]}：被拒绝的行（${view.fileName}）`,
        columns: [
          { header: '原表行号', width: 10 },
          { header: view.rowLabel || '名称', width: 16 },
          ...(view.idLabel ? [{ header: `${view.idLabel}（遮挡）`, width: 22 }] : []),
          { header: '原因', width: 60 },
        ],
        rows: rejected.map((r) => [r.rowNumber, r.name, ...(view.idLabel ? [r.idMasked] : []), r.reason]),
      },
      ctx.user.displayName,
      ctx.now,
    );
    await appendAudit(ctx.db, actor(ctx), 'export.importRejected', { type: 'import', id: view.kind }, { count: rejected.length }, ctx.now);
    return asFile(`${IMPORT_KIND_LABELS[view.kind]}-被拒绝的行-${todayIso(ctx.now)}.xlsx`, xlsx);
  },
  'imports.commit': async (ctx, i) => {
    const prepared = finishedPreview(ctx, i.jobId);
    const kind = prepared.view.kind;
    assertMayImport(ctx, kind);
    // A plan is committed at most once.
    ctx.jobs.get(i.jobId, ctx.user.id).result = null;
    const job = ctx.jobs.start('imports.commit', ctx.user.id, (h) => IMPORTERS[kind].commit(ctx, prepared.plan, h.signal));
    return { jobId: job.id };
  },
};
