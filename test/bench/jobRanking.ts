/**
 * Job-ranking benchmark (issue 5), run on demand: `npm run bench`. 5,000 postings (one in six expired) and 2,000
 * graduates in the encrypted store. Times ranking all postings for every graduate — the pure ranking over postings
 * loaded once, and the whole service call (load, rank, audit) for a sample — against a bare filtered SQL query over
 * the same postings (open postings of the graduate's field), in the same process. Prints figures; asserts nothing.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../../main/core/store/db';
import { prng, seedSchool } from '../../main/core/seed/seed';
import { syntheticPostings } from '../../main/core/seed/employmentSeed';
import { forRanking, suggestJobs } from '../../main/core/services/employment';
import { rankPostings, type GraduateProfile } from '../../main/core/services/jobRanking';
import type { ServiceContext } from '../../main/core/services/context';
import { bareContext } from '../support/serviceContext';
import type { User } from '../../shared/contract/schemas';
import { JOB_FIELDS } from '../../shared/domain/employment';

const POSTINGS = 5000;
const GRADUATES = 2000;
const SERVICE_SAMPLE = 200;
const NOW = new Date('2026-05-12T09:00:00+08:00');
const TODAY = '2026-05-12';
const report = (k: string, v: string) => console.log(`${k.padEnd(62)} ${v}`);

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caredesk-bench-jobs-'));
  const store = await openStore(dir, crypto.randomBytes(32));
  const db = store.knex;
  const at = NOW.toISOString();
  await db('accounts').insert({
    id: 1,
    username: 'bench',
    display_name: '基准测试',
    role: 'admin',
    classes: '[]',
    created_at: at,
    updated_at: at,
  });
  const rand = prng(5);
  const postings = syntheticPostings(rand, POSTINGS, TODAY);
  for (let i = 0; i < postings.length; i += 500) {
    await db('job_postings').insert(
      postings.slice(i, i + 500).map((p) => ({
        employer: p.employer,
        title: p.title,
        location: p.location,
        field: p.field,
        requirements: p.requirements,
        required_certificates: JSON.stringify(p.requiredCertificates),
        salary_min: 3000,
        salary_max: 4500,
        deadline: p.deadline,
        contact: '',
        source: 'import',
        created_by: 1,
        created_at: at,
      })),
    );
  }
  await seedSchool(db, { id: 1, name: '基准测试', role: 'admin' }, { students: GRADUATES, seed: 5, stages: ['vocational'] }, NOW);
  const ids = (await db('students').orderBy('id').pluck('id')) as number[];
  const profiles = new Map<number, GraduateProfile>();
  for (const id of ids) {
    const g: GraduateProfile = {
      intendedField: JOB_FIELDS[Math.floor(rand() * JOB_FIELDS.length)],
      locationPref: ['西安', '咸阳', '宝鸡', ''][Math.floor(rand() * 4)],
      certificates: rand() < 0.3 ? ['电工证'] : [],
      skills: rand() < 0.5 ? ['焊接', 'CAD'] : ['沟通'],
    };
    profiles.set(id, g);
  }
  for (let i = 0; i < ids.length; i += 400) {
    await db('graduates').insert(
      ids.slice(i, i + 400).map((id) => {
        const g = profiles.get(id)!;
        return {
          student_id: id,
          intended_field: g.intendedField,
          skills: JSON.stringify(g.skills),
          certificates: JSON.stringify(g.certificates),
          location_pref: g.locationPref,
          updated_by: 1,
          updated_at: at,
        };
      }),
    );
  }
  const open = (await db('job_postings').where('deadline', '>=', TODAY).count({ n: '*' })) as Array<{ n: number }>;
  report('postings / open postings / graduates', `${POSTINGS} / ${Number(open[0].n)} / ${GRADUATES}`);

  // Baseline: one bare filtered query per graduate over the same postings.
  const stmt = (field: string) => db.raw('SELECT id FROM job_postings WHERE deadline >= ? AND field = ?', [TODAY, field]);
  for (const id of ids.slice(0, 50)) await stmt(profiles.get(id)!.intendedField); // warm
  let t0 = performance.now();
  for (const id of ids) await stmt(profiles.get(id)!.intendedField);
  const bare = performance.now() - t0;
  report(`bare filtered SQL, ${GRADUATES} graduates`, `${bare.toFixed(0)} ms total, ${(bare / GRADUATES).toFixed(3)} ms per graduate`);

  // Pure ranking: postings loaded once, every posting ranked for every graduate.
  t0 = performance.now();
  const rows = ((await db('job_postings')) as Parameters<typeof forRanking>[0][]).map(forRanking);
  const load = performance.now() - t0;
  t0 = performance.now();
  let kept = 0;
  for (const id of ids) kept += rankPostings(profiles.get(id)!, rows, TODAY, 50).length;
  const rank = performance.now() - t0;
  t0 = performance.now();
  for (const id of ids.slice(0, 200)) rankPostings(profiles.get(id)!, rows, TODAY);
  const explainAll = (performance.now() - t0) / 200;
  report(`load ${POSTINGS} postings once`, `${load.toFixed(0)} ms`);
  report(
    `rank ${POSTINGS} postings × ${GRADUATES} graduates (reasons for top 50)`,
    `${rank.toFixed(0)} ms total, ${(rank / GRADUATES).toFixed(2)} ms per graduate = ${(rank / bare).toFixed(1)}× bare`,
  );
  report('  same, reasons written for every posting (200 sampled)', `${explainAll.toFixed(2)} ms per graduate`);
  report('ranked (postings kept, expired dropped)', `${kept.toLocaleString('en')} = ${(kept / GRADUATES).toFixed(0)} per graduate`);

  // The whole service call the screen and the CLI make (load, rank, audit entry), for a sample.
  const user: User = { id: 1, username: 'bench', displayName: '基准测试', role: 'admin', classes: [], mustChangePassword: false };
  const ctx: ServiceContext = bareContext(db, user, NOW);
  await suggestJobs(ctx, ids[0]);
  t0 = performance.now();
  for (const id of ids.slice(0, SERVICE_SAMPLE)) await suggestJobs(ctx, id);
  const svc = (performance.now() - t0) / SERVICE_SAMPLE;
  report(
    `jobs.suggest service call (${SERVICE_SAMPLE} graduates sampled)`,
    `${svc.toFixed(1)} ms per graduate = ${(svc / (bare / GRADUATES)).toFixed(0)}× one bare query`,
  );
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
