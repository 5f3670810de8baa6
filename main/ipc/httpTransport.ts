/**
 * The loopback transport of the browser shell: the same router as the Electron IPC, over HTTP on 127.0.0.1 only.
 * Every API request must carry the per-launch secret (given to the renderer in the URL fragment, which browsers
 * never send to a server), come from the app's own origin and name the exact loopback host, so neither another
 * web page (CSRF, DNS rebinding) nor another local user without the address can call it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { FILE_PURPOSES, FILE_RULES, type FilePurpose, fileSizeProblem } from '../../shared/domain/files';
import type { Router } from './router';
import { CONTENT_SECURITY_POLICY } from './contentSecurityPolicy';

export const SECRET_HEADER = 'x-caredesk-secret';
export const SESSION_HEADER = 'x-caredesk-session';
/** API calls carry JSON only (files come through /upload), so a body past this is not a real call. */
const MAX_BODY = 4 * 1024 * 1024;

export interface LoopbackServer {
  url: string;
  /** The address to open, with the secret in the fragment. */
  launchUrl: string;
  port: number;
  secret: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

function securityHeaders(res: http.ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  // API answers hold personal data: never let the browser cache them on disk.
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(body));
}

function refuse(res: http.ServerResponse, status: number, message: string): void {
  sendJson(res, status, { ok: false, error: { code: 'FORBIDDEN', message } });
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export async function startLoopbackServer(opts: {
  router: Router;
  staticDir: string;
  port?: number;
  secret?: string;
}): Promise<LoopbackServer> {
  const secret = opts.secret ?? crypto.randomBytes(32).toString('base64url');
  const staticRoot = path.resolve(opts.staticDir);
  let origin = '';
  let host = '';

  const server = http.createServer((req, res) => {
    try {
      handle(req, res);
    } catch {
      // A malformed request (e.g. a broken %-escape) must never take the app down.
      if (!res.headersSent) refuse(res, 400, '请求无效');
      else res.destroy();
    }
  });

  /**
   * A file streamed in as the request body (no base64, no JSON): its declared size is checked before a byte is read,
   * the bytes are counted as they arrive, and the core holds them for the caller's next call.
   */
  function receiveUpload(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    const purpose = url.searchParams.get('purpose') ?? '';
    const name = url.searchParams.get('name') ?? '';
    const session = req.headers[SESSION_HEADER];
    const token = typeof session === 'string' && session ? session : undefined;
    if (!(FILE_PURPOSES as readonly string[]).includes(purpose)) {
      refuse(res, 400, '不支持的文件用途');
      return;
    }
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    const limit = FILE_RULES[purpose as FilePurpose].maxBytes;
    const problem = Number.isFinite(declared) ? fileSizeProblem(purpose as FilePurpose, declared) : '上传缺少文件大小（Content-Length）';
    if (problem) {
      sendJson(res, declared > limit ? 413 : 400, { ok: false, error: { code: 'VALIDATION', message: problem } });
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > declared || size > limit) {
        sendJson(res, 413, {
          ok: false,
          error: { code: 'VALIDATION', message: fileSizeProblem(purpose as FilePurpose, size) ?? '文件大小与声明不符' },
        });
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => {
      if (res.writableEnded) return;
      opts.router
        .upload(token, purpose, name, Buffer.concat(chunks))
        .then((env) => sendJson(res, 200, env))
        .catch(() => sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: '内部错误' } }));
    });
  }

  function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    securityHeaders(res);
    // DNS-rebinding guard: only the literal loopback address we listen on.
    if (req.headers.host !== host) return refuse(res, 403, '拒绝访问：主机名不符');
    const url = new URL(req.url ?? '/', origin);
    const guarded = url.pathname.startsWith('/api/') || url.pathname === '/upload';
    if (guarded) {
      if (req.method !== 'POST') return refuse(res, 405, '仅接受 POST 请求');
      const reqOrigin = req.headers.origin;
      if (reqOrigin !== undefined && reqOrigin !== origin) return refuse(res, 403, '拒绝访问：来源不符');
      const site = req.headers['sec-fetch-site'];
      if (site !== undefined && site !== 'same-origin' && site !== 'none') return refuse(res, 403, '拒绝访问：跨站请求');
      const given = req.headers[SECRET_HEADER];
      if (typeof given !== 'string' || !safeEqual(given, secret)) return refuse(res, 403, '拒绝访问：缺少本次启动的访问密钥');
    }
    if (url.pathname === '/upload') {
      receiveUpload(req, res, url);
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return refuse(res, 415, '请求格式应为 JSON');
      const method = decodeURIComponent(url.pathname.slice('/api/'.length));
      const session = req.headers[SESSION_HEADER];
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) {
          refuse(res, 413, '请求过大');
          req.destroy();
        } else chunks.push(c);
      });
      req.on('end', () => {
        if (res.writableEnded) return;
        let body: { input?: unknown };
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { input?: unknown };
        } catch {
          return sendJson(res, 400, { ok: false, error: { code: 'VALIDATION', message: '请求内容不是有效的 JSON' } });
        }
        opts.router
          .call(method, body.input, typeof session === 'string' && session ? session : undefined, 'loopback')
          .then((env) => sendJson(res, 200, env))
          .catch(() => sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: '内部错误' } }));
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, '不支持的请求');
    let file = path.resolve(staticRoot, `.${decodeURIComponent(url.pathname)}`);
    if (!file.startsWith(staticRoot + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      file = path.join(staticRoot, 'index.html'); // the renderer routes client-side
    }
    if (!fs.existsSync(file)) {
      res.statusCode = 503;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      return res.end('界面文件缺失：请先运行 npm run build');
    }
    res.statusCode = 200;
    res.setHeader('Content-Type', MIME[path.extname(file)] ?? 'application/octet-stream');
    res.setHeader('Cache-Control', file.endsWith('index.html') ? 'no-store' : 'private, max-age=3600');
    // pipeline, not pipe: when the client goes away mid-download both streams are destroyed and the file descriptor
    // is closed; an error on either side ends the response instead of becoming an unhandled 'error' event.
    pipeline(fs.createReadStream(file), res, (err) => {
      if (err && !res.headersSent) refuse(res, 500, '读取界面文件失败');
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  host = `127.0.0.1:${port}`;
  origin = `http://${host}`;
  return {
    url: origin,
    launchUrl: `${origin}/#k=${secret}`,
    port,
    secret,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
