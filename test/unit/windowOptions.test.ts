/**
 * The Electron window's security settings as functions; that the built shell really uses them is asserted by running
 * it against the Electron stand-in (test/integration/electronShell.test.ts).
 */
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
});
