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
