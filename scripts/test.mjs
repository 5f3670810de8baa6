// `npm test`: the gates (Biome lint and format check with the import boundaries and no cycles; one type check per
// environment: Node code, the renderer, the browser tests), unit + integration tests (vitest, real encrypted stores in
// temp folders), then the renderer build and the end-to-end tests in Chromium through the browser shell (Playwright).
// Ends with one summary line "N passed, N failed" so CI and people read the same result.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// fileURLToPath, not URL.pathname: on Windows the latter gives /C:/… with %-escapes.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const bin = (p) => path.join(root, 'node_modules', p);
const report = fs.mkdtempSync(path.join(os.tmpdir(), 'caredesk-test-report-'));
const node = process.execPath;
let passed = 0;
let failed = 0;
let ok = true;

function step(title, args, env = {}) {
  console.log(`\n=== ${title} ===`);
  const r = spawnSync(node, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) ok = false;
  return r.status === 0;
}

console.log(`Node ${process.version}（项目脚本使用 node@22 开发依赖）`);
// Each gate counts as one check: a lint, format or boundary violation, or a type error, fails `npm test`.
for (const [title, args] of [
  ['代码规范、格式与导入边界 biome ci', [bin('@biomejs/biome/bin/biome'), 'ci', '--error-on-warnings', '--max-diagnostics=50', '.']],
  ['类型检查（Node：main、shared、migrations、test）', [bin('typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.node.json']],
  ['类型检查（界面：renderer、shared）', [bin('typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.web.json']],
  ['类型检查（端到端测试）', [bin('typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.e2e.json']],
]) {
  if (step(title, args)) passed++;
  else failed++;
}

// The built app first: the Electron stand-in test runs the built bundles, the packaging check packs them, and the
// end-to-end tests drive the built renderer.
const built =
  step('构建界面 vite build', [bin('vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' }) &&
  step('构建桌面外壳 build-shell', ['scripts/build-shell.mjs']);
if (!built) failed++;

const vitestJson = path.join(report, 'vitest.json');
step('单元与集成测试 vitest', [
  bin('vitest/vitest.mjs'),
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
if (fs.existsSync(vitestJson)) {
  const v = JSON.parse(fs.readFileSync(vitestJson, 'utf8'));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
} else failed++;

// The bureau's suite again on a real PostgreSQL server (issue 14 §8): `.ci/run` installs and starts Debian's
// PostgreSQL and creates the role; README "PostgreSQL 上的测试" says how by hand. The role's password defaults to the
// test role's, for this run only.
const pgJson = path.join(report, 'vitest-postgres.json');
step(
  '教育局测试再跑一遍：PostgreSQL（vitest，CAREDESK_TEST_ENGINE=postgres）',
  [bin('vitest/vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${pgJson}`],
  { CAREDESK_TEST_ENGINE: 'postgres', CAREDESK_DB_PASSWORD: process.env.CAREDESK_DB_PASSWORD ?? 'caredesk' },
);
if (fs.existsSync(pgJson)) {
  const v = JSON.parse(fs.readFileSync(pgJson, 'utf8'));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  // A global setup that cannot reach the server runs no test at all: count that as a failure, not as nothing.
  if (v.numTotalTests === 0) failed++;
} else failed++;

// The Windows x64 layout of the installer against a placeholder Electron: what goes in, what stays out, its size.
if (built && step('打包检查：内容与大小（electron-builder --dir，Windows x64，占位 Electron）', ['scripts/check-package.mjs'])) passed++;
else failed++;

const browser = process.env.CAREDESK_BROWSER ?? '/usr/bin/chromium';
if (!fs.existsSync(browser)) {
  console.error(
    `\n未找到 Chromium（${browser}）：端到端测试需要它。Debian/Ubuntu：sudo apt-get install chromium poppler-utils fonts-noto-cjk`,
  );
  failed++;
  ok = false;
} else if (built) {
  const pwJson = path.join(report, 'playwright.json');
  // The bureau walk keeps the province on PostgreSQL: the same server and role as the PostgreSQL pass above.
  step('端到端测试 Playwright + Chromium', [bin('@playwright/test/cli.js'), 'test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
    CAREDESK_DB_PASSWORD: process.env.CAREDESK_DB_PASSWORD ?? 'caredesk',
  });
  if (fs.existsSync(pwJson)) {
    const p = JSON.parse(fs.readFileSync(pwJson, 'utf8'));
    passed += p.stats.expected;
    failed += p.stats.unexpected + p.stats.flaky;
  } else failed++;
} else failed++;

fs.rmSync(report, { recursive: true, force: true });
console.log(`\nScreenshots: test/artifacts/`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(ok && failed === 0 ? 0 : 1);
