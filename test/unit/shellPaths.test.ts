/** Where the shells put the data folder and which browser the fallback opens, on every platform, decided in one place. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveDataDir } from '../../main/ipc/dataDir';
import { browserCandidates } from '../../main/ipc/browserShell';
import { createErrorLog } from '../../main/ipc/errorLog';

describe('data folder', () => {
  const base = { argv: ['node', 'main.cjs'], env: {} as Record<string, string | undefined>, home: 'C:\\Users\\张老师' };
  it('is %APPDATA%\\CareDesk\\workspace on Windows, the same for both shells', () => {
    expect(resolveDataDir({ ...base, platform: 'win32', env: { APPDATA: 'C:\\Users\\张老师\\AppData\\Roaming' } })).toBe(
      'C:\\Users\\张老师\\AppData\\Roaming\\CareDesk\\workspace',
    );
    expect(resolveDataDir({ ...base, platform: 'win32', env: {} })).toBe('C:\\Users\\张老师\\AppData\\Roaming\\CareDesk\\workspace');
    // Electron's own appData wins when given (it is the same folder by design).
    expect(resolveDataDir({ ...base, platform: 'win32', appData: 'D:\\Roaming' })).toBe('D:\\Roaming\\CareDesk\\workspace');
  });
  it('is under Application Support on macOS and XDG_CONFIG_HOME on Linux', () => {
    expect(resolveDataDir({ ...base, platform: 'darwin', home: '/Users/z' })).toBe(
      '/Users/z/Library/Application Support/CareDesk/workspace',
    );
    expect(resolveDataDir({ ...base, platform: 'linux', home: '/home/z' })).toBe('/home/z/.config/CareDesk/workspace');
    expect(resolveDataDir({ ...base, platform: 'linux', home: '/home/z', env: { XDG_CONFIG_HOME: '/cfg' } })).toBe(
      '/cfg/CareDesk/workspace',
    );
  });
  it('honours --data before CAREDESK_DATA, in both shells', () => {
    const env = { CAREDESK_DATA: '/from-env' };
    expect(resolveDataDir({ ...base, platform: 'linux', env, argv: ['electron', 'main.cjs', '--data', '/from-flag'] })).toBe('/from-flag');
    expect(resolveDataDir({ ...base, platform: 'linux', env })).toBe('/from-env');
  });
});

describe('scripts on Windows', () => {
  it('resolve their folder with fileURLToPath, which gives a drive path with the Chinese user name intact', () => {
    const url = 'file:///C:/Users/%E5%BC%A0%E8%80%81%E5%B8%88/CareDesk/scripts/start.mjs';
    expect(path.win32.dirname(fileURLToPath(url, { windows: true }))).toBe('C:\\Users\\张老师\\CareDesk\\scripts');
    // …where URL.pathname would give "/C:/Users/%E5%BC%A0…", which no Windows API opens.
    expect(new URL(url).pathname.startsWith('/C:/Users/%E5')).toBe(true);
    for (const f of ['scripts/start.mjs', 'scripts/test.mjs', 'scripts/check-package.mjs']) {
      const src = fs.readFileSync(f, 'utf8');
      expect(src, f).toContain('fileURLToPath(import.meta.url)');
      expect(src, f).not.toContain('new URL(import.meta.url).pathname');
    }
  });
});

describe('browser fallback', () => {
  it('looks for Edge or Chrome on Windows and macOS, Chromium on Linux', () => {
    const win = browserCandidates('win32', { PROGRAMFILES: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)' });
    expect(win).toContain('C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe');
    expect(win).toContain('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe');
    expect(browserCandidates('darwin', {}).some((b) => b.includes('Microsoft Edge.app'))).toBe(true);
    expect(browserCandidates('linux', {})[0]).toBe('/usr/bin/chromium');
    expect(browserCandidates('linux', { CAREDESK_BROWSER: '/opt/x' })).toEqual(['/opt/x']);
  });
});

describe('error log', () => {
  it('writes references to logs/ in the data folder and rotates, keeping five files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caredesk-log-'));
    const log = createErrorLog(dir, { maxBytes: 200, echo: false });
    for (let i = 0; i < 40; i++) log(`[caredesk] internal error ref=${String(i).padStart(8, '0')} method=students.list type=TypeError`);
    const files = fs.readdirSync(path.join(dir, 'logs')).sort();
    expect(files).toEqual(['caredesk.1.log', 'caredesk.2.log', 'caredesk.3.log', 'caredesk.4.log', 'caredesk.log']);
    expect(fs.readFileSync(path.join(dir, 'logs', 'caredesk.log'), 'utf8')).toContain('ref=00000039');
  });
});
