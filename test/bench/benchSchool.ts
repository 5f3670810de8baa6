/** An encrypted store set up as a school for the import benchmarks: one administrator and a junior-school profile. */
import fs from 'node:fs';
import type { Knex } from 'knex';
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

/** A head teacher for every class (in class order) and a principal: whom the seeded care history is recorded by. */
export async function benchStaff(db: Knex, at: string): Promise<{ headTeacherOfClass: Record<string, number>; principal: number }> {
  const classes = (await db('students').distinct('class_name').orderBy('class_name').pluck('class_name')) as string[];
  const headTeacherOfClass: Record<string, number> = {};
  for (const [i, c] of classes.entries()) {
    const [id] = await db('accounts').insert({
      username: `ht${i}`,
      display_name: `班主任${i + 1}`,
      role: 'headTeacher',
      classes: JSON.stringify([c]),
      created_at: at,
      updated_at: at,
    });
    headTeacherOfClass[c] = Number(id);
  }
  const [principal] = await db('accounts').insert({
    username: 'p',
    display_name: '校长',
    role: 'principal',
    classes: '[]',
    created_at: at,
    updated_at: at,
  });
  return { headTeacherOfClass, principal: Number(principal) };
}
