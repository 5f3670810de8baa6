/**
 * Issue 11 #12: every error names the field by its on-screen label in plain Chinese. Walks every contract
 * input schema, so a new field without a label, or a check that falls back to the library's own wording
 * ("数值过小：期望 number >=5", "无效输入"), fails here.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { FIELD_LABELS, labelForPath } from '../../shared/contract/fieldLabels';
import { contract } from '../../shared/contract/index';

type Def = { type: string; innerType?: unknown; in?: unknown; shape?: Record<string, unknown>; element?: unknown; options?: unknown[] };
const defOf = (s: unknown): Def | undefined => (s as { _zod?: { def: Def } })._zod?.def;

/** The object shapes inside a schema (through optional, default, pipe, arrays and unions). */
function* shapes(schema: unknown): Generator<Record<string, unknown>> {
  const def = defOf(schema);
  if (!def) return;
  if (def.innerType) yield* shapes(def.innerType);
  else if (def.type === 'pipe') yield* shapes(def.in);
  else if (def.type === 'object' && def.shape) {
    yield def.shape;
    for (const v of Object.values(def.shape)) yield* shapes(v);
  } else if (def.type === 'array') yield* shapes(def.element);
  else if (def.type === 'union') for (const o of def.options ?? []) yield* shapes(o);
}

const entries = Object.entries(contract) as Array<[string, { input: z.ZodType }]>;
const CHINESE = /[\u4e00-\u9fa5]/;

describe('validation messages', () => {
  it('has a Chinese label for every input field of every method', () => {
    const missing: string[] = [];
    for (const [method, spec] of entries)
      for (const shape of shapes(spec.input))
        for (const key of Object.keys(shape))
          if (!(key in FIELD_LABELS)) missing.push(`${method}.${key}`);
          else expect((FIELD_LABELS as Record<string, string>)[key], key).toMatch(CHINESE);
    expect(missing).toEqual([]);
  });

  it('answers empty, wrong-typed, too-small and too-long input with Chinese sentences, never the library wording', () => {
    let checked = 0;
    for (const [method, spec] of entries) {
      const keys = [...shapes(spec.input)].flatMap((s) => Object.keys(s));
      const tries: unknown[] = [
        {},
        Object.fromEntries(keys.map((k) => [k, -1])),
        Object.fromEntries(keys.map((k) => [k, 'x'.repeat(6000)])),
        Object.fromEntries(keys.map((k) => [k, [{}]])),
      ];
      for (const input of tries) {
        const r = spec.input.safeParse(input);
        if (r.success) continue;
        for (const issue of r.error.issues) {
          const shown = `${labelForPath(issue.path, method)}：${issue.message}`;
          checked++;
          expect(issue.message, `${method} ${shown}`).toMatch(CHINESE);
          expect(issue.message, `${method} ${shown}`).not.toMatch(/expected|number|string|期望|无效输入|>=|<=/i);
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('uses the label of the form the field is on', () => {
    expect(labelForPath(['minutes'], 'meetings.close')).toBe('会议纪要');
    expect(labelForPath(['minutes'], 'careRecords.addHomeVisit')).toBe('时长（分钟）');
    expect(labelForPath(['title'], 'homeSchool.create')).toBe('活动名称');
  });
});
