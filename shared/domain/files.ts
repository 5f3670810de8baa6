/**
 * Files the office sends to the core (a spreadsheet to import, a filing package, an attachment): what each may be,
 * and how large. The size is checked before a byte is read — from the file's size on disk (desktop, CLI) or the
 * upload's declared length (browser shell) — so a huge or empty file is answered with one sentence, never read.
 */
import { labels } from './labels';

export const FILE_PURPOSES = ['import', 'package', 'attachment', 'backup'] as const;
export type FilePurpose = (typeof FILE_PURPOSES)[number];
export const FILE_PURPOSE_LABELS = labels<FilePurpose>({
  import: 'xlsx 表格',
  package: '备案报送包',
  attachment: '附件',
  backup: '加密备份',
});

const MiB = 1024 * 1024;
export const FILE_RULES: Record<FilePurpose, { maxBytes: number; extensions: readonly string[] }> = {
  import: { maxBytes: 100 * MiB, extensions: ['xlsx'] },
  package: { maxBytes: 64 * MiB, extensions: ['cdfile'] },
  attachment: { maxBytes: 10 * MiB, extensions: ['pdf', 'jpg', 'jpeg', 'png'] },
  backup: { maxBytes: 2048 * MiB, extensions: ['cdbackup'] },
};

/** One sentence for a file of the wrong size, or null when the size is acceptable. */
export function fileSizeProblem(purpose: FilePurpose, bytes: number): string | null {
  const rule = FILE_RULES[purpose];
  if (bytes <= 0) return `所选${FILE_PURPOSE_LABELS[purpose]}是空文件（0 字节），请检查后重新选择`;
  if (bytes > rule.maxBytes) {
    return `所选${FILE_PURPOSE_LABELS[purpose]}有 ${(bytes / MiB).toFixed(1)} MB，超过 ${rule.maxBytes / MiB} MB 的上限，不能使用`;
  }
  return null;
}
