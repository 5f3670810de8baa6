/**
 * Where a workspace's data lives, decided in one place for every shell: `--data DIR` on the command line, else
 * CAREDESK_DATA, else the per-user application-data folder + CareDesk/workspace — the same folder Electron's
 * app.getPath('appData') gives once the app name is set to CareDesk.
 */
import os from 'node:os';
import path from 'node:path';

export const APP_FOLDER = 'CareDesk';

export interface DataDirInput {
  argv: readonly string[];
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  home: string;
  /** Electron's app.getPath('appData'), when running in Electron (it equals appDataDir() by design). */
  appData?: string;
}

/** The per-user application-data folder (what Electron calls appData). */
export function appDataDir(i: Omit<DataDirInput, 'argv'>): string {
  const p = i.platform === 'win32' ? path.win32 : path.posix;
  if (i.platform === 'win32') return i.env.APPDATA ?? p.join(i.home, 'AppData', 'Roaming');
  if (i.platform === 'darwin') return p.join(i.home, 'Library', 'Application Support');
  return i.env.XDG_CONFIG_HOME ?? p.join(i.home, '.config');
}

export function resolveDataDir(i: DataDirInput): string {
  const p = i.platform === 'win32' ? path.win32 : path.posix;
  const flag = i.argv.indexOf('--data');
  const given = flag >= 0 ? i.argv[flag + 1] : undefined;
  if (given && !given.startsWith('--')) return p.resolve(given);
  if (i.env.CAREDESK_DATA) return p.resolve(i.env.CAREDESK_DATA);
  return p.join(i.appData ?? appDataDir(i), APP_FOLDER, 'workspace');
}

/** This process's data folder. */
export function dataDirOfThisProcess(): string {
  return resolveDataDir({ argv: process.argv, env: process.env, platform: process.platform, home: os.homedir() });
}
