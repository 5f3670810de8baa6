/** An encrypted store set up as a school for the import benchmarks: one administrator and a junior-school profile. */
import fs from 'node:fs';
import { openStore, type Store } from '../../main/core/store/db';
import { setSetting, SETTING } from '../../main/core/services/settings';

export async function benchSchool(dir: string, key: Buffer): Promise<Store> {
  fs.mkdirSync(dir, { recursive: true });
  const store = await openStore(dir, key);
  const at = new Date().toISOString();
  await store
    .knex('accounts')
    .insert({ id: 1, username: 'bench', display_name: '基准测试', role: 'admin', classes: '[]', created_at: at, updated_at: at });
  await setSetting(store.knex, SETTING.schoolProfile, {
    schoolName: '基准学校',
    schoolCode: '3161000000',
    stages: ['junior'],
    prefectureCode: '6101',
    countyCode: '610113',
    managementArea: '6101',
  });
  return store;
}
