/**
 * Every visible string of the renderer goes through t() (renderer/src/i18n); enumeration labels come from
 * shared/domain. This fails on any Chinese text written directly in a screen, outside comments.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { zhCN } from '../../renderer/src/i18n/zh-CN';

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

/** Drops // and /* … *\/ comments (JSX comments included) so only code and markup remain. */
const stripComments = (src: string) => src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

describe('i18n', () => {
  it('has no Chinese text in the renderer outside the i18n layer', () => {
    const offenders: string[] = [];
    for (const f of files('renderer/src').filter((x) => !x.includes(`${path.sep}i18n${path.sep}`))) {
      stripComments(fs.readFileSync(f, 'utf8'))
        .split('\n')
        .forEach((line, i) => {
          if (/[\u4e00-\u9fa5]/.test(line)) offenders.push(`${f}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });
  it('keeps every message a non-empty string', () => {
    const walk = (node: unknown, key: string): void => {
      if (typeof node === 'string') expect(node.trim(), key).not.toBe('');
      else for (const [k, v] of Object.entries(node as Record<string, unknown>)) walk(v, `${key}.${k}`);
    };
    walk(zhCN, 'zhCN');
  });
});
