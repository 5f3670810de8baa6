/** Application attachments (I4) and the intake duplicate check: encrypted in the store, limited, audited. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeIdNumber, newSchool, STUDENT } from '../support/school';

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('ATTACHMENT-CANARY-91f2 扫描件'),
  Buffer.alloc(2000, 7),
]);

describe('attachments', () => {
  it('stores scans inside the encrypted store, lists them, audits each view, and refuses other types and oversize files', async () => {
    const { client, app, dir } = await newSchool();
    const { id: studentId } = await client.call('students.create', STUDENT(makeIdNumber('610113', '2012-03-05', 121)));
    const { id: caseId } = await client.call('cases.apply', {
      studentId,
      applicantType: 'guardian',
      applicantName: '张大山',
      careRequested: ['financialAid'],
      facts: '事实',
      reasons: '理由',
      categories: [],
      riskFactors: [],
    });
    const { id } = await client.call('attachments.add', { caseId, fileRef: await client.send(PNG, '低保证明.png', 'attachment') });
    const list = await client.call('attachments.list', { caseId });
    expect(list).toMatchObject([{ id, fileName: '低保证明.png', mime: 'image/png', size: PNG.length, uploadedBy: '王老师' }]);
    const got = await client.call('attachments.get', { id });
    expect(Buffer.from(got.base64, 'base64').equals(PNG)).toBe(true);
    expect(await app.db()('audit_log').where({ action: 'attachment.view' }).first()).toBeTruthy();

    const exe = await client.raw('attachments.add', {
      caseId,
      fileRef: await client.send(Buffer.from('MZ\x90\x00 not an image'), '证明.png', 'attachment'),
    });
    expect(!exe.ok && exe.error.message).toContain('不是 PDF、JPEG 或 PNG');
    // Too large is refused before anything is read or held.
    const big = await client.router.upload(client.session, 'attachment', '大图.png', Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]));
    expect(!big.ok && big.error.message).toContain('超过 10 MB');

    await app.ws.openedStore().withRaw((c) => c.pragma('wal_checkpoint(TRUNCATE)'));
    for (const f of fs.readdirSync(dir)) {
      const p = path.join(dir, f);
      if (fs.statSync(p).isFile()) expect(fs.readFileSync(p).includes(Buffer.from('ATTACHMENT-CANARY-91f2')), f).toBe(false);
    }
  });

  it('flags a same-name, same-birth-date student at intake until the office confirms it is a different child', async () => {
    const { client } = await newSchool();
    await client.call('students.create', STUDENT(makeIdNumber('610113', '2012-03-05', 131), '王小丫'));
    const twin = STUDENT(makeIdNumber('610124', '2012-03-05', 132), '王小丫');
    const r = await client.raw('students.create', twin);
    expect(!r.ok && r.error.code).toBe('CONFLICT');
    expect(!r.ok && r.error.message).toContain('疑似重复');
    const ok = await client.call('students.create', { ...twin, notDuplicate: true });
    expect(ok.id).toBeGreaterThan(0);
  });
});
