/**
 * The Electron shell, and the only code besides the preload that imports 'electron': app lifecycle, the one
 * window with the settings of windowOptions.ts, the app:// protocol for the renderer, and one IPC channel per
 * contract method forwarded to the core host (a utility process). It holds no data and no keys.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, net, protocol, session, utilityProcess } from 'electron';
import { METHOD_NAMES } from '../../shared/contract/index';
import { CONTENT_SECURITY_POLICY } from '../ipc/contentSecurityPolicy';
import { APP_ORIGIN, APP_SCHEME, isAppUrl, navigationPolicy, secureWebPreferences } from './windowOptions';
import type { CoreReply, CoreRequest } from '../ipc/coreHost';

const distRoot = path.resolve(__dirname, '..', '..');
const rendererRoot = path.join(distRoot, 'renderer');
const dataDir = process.env.CAREDESK_DATA || path.join(app.getPath('userData'), 'workspace');

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

let nextId = 1;
const pending = new Map<number, (envelope: unknown) => void>();
let core: ReturnType<typeof utilityProcess.fork> | null = null;

function startCore(): void {
  core = utilityProcess.fork(path.join(distRoot, 'main', 'ipc', 'core-host.cjs'), ['--data', dataDir], { serviceName: 'CareDesk core' });
  core.on('message', (reply: CoreReply) => {
    pending.get(reply.id)?.(reply.envelope);
    pending.delete(reply.id);
  });
  core.on('exit', () => {
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'STORE', message: '数据服务意外退出，请重新启动程序' } });
    pending.clear();
  });
}

function callCore(method: string, input: unknown, sessionToken?: string): Promise<unknown> {
  return new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, resolve);
    core!.postMessage({ id, method, input, session: sessionToken } satisfies CoreRequest);
  });
}

function registerIpc(): void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(`caredesk:${method}`, (event, payload: { input?: unknown; session?: string } | undefined) => {
      // Only our own page may call: a frame from anywhere else (it cannot load, but check anyway) is refused.
      if (!event.senderFrame || !isAppUrl(event.senderFrame.url)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: '拒绝访问：请求不是来自本程序窗口' } };
      }
      return callCore(method, payload?.input, payload?.session);
    });
  }
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1360,
    height: 880,
    title: '助学关爱工作台',
    show: false,
    webPreferences: secureWebPreferences(path.join(distRoot, 'main', 'preload', 'preload.cjs')),
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.on('will-navigate', (e, url) => {
    if (navigationPolicy.willNavigate(url) === 'deny') e.preventDefault();
  });
  win.webContents.setWindowOpenHandler(navigationPolicy.windowOpen);
  void win.loadURL(`${APP_ORIGIN}/index.html`);
}

app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(navigationPolicy.permissionRequest()));
  protocol.handle(APP_SCHEME, async (req) => {
    const url = new URL(req.url);
    const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.resolve(rendererRoot, rel);
    const target = file.startsWith(rendererRoot + path.sep) ? file : path.join(rendererRoot, 'index.html');
    const res = await net.fetch(pathToFileURL(target).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    return new Response(res.body, { status: res.status, headers });
  });
  startCore();
  registerIpc();
  createWindow();
});

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (e) => e.preventDefault());
});
app.on('window-all-closed', () => {
  core?.kill();
  app.quit();
});
