/** Imports point one way (ARCHITECTURE.md): shared → nothing; renderer → shared; migrations → nothing of ours. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}
const imports = (f: string) => [...fs.readFileSync(f, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);

describe('layering', () => {
  it('shared imports no node:, electron, react, main or renderer', () => {
    for (const f of files('shared')) for (const i of imports(f)) expect(i, f).not.toMatch(/^(node:|electron|react)|\/(main|renderer)\//);
  });
  it('the renderer imports no node:, electron or main', () => {
    for (const f of files('renderer/src')) for (const i of imports(f)) expect(i, f).not.toMatch(/^(node:|electron)|\/main\//);
  });
  it('only main/shell and main/preload import electron', () => {
    for (const f of files('main').filter((x) => !/main\/(shell|preload)\//.test(x))) for (const i of imports(f)) expect(i, f).not.toBe('electron');
  });
  it('main/core never imports main/ipc or main/shell', () => {
    for (const f of files('main/core')) for (const i of imports(f)) expect(i, f).not.toMatch(/\/(ipc|shell)\//);
  });
  it('migrations import nothing of ours', () => {
    for (const f of files('migrations')) for (const i of imports(f)) expect(i, f).toMatch(/^(knex|\.\/)/);
  });
});
