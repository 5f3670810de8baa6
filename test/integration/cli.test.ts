/** The caredesk command: same services, password only from the environment, one-line bilingual failures. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/school';

const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['bin/caredesk.mjs', ...args], { encoding: 'utf8', env: { ...process.env, CAREDESK_USER: 'admin', CAREDESK_PASSWORD: 'Admin-pass-2025', ...env } });

describe('caredesk CLI', () => {
  it('initialises, seeds deterministically and lists students as JSON with masked IDs', () => {
    const a = path.join(tempDir(), 'a');
    const b = path.join(tempDir(), 'b');
    for (const dir of [a, b]) {
      const init = run(['init', '--data', dir, '--school-code', '3161012345', '--school-name', '测试中学', '--admin', 'admin']);
      expect(init.status, init.stderr).toBe(0);
      expect(init.stdout).toMatch(/恢复码.*[A-Z2-9]{4}-/);
      expect(run(['seed', '--data', dir, '--students', '40', '--seed', '9']).status).toBe(0);
    }
    const listA = JSON.parse(run(['students', 'list', '--data', a, '--json']).stdout) as Array<{ name: string; idNumberMasked: string }>;
    const listB = JSON.parse(run(['students', 'list', '--data', b, '--json']).stdout) as Array<{ name: string; idNumberMasked: string }>;
    expect(listA).toHaveLength(40);
    expect(listA.map((s) => s.name)).toEqual(listB.map((s) => s.name));
    expect(listA.every((s) => /^61\d{2}\*{10}\d{3}[\dX]$/.test(s.idNumberMasked))).toBe(true);
    const cases = JSON.parse(run(['cases', 'list', '--data', a, '--json']).stdout) as Array<{ state: string }>;
    expect(cases.length).toBeGreaterThan(0);
  });

  it('fails with one Chinese-and-English line and a non-zero exit on a wrong password or a missing one', () => {
    const dir = path.join(tempDir(), 's');
    expect(run(['init', '--data', dir, '--school-code', '3161012345', '--school-name', '测试中学', '--admin', 'admin']).status).toBe(0);
    const wrong = run(['students', 'list', '--data', dir], { CAREDESK_PASSWORD: 'not-the-password' });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    expect(wrong.stderr).toMatch(/用户名或密码错误.*Error: wrong user name or password/);
    const missing = run(['students', 'list', '--data', dir], { CAREDESK_PASSWORD: '' });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('CAREDESK_PASSWORD');
  });
});
