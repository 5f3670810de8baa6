/**
 * The real Electron shell bundles (dist/main/…, as electron-builder packs them) run against a stand-in for Electron 45
 * (test/support/electron): the window's options, a sandboxed preload that must expose exactly the contract's methods,
 * a first-run setup, a login and a printed report through the core host; the core host killed → the next call fails
 * clearly and a restart follows; the window closed → the folder lock is released, the WAL checkpointed and the
 * logout written to the audit log. Electron itself cannot be downloaded here; everything around it is real.
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, METHOD_NAMES } from '../../shared/contract/index';
import { CoreApp } from '../../main/core/app';
import { createRouter } from '../../main/ipc/router';
import { buildAidListXlsx } from '../fixtures/aidListFixture';
import { ADMIN, Client, makeIdNumber, PROFILE, STUDENT, tempDir } from '../support/school';

const STANDIN = path.resolve('test/support/electron');
let appData = '';
let child: ChildProcess;
let nextId = 1;
const waiting = new Map<number, (m: Record<string, unknown>) => void>();
const events: Array<Record<string, unknown>> = [];

function send(op: string, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    child.send({ id, op, ...extra });
  });
}
async function call(method: string, input: unknown, session?: string) {
  const r = await send('call', { method, input, session });
  return r.envelope as { ok: boolean; data?: Record<string, unknown>; error?: { code: string; message: string } };
}
const waitFor = async (pred: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

beforeAll(async () => {
  // The bundles exactly as `npm run dist` builds them (the renderer too, when this file runs on its own).
  execFileSync(process.execPath, ['scripts/build-shell.mjs'], { stdio: 'ignore' });
  if (!fs.existsSync('dist/renderer/index.html')) {
    execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], {
      stdio: 'ignore',
      env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    });
  }
  appData = tempDir('caredesk-standin-');
  // What the native dialogs will answer: a spreadsheet to open, and where to save a backup.
  fs.writeFileSync(path.join(appData, '名单.xlsx'), await buildAidListXlsx());
  child = fork(path.join(STANDIN, 'harness.cjs'), ['dist/main/shell/electron-main.cjs'], {
    execArgv: ['--require', path.join(STANDIN, 'register.cjs')],
    env: {
      ...process.env,
      STANDIN_APPDATA: appData,
      CAREDESK_DATA: '',
      STANDIN_OPEN_PATH: path.join(appData, '名单.xlsx'),
      STANDIN_SAVE_PATH: path.join(appData, 'backup.cdbackup'),
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  child.on('message', (m: Record<string, unknown>) => {
    if (typeof m.id === 'number') {
      waiting.get(m.id)?.(m);
      waiting.delete(m.id);
    } else events.push(m);
  });
  await waitFor(() => events.some((e) => e.event === 'loaded'));
  await waitFor(() => events.some((e) => e.event === 'core'));
}, 120_000);

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
});

const dataDir = () => path.join(appData, 'CareDesk', 'workspace');

describe('the Electron shell (built bundles, Electron stand-in)', () => {
  let session = '';

  it('opens one secure window whose sandboxed preload exposes exactly the contract', async () => {
    let s = await send('state');
    // The window loads asynchronously after app ready; wait until its preload has run.
    for (let i = 0; i < 100 && (s.methods as string[]).length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      s = await send('state');
    }
    expect(s.appName).toBe('CareDesk');
    expect(s.sandbox).toBe(true);
    const [w] = s.windows as Array<{ options: { webPreferences: Record<string, unknown> }; url: string; visible: boolean }>;
    expect(w.url).toBe('caredesk://app/index.html');
    expect(w.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(s.indexStatus).toBe(200);
    expect(s.exposedKeys).toEqual(['caredesk']);
    expect([...(s.methods as string[])].sort()).toEqual([...METHOD_NAMES].sort());
    expect(s.frozen).toBe(true);
    expect(s.permissionRequest).toBe(false);
    expect(s.permissionCheck).toBe(false);
    expect(s.windowOpen).toEqual({ action: 'deny' });
  });

  it('serves the renderer with the CSP, and answers 404 or 400 instead of failing', async () => {
    const index = await send('fetch', { url: 'caredesk://app/index.html' });
    expect(index.status).toBe(200);
    expect(index.csp).toContain("script-src 'self'");
    expect((await send('fetch', { url: 'caredesk://app/missing.js' })).status).toBe(404);
    expect((await send('fetch', { url: 'caredesk://app/%E0%A4%A.js' })).status).toBe(400);
    expect((await send('fetch', { url: 'caredesk://app/..%2F..%2Fpackage.json' })).status).toBe(404);
  });

  it('sets up, logs in and prints a report through the core host, in the data folder named after CareDesk', async () => {
    expect((await call('setup.school', { profile: PROFILE, admin: ADMIN })).ok).toBe(true);
    expect(fs.existsSync(path.join(dataDir(), 'keyslots.json'))).toBe(true);
    const login = await call('auth.login', { username: ADMIN.username, password: ADMIN.password });
    expect(login.ok).toBe(true);
    session = String(login.data?.session);
    const student = await call('students.create', STUDENT(makeIdNumber('610113', '2012-03-05', 77), '张小明'), session);
    const pdf = await call('students.printCaseFile', { studentId: Number(student.data?.id) }, session);
    expect(pdf.ok).toBe(true);
    expect(Buffer.from(String(pdf.data?.base64), 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('reads files and writes backups only where the native dialogs say, never where the page says', async () => {
    const sent = await call('files.pick', { purpose: 'import', path: '/etc/passwd' }, session);
    expect(sent.ok).toBe(true);
    expect(sent.data?.fileName).toBe('名单.xlsx');
    const preview = await call('imports.preview', { kind: 'aidList', fileRef: sent.data?.fileRef }, session);
    expect(preview.ok).toBe(true);
    const saved = await call('backup.saveTo', { path: '/tmp/elsewhere.cdbackup' }, session);
    expect(saved.ok).toBe(true);
    expect(fs.existsSync(path.join(appData, 'backup.cdbackup'))).toBe(true);
    expect(fs.existsSync('/tmp/elsewhere.cdbackup')).toBe(false);
  });

  it('focuses the first window on a second launch', async () => {
    await send('secondInstance');
    const s = await send('state');
    expect((s.windows as Array<{ focused: number }>)[0].focused).toBe(1);
  });

  it('fails calls clearly when the core host dies, restarts it and tells the user', async () => {
    const pid = events.filter((e) => e.event === 'core').at(-1)?.pid as number;
    process.kill(pid, 'SIGKILL');
    await waitFor(() => events.filter((e) => e.event === 'core').length === 2);
    const after = await call('app.status', {}, session);
    expect(after.ok).toBe(true); // the restarted core answers
    const denied = await call('students.list', {}, session);
    expect(denied.ok).toBe(false); // the old session died with the old core
    const s = await send('state');
    expect(JSON.stringify(s.dialogs)).toContain('数据服务意外退出，已自动重新启动');
    const again = await call('auth.login', { username: ADMIN.username, password: ADMIN.password });
    expect(again.ok).toBe(true);
    session = String(again.data?.session);
  });

  it('on closing the window: the core shuts down cleanly — logout audited, WAL checkpointed, folder lock released', async () => {
    expect(fs.existsSync(path.join(dataDir(), 'caredesk.lock'))).toBe(true);
    await send('close');
    await waitFor(() => events.some((e) => e.event === 'quit'));
    expect(fs.existsSync(path.join(dataDir(), 'caredesk.lock'))).toBe(false);
    const wal = path.join(dataDir(), 'caredesk.db-wal');
    expect(!fs.existsSync(wal) || fs.statSync(wal).size === 0).toBe(true);
    const app = new CoreApp({ dataDir: dataDir() });
    const client = new Client(createRouter(app, () => undefined));
    await client.login(ADMIN.username, ADMIN.password);
    const last = (await app.db()('audit_log').orderBy('id', 'desc').limit(3).select('action', 'detail')) as Array<{
      action: string;
      detail: string;
    }>;
    expect(last.some((r) => r.action === 'auth.logout' && r.detail.includes('shutdown'))).toBe(true);
    await app.close();
  });
});

describe('the contract the preload is built from', () => {
  it('still has every method the shell forwards', () => {
    expect(Object.keys(contract).length).toBe(METHOD_NAMES.length);
  });
});
