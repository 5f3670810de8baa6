/** The Electron window's security settings, asserted from the code the shell uses (Electron cannot run here). */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/ipc/contentSecurityPolicy';
import { isAppUrl, navigationPolicy, secureWebPreferences } from '../../main/shell/windowOptions';

describe('Electron window options', () => {
  it('turns on isolation and the sandbox and turns off Node in the renderer', () => {
    const p = secureWebPreferences('/x/preload.cjs');
    expect(p).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
  it('has a strict Content-Security-Policy: own scripts only, no inline script, no framing', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
  });
  it('denies navigation away from the app, window.open and permission requests', () => {
    expect(navigationPolicy.willNavigate('caredesk://app/index.html')).toBe('allow');
    expect(navigationPolicy.willNavigate('https://example.com/')).toBe('deny');
    expect(navigationPolicy.willNavigate('file:///etc/passwd')).toBe('deny');
    expect(navigationPolicy.windowOpen()).toEqual({ action: 'deny' });
    expect(navigationPolicy.permissionRequest()).toBe(false);
    expect(isAppUrl('caredesk://evil/index.html')).toBe(false);
  });
  it('is what the shell actually uses, and only the shell and preload import electron', () => {
    const shell = fs.readFileSync('main/shell/electron-main.ts', 'utf8');
    expect(shell).toContain('webPreferences: secureWebPreferences(');
    expect(shell).toContain('setWindowOpenHandler(navigationPolicy.windowOpen)');
    expect(shell).toContain("'will-navigate'");
    expect(shell).toContain('setPermissionRequestHandler');
    expect(shell).toContain("'Content-Security-Policy', CONTENT_SECURITY_POLICY");
    expect(shell).toContain('isAppUrl(event.senderFrame.url)');
    const preload = fs.readFileSync('main/preload/preload.ts', 'utf8');
    expect(preload).toContain(['ipcRenderer.invoke(`caredesk:', '$', '{method}`'].join(''));
    expect(preload).not.toMatch(/ipcRenderer\.invoke\(\s*[a-z]+\s*,/);
  });
});
