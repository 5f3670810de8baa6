/** Filing packages school → bureau with real age encryption and Ed25519 signatures, and every rejection. */
import { describe, expect, it } from 'vitest';
import { makeIdNumber, newBureau, newSchool, PROFILE } from '../support/school';
import { confirmedStudent } from '../support/flow';

async function setup() {
  const school = await newSchool();
  const bureau = await newBureau();
  await confirmedStudent(school.client, 51, '张小明');
  await confirmedStudent(school.client, 52, '李小红');
  const { recipient } = await bureau.client.call('bureau.key', {});
  const { keyText } = await school.client.call('filing.schoolKey', {});
  return { school, bureau, recipient, keyText };
}

describe('filing package', () => {
  it('keeps the bureau key file once, shows fingerprints as words, names the periods with due dates', async () => {
    const { school, bureau, recipient, keyText } = await setup();
    await bureau.client.call('bureau.registerSchool', { keyText });
    const before = await school.client.call('filing.status', {});
    expect(before.bureauKey).toBeNull();
    expect(before.schoolFingerprint.split(' ')).toHaveLength(8);
    await expect(school.client.call('filing.export', { period: '2025H2' })).rejects.toThrow(/请先导入教育局公钥文件/);
    await expect(school.client.call('filing.setBureauKey', { keyText: 'not a key' })).rejects.toThrow(/教育局公钥应以 age1 开头/);
    const { fingerprint } = await school.client.call('filing.setBureauKey', { keyText: recipient });
    expect(fingerprint).toMatch(/^(\S{2} ){7}\S{2}$/);
    const pkg = await school.client.call('filing.export', { period: '2025H2' });
    expect(pkg.sequence).toBe(1);
    const after = await school.client.call('filing.status', {});
    expect(after.bureauKey?.fingerprint).toBe(fingerprint);
    expect(after.packages).toEqual([expect.objectContaining({ sequence: 1, period: '2025H2', label: '2025年下半年', count: 2 })]);
    expect(after.periods[0]).toMatchObject({
      label: expect.stringMatching(/^\d{4}年[上下]半年$/),
      due: expect.stringMatching(/-(06-30|12-15)$/),
    });
  });

  it('round-trips school → bureau, marks cases filed, and carries only what the bureau needs', async () => {
    const { school, bureau, recipient, keyText } = await setup();
    await bureau.client.call('bureau.registerSchool', { keyText });
    const pkg = await school.client.call('filing.export', { period: '2025H2', bureauKey: recipient });
    expect(pkg.count).toBe(2);
    const bytes = Buffer.from(pkg.base64, 'base64');
    // No name, ID number, phone or address; the header names only the school's county (version 2), not a person's.
    for (const secret of ['张小明', makeIdNumber('610113', '2012-03-05', 51), '13812345678', '电子正街'])
      expect(bytes.includes(Buffer.from(secret))).toBe(false);
    const res = await bureau.client.call('bureau.importPackage', {
      fileRef: await bureau.client.send(Buffer.from(pkg.base64, 'base64'), pkg.fileName, 'package'),
    });
    expect(res).toMatchObject({ schoolCode: PROFILE.schoolCode, period: '2025H2', sequence: 1, count: 2 });
    const summary = await bureau.client.call('bureau.summary', {});
    expect(summary[0]).toMatchObject({ schoolCode: PROFILE.schoolCode, students: 2, byCategory: { leftBehind: 2, poverty: 2 } });
    // The bureau keeps the list of children only inside the package as it arrived (encrypted to its key): its tables
    // hold the package and counts, no row per child.
    expect(await bureau.app.db()('bureau_cases').count({ n: '*' }).first()).toEqual({ n: 0 });
    const kept = await bureau.app.db()('bureau_package_files').select('bytes');
    expect(kept).toHaveLength(1);
    expect(Buffer.from(kept[0].bytes).equals(bytes)).toBe(true);
    expect(await bureau.app.db()('bureau_package_categories').orderBy('category').select('category', 'students')).toEqual([
      { category: 'leftBehind', students: 2 },
      { category: 'poverty', students: 2 },
    ]);
    // Opened on demand, from that package, for one reading, and audited.
    const filed = await bureau.client.call('bureau.filedList', { schoolCode: PROFILE.schoolCode, period: '2025H2' });
    expect(filed).toMatchObject({ sequence: 1, label: '2025年下半年' });
    expect(filed.students).toHaveLength(2);
    expect(filed.students[0]).toMatchObject({ stage: 'junior', categories: ['leftBehind', 'poverty'] });
    expect(await bureau.app.db()('audit_log').where({ action: 'bureau.list.view' }).count({ n: '*' }).first()).toEqual({ n: 1 });
    const list = await school.client.call('cases.keyCareList', {});
    expect(list.every((c) => c.state === 'filed' && c.filedPackage === '2025H2 第1号')).toBe(true);
    // The bureau's own store is backed up the same way (encrypted, with its key slots).
    const backup = Buffer.from((await bureau.client.call('backup.download', {})).base64, 'base64');
    expect(backup.subarray(0, 8).toString('latin1')).toBe('CDBACK01');
    expect(backup.includes(Buffer.from('张小明'))).toBe(false);
  });

  it('rejects a one-byte change anywhere in the file', async () => {
    const { school, bureau, recipient, keyText } = await setup();
    await bureau.client.call('bureau.registerSchool', { keyText });
    const pkg = await school.client.call('filing.export', { period: '2025H2', bureauKey: recipient });
    const bytes = Buffer.from(pkg.base64, 'base64');
    const positions = [0, 9, 20, bytes.length >> 1, bytes.length - 70, bytes.length - 1];
    for (let p = 0; p < bytes.length; p += Math.max(1, Math.floor(bytes.length / 40))) positions.push(p);
    for (const pos of positions) {
      const bad = Buffer.from(bytes);
      bad[pos] ^= 0x01;
      const r = await bureau.client.raw('bureau.importPackage', { fileRef: await bureau.client.send(bad, 'x', 'package') });
      expect(r.ok, `byte ${pos}`).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('PACKAGE');
    }
    const truncated = await bureau.client.raw('bureau.importPackage', {
      fileRef: await bureau.client.send(bytes.subarray(0, bytes.length - 1), 'x', 'package'),
    });
    expect(truncated.ok).toBe(false);
    expect((await bureau.client.call('bureau.summary', {}))[0].students).toBe(0);
  });

  it('rejects a package from an unregistered school, and a replayed or older package', async () => {
    const { school, bureau, recipient, keyText } = await setup();
    const first = await school.client.call('filing.export', { period: '2025H2', bureauKey: recipient });
    const unknown = await bureau.client.raw('bureau.importPackage', {
      fileRef: await bureau.client.send(Buffer.from(first.base64, 'base64'), 'x', 'package'),
    });
    expect(!unknown.ok && unknown.error.message).toContain('未登记的学校');
    await bureau.client.call('bureau.registerSchool', { keyText });
    const second = await school.client.call('filing.export', { period: '2025H2', bureauKey: recipient });
    await bureau.client.call('bureau.importPackage', {
      fileRef: await bureau.client.send(Buffer.from(second.base64, 'base64'), 'x', 'package'),
    });
    const replay = await bureau.client.raw('bureau.importPackage', {
      fileRef: await bureau.client.send(Buffer.from(second.base64, 'base64'), 'x', 'package'),
    });
    // The same file again is not an error: it changes nothing and says so (a folder can be imported twice).
    expect(replay.ok && replay.data).toMatchObject({ status: 'unchanged', sequence: 2 });
    const older = await bureau.client.raw('bureau.importPackage', {
      fileRef: await bureau.client.send(Buffer.from(first.base64, 'base64'), 'x', 'package'),
    });
    expect(!older.ok && older.error.message).toContain('重放或旧包');
  });

  it('rejects a package signed by another school that claims a registered school code', async () => {
    const { school, bureau, recipient, keyText } = await setup();
    await bureau.client.call('bureau.registerSchool', { keyText });
    const impostor = await newSchool(); // same school code in PROFILE, different signing key
    const pkg = await impostor.client.call('filing.export', { period: '2025H2', bureauKey: recipient });
    const r = await bureau.client.raw('bureau.importPackage', {
      fileRef: await bureau.client.send(Buffer.from(pkg.base64, 'base64'), 'x', 'package'),
    });
    expect(!r.ok && r.error.message).toContain('签名校验失败');
    const { keyText: otherKey } = await impostor.client.call('filing.schoolKey', {});
    const reg = await bureau.client.raw('bureau.registerSchool', { keyText: otherKey });
    expect(!reg.ok && reg.error.code).toBe('CONFLICT');
    expect(school).toBeTruthy();
  });
});

