/**
 * The explainable job match (E8). Pure: a graduate's profile and a posting give a score and the reasons, which
 * the screen shows as they are. Expired postings are never ranked.
 *
 *   field      +40 when the posting's field is the graduate's intended field
 *   location   +20 when the posting's location contains the preferred place (or no preference is recorded: +10)
 *   certificates required by the posting: +20 when all are held, otherwise +20 × share held, and each missing one named
 *   skills     +5 per skill of the graduate named in the requirements (at most +15)
 *   deadline   +5 when 14 days or more are left; a deadline within 7 days is named as a warning
 *
 * Ranking scores every open posting without building text, orders them, and writes the reasons only for the
 * postings that will be shown: the same function computes both, so the score shown is the score ranked.
 */
import { addDays, toDay } from '../../../shared/domain/calendar';

export interface GraduateProfile {
  intendedField: string;
  locationPref: string;
  certificates: string[];
  skills: string[];
}
export interface PostingForRanking {
  id: number;
  field: string;
  location: string;
  requirements: string;
  requiredCertificates: string[];
  deadline: string;
}
export interface Ranked {
  postingId: number;
  score: number;
  reasons: string[];
}

export const RANKING_RULE =
  '匹配规则：意向领域相符 +40；工作地点符合意向 +20（未填意向 +10）；岗位要求的证书全部具备 +20（部分具备按比例，缺少的逐项列出）；要求中提到的技能每项 +5（最多 +15）；距截止 14 天以上 +5，7 天内截止会提示。已过截止日期的岗位不推荐。';

interface Today {
  iso: string;
  plus7: string;
  plus14: string;
}
const todayOf = (iso: string): Today => ({ iso, plus7: addDays(iso, 7), plus14: addDays(iso, 14) });

/** The score, and when `reasons` is given, the reasons pushed onto it. Dates compare as ISO strings. */
function score(g: GraduateProfile, p: PostingForRanking, t: Today, reasons: string[] | null): number {
  let s = 0;
  if (g.intendedField && p.field === g.intendedField) {
    s += 40;
    reasons?.push(`意向领域相符（${p.field}）`);
  } else reasons?.push(`领域：${p.field}`);
  const pref = g.locationPref;
  if (!pref) {
    s += 10;
    reasons?.push('未填地点意向');
  } else if (p.location.includes(pref) || pref.includes(p.location)) {
    s += 20;
    reasons?.push(`地点符合（${p.location}）`);
  } else reasons?.push(`地点不符（${p.location}）`);
  const req = p.requiredCertificates;
  if (req.length) {
    let held = 0;
    for (const c of req) if (g.certificates.includes(c)) held++;
    s += Math.round((20 * held) / req.length);
    if (reasons) {
      const missing = req.filter((c) => !g.certificates.includes(c));
      reasons.push(missing.length ? `缺少证书：${missing.join('、')}` : `具备所需证书（${req.join('、')}）`);
    }
  } else {
    s += 20;
    reasons?.push('无证书要求');
  }
  let skills = 0;
  for (const k of g.skills) if (skills < 3 && k && p.requirements.includes(k)) skills++;
  if (skills) {
    s += 5 * skills;
    reasons?.push(
      `技能符合：${g.skills
        .filter((k) => k && p.requirements.includes(k))
        .slice(0, 3)
        .join('、')}`,
    );
  }
  if (p.deadline >= t.plus14) s += 5;
  else if (p.deadline < t.plus7 && reasons) {
    const left = toDay(p.deadline) - toDay(t.iso);
    reasons.push(`${left === 0 ? '今天' : `${left} 天后`}截止`);
  }
  return s;
}

export function rankPosting(g: GraduateProfile, p: PostingForRanking, today: string): Ranked | null {
  if (p.deadline < today) return null;
  const reasons: string[] = [];
  return { postingId: p.id, score: score(g, p, todayOf(today), reasons), reasons };
}

/**
 * Every open posting scored and ordered best first (ties: earlier deadline, then older posting); reasons are
 * written for the first `explain` of them (all when omitted).
 */
export function rankPostings(g: GraduateProfile, postings: readonly PostingForRanking[], today: string, explain = Infinity): Ranked[] {
  const t = todayOf(today);
  const scored: Array<{ p: PostingForRanking; s: number }> = [];
  for (const p of postings) if (p.deadline >= today) scored.push({ p, s: score(g, p, t, null) });
  scored.sort((a, b) => b.s - a.s || (a.p.deadline < b.p.deadline ? -1 : a.p.deadline > b.p.deadline ? 1 : a.p.id - b.p.id));
  return scored.map(({ p, s }, i) => {
    if (i >= explain) return { postingId: p.id, score: s, reasons: [] };
    const reasons: string[] = [];
    score(g, p, t, reasons);
    return { postingId: p.id, score: s, reasons };
  });
}
