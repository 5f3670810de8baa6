/**
 * Upward reporting (issue 14 §6): a county bureau forwards its schools' value sets for a half-year, signed and
 * encrypted to the province; the province registers the county's key, imports the package with the same checks as
 * a school's (dry run, signature, replay, idempotence, area) and then sees prefecture → county → school. No child's
 * name travels up: the person-level lists stay with the county.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CoreApp } from '../../main/core/app';
import { createRouter } from '../../main/ipc/router';
import { identity } from '../../main/core/bureau/bureauKeys';
import { decryptForwardPayload, parseForwardPackage } from '../../main/core/io/forwardPackage';
import { confirmedStudent } from '../support/flow';
import { Client, newSchool, tempDir } from '../support/school';
import { bureauDatabase } from '../support/engine';
import { keyOnlySchool, valuePackage, type Values } from '../support/valuePackages';
import { writeRegistry } from '../bench/valueSchools';

const ADMIN = { username: 'bureau', displayName: '李主任', password: 'Bureau-pass-2025' };
const cli = (args: string[]) =>
  spawnSync(process.execPath, ['bin/caredesk.mjs', ...args], {
    encoding: 'utf8',
    env: { ...process.env, CAREDESK_USER: ADMIN.username, CAREDESK_PASSWORD: ADMIN.password },
  });

async function bureauAt(level: 'county' | 'prefecture' | 'province', area: string, name: string) {
  const dir = tempDir(`caredesk-${level}-`);
  const app = new CoreApp({ dataDir: dir, now: () => new Date('2026-07-20T10:00:00+08:00') });
  const client = new Client(createRouter(app, () => undefined));
  await client.call('setup.bureau', { name, admin: ADMIN, level, area, ...(await bureauDatabase()) });
  await client.login(ADMIN.username, ADMIN.password);
  return { dir, app, client };
}

const v = (key: number, talked: number): Values => ({
  'students.key': [key, 0],
  'supervision.monthlyTalk': [talked, key],
  'supervision.highestTier': [key, key],
});

describe('a county forwards to the province (§6)', () => {
  it('signs, encrypts and numbers the value sets; the province checks, imports once and sees county → schools', async () => {
    const county = await bureauAt('county', '610113', '雁塔区教育局学生资助管理中心');
    const province = await bureauAt('province', '61', '陕西省学生资助管理中心');
    const { recipient: countyKey } = await county.client.call('bureau.key', {});
    const { recipient: provinceKey } = await province.client.call('bureau.key', {});

    // A real school with a named child files to the county; two more schools file value sets.
    const real = await newSchool();
    await confirmedStudent(real.client, 61, '张小明');
    await county.client.call('bureau.registerSchool', { keyText: (await real.client.call('filing.schoolKey', {})).keyText });
    const pkg = await real.client.call('filing.export', { period: '2026H1', bureauKey: countyKey });
    await county.client.call('bureau.importPackage', {
      fileRef: await county.client.send(Buffer.from(pkg.base64, 'base64'), pkg.fileName, 'package'),
    });
    const a = keyOnlySchool('3161130001', '雁塔区甲中学', '610113');
    const b = keyOnlySchool('3161130002', '雁塔区乙中学', '610113');
    for (const [s, talked] of [
      [a, 4],
      [b, 10],
    ] as const) {
      await county.client.call('bureau.registerSchool', { keyText: s.keyText });
      const bytes = await valuePackage(s, countyKey, { period: '2026H1', createdAt: '2026-06-25T09:00:00+08:00', values: v(10, talked) });
      await county.client.call('bureau.importPackage', { fileRef: await county.client.send(bytes, 'p.cdfile', 'package') });
    }

    // The county's list has a school that has not filed: the province must see it missing too.
    const list = path.join(tempDir('caredesk-list-'), '学校名单.xlsx');
    await writeRegistry([{ ...keyOnlySchool('3161130003', '雁塔区丙小学', '610113'), contact: '钱老师', phone: '029-85550000' }], list);
    await county.client.call('bureau.registerSchools', {
      fileRef: await county.client.send(fs.readFileSync(list), '学校名单.xlsx', 'import'),
    });

    // Registration: only a lower bureau inside the province, once.
    const keyFile = await county.client.call('bureau.signingKey', {});
    const wrongWay = await county.client.raw('bureau.registerBureau', {
      keyText: (await province.client.call('bureau.signingKey', {})).keyText,
    });
    expect(!wrongWay.ok && wrongWay.error.message).toContain('不是本局');
    expect(await province.client.call('bureau.registerBureau', { keyText: keyFile.keyText })).toMatchObject({
      area: '610113',
      level: 'county',
    });

    const first = await county.client.call('bureau.forward', { period: '2026H1', recipient: provinceKey });
    expect(first).toMatchObject({ schools: 3, unplaced: 0, sequence: 1 });
    const firstBytes = Buffer.from(first.base64, 'base64');
    const folder = tempDir('caredesk-forward-');
    fs.writeFileSync(path.join(folder, '上报-1.cdfile'), firstBytes);
    const tampered = Buffer.from(firstBytes);
    tampered[tampered.length - 70] ^= 1;
    fs.writeFileSync(path.join(folder, '上报-篡改.cdfile'), tampered);
    await province.app.close();

    // The province imports through the same command as school packages: dry run, then for real, then unchanged.
    const dry = cli(['bureau', 'import', '--data', province.dir, folder, '--dry-run', '--json']);
    const plan = JSON.parse(dry.stdout) as {
      files: Array<{ file: string; status: string; reason: string; school: string; period: string }>;
    };
    expect(plan.files.map((f) => [path.basename(f.file), f.status, f.school, f.period])).toEqual([
      ['上报-1.cdfile', 'accepted', 'bureau:610113', '2026H1'],
      ['上报-篡改.cdfile', 'refused', 'bureau:610113', '2026H1'],
    ]);
    expect(plan.files[1].reason).toContain('签名校验失败');
    const real1 = cli(['bureau', 'import', '--data', province.dir, path.join(folder, '上报-1.cdfile'), '--json']);
    expect(real1.status, real1.stderr).toBe(0);
    const again = cli(['bureau', 'import', '--data', province.dir, path.join(folder, '上报-1.cdfile'), '--json']);
    expect((JSON.parse(again.stdout) as typeof plan).files[0].status).toBe('unchanged');

    const summary = cli(['bureau', 'summary', '--data', province.dir, '--by', 'county', '--period', '2026H1', '--json']);
    expect((JSON.parse(summary.stdout) as { rows: unknown[] }).rows).toEqual([
      expect.objectContaining({ area: '610113', schools: 4, filed: 3, keyStudents: 21 }),
    ]);
    const p2 = new CoreApp({ dataDir: province.dir, now: () => new Date('2026-07-21T10:00:00+08:00') });
    const prov = new Client(createRouter(p2, () => undefined));
    await prov.login(ADMIN.username, ADMIN.password);
    const bySchool = await prov.call('bureau.regionSummary', { by: 'school', period: '2026H1', area: '610113' });
    expect(bySchool.rows.map((r) => r.name).sort()).toEqual(
      ['西安市雁塔区第一示范中学', '雁塔区丙小学', '雁塔区乙中学', '雁塔区甲中学'].sort(),
    );
    expect(await p2.db()('bureau_cases').count({ n: '*' }).first()).toEqual({ n: 0 }); // no child came up
    // Opened with the province's own key, the package holds value sets and places, no name and no student.
    const opened = await decryptForwardPayload(
      parseForwardPackage(firstBytes),
      (await identity({ db: p2.db(), workspace: p2.ws })).identity,
    );
    expect(opened.schools).toHaveLength(3);
    expect(JSON.stringify(opened)).not.toContain('张小明');
    expect(Object.keys(opened.schools[0].package).sort()).toEqual(
      ['count', 'createdAt', 'dueDate', 'period', 'sequence', 'sha256', 'statistics', 'values'].sort(),
    );
    const warnings = await prov.call('bureau.regionWarnings', { period: '2026H1' });
    expect(warnings.warnings.map((w) => `${w.target}:${w.rule}`)).toContain('3161130001:talkCompliance');
    const missing = (await prov.call('bureau.filers', { period: '2026H1' })).schools.filter((x) => x.status === 'missing');
    expect(missing).toEqual([expect.objectContaining({ schoolCode: '3161130003', contact: '钱老师', phone: '029-85550000' })]);
    expect((await prov.call('bureau.lowerBureaus', {})).bureaus).toEqual([
      expect.objectContaining({ area: '610113', lastPeriod: '2026年上半年', lastSequence: 1, lastSchools: 3 }),
    ]);

    // Replay: the third package is imported, then the second (older) one is refused.
    const second = await county.client.call('bureau.forward', { period: '2026H1', recipient: provinceKey });
    const third = await county.client.call('bureau.forward', { period: '2026H1', recipient: provinceKey });
    await prov.call('bureau.importForward', { fileRef: await prov.send(Buffer.from(third.base64, 'base64'), 'third.cdfile', 'package') });
    const replay = await prov.raw('bureau.importForward', {
      fileRef: await prov.send(Buffer.from(second.base64, 'base64'), 'second.cdfile', 'package'),
    });
    expect(!replay.ok && replay.error.message).toContain('可能是重放或旧包');

    // A later forward carries a school outside the county: the whole package is refused, nothing written.
    const stray = keyOnlySchool('3161030009', '碑林区某中学', '610103');
    await county.client.call('bureau.registerSchool', { keyText: stray.keyText });
    const strayPkg = await valuePackage(stray, countyKey, { period: '2026H1', createdAt: '2026-06-26T09:00:00+08:00', values: v(5, 5) });
    await county.client.call('bureau.importPackage', { fileRef: await county.client.send(strayPkg, 's.cdfile', 'package') });
    const fourth = await county.client.call('bureau.forward', { period: '2026H1', recipient: provinceKey });
    const refused = await prov.raw('bureau.importForward', {
      fileRef: await prov.send(Buffer.from(fourth.base64, 'base64'), 'fourth.cdfile', 'package'),
    });
    expect(!refused.ok && refused.error.message).toContain('不在 610113 辖区内');
    expect(await p2.db()('bureau_schools').where({ school_code: stray.code }).first()).toBeUndefined();
  });
});
