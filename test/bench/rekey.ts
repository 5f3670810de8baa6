/**
 * Rekey benchmark (issue 10), run on demand: `npm run bench`. The large synthetic school (20,000 students, about two
 * million contact rows) with a slot file of version 2 and sealed crisis records, then the rekey that follows a disable:
 * copy, re-seal, page-by-page re-encryption, proof and journaled swap. The baseline in the same process is a plain copy
 * of the store file, which any rekey that never rewrites the live file must at least pay. Prints figures only.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { report } from './timing';
import { bigCareSchool, NOW } from './bigCareSchool';
import { openStore } from '../../main/core/store/db';
import { newKeyPair } from '../../main/core/store/keyBoxes';
import {
  accountSlotName,
  boxesFor,
  newRecoveryCode,
  newSlot,
  RECOVERY_SLOT_NAME,
  writeKeySlots,
  type KeySlotFile,
} from '../../main/core/store/keySlots';
import { rekeyFolder } from '../../main/core/store/rekey';
import { sealText } from '../../main/core/store/sealedText';
import { CRISIS_ROLES } from '../../shared/contract/roleGroups';

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caredesk-bench-rekey-'));
  const dataKey = crypto.randomBytes(32);
  const crisisKey = crypto.randomBytes(32);
  const t0 = performance.now();
  const { store } = await bigCareSchool(dir, dataKey);
  const db = store.knex;
  // Two hundred crisis records with a referral each, sealed as the service writes them.
  const students = (await db('students').orderBy('id').limit(200).pluck('id')) as number[];
  for (const id of students) {
    const [cid] = await db('crisis_records').insert({
      student_id: id,
      date: '2026-10-09',
      level_key: 'L2',
      level_label: '二级（橙色）',
      level_color: 'orange',
      severity: 3,
      disposition: 'refer',
      note: sealText(crisisKey, '基准测试：情绪波动，已约谈家长', 'crisis_records.note'),
      recorded_by: 1,
      updated_at: NOW.toISOString(),
    });
    await db('referrals').insert({
      crisis_id: cid,
      institution: sealText(crisisKey, '西安市精神卫生中心', 'referrals.institution'),
      date: '2026-10-10',
      result: sealText(crisisKey, '门诊评估', 'referrals.result'),
      recorded_by: 1,
    });
  }
  const accounts = (await db('accounts').orderBy('id').select('id', 'username', 'role')) as Array<{
    id: number;
    username: string;
    role: string;
  }>;
  await store.withRaw((c) => c.pragma('wal_checkpoint(TRUNCATE)'));
  await store.close();
  report('seeding time', `${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const storeId = crypto.randomUUID();
  const slotFile: KeySlotFile = {
    format: 'caredesk-keyslots',
    version: 2,
    workspace: 'school',
    name: '基准学校',
    storeId,
    slots: [],
    recovery: await newSlot(newRecoveryCode(), storeId, RECOVERY_SLOT_NAME, { dataKey, crisisKey }),
  };
  // One real password slot; the other accounts (a head teacher per class) get their own key pairs with that wrapped
  // private key copied, since a rekey reads only public keys and 400 Argon2 derivations would only slow the setup.
  const template = await newSlot('pw-bench', storeId, accountSlotName(1), { dataKey, crisisKey });
  for (const a of accounts) {
    const crisis = CRISIS_ROLES.includes(a.role as never);
    const pair = newKeyPair();
    pair.privateKey.fill(0);
    slotFile.slots.push({
      accountId: a.id,
      username: a.username,
      failed: 0,
      lockedUntil: null,
      failedSinceLogin: 0,
      ...template,
      ...boxesFor(pair.publicKey, storeId, accountSlotName(a.id), { dataKey, crisisKey: crisis ? crisisKey : null }),
    });
  }
  writeKeySlots(dir, slotFile);
  const file = path.join(dir, 'caredesk.db');
  const mb = fs.statSync(file).size / 2 ** 20;
  report('store file / accounts with a slot', `${mb.toFixed(0)} MB / ${slotFile.slots.length}`);

  const copyTo = path.join(dir, 'baseline-copy.db');
  const c0 = performance.now();
  fs.copyFileSync(file, copyTo);
  const copyMs = performance.now() - c0;
  fs.rmSync(copyTo);
  report('baseline: plain copy of the store file', `${(copyMs / 1000).toFixed(2)} s`);

  const r0 = performance.now();
  const out = await rekeyFolder(dir, { dataKey, crisisKey }, slotFile, {
    now: NOW,
    by: { id: 1, name: '基准测试', role: 'admin' },
    reason: 'bench',
    crisisRoles: CRISIS_ROLES,
  });
  const rekeyMs = performance.now() - r0;
  report('rekey (copy, re-seal, re-encrypt, prove, swap)', `${(rekeyMs / 1000).toFixed(2)} s = ${(rekeyMs / copyMs).toFixed(1)}× the copy`);
  report('rows re-sealed under the new crisis key', String(out.resealed));
  const proof = await openStore(dir, out.keys.dataKey, { migrate: false });
  report(
    'contacts readable with the new key',
    Number(((await proof.knex('contacts').count({ n: '*' })) as Array<{ n: number }>)[0].n).toLocaleString('en'),
  );
  await proof.close();
  report('peak resident memory', `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
