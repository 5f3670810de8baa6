/** Test helpers: a real school or bureau workspace in a temp folder, driven through the router like the UI. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CoreApp } from '../../main/core/app';
import { createRouter, type Router } from '../../main/ipc/router';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract/index';
import { bureauDatabase } from './engine';

export const ADMIN = { username: 'admin', displayName: '王老师', password: 'Admin-pass-2025' };
export const PROFILE = {
  schoolName: '西安市雁塔区第一示范中学',
  schoolCode: '3161012345',
  stages: ['junior' as const],
  prefectureCode: '6101',
  countyCode: '610113',
  managementArea: '6101',
};

export function tempDir(prefix = 'caredesk-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export class Client {
  session?: string;
  constructor(readonly router: Router) {}
  async raw(method: string, input: unknown) {
    return this.router.call(method, input, this.session);
  }
  async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    const r = await this.router.call(method, input, this.session);
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.data as MethodOutput<M>;
  }
  async login(username: string, password: string) {
    const r = await this.call('auth.login', { username, password });
    this.session = r.session;
    return r;
  }
  /** Sends a file the way the browser shell's upload does (size checked first); returns its one-time reference. */
  async send(bytes: Buffer, fileName: string, purpose: 'import' | 'package' | 'attachment' | 'backup' = 'import'): Promise<string> {
    const r = await this.router.upload(this.session, purpose, fileName, bytes);
    if (!r.ok) throw new Error(`upload: ${r.error.code} ${r.error.message}`);
    return r.data.fileRef;
  }
  /** A new or reset account's first login: the issued password must be replaced before anything else. */
  async firstLogin(username: string, issued: string, chosen = `${issued}-own`) {
    const r = await this.login(username, issued);
    await this.call('auth.changePassword', { oldPassword: issued, newPassword: chosen });
    return r;
  }
}

export async function newSchool(dir = tempDir(), now?: () => Date) {
  const app = new CoreApp({ dataDir: dir, now });
  const router = createRouter(app, () => undefined);
  const client = new Client(router);
  const { recoveryCode } = await client.call('setup.school', { profile: PROFILE, admin: ADMIN });
  await client.login(ADMIN.username, ADMIN.password);
  return { dir, app, router, client, recoveryCode };
}

export async function newBureau(
  dir = tempDir('caredesk-bureau-'),
  now?: () => Date,
  place?: { level: 'county' | 'prefecture' | 'province'; area: string },
  /** A PostgreSQL address; by default this run's engine decides (see engine.ts). */
  database?: string,
) {
  const app = new CoreApp({ dataDir: dir, now });
  const router = createRouter(app, () => undefined);
  const client = new Client(router);
  await client.call('setup.bureau', {
    name: '西安市雁塔区教育局资助中心',
    admin: { username: 'bureau', displayName: '李主任', password: 'Bureau-pass-2025' },
    ...place,
    ...(database ? { database } : await bureauDatabase()),
  });
  await client.login('bureau', 'Bureau-pass-2025');
  return { dir, app, router, client };
}

/** Valid Shaanxi ID numbers for fixtures: address 610113, the given birth date and sequence, computed check. */
export { makeIdNumber } from '../../main/core/seed/idFactory';

export const STUDENT = (idNumber: string, name = '张小明', className = '七年级(1)班') => ({
  name,
  idNumber,
  stage: 'junior' as const,
  grade: '七年级',
  className,
  boarding: true,
  leftBehind: 'both' as const,
  householdAddress: '陕西省西安市雁塔区电子正街 88 号 3 单元 502 室',
  currentAddress: '陕西省西安市雁塔区电子正街 88 号',
  categories: ['leftBehind' as const, 'poverty' as const],
  riskFactors: [],
  guardians: [{ name: '张大山', relation: '祖父', phone: '13812345678', address: '陕西省西安市雁塔区电子正街 88 号', isGuardian: true }],
});

/** Registers the school's key with the bureau (once is enough; again is a no-op), files a period and imports it. */
export async function registerAndFile(school: Client, bureau: Client, period: string) {
  const { recipient } = await bureau.call('bureau.key', {});
  const { keyText } = await school.call('filing.schoolKey', {});
  await bureau.call('bureau.registerSchool', { keyText });
  const pkg = await school.call('filing.export', { period, bureauKey: recipient });
  return bureau.call('bureau.importPackage', { fileRef: await bureau.send(Buffer.from(pkg.base64, 'base64'), pkg.fileName, 'package') });
}
