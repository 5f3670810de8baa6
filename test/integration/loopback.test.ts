/** The browser shell's loopback transport: secret, origin and host checks; malformed requests never crash it. */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreApp } from '../../main/core/app';
import { createRouter } from '../../main/ipc/router';
import { startLoopbackServer, type LoopbackServer } from '../../main/ipc/httpTransport';
import { tempDir } from '../support/school';

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer({ router: createRouter(new CoreApp({ dataDir: tempDir() }), () => undefined), staticDir: tempDir() });
});
afterAll(async () => {
  await server.close();
});

function request(pathname: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, path: pathname, method: opts.method ?? 'GET', headers: opts.headers },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}
const json = { 'Content-Type': 'application/json' };

describe('loopback transport', () => {
  it('answers only with the secret, from its own origin, on the literal loopback host', async () => {
    expect(await request('/api/app.status', { method: 'POST', headers: json, body: '{}' })).toBe(403);
    expect(await request('/api/app.status', { method: 'POST', headers: { ...json, 'X-CareDesk-Secret': server.secret }, body: '{}' })).toBe(
      200,
    );
    expect(
      await request('/api/app.status', {
        method: 'POST',
        headers: { ...json, 'X-CareDesk-Secret': server.secret, Origin: 'http://evil.example' },
        body: '{}',
      }),
    ).toBe(403);
    expect(
      await request('/api/app.status', {
        method: 'POST',
        headers: { ...json, 'X-CareDesk-Secret': server.secret, Host: `localhost:${server.port}` },
        body: '{}',
      }),
    ).toBe(403);
    expect(
      await request('/api/app.status', {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain', 'X-CareDesk-Secret': server.secret },
        body: '{}',
      }),
    ).toBe(415);
  });

  it('survives malformed escapes and path traversal', async () => {
    expect(await request('/%E0%A4%A')).toBe(400);
    expect(await request('/api/%E0%A4%A', { method: 'POST', headers: { ...json, 'X-CareDesk-Secret': server.secret }, body: '{}' })).toBe(
      400,
    );
    expect(await request('/../../etc/passwd')).toBe(503); // resolved inside the renderer folder (empty here), never outside
    expect(await request('/api/app.status', { method: 'POST', headers: { ...json, 'X-CareDesk-Secret': server.secret }, body: '{}' })).toBe(
      200,
    );
  });
});

describe('static files under aborted downloads', () => {
  it('releases every file descriptor when 2,000 downloads are aborted, and keeps answering', async () => {
    const dir = tempDir('caredesk-static-');
    const fs = await import('node:fs');
    const path = await import('node:path');
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>x</title>');
    fs.writeFileSync(path.join(dir, 'big.js'), Buffer.alloc(4 * 1024 * 1024, 0x61)); // larger than the socket buffers
    const s = await startLoopbackServer({ router: createRouter(new CoreApp({ dataDir: tempDir() }), () => undefined), staticDir: dir });
    const fds = () => fs.readdirSync('/proc/self/fd').length;
    const baseline = fds();
    const abortOne = () =>
      new Promise<void>((resolve) => {
        const req = http.get({ host: '127.0.0.1', port: s.port, path: '/big.js' }, (res) => {
          res.once('data', () => {
            req.destroy(); // the client goes away mid-download
            resolve();
          });
        });
        req.on('error', () => resolve());
      });
    for (let i = 0; i < 2000; i += 50) await Promise.all(Array.from({ length: 50 }, abortOne));
    await new Promise((r) => setTimeout(r, 300));
    expect(fds()).toBeLessThanOrEqual(baseline + 5);
    const ok = await new Promise<number>((resolve) =>
      http.get({ host: '127.0.0.1', port: s.port, path: '/index.html' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }),
    );
    expect(ok).toBe(200);
    await s.close();
  }, 120_000);
});
