/**
 * Synthetic employment and aid data for demos and benchmarks: graduate profiles for the final-grade key students,
 * job postings (some expired), a few recommendations, difficulty gradings (a few below the highest tier, with a
 * reason) and awards with some entitlements missing. Deterministic for a given seed. Runs after seedSchool.
 */
import type { Knex } from 'knex';
import { addDays, semesterOf } from '../../../shared/domain/calendar';
import { FINAL_GRADES, JOB_FIELDS, notForWork, toFen } from '../../../shared/domain/employment';
import type { Stage } from '../../../shared/domain/enums';
import { ON_LIST_STATES } from '../../../shared/domain/enums';
import { appendAudit, type Actor } from '../services/audit';
import { programmes } from '../services/aid';
import { rankPostings } from '../services/jobRanking';
import { prng } from './seed';

const EMPLOYERS = [
  '西安某制造有限公司',
  '陕西某物流集团',
  '咸阳某电子科技',
  '宝鸡某机械厂',
  '西安某连锁酒店',
  '西安某社区卫生服务中心',
  '渭南某农业合作社',
  '西安某软件公司',
  '汉中某旅游公司',
  '延安某建筑公司',
];
const TITLES: Record<string, string[]> = {
  制造业: ['装配工', '质检员', '焊接技术员', '数控操作工'],
  信息技术: ['运维助理', '测试助理', '数据标注员'],
  教育: ['托育助理', '课后服务辅导员'],
  医疗卫生: ['护理员', '导诊员'],
  商贸服务: ['收银员', '导购', '客服专员'],
  交通物流: ['仓储管理员', '分拣员'],
  建筑: ['施工员', '资料员'],
  农业: ['农技助理'],
  文化旅游: ['前台接待', '导游助理'],
  公共管理: ['社区网格员'],
  金融: ['大堂助理'],
  其他: ['综合岗'],
};
const PLACES = ['西安', '咸阳', '宝鸡', '渭南', '汉中', '延安', '榆林', '安康', '商洛', '铜川'];
const CERTS = ['焊工证', '电工证', '叉车证', '保育员证', '计算机等级证书', '普通话证书', '健康证'];
const SKILLS = ['焊接', 'CAD', '办公软件', '驾驶', '沟通', '英语', '收银', '仓储'];

export interface PostingSeed {
  employer: string;
  title: string;
  location: string;
  field: string;
  requirements: string;
  requiredCertificates: string[];
  deadline: string;
}

/** Postings around `today`: about one in six already expired. */
export function syntheticPostings(rand: () => number, n: number, today: string): PostingSeed[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const out: PostingSeed[] = [];
  for (let i = 0; i < n; i++) {
    const field = pick(JOB_FIELDS);
    const certs = CERTS.filter(() => rand() < 0.12);
    out.push({
      employer: pick(EMPLOYERS),
      title: `${pick(TITLES[field] ?? ['综合岗'])}${i + 1}号`,
      location: pick(PLACES),
      field,
      requirements: `${SKILLS.filter(() => rand() < 0.2).join('、') || '吃苦耐劳'}，能适应倒班`,
      requiredCertificates: certs,
      deadline: addDays(today, rand() < 1 / 6 ? -1 - Math.floor(rand() * 30) : 2 + Math.floor(rand() * 60)),
    });
  }
  return out;
}

