import { describe, expect, it } from 'vitest';
import { contract, METHOD_NAMES } from '../../shared/contract/index';
import { CONTRACT_METHOD_NAMES } from '../../shared/contract/methodNames';
import { handlers } from '../../main/ipc/handlers';

describe('contract', () => {
  it('lists the same methods for the preload, the router and the handlers', () => {
    expect([...CONTRACT_METHOD_NAMES].sort()).toEqual([...METHOD_NAMES].sort());
    expect(Object.keys(handlers).sort()).toEqual([...METHOD_NAMES].sort());
  });
  it('documents every method in Chinese and offers no publish or notice function (I1)', () => {
    for (const [name, spec] of Object.entries(contract)) {
      expect(spec.doc, name).toMatch(/[\u4e00-\u9fa5]/);
      expect(name).not.toMatch(/publish|notice|public/i);
    }
  });
});
