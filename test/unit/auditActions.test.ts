/**
 * The audit log is read by people (the 督查, the administrator): every action the core writes has a Chinese label,
 * so no screen or export shows a bare code such as "bureau.forward". Scans main/ for appendAudit(…, '<action>', …).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_LABELS, auditActionLabel } from '../../shared/domain/auditActions';

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('audit action labels', () => {
  it('labels every action the core appends to the audit log', () => {
    const actions = new Set<string>();
    for (const f of files('main'))
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/appendAudit\(\s*[^,]+,\s*[^,]+?,\s*'([a-zA-Z.]+)'/gs)) actions.add(m[1]);
    expect(actions.size).toBeGreaterThan(100); // the scan finds the calls (it would pass vacuously otherwise)
    expect([...actions].filter((a) => !AUDIT_ACTION_LABELS[a]).sort()).toEqual([]);
    expect(auditActionLabel('bureau.forward')).toBe('生成上报汇总包');
  });
});
