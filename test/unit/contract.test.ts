import { describe, expect, it } from 'vitest';
import { accessMapOf, mayCall } from '../../shared/contract/access';
import { contract, METHOD_NAMES } from '../../shared/contract/index';
import { handlers } from '../../main/core/services/index';

describe('contract', () => {
  it('has exactly one handler per method, merged from the domain services', () => {
    expect(Object.keys(handlers).sort()).toEqual([...METHOD_NAMES].sort());
  });
  it('names every method by its domain file', () => {
    for (const name of METHOD_NAMES) expect(name).toMatch(/^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/);
    // jobs.* is only long-running work; employment lives under employment.*
    expect(METHOD_NAMES.filter((m) => m.startsWith('jobs.')).sort()).toEqual(['jobs.cancel', 'jobs.status']);
  });
  it('documents every method in Chinese and offers no publish or notice function (I1)', () => {
    for (const [name, spec] of Object.entries(contract)) {
      expect(spec.doc, name).toMatch(/[\u4e00-\u9fa5]/);
      expect(name).not.toMatch(/publish|notice|public/i);
    }
  });
  it('derives the zod-free access map the renderer asks can(role, method) of', () => {
    const map = accessMapOf(contract);
    expect(Object.keys(map).sort()).toEqual([...METHOD_NAMES].sort());
    expect(JSON.parse(JSON.stringify(map))).toEqual(map); // plain data, no schemas
    expect(mayCall(map, 'headTeacher', 'school', 'crisis.list')).toBe(false);
    expect(mayCall(map, 'counsellor', 'school', 'crisis.list')).toBe(true);
    expect(mayCall(map, 'admin', 'school', 'bureau.summary')).toBe(false);
    expect(mayCall(map, 'admin', 'bureau', 'bureau.summary')).toBe(true);
  });
});
