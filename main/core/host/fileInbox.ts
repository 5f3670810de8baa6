/**
 * Files sent to the core before the call that uses them (imports, filing packages, attachments): held in memory only
 * — they carry ID numbers, so they are never written to a temporary file — under a random reference, for their sender
 * alone, used once, dropped after ten minutes or when the sender's session ends.
 */
import crypto from 'node:crypto';
import { AppError } from '../../../shared/errors';

interface Held {
  owner: number;
  name: string;
  bytes: Buffer;
  at: number;
}

const TTL_MS = 10 * 60_000;
const MAX_HELD_PER_OWNER = 256 * 1024 * 1024;

export class FileInbox {
  private readonly held = new Map<string, Held>();

  constructor(private readonly now: () => number = Date.now) {}

  put(owner: number, name: string, bytes: Buffer): string {
    this.sweep();
    const mine = [...this.held.values()].filter((h) => h.owner === owner).reduce((n, h) => n + h.bytes.length, 0);
    if (mine + bytes.length > MAX_HELD_PER_OWNER) throw new AppError('STATE', '待处理的文件过多，请先完成或取消正在进行的导入');
    const ref = crypto.randomBytes(18).toString('base64url');
    this.held.set(ref, { owner, name: name.slice(0, 200), bytes, at: this.now() });
    return ref;
  }

  take(owner: number, ref: string): { name: string; bytes: Buffer } {
    this.sweep();
    const h = this.held.get(ref);
    if (!h || h.owner !== owner) throw new AppError('NOT_FOUND', '文件已过期或不存在，请重新选择文件');
    this.held.delete(ref);
    return { name: h.name, bytes: h.bytes };
  }

  dropFor(owner: number): void {
    for (const [ref, h] of this.held) if (h.owner === owner) this.held.delete(ref);
  }

  private sweep(): void {
    const t = this.now();
    for (const [ref, h] of this.held) if (t - h.at > TTL_MS) this.held.delete(ref);
  }
}
