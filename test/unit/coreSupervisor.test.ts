/** The core host's supervisor: no call ever hangs on a dead core; restarts are bounded; shutdown waits, then kills. */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { type CoreProcess, CoreSupervisor } from '../../main/shell/coreSupervisor';

class FakeCore extends EventEmitter {
  sent: unknown[] = [];
  killed = false;
  answer = true;
  postMessage(m: { id?: number; type?: string }) {
    this.sent.push(m);
    if (m.type === 'shutdown') setImmediate(() => this.emit('exit', 0));
    else if (this.answer && typeof m.id === 'number')
      setImmediate(() => this.emit('message', { id: m.id, envelope: { ok: true, data: 'pong' } }));
  }
  kill() {
    this.killed = true;
    setImmediate(() => this.emit('exit', 9));
    return true;
  }
}

function supervised(opts: { maxRestarts?: number; shutdownWaitMs?: number } = {}) {
  const cores: FakeCore[] = [];
  const notices: string[] = [];
  const s = new CoreSupervisor({
    fork: () => {
      const c = new FakeCore();
      cores.push(c);
      return c as unknown as CoreProcess;
    },
    notify: (m) => notices.push(m),
    log: () => undefined,
    ...opts,
  });
  s.start();
  return { s, cores, notices };
}

describe('CoreSupervisor', () => {
  it('answers pending calls with a clear error when the core dies, then restarts it', async () => {
    const { s, cores, notices } = supervised();
    cores[0].answer = false;
    const pending = s.call('students.list', {}, 'token');
    cores[0].emit('exit', 137);
    expect(await pending).toMatchObject({ ok: false, error: { code: 'SESSION_EXPIRED' } });
    expect(cores).toHaveLength(2);
    expect(notices[0]).toContain('数据服务意外退出');
    expect(await s.call('app.status', {}, undefined)).toEqual({ ok: true, data: 'pong' });
  });
  it('stops restarting after the limit and says so on every later call', async () => {
    const { s, cores, notices } = supervised({ maxRestarts: 2 });
    for (let i = 0; i < 3; i++) cores[cores.length - 1].emit('exit', 1);
    expect(cores).toHaveLength(3);
    expect(notices.at(-1)).toContain('已停止重启');
    expect(await s.call('app.status', {}, undefined)).toMatchObject({ ok: false, error: { code: 'STORE' } });
  });
  it('shuts down by asking first, and kills only a core that does not exit in time', async () => {
    const clean = supervised();
    expect(await clean.s.shutdown()).toBe('clean');
    expect(clean.cores[0].killed).toBe(false);
    const stuck = supervised({ shutdownWaitMs: 50 });
    stuck.cores[0].postMessage = () => undefined; // ignores the request
    expect(await stuck.s.shutdown()).toBe('killed');
    expect(stuck.cores[0].killed).toBe(true);
    expect(await stuck.s.call('app.status', {}, undefined)).toMatchObject({ ok: false });
  });
});
