/**
 * The Electron shell, and the only code besides the preload that imports 'electron': app lifecycle, one window with
 * the settings of windowOptions.ts, the app:// protocol for the renderer, and one IPC channel per contract method
 * forwarded to the core host (a supervised utility process). It holds no data and no keys.
 */
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, net, protocol, session, utilityProcess } from 'electron';
import { METHOD_NAMES } from '../../shared/contract/index';
import { FILE_PURPOSE_LABELS, FILE_RULES, type FilePurpose } from '../../shared/domain/files';
import { CONTENT_SECURITY_POLICY } from '../ipc/contentSecurityPolicy';
import { APP_FOLDER, resolveDataDir } from '../ipc/dataDir';
import { createErrorLog } from '../ipc/errorLog';
import { type CoreProcess, CoreSupervisor } from './coreSupervisor';
import { APP_ORIGIN, APP_SCHEME, isAppUrl, navigationPolicy, secureWebPreferences } from './windowOptions';

// Before anything asks for a path: packaged, Electron would take productName ("CareDesk 助学关爱工作台"), and under
// `electron dist/…` it would be "Electron"; the data folder must be the same one the browser shell and README name.
app.setName(APP_FOLDER);

const distRoot = path.resolve(__dirname, '..', '..');
const rendererRoot = path.join(distRoot, 'renderer');
const dataDir = resolveDataDir({
  argv: process.argv,
  env: process.env,
  platform: process.platform,
  home: os.homedir(),
  appData: app.getPath('appData'),
});
const log = createErrorLog(dataDir);

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

let win: BrowserWindow | null = null;

const supervisor = new CoreSupervisor({
  fork: () => {
    const core = utilityProcess.fork(path.join(distRoot, 'main', 'ipc', 'core-host.cjs'), ['--data', dataDir], {
      serviceName: 'CareDesk core',
    });
    return core as unknown as CoreProcess;
  },
  notify: (message) => {
    if (win && !win.isDestroyed()) void dialog.showMessageBox(win, { type: 'warning', title: '助学关爱工作台', message });
  },
  log,
});

function registerIpc(): void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(`caredesk:${method}`, async (event, payload: { input?: unknown; session?: string } | undefined) => {
      // Only our own page may call: a frame from anywhere else (it cannot load, but check anyway) is refused.
      if (!event.senderFrame || !isAppUrl(event.senderFrame.url)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: '拒绝访问：请求不是来自本程序窗口' } };
      }
      if (method === 'backup.saveTo') {
        // The path always comes from the save dialog here, never from the page.
        const options = {
          title: '保存加密备份',
          defaultPath: `CareDesk备份-${new Date().toISOString().slice(0, 10)}.cdbackup`,
          filters: [{ name: 'CareDesk 备份', extensions: ['cdbackup'] }],
        };
        const target = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
        if (target.canceled || !target.filePath) return { ok: false, error: { code: 'STATE', message: '已取消保存，未生成备份' } };
        return supervisor.call(method, { path: target.filePath }, payload?.session);
      }
      if (method === 'files.pick') {
        // A file goes to the core by the path chosen here in a native dialog, never by a path or bytes from the page.
        const purpose = (payload?.input as { purpose?: FilePurpose } | undefined)?.purpose ?? 'import';
        const options = {
          title: '选择文件',
          properties: ['openFile' as const],
          filters: [{ name: FILE_PURPOSE_LABELS[purpose] ?? '文件', extensions: [...(FILE_RULES[purpose]?.extensions ?? ['*'])] }],
        };
        const chosen = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
        if (chosen.canceled || !chosen.filePaths[0]) return { ok: false, error: { code: 'STATE', message: '已取消选择文件' } };
        return supervisor.call(method, { purpose, path: chosen.filePaths[0] }, payload?.session);
      }
      return supervisor.call(method, payload?.input, payload?.session);
    });
  }
}

function createWindow(): void {
  win = new BrowserWindow({
    width: 1360,
    height: 880,
    title: '助学关爱工作台',
    show: false,
    webPreferences: secureWebPreferences(path.join(distRoot, 'main', 'preload', 'preload.cjs')),
  });
  const w = win;
  w.once('ready-to-show', () => w.show());
  w.webContents.on('will-navigate', (e, url) => {
    if (navigationPolicy.willNavigate(url) === 'deny') e.preventDefault();
  });
  w.webContents.setWindowOpenHandler(navigationPolicy.windowOpen);
  w.on('closed', () => {
    win = null;
  });
  void w.loadURL(`${APP_ORIGIN}/index.html`);
}

const notFound = () => new Response('未找到', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

/** Serves dist/renderer on app://; a missing file or a broken %-escape is a 404 or 400, never a rejected promise. */
async function serveRenderer(req: Request): Promise<Response> {
  let rel: string;
  try {
    rel = decodeURIComponent(new URL(req.url).pathname).replace(/^\/+/, '') || 'index.html';
  } catch {
    return new Response('请求无效', { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  const file = path.resolve(rendererRoot, rel);
  if (!file.startsWith(rendererRoot + path.sep)) return notFound();
  try {
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    return new Response(res.body, { status: res.status, headers });
  } catch {
    return notFound();
  }
}

if (!app.requestSingleInstanceLock()) {
  // A second launch: the first window is brought forward (second-instance below) and this one ends.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(navigationPolicy.permissionRequest()));
    session.defaultSession.setPermissionCheckHandler(() => navigationPolicy.permissionRequest());
    protocol.handle(APP_SCHEME, serveRenderer);
    supervisor.start();
    registerIpc();
    createWindow();
  });
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault());
  });
  app.on('window-all-closed', () => {
    // The core closes the sessions (logout audit), checkpoints the WAL and releases the folder lock before it exits.
    void supervisor.shutdown().then(() => app.quit());
  });
}
