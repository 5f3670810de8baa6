/**
 * Deterministic synthetic school for demos, tests and benchmarks: valid Shaanxi ID numbers, Chinese names,
 * classes, guardians, categories and key-care cases in every state. Same seed, same school.
 */
import type { Knex } from 'knex';
import { CARE_KINDS, CATEGORIES, RISK_FACTORS, type CaseState, type Stage } from '../../../shared/domain/enums';
import { appendAudit, type Actor } from '../services/audit';
import { insertStudent, type NewStudent } from '../services/students';
import { addEvent } from '../services/timeline';
import { makeIdNumber } from './idFactory';

export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建文辉玲鹏宇浩然子轩梓涵欣怡雨萱佳琪思远博文一诺可馨梦瑶嘉怡晨阳天佑俊杰雅静紫涵诗琪浩宇鑫磊晓燕志强海燕';
const COUNTIES = [
  '610102',
  '610103',
  '610104',
  '610111',
  '610112',
  '610113',
  '610114',
  '610115',
  '610116',
  '610118',
  '610122',
  '610124',
  '610302',
  '610402',
  '610502',
  '610602',
  '610702',
  '610802',
  '610902',
  '611002',
  '610125',
  '610581',
];
const STREETS = ['长安路', '雁塔北路', '电子正街', '含光路', '太白南路', '朱雀大街', '纬二街', '小寨西路', '翠华路', '友谊东路'];
const RELATIONS = ['父亲', '母亲', '祖父', '祖母', '外祖父', '外祖母'];
const GRADES: Record<Stage, string[]> = {
  preschool: ['小班', '中班', '大班'],
  primary: ['一年级', '二年级', '三年级', '四年级', '五年级', '六年级'],
  junior: ['七年级', '八年级', '九年级'],
  senior: ['高一', '高二', '高三'],
  vocational: ['中职一年级', '中职二年级', '中职三年级'],
  higher: ['大一', '大二', '大三', '大四'],
};
/** Age at the start of each grade, for plausible birth years. */
const FIRST_AGE: Record<Stage, number> = { preschool: 3, primary: 6, junior: 12, senior: 15, vocational: 15, higher: 18 };

export interface SeedOptions {
  students: number;
  seed: number;
  stages: Stage[];
  year?: number;
  classSize?: number;
}

export function syntheticStudent(rand: () => number, i: number, opts: SeedOptions): NewStudent {
  const pick = <T>(xs: readonly T[] | string): T =>
    typeof xs === 'string' ? (xs[Math.floor(rand() * xs.length)] as T) : xs[Math.floor(rand() * xs.length)];
  const stage = opts.stages[i % opts.stages.length];
  const grades = GRADES[stage];
  const gradeIdx = Math.floor(rand() * grades.length);
  const classSize = opts.classSize ?? 45;
  const classNo =
    1 +
    (Math.floor(i / (grades.length * opts.stages.length)) %
      Math.max(1, Math.ceil(opts.students / (classSize * grades.length * opts.stages.length))));
  const year = (opts.year ?? 2025) - FIRST_AGE[stage] - gradeIdx - (rand() < 0.3 ? 1 : 0);
  const month = 1 + Math.floor(rand() * 12);
  const day = 1 + Math.floor(rand() * 28);
  const birth = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const county = pick(COUNTIES);
  const surname = pick<string>(SURNAMES);
  const name = surname + pick<string>(GIVEN) + (rand() < 0.6 ? pick<string>(GIVEN) : '');
  // About one student in five has a T1 category (3 % for each of the eight), as in a typical school.
  const categories = CATEGORIES.filter(() => rand() < 0.03);
  const address = `陕西省西安市${pick(STREETS)}${1 + Math.floor(rand() * 300)}号${1 + Math.floor(rand() * 6)}单元${100 + Math.floor(rand() * 1800)}室`;
  return {
    name,
    idNumber: makeIdNumber(county, birth, 1),
    stage,
    grade: grades[gradeIdx],
    className: `${grades[gradeIdx]}(${classNo})班`,
    ethnicity: rand() < 0.95 ? '汉族' : '回族',
    boarding: rand() < 0.4,
    leftBehind: rand() < 0.15 ? (rand() < 0.5 ? 'single' : 'both') : 'none',
    householdAddress: address,
    currentAddress: address,
    disabilityType: categories.includes('disability') ? pick(['视力', '听力', '肢体', '智力']) : '',
    categories,
    riskFactors: RISK_FACTORS.filter(() => rand() < 0.05),
    guardians: [
      {
        name: surname + pick<string>(GIVEN) + pick<string>(GIVEN),
        relation: pick(RELATIONS),
        phone: `1${3 + Math.floor(rand() * 6)}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`,
        address,
        isGuardian: true,
      },
    ],
  };
}

