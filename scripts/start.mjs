// `npm start`: builds the renderer when it is missing or stale, then opens CareDesk in Electron when its binary
// is present, otherwise in the browser shell (same renderer and router on 127.0.0.1), and says which.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// fileURLToPath, not URL.pathname: on Windows the latter gives /C:/… with %-escapes.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

function newestMtime(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

const index = path.join(root, 'dist', 'renderer', 'index.html');
const stale = !fs.existsSync(index) || Math.max(newestMtime('renderer'), newestMtime('shared')) > fs.statSync(index).mtimeMs;
if (stale) {
  console.log('正在构建界面（vite build）…');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    stdio: 'inherit',
    // vite.config.ts imports the contract (for the access map); Vite's note about its future native loader is noise here.
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// Look for the Electron binary without require('electron'): since Electron 45 that require tries to download the
// binary on the spot, which on a machine without internet only fails (slowly, noisily).
function findElectron() {
  const dir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const exe = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(dir, 'dist'), fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(exe) ? exe : null;
}
const passthrough = process.argv.slice(2);
let electronBinary = findElectron();
let reason = '';
if (!electronBinary && !passthrough.includes('--browser')) {
  // Since Electron 42 `npm ci` no longer downloads the binary: its own installer does (npx install-electron). Try it
  // once; on a workstation with internet this is all it takes, and offline it fails at once and we say so.
  console.log('未找到 Electron 程序，正在下载（node_modules/electron/install.js，等同 npx install-electron）…');
  const dl = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron', 'install.js')], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 300_000,
  });
  electronBinary = findElectron();
  if (!electronBinary) {
    const why =
      String(dl.stderr ?? '').match(/(ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|fetch failed|\d{3} [A-Z][a-z]+)/)?.[0] ??
      `退出码 ${dl.status}`;
    reason = `Electron 程序无法下载（${why}）：本机无法连接下载服务器`;
  }
}
if (electronBinary && !passthrough.includes('--browser')) {
  const b = spawnSync(process.execPath, ['scripts/build-shell.mjs'], { stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
  console.log('CareDesk 助学关爱工作台：以【Electron 外壳】运行。');
  const child = spawn(electronBinary, ['dist/main/shell/electron-main.cjs', ...passthrough], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (passthrough.includes('--browser')) reason = '按 --browser 选项';
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/ipc/browserShell.ts', ...passthrough.filter((a) => a !== '--browser')], {
    stdio: 'inherit',
    env: { ...process.env, CAREDESK_SHELL_REASON: reason },
  });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}
