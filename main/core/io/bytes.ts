/** Byte helpers for the binary file formats (filing packages, backups). */

/** A 32-bit big-endian length field. */
export function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}
