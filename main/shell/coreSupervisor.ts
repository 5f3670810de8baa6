/**
 * Supervises the core host (a utility process running CoreApp and the router): forwards requests, fails the pending
 * and later calls clearly when it dies instead of letting them hang (postMessage to a dead utility process is a
 * silent no-op in Electron), restarts it a bounded number of times, and shuts it down cleanly — a message, a wait,
 * and only then a kill — so the logout audit entries, the WAL checkpoint and the folder-lock release all happen.
 * No 'electron' import: the fork function is passed in, so the logic is the same under the test stand-in.
 */
import type { ErrorBody } from '../../shared/errors';
import type { CoreMessage, CoreReply } from '../ipc/coreHost';

export interface CoreProcess {
  postMessage(message: CoreMessage): void;
  on(event: 'message', listener: (reply: CoreReply) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export interface SupervisorOptions {
  fork: () => CoreProcess;
  /** Tells the person at the window (a dialog in Electron). */
  notify: (message: string) => void;
  log: (line: string) => void;
  /** Restarts allowed within `windowMs` before the supervisor gives up. */
  maxRestarts?: number;
  windowMs?: number;
  shutdownWaitMs?: number;
  now?: () => number;
}

type Envelope = { ok: true; data: unknown } | { ok: false; error: ErrorBody };

const DIED: ErrorBody = {
  code: 'SESSION_EXPIRED',
  message: '数据服务意外退出，已自动重新启动。请重新登录；刚才的操作没有完成，已写入的数据不受影响。',
};
const GAVE_UP: ErrorBody = {
  code: 'STORE',
  message: '数据服务多次意外退出，已停止重启。请关闭程序后重新打开；如仍出现，请联系技术支持（错误编号记录在数据文件夹的 logs 中）。',
};

export class CoreSupervisor {
  private core: CoreProcess | null = null;
  private alive = false;
  private nextId = 1;
  private readonly pending = new Map<number, (e: Envelope) => void>();
  private restarts: number[] = [];
  private stopping = false;
  private gaveUp = false;
  private exited: (() => void) | null = null;

  constructor(private readonly opts: SupervisorOptions) {}

  start(): void {
    const core = this.opts.fork();
    this.core = core;
    this.alive = true;
    core.on('message', (reply: CoreReply) => {
      if ('id' in reply) {
        this.pending.get(reply.id)?.(reply.envelope as Envelope);
        this.pending.delete(reply.id);
      }
    });
    core.on('exit', (code: number) => this.onExit(core, code));
  }

  private onExit(core: CoreProcess, code: number): void {
    if (core !== this.core) return;
    this.alive = false;
    this.core = null;
    for (const resolve of this.pending.values()) resolve({ ok: false, error: DIED });
    this.pending.clear();
    if (this.stopping) {
      this.exited?.();
      return;
    }
    this.opts.log(`[caredesk] core host exited unexpectedly code=${code}`);
    const now = (this.opts.now ?? Date.now)();
    const windowMs = this.opts.windowMs ?? 10 * 60_000;
    this.restarts = this.restarts.filter((t) => now - t < windowMs);
    if (this.restarts.length >= (this.opts.maxRestarts ?? 3)) {
      this.gaveUp = true;
      this.opts.log('[caredesk] core host restart limit reached');
      this.opts.notify(GAVE_UP.message);
      return;
    }
    this.restarts.push(now);
    this.start();
    this.opts.notify(DIED.message);
  }

  call(method: string, input: unknown, session: string | undefined): Promise<Envelope> {
    if (this.gaveUp || this.stopping)
      return Promise.resolve({ ok: false, error: this.gaveUp ? GAVE_UP : { code: 'STATE', message: '程序正在关闭' } });
    if (!this.alive || !this.core) return Promise.resolve({ ok: false, error: DIED });
    const core = this.core;
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.pending.set(id, resolve);
      core.postMessage({ id, method, input, session });
    });
  }

  /** Asks the core to close the store and release the folder, waits for it to exit, and kills it only after that. */
  async shutdown(): Promise<'clean' | 'killed' | 'notRunning'> {
    this.stopping = true;
    const core = this.core;
    if (!core || !this.alive) return 'notRunning';
    const exited = new Promise<void>((resolve) => {
      this.exited = resolve;
    });
    core.postMessage({ type: 'shutdown' });
    const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), this.opts.shutdownWaitMs ?? 8000));
    if ((await Promise.race([exited.then(() => 'exited' as const), timer])) === 'exited') return 'clean';
    this.opts.log('[caredesk] core host did not shut down in time; killed');
    core.kill();
    return 'killed';
  }
}
