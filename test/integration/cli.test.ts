/** The caredesk command: same services, password only from the environment, one-line bilingual failures. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/school';

const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['bin/caredesk.mjs', ...args], {
    encoding: 'utf8',
    env: { ...process.env, CAREDESK_USER: 'admin', CAREDESK_PASSWORD: 'Admin-pass-2025', ...env },
  });

describe('caredesk CLI', () => {
  it('initialises, seeds deterministically and lists students as JSON with masked IDs', () => {
    const a = path.join(tempDir(), 'a');
    const b = path.join(tempDir(), 'b');
    for (const dir of [a, b]) {
      const init = run(['init', '--data', dir, '--school-code', '3161012345', '--school-name', '测试中学', '--admin', 'admin']);
      expect(init.status, init.stderr).toBe(0);
      expect(init.stdout).toMatch(/恢复码.*[A-Z2-9]{4}-/);
      expect(run(['seed', '--data', dir, '--students', '40', '--seed', '9', '--care-days', '0']).status).toBe(0);
    }
    // A second seed (or one after an interrupted seed) is refused with a sentence, never a raw SQLite error.
    const again = run(['seed', '--data', a, '--students', '40', '--seed', '9', '--care-days', '0']);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('seed 只用于新建的空演示工作台');
    expect(again.stderr).not.toMatch(/SqliteError|内部错误/);
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

describe('caredesk import aid-list', () => {
  it('previews without writing, then imports, printing per-row results and counts', async () => {
    const fs = await import('node:fs');
    const { buildAidListXlsx } = await import('../fixtures/aidListFixture');
    const dir = path.join(tempDir(), 's');
    expect(run(['init', '--data', dir, '--school-code', '3161012345', '--school-name', '测试中学', '--admin', 'admin']).status).toBe(0);
    const file = path.join(tempDir(), '资助名单.xlsx');
    fs.writeFileSync(file, await buildAidListXlsx());
    const pre = run(['import', 'aid-list', '--data', dir, file, '--preview', '--json']);
    expect(pre.status, pre.stderr).toBe(0);
    const p = JSON.parse(pre.stdout) as {
      counts: { rejected: number; newCases: number };
      rows: Array<{ row: number; status: string; reason: string }>;
    };
    expect(p.counts.rejected).toBe(11); // in an empty school the 学籍号-only row cannot be matched either
    expect(p.rows.find((r) => r.row === 9)?.reason).toContain('校验位不符');
    expect(JSON.parse(run(['cases', 'list', '--data', dir, '--json']).stdout)).toEqual([]);
    const imp = run(['import', 'aid-list', '--data', dir, file]);
    expect(imp.status, imp.stderr).toBe(0);
    expect(imp.stdout).toMatch(/新个案 \d+/);
    const cases = JSON.parse(run(['cases', 'list', '--data', dir, '--json']).stdout) as Array<{ state: string; source: string }>;
    expect(cases.length).toBe(p.counts.newCases);
    expect(cases.every((c) => c.source === 'systemPush' && c.state === 'reviewed')).toBe(true);
  });
});

describe('caredesk backup and restore', () => {
  it('restores a backup into an empty folder from the command line', () => {
    const root = tempDir();
    const dir = path.join(root, 's');
    expect(run(['init', '--data', dir, '--school-code', '3161012345', '--school-name', '测试中学', '--admin', 'admin']).status).toBe(0);
    expect(run(['seed', '--data', dir, '--students', '10', '--seed', '2']).status).toBe(0);
    const file = path.join(root, 'b.cdbackup');
    expect(run(['backup', '--data', dir, '--out', file]).status).toBe(0);
    const restored = run(['restore', '--data', path.join(root, 'r'), file]);
    expect(restored.status, restored.stderr).toBe(0);
    const names = (d: string) =>
      (JSON.parse(run(['students', 'list', '--data', d, '--json']).stdout) as Array<{ name: string }>).map((s) => s.name);
    expect(names(path.join(root, 'r'))).toEqual(names(dir));
  });

  it('prints compliance, pair suggestions, ranked jobs and aid gaps as JSON on a seeded school', () => {
    const dir = path.join(tempDir(), 'c');
    expect(
      run([
        'init',
        '--data',
        dir,
        '--school-code',
        '3161012345',
        '--school-name',
        '测试中学',
        '--admin',
        'admin',
        '--stages',
        'junior,senior',
      ]).status,
    ).toBe(0);
    const seeded = run(['seed', '--data', dir, '--students', '150', '--seed', '6', '--care-days', '30']);
    expect(seeded.status, seeded.stderr).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    const month = today.slice(0, 7);
    const comp = JSON.parse(run(['compliance', '--data', dir, '--month', month, '--json']).stdout) as {
      count: number;
      keyStudents: number;
      items: Array<{ obligation: string; dueDate: string; responsible: string; student: string }>;
    };
    expect(comp.keyStudents).toBeGreaterThan(0);
    expect(comp.items).toHaveLength(comp.count);
    for (const i of comp.items) {
      expect(['dailyAsk', 'weeklySee', 'monthlyTalk', 'concern']).toContain(i.obligation);
      expect(i.responsible).not.toBe('');
    }
    expect(comp.items.some((i) => i.obligation === 'concern')).toBe(true); // the seed leaves overdue tickets
    const bad = run(['compliance', '--data', dir, '--month', '2026-13', '--json']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('月份');

    const cases = JSON.parse(run(['cases', 'list', '--data', dir, '--json']).stdout) as Array<{
      studentId: number;
      state: string;
      className: string;
    }>;
    const key = cases.find((c) => c.state === 'confirmed' || c.state === 'filed')!;
    const pairs = JSON.parse(run(['pairs', 'suggest', '--data', dir, '--student', String(key.studentId), '--json']).stdout) as {
      rule: string;
      suggestions: Array<{ score: number; reasons: string[] }>;
    };
    expect(pairs.rule).toContain('同班优先');
    expect(pairs.suggestions.map((x) => x.score)).toEqual([...pairs.suggestions.map((x) => x.score)].sort((a, b) => b - a));

    // E8 serves every student in difficulty in a final grade (a T1 category, on the key-care list or not).
    const everyone = JSON.parse(run(['students', 'list', '--data', dir, '--json']).stdout) as Array<{
      id: number;
      grade: string;
      categories: string[];
    }>;
    const grad = everyone.find((x) => x.grade === '高三' && x.categories.length > 0)!;
    const junior = everyone.find((x) => x.grade === '九年级' && x.categories.length > 0)!;
    const guidance = JSON.parse(run(['jobs', 'recommend', '--data', dir, '--student', String(junior.id), '--json']).stdout) as {
      notForWork: string | null;
      postings: unknown[];
    };
    expect(guidance.notForWork).toMatch(/劳动法|升学/);
    expect(guidance.postings).toEqual([]);
    const jobs = JSON.parse(run(['jobs', 'recommend', '--data', dir, '--student', String(grad.id), '--json']).stdout) as {
      postings: Array<{ score: number; deadline: string; reasons: string[] }>;
    };
    expect(jobs.postings.length).toBeGreaterThan(0);
    expect(jobs.postings.every((p) => p.deadline >= today && p.reasons.length > 0)).toBe(true);
    expect(jobs.postings.map((p) => p.score)).toEqual([...jobs.postings.map((p) => p.score)].sort((a, b) => b - a));

    const gaps = JSON.parse(run(['aid', 'gaps', '--data', dir, '--json']).stdout) as { students: Array<{ reasons: string[] }> };
    expect(gaps.students.length).toBeGreaterThan(0);
    expect(gaps.students.every((s) => s.reasons.length > 0)).toBe(true);

    // The seed writes attendance and scores with some students at risk, so warnings appear (issue 13's JSON shape).
    const warned = run(['warnings', 'run', '--data', dir, '--json']);
    expect(warned.status, warned.stderr).toBe(0);
    const w = JSON.parse(warned.stdout) as {
      run: { raised: number; updated: number };
      warnings: Array<{ studentId: number; indicator: string; level: string; evidence: string; routedTo: string; due: string }>;
    };
    expect(w.run.raised).toBe(0); // the seed already ran the rules: this run updates them
    expect(w.warnings.length).toBeGreaterThan(0);
    expect(w.warnings.some((x) => ['absenceRate', 'failedCore', 'unexplainedRun'].includes(x.indicator))).toBe(true);
    for (const x of w.warnings) {
      expect(['yellow', 'orange', 'red']).toContain(x.level);
      expect(x.evidence).toMatch(/阈值/);
      expect(x.routedTo).not.toBe('');
      expect(x.due).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }

    // The annual summary exactly as the issue writes the command: an A4 PDF (the draft, nothing saved yet).
    const pdf = path.join(dir, '..', '总结.pdf');
    const annual = run(['report', 'annual', '--data', dir, '--year', today.slice(0, 4), '--out', pdf]);
    expect(annual.status, annual.stderr).toBe(0);
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const next = String(Number(today.slice(0, 4)) + 1);
    expect(run(['report', 'annual', '--data', dir, '--year', next, '--out', pdf]).stderr).toContain(`${next} 年度尚未开始`);
    expect(run(['report', 'annual', '--data', dir, '--year', '2999', '--out', pdf]).stderr).toContain('输入有误：年度不晚于 2100');
  });
});
