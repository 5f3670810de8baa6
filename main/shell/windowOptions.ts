/**
 * The Electron window's security settings (Electron's own checklist), kept free of any 'electron' import so a
 * test can assert exactly what the shell uses. The CSP both shells send lives in main/ipc/contentSecurityPolicy.ts.
 */

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