/** Inserts the synthetic students and cases in one transaction; IDs unique by construction (index in the sequence). */
export async function seedSchool(
  db: Knex,
  actor: Actor,
  opts: SeedOptions,
  now: Date = new Date(),
): Promise<{ students: number; cases: Record<CaseState, number> }> {
  const rand = prng(opts.seed);
  const counts: Record<CaseState, number> = { applied: 0, reviewed: 0, confirmed: 0, filed: 0, exited: 0, rejected: 0 };
  const at = now.toISOString();
  await db.transaction(async (trx) => {
    const existing = Number(((await trx('students').count({ n: '*' })) as Array<{ n: number }>)[0].n);
    let pkgId: number | null = null;
    const ids: number[] = [];
    for (let i = 0; i < opts.students; i++) {
      const s = syntheticStudent(rand, existing + i, opts);
      // Unique even across repeated seeds: the sequence digits and birth day carry the running index.
      s.idNumber = uniqueId(s.idNumber, existing + i);
      ids.push(await insertStudent(trx, s, at, actor.id));
    }
    const states: CaseState[] = ['applied', 'reviewed', 'confirmed', 'filed', 'exited', 'rejected'];
    const withCase = ids.filter(() => rand() < 0.2);
    // Every reviewed case comes with the meeting that reviewed it (I5): one demo meeting with its minutes, closed below.
    let meetingId: number | null = null;
    const meeting = async () => {
      if (meetingId !== null) return meetingId;
      const [m] = await trx('review_meetings').insert({
        meeting_date: at.slice(0, 10),
        place: '学校第一会议室',
        participants: JSON.stringify([
          { name: '资助专干', kind: 'staff' },
          { name: '班主任代表', kind: 'staff' },
          { name: '校长', kind: 'staff' },
          { name: '家长代表', kind: 'outsider' },
        ]),
        status: 'open',
        minutes: '（演示数据）逐一评议申请：核实家庭情况与困境类别，讨论关爱需求的必要性与学校的关爱条件，表决通过。',
        created_by: actor.id ?? 1,
        created_at: at,
      });
      meetingId = Number(m);
      return meetingId;
    };
    for (const [k, studentId] of withCase.entries()) {
      const state = states[k % states.length];
      if (state === 'filed' && pkgId === null) {
        const [p] = await trx('filing_packages').insert({
          period: `${(opts.year ?? 2025) - 1}H2`,
          sequence: 1,
          created_at: at,
          created_by: actor.id ?? 1,
          count: 0,
          sha256: 'seed-example-package',
        });
        pkgId = Number(p);
      }
      const care = CARE_KINDS.filter(() => rand() < 0.3);
      const careRequested = care.length ? care : ['tutoring' as const];
      const review =
        state === 'applied'
          ? null
          : {
              decision: state === 'rejected' ? 'reject' : 'approve',
              meetingDate: at.slice(0, 10),
              participants: ['资助专干', '班主任代表', '校长', '家长代表'],
              necessity: '符合认定条件',
              feasibility: '学校具备关爱条件',
              careApproved: careRequested,
              votesFor: 3,
              votesAgainst: 0,
              votesAbstain: 0,
            };
      const confirmed = ['confirmed', 'filed', 'exited'].includes(state);
      // A confirmed child is on the list under a category (T1): the demo school is as the confirmation rule makes it.
      if (confirmed && !(await trx('student_categories').where({ student_id: studentId }).first('student_id')))
        await trx('student_categories').insert({
          student_id: studentId,
          category: CATEGORIES[studentId % CATEGORIES.length],
          since: at.slice(0, 10),
        });
      const [caseId] = await trx('cases').insert({
        student_id: studentId,
        state,
        source: 'application',
        applicant_type: 'teacher',
        applicant_name: '班主任',
        care_requested: JSON.stringify(careRequested),
        facts: '（演示数据）家庭经济困难，需要关爱。',
        reasons: '（演示数据）',
        applied_at: at,
        applied_by: actor.id ?? 1,
        review: review ? JSON.stringify(review) : null,
        reviewed_by: review ? actor.id : null,
        care_content: confirmed ? '学业辅导；每月谈心谈话' : '',
        responsible_account_id: confirmed ? actor.id : null,
        confirmed_at: confirmed ? at : null,
        confirmed_by: confirmed ? actor.id : null,
        filed_package_id: state === 'filed' ? pkgId : null,
        exited_at: state === 'exited' ? at : null,
        exit_reason: state === 'exited' ? '已达到正常发展水平（演示数据）' : '',
      });
      if (review) {
        const mid = await meeting();
        await trx('meeting_items').insert({
          meeting_id: mid,
          case_id: Number(caseId),
          kind: 'admission',
          decision: review.decision,
          necessity: review.necessity,
          feasibility: review.feasibility,
          care_approved: JSON.stringify(review.careApproved),
          votes_for: 3,
          votes_against: 0,
          votes_abstain: 0,
          notes: '',
        });
        await trx('cases')
          .where({ id: Number(caseId) })
          .update({ reviewed_in_meeting_id: mid });
      }
      await addEvent(trx, {
        studentId,
        caseId: Number(caseId),
        at,
        kind: 'application',
        title: '提出关爱申请（演示数据）',
        actorId: actor.id,
      });
      counts[state]++;
    }
    // Closed once its decisions are in (a closed meeting takes no more items).
    if (meetingId !== null)
      await trx('review_meetings')
        .where({ id: meetingId })
        .update({ status: 'closed', closed_by: actor.id ?? 1, closed_at: at });
    await appendAudit(trx, actor, 'seed', { type: 'store' }, { students: opts.students, seed: opts.seed }, now);
  });
  return { students: opts.students, cases: counts };
}

/**
 * Spreads index n over the 3-digit sequence, the birth day and the county, so that up to 999 × 28 × 22 students
 * get distinct valid numbers whatever the (random) year and month are.
 */
function uniqueId(base: string, n: number): string {
  const seq = (n % 999) + 1;
  const d = String((Math.floor(n / 999) % 28) + 1).padStart(2, '0');
  const county = COUNTIES[Math.floor(n / (999 * 28)) % COUNTIES.length];
  return makeIdNumber(county, `${base.slice(6, 10)}-${base.slice(10, 12)}-${d}`, seq);
}
