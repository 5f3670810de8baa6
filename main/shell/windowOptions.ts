/**
 * The Electron window's security settings (Electron's own checklist), kept free of any 'electron' import so a
 * test can assert exactly what the shell uses, and so the browser shell can send the same CSP.
 */

/** Strict CSP: only our own bundle; Mantine needs inline style attributes, nothing needs inline script. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface SecureWebPreferences {
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  experimentalFeatures: false;
  webviewTag: false;
  navigateOnDragDrop: false;
  spellcheck: false;
  preload: string;
}

export function secureWebPreferences(preload: string): SecureWebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    preload,
  };
}

/** The app's own pages are served from this custom scheme; nothing else may be loaded or navigated to. */
export const APP_SCHEME = 'caredesk';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === 'app';
  } catch {
    return false;
  }
}

/** Decides every navigation, new-window and permission request: all denied except our own pages. */
export const navigationPolicy = {
  willNavigate: (url: string): 'allow' | 'deny' => (isAppUrl(url) ? 'allow' : 'deny'),
  windowOpen: (): { action: 'deny' } => ({ action: 'deny' }),
  permissionRequest: (): boolean => false,
};
