/**
 * The browser shell: used when the Electron binary is missing (as on the build machines). It serves the same
 * renderer and the same router on 127.0.0.1 with a per-launch secret, then opens the address in the system
 * Chromium in app mode (a throw-away incognito profile) or prints it. It must not grow features of its own.
 *
 *   node --import tsx main/ipc/browserShell.ts [--data DIR] [--port N] [--no-open]
 * The data folder is decided by dataDir.ts, the same function the Electron shell uses.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreApp } from '../core/app';
import { createRouter } from './router';
import { dataDirOfThisProcess } from './dataDir';
import { createErrorLog } from './errorLog';
import { startLoopbackServer } from './httpTransport';

const here = path.dirname(fileURLToPath(import.meta.url));
export const RENDERER_DIST = path.resolve(here, '..', '..', 'dist', 'renderer');

/** Chromium-family browsers to open the app in: Chromium or Chrome on Linux, Edge or Chrome on Windows and macOS. */
export function browserCandidates(platform: NodeJS.Platform, env: Record<string, string | undefined>): string[] {
  if (env.CAREDESK_BROWSER) return [env.CAREDESK_BROWSER];
  if (platform === 'win32') {
    const roots = [env['PROGRAMFILES(X86)'], env.PROGRAMFILES, env.LOCALAPPDATA].filter((r): r is string => !!r);
    return roots.flatMap((r) => [
      path.win32.join(r, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
      path.win32.join(r, 'Google', 'Chrome', 'Application', 'chrome.exe'),
    ]);
  }
  if (platform === 'darwin') {
    return [
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
    ];
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/microsoft-edge',
  ];
}

function findChromium(): string | null {
  return browserCandidates(process.platform, process.env).find((c) => fs.existsSync(c)) ?? null;
}

function openInChromium(browser: string, url: string): void {
  // A fresh, incognito profile deleted on exit: the browser keeps nothing of the session on disk.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'caredesk-browser-'));
  const child = spawn(
    browser,
    [
      `--app=${url}`,
      `--user-data-dir=${profile}`,
      '--incognito',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-features=Translate',
      // The browser's own words (date pickers, validation) in Chinese, whatever the machine's locale.
      '--lang=zh-CN',
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
    { stdio: 'ignore' },
  );
  child.on('exit', () => fs.rmSync(profile, { recursive: true, force: true }));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const dataDir = dataDirOfThisProcess();
  const app = new CoreApp({ dataDir });
  const server = await startLoopbackServer({
    router: createRouter(app, createErrorLog(dataDir)),
    staticDir: RENDERER_DIST,
    port: Number(opt('--port') ?? 0),
  });
  const why = process.env.CAREDESK_SHELL_REASON ?? '未找到 Electron 程序';
  process.stdout.write(`CareDesk 助学关爱工作台：以【浏览器外壳】运行（${why}），仅监听 127.0.0.1。\n`);
  process.stdout.write(`数据文件夹：${dataDir}${app.workspace() === 'none' ? '（首次运行，将进入初始设置）' : ''}\n`);
  const browser = args.includes('--no-open') ? null : findChromium();
  const hasDisplay = process.platform !== 'linux' || !!(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (browser && hasDisplay) {
    openInChromium(browser, server.launchUrl);
    process.stdout.write(`已在 Chromium 中打开。若窗口未出现，请在本机浏览器打开下面的地址（含本次启动的访问密钥，勿外传）：\n`);
  } else {
    process.stdout.write(`请在本机浏览器打开下面的地址（含本次启动的访问密钥，勿外传）：\n`);
  }
  process.stdout.write(`${server.launchUrl}\n`);
  process.stdout.write(`按 Ctrl+C 退出。\n`);
  const stop = async () => {
    await server.close();
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    process.stderr.write(`CareDesk 无法启动：${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
