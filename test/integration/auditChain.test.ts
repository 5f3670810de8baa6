/**
 * What someone holding the data key can do to the audit log, and what is noticed: cutting the last entries or
 * rewriting earlier ones (with every hash recomputed, so the chain itself is consistent) is caught by the copy of the
 * head outside the store (the key-slot file) and, for anything before the last filing, by the bureau. Dropped
 * append-only triggers come back at the next unlock.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CoreApp } from '../../main/core/app';
import { confirmedStudent } from '../support/flow';
import { ADMIN, newBureau, newSchool, registerAndFile } from '../support/school';

type Row = {
  id: number;
  at: string;
  actor_id: number | null;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string;
  detail: string;
  seq: number;
  hash_version: number;
};

/** The attacker's tool: recompute every hash so the chain verifies on its own (the formula is in the open source). */
async function rechain(app: CoreApp): Promise<void> {
  await app.ws.openedStore().withRaw((c) => {
    c.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
    const rows = c.prepare('SELECT * FROM audit_log ORDER BY id').all() as Row[];
    let prev = '0'.repeat(64);
    rows.forEach((r, i) => {
      const hash = crypto
        .createHash('sha256')
        .update(JSON.stringify(['v2', prev, r.id, i + 1, r.at, r.actor_id, r.actor_name, r.action, r.entity_type, r.entity_id, r.detail]))
        .digest('hex');
      c.prepare('UPDATE audit_log SET prev_hash = ?, hash = ?, seq = ?, hash_version = 2 WHERE id = ?').run(prev, hash, i + 1, r.id);
      prev = hash;
    });
  });
}

describe('audit chain', () => {
  it('notices the last entries cut off, though the remaining chain is consistent', async () => {
    const { client, app } = await newSchool();
    await confirmedStudent(client, 81);
    await client.login(ADMIN.username, ADMIN.password); // a login anchors the head outside the store
    expect((await client.call('audit.verify', {})).ok).toBe(true);
    await app.ws.openedStore().withRaw((c) => {
      c.exec('DROP TRIGGER audit_log_no_delete;');
      c.exec('DELETE FROM audit_log WHERE id > (SELECT max(id) - 3 FROM audit_log)');
    });
    const r = await client.call('audit.verify', {});
    expect(r.brokenAt).toBeNull(); // the chain alone cannot tell
    expect(r.ok).toBe(false);
    expect(r.anchor?.problem).toContain('审计日志被截短');
  });

  it('notices an earlier entry rewritten with every hash recomputed', async () => {
    const { client, app } = await newSchool();
    await confirmedStudent(client, 82);
    await client.login(ADMIN.username, ADMIN.password);
    await app.ws.openedStore().withRaw((c) => {
      c.exec('DROP TRIGGER audit_log_no_update;');
      c.prepare("UPDATE audit_log SET entity_id = '999' WHERE action = 'student.create'").run();
    });
    await rechain(app);
    const r = await client.call('audit.verify', {});
    expect(r.brokenAt).toBeNull();
    expect(r.anchor?.problem).toContain('被改写');
  });

  it('brings the append-only triggers back at the next unlock', async () => {
    const { client, app } = await newSchool();
    await app.ws.openedStore().withRaw((c) => c.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;'));
    await client.call('auth.logout', {});
    await client.login(ADMIN.username, ADMIN.password);
    await expect(app.db()('audit_log').where({ id: 1 }).update({ actor_name: 'x' })).rejects.toThrow('审计日志只能追加');
    await expect(app.db()('audit_log').where({ id: 1 }).delete()).rejects.toThrow('审计日志只能追加');
  });

  it('lets the bureau see a school whose log shrank or no longer extends the head it filed', async () => {
    const { client, app, dir } = await newSchool();
    const bureau = await newBureau();
    await confirmedStudent(client, 83);
    await registerAndFile(client, bureau.client, '2026H1');
    // The school cuts and rechains its log, and edits the copy of the head in its key-slot file to match.
    await app.ws.openedStore().withRaw((c) => {
      c.exec('DROP TRIGGER audit_log_no_delete;');
      c.exec("DELETE FROM audit_log WHERE action IN ('student.create', 'case.apply')");
    });
    await rechain(app);
    const slots = JSON.parse(fs.readFileSync(path.join(dir, 'keyslots.json'), 'utf8'));
    delete slots.auditHead;
    fs.writeFileSync(path.join(dir, 'keyslots.json'), JSON.stringify(slots));
    await registerAndFile(client, bureau.client, '2026H2');
    const summary = await bureau.client.call('bureau.summary', {});
    expect(summary[0].auditFlag).toMatch(/审计日志记录数减少|不能延续/);
  });

  it('finds nothing to flag when a school’s chain simply grows', async () => {
    const { client } = await newSchool();
    const bureau = await newBureau();
    await confirmedStudent(client, 84);
    await registerAndFile(client, bureau.client, '2026H1');
    await confirmedStudent(client, 85, '李小红');
    await registerAndFile(client, bureau.client, '2026H2');
    expect((await bureau.client.call('bureau.summary', {}))[0].auditFlag).toBe('');
  });
});
