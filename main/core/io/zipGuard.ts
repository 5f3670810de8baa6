/**
 * Refuses zip bombs and absurd workbooks before the spreadsheet reader sees them. An xlsx is a zip: first its
 * central directory is checked (entry count, declared sizes and ratios), then — because declared sizes can lie —
 * every entry is actually inflated here, counting the bytes and throwing them away, and the file is refused as soon
 * as the count passes a limit. Memory stays flat: nothing inflated is kept.
 */
import zlib from 'node:zlib';
import { AppError } from '../../../shared/errors';

const MiB = 1024 * 1024;
export const ZIP_LIMITS = {
  maxEntries: 2_000,
  /** All entries together, as actually inflated. A 200,000-row export is well under 200 MB of XML. */
  maxTotalInflated: 300 * MiB,
  maxEntryInflated: 256 * MiB,
  /** The shared-strings table is held in memory by the reader: keep it small enough to hold. */
  maxSharedStringsInflated: 64 * MiB,
  /** Ratio limit for entries large enough to matter (XML compresses ~10–30×; bombs ~1000×). */
  maxRatio: 150,
  ratioAppliesAbove: 8 * MiB,
};

const fmtSize = (n: number) => (n < MiB ? `${Math.max(1, Math.ceil(n / 1024))} KB` : `${Math.round(n / MiB)} MB`);
const refuse = (why: string) => new AppError('VALIDATION', `文件无法导入：${why}`);

interface Entry {
  name: string;
  method: number;
  compressed: number;
  declared: number;
  localOffset: number;
}

function centralDirectory(buf: Buffer): Entry[] {
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50) throw refuse('不是 xlsx 文件（请在 Excel 中另存为 .xlsx 格式）');
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw refuse('xlsx 文件结构损坏（找不到目录）');
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw refuse('文件过大（ZIP64），不是正常的导出表格');
  if (count > ZIP_LIMITS.maxEntries) throw refuse(`压缩包内文件数 ${count} 过多，疑似异常文件`);
  if (cdOffset + cdSize > buf.length) throw refuse('xlsx 文件结构损坏（目录越界）');
  const entries: Entry[] = [];
  let off = cdOffset;
  for (let n = 0; n < count; n++) {
    if (off + 46 > buf.length || buf.readUInt32LE(off) !== 0x02014b50) throw refuse('xlsx 文件结构损坏（目录项无效）');
    const nameLen = buf.readUInt16LE(off + 28);
    entries.push({
      method: buf.readUInt16LE(off + 10),
      compressed: buf.readUInt32LE(off + 20),
      declared: buf.readUInt32LE(off + 24),
      localOffset: buf.readUInt32LE(off + 42),
      name: buf.subarray(off + 46, off + 46 + nameLen).toString('utf8'),
    });
    off += 46 + nameLen + buf.readUInt16LE(off + 30) + buf.readUInt16LE(off + 32);
  }
  return entries;
}

/** Inflates one entry, counting the bytes and discarding them; rejects once the count passes `limit`. */
function inflatedSize(data: Buffer, limit: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflate = zlib.createInflateRaw();
    let n = 0;
    let done = false;
    inflate.on('data', (chunk: Buffer) => {
      n += chunk.length;
      if (n > limit && !done) {
        done = true;
        inflate.destroy();
        resolve(n);
      }
    });
    inflate.on('end', () => {
      if (!done) resolve(n);
      done = true;
    });
    inflate.on('error', () => {
      if (!done) reject(refuse('xlsx 文件结构损坏（压缩数据无效）'));
      done = true;
    });
    inflate.end(data);
  });
}

export async function checkZipSafety(buf: Buffer): Promise<{ entries: number; inflated: number }> {
  const entries = centralDirectory(buf);
  let declaredTotal = 0;
  for (const e of entries) {
    if (e.declared === 0xffffffff || e.compressed === 0xffffffff) throw refuse('文件过大（ZIP64），不是正常的导出表格');
    if (e.declared > ZIP_LIMITS.maxEntryInflated) throw refuse(`表格内容解压后超过 ${ZIP_LIMITS.maxEntryInflated / MiB} MB，疑似压缩炸弹`);
    if (e.declared > ZIP_LIMITS.ratioAppliesAbove && e.declared / Math.max(1, e.compressed) > ZIP_LIMITS.maxRatio) {
      throw refuse(`压缩比异常（${Math.round(e.declared / Math.max(1, e.compressed))}:1），疑似压缩炸弹`);
    }
    declaredTotal += e.declared;
  }
  if (declaredTotal > ZIP_LIMITS.maxTotalInflated)
    throw refuse(`表格解压后共 ${Math.round(declaredTotal / MiB)} MB，超过 ${ZIP_LIMITS.maxTotalInflated / MiB} MB 上限`);
  // The sizes above are what the file says. Now what it really inflates to.
  let total = 0;
  for (const e of entries) {
    const local = e.localOffset;
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw refuse('xlsx 文件结构损坏（文件头无效）');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const entryLimit = Math.min(
      ZIP_LIMITS.maxEntryInflated,
      ZIP_LIMITS.maxTotalInflated - total,
      /sharedStrings\.xml$/i.test(e.name) ? ZIP_LIMITS.maxSharedStringsInflated : Number.POSITIVE_INFINITY,
    );
    // Stored entries are their own size; deflated ones are inflated to the end of their stream (the reader does the
    // same, whatever the directory declares).
    const size = e.method === 0 ? e.compressed : e.method === 8 ? await inflatedSize(buf.subarray(start), entryLimit) : -1;
    if (size < 0) throw refuse(`压缩方式 ${e.method} 不受支持，不是正常的导出表格`);
    if (size > entryLimit) {
      throw refuse(
        `表格内容实际解压后超过上限（${e.name}：已超过 ${fmtSize(entryLimit)}，文件申报的只有 ${fmtSize(e.declared)}），疑似压缩炸弹`,
      );
    }
    total += size;
  }
  return { entries: entries.length, inflated: total };
}