export async function seedEmploymentAid(
  db: Knex,
  actor: Actor,
  o: { seed: number; today: string; postings?: number },
): Promise<Record<string, number>> {
  const rand = prng(o.seed ^ 0xe8f9);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const me = actor.id ?? 1;
  const at = `${o.today}T08:00:00.000Z`;
  const counts: Record<string, number> = { graduates: 0, postings: 0, recommendations: 0, gradings: 0, awards: 0 };
  const catalogue = await programmes(db);
  await db.transaction(async (trx) => {
    const keys = (await trx('cases as c')
      .join('students as s', 's.id', 'c.student_id')
      .whereIn('c.state', ON_LIST_STATES)
      .select('s.id', 's.stage', 's.grade', 's.boarding', 's.birth_date')) as Array<{
      id: number;
      stage: Stage;
      grade: string;
      boarding: number;
      birth_date: string;
    }>;
    const postings = syntheticPostings(rand, o.postings ?? 60, o.today);
    for (const p of postings) {
      await trx('job_postings')
        .insert({
          employer: p.employer,
          title: p.title,
          location: p.location,
          field: p.field,
          requirements: p.requirements,
          required_certificates: JSON.stringify(p.requiredCertificates),
          salary_min: 2800 + Math.floor(rand() * 10) * 100,
          salary_max: 4000 + Math.floor(rand() * 20) * 100,
          deadline: p.deadline,
          contact: '029-8000 0000（演示）',
          source: 'import',
          created_by: me,
          created_at: at,
        })
        .onConflict(['employer', 'title', 'deadline'])
        .ignore();
      counts.postings++;
    }
    const open = (await trx('job_postings').where('deadline', '>=', o.today)) as Array<{
      id: number;
      field: string;
      location: string;
      requirements: string;
      required_certificates: string;
      deadline: string;
    }>;
    for (const [i, k] of keys.filter((s) => FINAL_GRADES[s.stage]?.includes(s.grade)).entries()) {
      const profile = {
        intendedField: pick(JOB_FIELDS),
        locationPref: pick(PLACES),
        certificates: CERTS.filter(() => rand() < 0.25),
        skills: SKILLS.filter(() => rand() < 0.3),
      };
      await trx('graduates')
        .insert({
          student_id: k.id,
          intended_field: profile.intendedField,
          skills: JSON.stringify(profile.skills),
          certificates: JSON.stringify(profile.certificates),
          location_pref: profile.locationPref,
          constraints: rand() < 0.15 ? '需照顾家人，希望离家近（演示）' : '',
          outcome: 'looking',
          helper_account_id: me,
          updated_by: me,
          updated_at: at,
        })
        .onConflict('student_id')
        .ignore();
      counts.graduates++;
      // Some graduates already have recommendations; others fewer than three (the first none at all), so the flag shows.
      const ranked = rankPostings(
        profile,
        open.map((p) => ({
          id: p.id,
          field: p.field,
          location: p.location,
          requirements: p.requirements,
          requiredCertificates: JSON.parse(p.required_certificates) as string[],
          deadline: p.deadline,
        })),
        o.today,
      );
      // Never for a child who may not be offered work (under 16, or a compulsory-education graduate).
      const n = i === 0 || notForWork(k.stage, k.birth_date, o.today) ? 0 : Math.floor(rand() * 5);
      for (const r of ranked.slice(0, n)) {
        await trx('job_recommendations')
          .insert({
            student_id: k.id,
            posting_id: r.postingId,
            score: r.score,
            reasons: JSON.stringify(r.reasons),
            recorded_by: me,
            recommended_at: at,
            updated_at: at,
          })
          .onConflict(['student_id', 'posting_id'])
          .ignore();
        counts.recommendations++;
      }
    }
    const semester = semesterOf(o.today);
    for (const k of keys) {
      const x = rand();
      if (x < 0.05) continue; // not yet graded
      const lower = x < 0.12;
      await trx('difficulty_gradings')
        .insert({
          student_id: k.id,
          semester,
          level_key: lower ? 'difficult' : 'special',
          level_label: lower ? '困难' : '特别困难',
          level_rank: lower ? 2 : 3,
          types: JSON.stringify([pick(['脱贫家庭', '农村低保', '孤儿', '事实无人抚养儿童', '残疾人子女'])]),
          reason_below_highest: lower && rand() < 0.7 ? '家庭收入有所改善（演示）' : '',
          recorded_by: me,
          graded_at: at,
        })
        .onConflict(['student_id', 'semester'])
        .ignore();
      counts.gradings++;
      for (const p of catalogue.filter((c) => c.stage === k.stage && c.kind === 'entitlement' && c.active)) {
        if (rand() < 0.06) continue; // a missed entitlement for the gaps check
        const yuan = p.code.endsWith('living') && !k.boarding ? (p.amountYuan ?? 0) / 2 : (p.amountYuan ?? 0);
        await trx('aid_awards').insert({
          student_id: k.id,
          programme_id: p.id,
          semester,
          amount_fen: toFen(yuan),
          date: o.today,
          source: p.source,
          recorded_by: me,
        });
        counts.awards++;
      }
    }
    await appendAudit(trx, actor, 'seed.employmentAid', { type: 'store' }, counts, new Date());
  });
  return counts;
}
