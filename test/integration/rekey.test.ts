/**
 * Issue 10, item 10: one data key for everyone no more. Key slots are X25519 key pairs; disabling an account or
 * resetting a password rekeys the store, so an old slot file, a copied folder or an old backup opens only the data
 * of its time; crisis text is sealed under a second key that only the counsellor, principal and administrator hold.
 * Everything runs through the router on real encrypted stores; the attacker's side uses the public key-slot and store
 * modules exactly as someone holding a copy of the folder would.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CoreApp } from '../../main/core/app';
import { createRouter } from '../../main/ipc/router';
import { openStore } from '../../main/core/store/db';
import {
  accountSlotName,
  keySlotFileSchema,
  RECOVERY_SLOT_NAME,
  wrapKey,
  writeKeySlots,
  type KeySlotFile,
} from '../../main/core/store/keySlots';
import { openSlot } from '../../main/core/store/keySlots';
import { openText } from '../../main/core/store/sealedText';
import { confirmedStudent } from '../support/flow';
import { ADMIN, Client, newSchool, tempDir } from '../support/school';

const readSlots = (dir: string): KeySlotFile =>
  keySlotFileSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, 'keyslots.json'), 'utf8')));

/** What a person holding a slot file and their password gets: the keys it opens. */
async function keysFrom(slots: KeySlotFile, username: string, password: string) {
  const slot = slots.slots.find((s) => s.username === username);
  if (!slot) throw new Error(`no slot for ${username}`);
  const opened = await openSlot(slot, password, slots.storeId, accountSlotName(slot.accountId));
  if (!opened) throw new Error('wrong password');
  return opened;
}

/** Tries to open the store file in `dir` with a key, as a copy of the folder would be opened. */
async function opensWith(dir: string, key: Buffer): Promise<boolean> {
  const copy = tempDir('caredesk-attacker-');
  fs.copyFileSync(path.join(dir, 'caredesk.db'), path.join(copy, 'caredesk.db'));
  try {
    const s = await openStore(copy, key, { migrate: false });
    await s.close();
    return true;
  } catch (e) {
    expect(String(e)).toContain('无法解密数据库');
    return false;
  }
}

async function staff(client: Client, username: string, role: 'headTeacher' | 'counsellor' | 'officer', classes: string[] = []) {
  const { id } = await client.call('accounts.create', { username, displayName: username, password: `${username}-Issued-1`, role, classes });
  const c = new Client(client.router);
  await c.firstLogin(username, `${username}-Issued-1`);
  return { id, client: c, password: `${username}-Issued-1-own` };
}

describe('rekey after a disable or a password reset', () => {
  it('an old slot file or copied folder opens only the old data; everyone else works on without signing in again', async () => {
    const { client, dir, app } = await newSchool();
    const leaver = await staff(client, 'liu', 'headTeacher', ['七年级(1)班']);
    const stays = await staff(client, 'xinli', 'counsellor');
    // What the leaver takes home before being disabled: the slot file and a copy of the store.
    const keptSlots = readSlots(dir);
    const keptKeys = await keysFrom(keptSlots, 'liu', leaver.password);
    expect(keptKeys.crisisKey).toBeNull(); // a head teacher never held the crisis key
    expect(await opensWith(dir, keptKeys.dataKey)).toBe(true); // today: the same key opens the store

    const r = await client.call('accounts.disable', { id: leaver.id });
    expect(r).toMatchObject({ ok: true, newRecoveryCode: null, lostAccess: [] });
    expect(r.rekeyMs).toBeGreaterThan(0);
    expect(await opensWith(dir, keptKeys.dataKey)).toBe(false);
    // The folder holds no copy under the old key (the files put aside during the swap are gone).
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('.before-') || f.startsWith('.rekey-'))).toEqual([]);

    // The administrator and the counsellor keep working in their sessions; the counsellor signs in again too.
    await confirmedStudent(client, 201, '张小明', '七年级(1)班');
    expect((await stays.client.call('crisis.list', {})).length).toBe(0);
    const again = new Client(client.router);
    await again.login('xinli', stays.password);
    const audit = await client.call('audit.verify', {});
    expect(audit.ok).toBe(true);
    const entry = (await app.db()('audit_log').where({ action: 'store.rekey' }).first('actor_name', 'detail')) as {
      actor_name: string;
      detail: string;
    };
    expect(entry.actor_name).toBe(ADMIN.displayName);
    expect(JSON.parse(entry.detail)).toMatchObject({ reason: 'disable', accounts: 2, crisisHolders: 2 });
  });

  it('a password reset: the old password’s slot opens nothing of the rekeyed store, the new one does', async () => {
    const { client, dir } = await newSchool();
    const t = await staff(client, 'zhao', 'officer');
    const before = await keysFrom(readSlots(dir), 'zhao', t.password);
    await client.call('accounts.resetPassword', { id: t.id, password: 'Zhao-reset-pass-9' });
    expect(await opensWith(dir, before.dataKey)).toBe(false);
    const now = await keysFrom(readSlots(dir), 'zhao', 'Zhao-reset-pass-9');
    expect(await opensWith(dir, now.dataKey)).toBe(true);
    await expect(keysFrom(readSlots(dir), 'zhao', t.password)).rejects.toThrow('wrong password');
  });
});

