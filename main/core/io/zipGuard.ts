/**
 * Refuses zip bombs and absurd workbooks before any decompression: reads the zip central directory (an xlsx is
 * a zip) and checks entry count, declared sizes and compression ratios. The reader also caps rows and columns
 * while streaming, since declared sizes can lie.
 */
import { AppError } from '../../../shared/errors';

export const ZIP_LIMITS = {
  maxEntries: 2_000,
  maxTotalUncompressed: 400 * 1024 * 1024,
  maxEntryUncompressed: 300 * 1024 * 1024,
  /** Ratio limit for entries large enough to matter (XML compresses ~10–30×; bombs ~1000×). */
  maxRatio: 150,
  ratioAppliesAbove: 8 * 1024 * 1024,
};

const refuse = (why: string) => new AppError('VALIDATION', `文件无法导入：${why}`);

export function checkZipSafety(buf: Buffer): { entries: number; uncompressed: number } {
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50) throw refuse('不是 xlsx 文件（请在 Excel 中另存为 .xlsx 格式）');
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw refuse('xlsx 文件结构损坏（找不到目录）');
  const entries = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (entries === 0xffff || cdOffset === 0xffffffff) throw refuse('文件过大（ZIP64），不是正常的导出表格');
  if (entries > ZIP_LIMITS.maxEntries) throw refuse(`压缩包内文件数 ${entries} 过多，疑似异常文件`);
  if (cdOffset + cdSize > buf.length) throw refuse('xlsx 文件结构损坏（目录越界）');
  let off = cdOffset;
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (off + 46 > buf.length || buf.readUInt32LE(off) !== 0x02014b50) throw refuse('xlsx 文件结构损坏（目录项无效）');
    const compressed = buf.readUInt32LE(off + 20);
    const size = buf.readUInt32LE(off + 24);
    if (size === 0xffffffff || compressed === 0xffffffff) throw refuse('文件过大（ZIP64），不是正常的导出表格');
    if (size > ZIP_LIMITS.maxEntryUncompressed)
      throw refuse(`表格内容解压后超过 ${ZIP_LIMITS.maxEntryUncompressed >> 20} MB，疑似压缩炸弹`);
    if (size > ZIP_LIMITS.ratioAppliesAbove && size / Math.max(1, compressed) > ZIP_LIMITS.maxRatio) {
      throw refuse(`压缩比异常（${Math.round(size / Math.max(1, compressed))}:1），疑似压缩炸弹`);
    }
    total += size;
    off += 46 + buf.readUInt16LE(off + 28) + buf.readUInt16LE(off + 30) + buf.readUInt16LE(off + 32);
  }
  if (total > ZIP_LIMITS.maxTotalUncompressed)
    throw refuse(`表格解压后共 ${Math.round(total / 1048576)} MB，超过 ${ZIP_LIMITS.maxTotalUncompressed >> 20} MB 上限`);
  return { entries, uncompressed: total };
}