describe('filing periods', () => {
  it('never go backwards: an earlier period only as an explicit correction, which never takes the latest place', async () => {
    const { school, bureau, recipient, keyText } = await setup();
    await bureau.client.call('bureau.registerSchool', { keyText });
    const send = async (period: string, correction = false) => {
      const pkg = await school.client.call('filing.export', { period, bureauKey: recipient, correction });
      return bureau.client.call('bureau.importPackage', {
        fileRef: await bureau.client.send(Buffer.from(pkg.base64, 'base64'), pkg.fileName, 'package'),
      });
    };
    await send('2026H2');
    const back = await school.client.raw('filing.export', { period: '2026H1', bureauKey: recipient });
    expect(!back.ok && back.error.message).toContain('不能再报送更早的 2026年上半年');
    const neverFiled = await school.client.raw('filing.export', { period: '2026H1', bureauKey: recipient, correction: true });
    expect(!neverFiled.ok && neverFiled.error.message).toContain('还没有报送过');
    await send('2026H2', true); // a correction of the latest period is fine
    const summary = await bureau.client.call('bureau.summary', {});
    expect(summary[0].lastPeriod).toBe('2026H2');
    const student = (await school.client.call('cases.keyCareList', {}))[0];
    expect(student.filedPackage).toMatch(/^2026H2/);
  });
});