describe('the crisis key', () => {
  it('keeps crisis text and referrals from a role that may open the store but not read crisis records', async () => {
    const { client, dir, app } = await newSchool();
    const s = await confirmedStudent(client, 202, '李小红', '七年级(1)班');
    const teacher = await staff(client, 'liu', 'headTeacher', ['七年级(1)班']);
    const counsellor = await staff(client, 'xinli', 'counsellor');
    const { id: crisisId } = await counsellor.client.call('crisis.record', {
      studentId: s.studentId,
      date: new Date().toISOString().slice(0, 10),
      levelKey: 'L2',
      disposition: 'intervene',
      note: '金丝雀：家中变故后情绪低落',
    });
    await counsellor.client.call('crisis.addReferral', {
      crisisId,
      institution: '金丝雀精神卫生中心',
      date: new Date().toISOString().slice(0, 10),
      result: '门诊评估',
    });
    expect((await counsellor.client.call('crisis.list', {}))[0]).toMatchObject({ note: '金丝雀：家中变故后情绪低落' });

    // The head teacher's own slot opens the store (a copy of the folder, their password) but not the crisis text.
    const mine = await keysFrom(readSlots(dir), 'liu', teacher.password);
    expect(mine.crisisKey).toBeNull();
    const rows = (await app.db()('crisis_records').select('note')) as Array<{ note: string }>;
    const refs = (await app.db()('referrals').select('institution', 'result')) as Array<{ institution: string; result: string }>;
    expect(JSON.stringify([rows, refs])).not.toContain('金丝雀');
    expect(JSON.stringify([rows, refs])).not.toContain('门诊评估');
    expect(() => openText(mine.crisisKey, rows[0].note, 'crisis_records.note')).toThrow('没有危机记录密钥');
    // The counsellor's slot holds it, so does the administrator's (given at creation, by the administrator).
    const theirs = await keysFrom(readSlots(dir), 'xinli', counsellor.password);
    expect(openText(theirs.crisisKey, rows[0].note, 'crisis_records.note')).toBe('金丝雀：家中变故后情绪低落');
    const admins = await keysFrom(readSlots(dir), ADMIN.username, ADMIN.password);
    expect(admins.crisisKey?.equals(theirs.crisisKey as Buffer)).toBe(true);

    // A rekey gives a new crisis key too: the counsellor still reads, the old key no longer opens the text.
    await client.call('accounts.disable', { id: teacher.id });
    expect((await counsellor.client.call('crisis.list', {}))[0]).toMatchObject({
      note: '金丝雀：家中变故后情绪低落',
      referrals: [{ institution: '金丝雀精神卫生中心', result: '门诊评估' }],
    });
    const resealed = ((await app.db()('crisis_records').select('note')) as Array<{ note: string }>)[0].note;
    expect(() => openText(theirs.crisisKey, resealed, 'crisis_records.note')).toThrow('无法解密');
  });

  it('upgrades a version-1 slot file at each sign-in; a rekey says which accounts and which recovery code could not follow', async () => {
    const { client, dir, app } = await newSchool();
    const s = await confirmedStudent(client, 203, '王小军', '七年级(1)班');
    const gone = await staff(client, 'gone', 'officer');
    await staff(client, 'later', 'officer');
    const counsellor = await staff(client, 'xinli', 'counsellor');
    await counsellor.client.call('crisis.record', {
      studentId: s.studentId,
      date: new Date().toISOString().slice(0, 10),
      levelKey: 'L1',
      disposition: 'watch',
      note: '旧版明文记录',
    });
    // Rewrite the folder as CareDesk wrote it before key pairs: the data key wrapped by each password, text in the clear.
    const current = readSlots(dir);
    const dataKey = (await keysFrom(current, ADMIN.username, ADMIN.password)).dataKey;
    const passwords: Record<string, string> = {
      admin: ADMIN.password,
      gone: gone.password,
      later: 'later-Issued-1-own',
      xinli: counsellor.password,
    };
    const crisis = (await keysFrom(current, 'xinli', counsellor.password)).crisisKey;
    const row = (await app.db()('crisis_records').first('id', 'note')) as { id: number; note: string };
    await app
      .db()('crisis_records')
      .where({ id: row.id })
      .update({ note: openText(crisis, row.note, 'crisis_records.note') });
    await app.close();
    const legacy: KeySlotFile = {
      ...current,
      version: 1,
      slots: await Promise.all(
        current.slots.map(async (x) => ({
          accountId: x.accountId,
          username: x.username,
          failed: 0,
          lockedUntil: null,
          failedSinceLogin: 0,
          ...(await wrapKey(dataKey, passwords[x.username], current.storeId, accountSlotName(x.accountId))),
        })),
      ),
      recovery: await wrapKey(dataKey, 'NOT-THE-CODE', current.storeId, RECOVERY_SLOT_NAME),
    };
    writeKeySlots(dir, legacy);

    const reopened = new CoreApp({ dataDir: dir });
    const admin = new Client(createRouter(reopened, () => undefined));
    await admin.login(ADMIN.username, ADMIN.password);
    // The administrator's slot is now a key pair holding the data key and a new crisis key; the old text is sealed.
    const upgraded = readSlots(dir);
    expect(upgraded.slots.find((x) => x.username === 'admin')).toMatchObject({
      publicKey: expect.any(String),
      crisisBox: expect.any(Object),
    });
    expect(((await reopened.db()('crisis_records').first('note')) as { note: string }).note).toMatch(/^cdx1:/);
    // The counsellor signs in: their slot is upgraded and receives the crisis key from the administrator's grant.
    const c2 = new Client(admin.router);
    await c2.login('xinli', counsellor.password);
    expect((await c2.call('crisis.list', {}))[0].note).toBe('旧版明文记录');

    const r = await admin.call('accounts.disable', { id: gone.id });
    expect(r.lostAccess).toEqual(['later']); // never signed in since: a reset is needed
    expect(r.newRecoveryCode).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){7}$/);
    const after = readSlots(dir);
    expect(after.version).toBe(2);
    expect(after.slots.map((x) => x.username).sort()).toEqual(['admin', 'xinli']);
    expect((await c2.call('crisis.list', {}))[0].note).toBe('旧版明文记录');
    await reopened.close();
    // The new recovery code opens the new keys.
    const viaCode = await openSlot(
      after.recovery,
      (r.newRecoveryCode as string).replace(/-/g, '').match(/.{4}/g)!.join('-'),
      after.storeId,
      RECOVERY_SLOT_NAME,
    );
    expect(viaCode && (await opensWith(dir, viaCode.dataKey))).toBe(true);
  });
});
