// The packaging check (part of `npm test`): electron-builder lays out the Windows x64 app (`--dir`) against a
// placeholder Electron folder — the real binary cannot be downloaded here and is not needed to build the asar — and
// the result is checked: the renderer, the main bundles and the two font weights inside; the cipher driver's
// win32-x64 binary unpacked and no other platform's; nothing from test/, no TypeScript sources, no build tools.
// Prints the payload size. Exits non-zero with the reasons when something is wrong.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import asar from '@electron/asar';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'caredesk-package-'));
const fake = path.join(work, 'electron');
const out = path.join(work, 'out');
fs.mkdirSync(path.join(fake, 'resources'), { recursive: true });
fs.mkdirSync(path.join(fake, 'locales'), { recursive: true });
// A small real Windows executable with version info (from an electron-builder dependency) stands in for electron.exe:
// electron-builder writes the asar integrity into it.
fs.copyFileSync(path.join(root, 'node_modules/electron-winstaller/vendor/candle.exe'), path.join(fake, 'electron.exe'));
// …with a fuse wire (sentinel, version 1, nine fuses all on) for electron-builder to set, as a real binary has.
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
fs.appendFileSync(
  path.join(fake, 'electron.exe'),
  Buffer.concat([Buffer.from(FUSE_SENTINEL), Buffer.from([1, 9]), Buffer.from('111111111')]),
);
fs.writeFileSync(path.join(fake, 'version'), '45.5.0');

const r = spawnSync(
  process.execPath,
  [
    path.join(root, 'node_modules/electron-builder/cli.js'),
    '--config',
    'electron-builder.yml',
    '--win',
    '--x64',
    '--dir',
    `-c.electronDist=${fake}`,
    `-c.directories.output=${out}`,
    '-c.win.signAndEditExecutable=false',
  ],
  { cwd: root, encoding: 'utf8' },
);
const failures = [];
if (r.status !== 0)
  failures.push(
    `electron-builder 失败：${
      (r.stderr || r.stdout)
        .split('\n')
        .filter((l) => l.includes('⨯'))
        .join(' ') || r.status
    }`,
  );
const resources = path.join(out, 'win-unpacked', 'resources');
const archive = path.join(resources, 'app.asar');
const files = fs.existsSync(archive) ? asar.listPackage(archive, { isPack: false }).map((f) => f.replaceAll('\\', '/')) : [];
const has = (f) => files.includes(f);
for (const f of [
  '/dist/renderer/index.html',
  '/dist/main/shell/electron-main.cjs',
  '/dist/main/ipc/core-host.cjs',
  '/dist/main/preload/preload.cjs',
  '/node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  '/node_modules/@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
])
  if (!has(f)) failures.push(`安装包缺少 ${f}`);
const fonts = files.filter((f) => f.endsWith('.ttf'));
if (fonts.length !== 2) failures.push(`应只含 2 个字重，实际 ${fonts.length} 个`);
for (const [what, re] of [
  ['测试文件', /^\/test\//],
  ['TypeScript 源码', /\.tsx?$/],
  ['esbuild', /\/node_modules\/@?esbuild/],
  ['tsx', /\/node_modules\/tsx\//],
  ['React（已打包进界面）', /\/node_modules\/react\//],
  ['Mantine（已打包进界面）', /\/node_modules\/@mantine\//],
  ['SQLite 源码', /better-sqlite3-multiple-ciphers\/(deps|src)\//],
]) {
  const bad = files.filter((f) => re.test(f));
  if (bad.length) failures.push(`安装包不应含${what}（${bad.length} 个，如 ${bad[0]}）`);
}
const unpacked = path.join(resources, 'app.asar.unpacked', 'node_modules', 'better-sqlite3-multiple-ciphers', 'prebuilds');
const natives = fs.existsSync(unpacked) ? fs.readdirSync(unpacked) : [];
if (natives.join(',') !== 'win32-x64.node') failures.push(`解包的原生模块应只有 win32-x64.node，实际：${natives.join(', ') || '无'}`);
// The release fuses were written into the executable: no ELECTRON_RUN_AS_NODE, no NODE_OPTIONS, no inspector flags,
// cookie encryption, asar integrity and the app only from the asar (fuse order of @electron/fuses v1).
const exe = path.join(out, 'win-unpacked', 'CareDesk.exe');
if (fs.existsSync(exe)) {
  const bin = fs.readFileSync(exe);
  const at = bin.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
  const wire = bin.subarray(at + 2, at + 8).toString('latin1');
  if (wire !== '010011') failures.push(`发布保险丝设置不符：${wire}（应为 010011）`);
}
const size = (p) => (fs.statSync(p).isDirectory() ? fs.readdirSync(p).reduce((n, e) => n + size(path.join(p, e)), 0) : fs.statSync(p).size);
if (fs.existsSync(resources)) {
  const mb = (n) => (n / 1048576).toFixed(1);
  console.log(
    `安装包内容（不含 Electron 本体）：app.asar ${mb(size(archive))} MB + 解包 ${mb(size(path.join(resources, 'app.asar.unpacked')))} MB，共 ${mb(size(resources))} MB；${files.length} 个文件`,
  );
}
fs.rmSync(work, { recursive: true, force: true });
if (failures.length) {
  for (const f of failures) console.error(`✗ ${f}`);
  process.exit(1);
}
console.log('✓ 打包检查通过：界面、主进程、两个字重、win32-x64 原生模块；无测试、源码与构建工具');
