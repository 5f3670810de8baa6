/**
 * Fault injection: a CLI command runs in a child process and is killed (SIGKILL, no cleanup) at a named point inside
 * its write (an import's commit, a filing export, a bureau import, a backup, seeding, and the rekey after a disable) (CAREDESK_FAULT, see main/core/faults.ts). Afterwards the store must open, pass integrity_check and
 * audit.verify, and hold exactly the state before the command or the state after it (compared table by table with a
 * copy on which the same command ran to the end).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CoreApp } from '../../main/core/app';
import { createRouter } from '../../main/ipc/router';
import { buildAidListXlsx } from '../fixtures/aidListFixture';
import { ADMIN, Client, tempDir } from '../support/school';

const ENV = { CAREDESK_USER: ADMIN.username, CAREDESK_PASSWORD: ADMIN.password };
const cli = (args: string[], fault?: string) =>
  spawnSync(process.execPath, ['bin/caredesk.mjs', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...ENV, ...(fault ? { CAREDESK_FAULT: fault } : {}) },
  });

/** Row counts of every table but the audit log (whose login entries differ run to run), plus a few row digests. */
async function stateOf(dir: string): Promise<{ counts: Record<string, number>; check: string; audit: boolean }> {
  const app = new CoreApp({ dataDir: dir });
  const client = new Client(createRouter(app, () => undefined));
  await client.login(ADMIN.username, ADMIN.password);
  const db = app.db();
  const tables = ((await db('sqlite_master').where({ type: 'table' }).pluck('name')) as string[]).filter(
    (t) => !t.startsWith('sqlite_') && t !== 'audit_log' && t !== 'knex_migrations',
  );
  const counts: Record<string, number> = {};
  for (const t of tables.sort()) counts[t] = Number(((await db(t).count({ n: '*' })) as Array<{ n: number }>)[0].n);
  const check = (await app.ws.openedStore().withRaw((c) => c.pragma('integrity_check', { simple: true }))) as string;
  const audit = (await client.call('audit.verify', {})).ok;
  await app.close();
  return { counts, check, audit };
}

const copy = (from: string) => {
  const to = tempDir('caredesk-fault-');
  fs.cpSync(from, to, { recursive: true });
  return to;
};

let school = '';
let bureau = '';
let aidList = '';
let pkg = '';
beforeAll(() => {
  const root = tempDir('caredesk-faults-');
  school = path.join(root, 'school');
  bureau = path.join(root, 'bureau');
  expect(cli(['init', '--data', school, '--school-code', '3161012345', '--school-name', '测试中学', '--admin', 'admin']).status).toBe(0);
  expect(cli(['seed', '--data', school, '--students', '60', '--seed', '3', '--care-days', '5']).status).toBe(0);
  expect(cli(['bureau', 'init', '--data', bureau, '--name', '某区教育局资助中心', '--admin', 'admin']).status).toBe(0);
  const keys = path.join(root, 'keys');
  fs.mkdirSync(keys);
  expect(cli(['bureau', 'key', '--data', bureau, '--out', path.join(keys, 'bureau.key')]).status).toBe(0);
  expect(cli(['school', 'key', '--data', school, '--out', path.join(keys, 'school.key')]).status).toBe(0);
  expect(cli(['bureau', 'register-school', '--data', bureau, '--key', path.join(keys, 'school.key')]).status).toBe(0);
  pkg = path.join(keys, 'p.cdfile');
  expect(
    cli(['export', 'filing', '--data', copy(school), '--period', '2026H1', '--to', path.join(keys, 'bureau.key'), '--out', pkg]).status,
  ).toBe(0);
  aidList = path.join(keys, 'list.xlsx');
}, 240_000);

describe('killed mid-write, a command leaves the store before or after, never between', () => {
  const cases: Array<{ point: string; folder: () => string; args: (dir: string) => string[] }> = [
    { point: 'import.commit', folder: () => school, args: (dir) => ['import', 'aid-list', '--data', dir, aidList] },
    {
      point: 'filing.export',
      folder: () => school,
      args: (dir) => [
        'export',
        'filing',
        '--data',
        dir,
        '--period',
        '2026H2',
        '--to',
        path.join(path.dirname(pkg), 'bureau.key'),
        '--out',
        path.join(dir, '..', `${path.basename(dir)}.cdfile`),
      ],
    },
    { point: 'bureau.import', folder: () => bureau, args: (dir) => ['bureau', 'import', '--data', dir, pkg] },
    // Disabling an account rekeys the store: killed before the page rewrite, after the journal or between the
    // renames, the folder opens whole, and the next administrator's sign-in (stateOf) finishes the rekey.
    ...(['rekey.beforeRekey', 'rekey.afterJournal', 'rekey.betweenRenames'] as const).map((point) => ({
      point,
      folder: () => school,
      args: (dir: string) => ['accounts', 'disable', '--data', dir, '--username', 'daoshi1'],
    })),
    {
      point: 'backup.beforeRename',
      folder: () => school,
      args: (dir) => ['backup', '--data', dir, '--out', path.join(dir, '..', `${path.basename(dir)}.cdbackup`)],
    },
  ];
  for (const c of cases) {
    it(`at ${c.point}`, async () => {
      if (c.point === 'import.commit' && !fs.existsSync(aidList)) fs.writeFileSync(aidList, await buildAidListXlsx());
      const before = await stateOf(c.folder());
      const after = copy(c.folder());
      const done = cli(c.args(after));
      expect(done.status, done.stderr).toBe(0);
      const afterState = await stateOf(after);
      const killed = copy(c.folder());
      const r = cli(c.args(killed), c.point);
      expect(r.signal).toBe('SIGKILL');
      const got = await stateOf(killed);
      expect(got.check).toBe('ok');
      expect(got.audit).toBe(true);
      expect([before.counts, afterState.counts]).toContainEqual(got.counts);
      if (c.point.startsWith('rekey.')) {
        // No copy under the old key is left in the folder, and the disabled account's slot is gone.
        expect(fs.readdirSync(killed).filter((f) => f.startsWith('.before-') || f.startsWith('.rekey-'))).toEqual([]);
        const slots = JSON.parse(fs.readFileSync(path.join(killed, 'keyslots.json'), 'utf8')) as { slots: Array<{ username: string }> };
        expect(slots.slots.map((s) => s.username)).not.toContain('daoshi1');
        expect(got.counts).toEqual(afterState.counts);
      }
      if (c.point === 'backup.beforeRename') {
        // The target never holds half a file: it was not written at all, and no temporary file is left behind.
        const target = path.join(killed, '..', `${path.basename(killed)}.cdbackup`);
        expect(fs.existsSync(target)).toBe(false);
        expect(got.counts).toEqual(before.counts); // and the backup was not recorded as made
      }
    }, 240_000);
  }

  it('at seed.midway: the store opens whole, and a second seed is refused with a sentence', async () => {
    const dir = path.join(tempDir('caredesk-fault-'), 's');
    expect(cli(['init', '--data', dir, '--school-code', '3161012345', '--school-name', '测试中学', '--admin', 'admin']).status).toBe(0);
    const r = cli(['seed', '--data', dir, '--students', '30', '--seed', '2'], 'seed.midway');
    expect(r.signal).toBe('SIGKILL');
    const got = await stateOf(dir);
    expect(got.check).toBe('ok');
    expect(got.audit).toBe(true);
    const again = cli(['seed', '--data', dir, '--students', '30', '--seed', '2']);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('seed 只用于新建的空演示工作台');
  }, 240_000);
});
