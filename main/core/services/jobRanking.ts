/**
 * The explainable job match (E8). Pure: a graduate's profile and a posting give a score and the reasons, which
 * the screen shows as they are. Expired postings are never ranked.
 *
 *   field      +40 when the posting's field is the graduate's intended field
 *   location   +20 when the posting's location contains the preferred place (or no preference is recorded: +10)
 *   certificates required by the posting: +20 when all are held, otherwise +20 × share held, and each missing one named
 *   skills     +5 per skill of the graduate named in the requirements (at most +15)
 *   deadline   +5 when 14 days or more are left; a deadline within 7 days is named as a warning
 */
import { toDay } from '../../../shared/domain/care';

export interface GraduateProfile { intendedField: string; locationPref: string; certificates: string[]; skills: string[] }
export interface PostingForRanking { id: number; field: string; location: string; requirements: string; requiredCertificates: string[]; deadline: string }
export interface Ranked { postingId: number; score: number; reasons: string[] }

export const RANKING_RULE = '匹配规则：意向领域相符 +40；工作地点符合意向 +20（未填意向 +10）；岗位要求的证书全部具备 +20（部分具备按比例，缺少的逐项列出）；要求中提到的技能每项 +5（最多 +15）；距截止 14 天以上 +5，7 天内截止会提示。已过截止日期的岗位不推荐。';

export function rankPosting(g: GraduateProfile, p: PostingForRanking, today: string): Ranked | null {
  const left = toDay(p.deadline) - toDay(today);
  if (left < 0) return null;
  let score = 0;
  const reasons: string[] = [];
  if (g.intendedField && p.field === g.intendedField) { score += 40; reasons.push(`意向领域相符（${p.field}）`); }
  else reasons.push(`领域：${p.field}`);
  const pref = g.locationPref.trim();
  if (!pref) { score += 10; reasons.push('未填地点意向'); }
  else if (p.location.includes(pref) || pref.includes(p.location)) { score += 20; reasons.push(`地点符合（${p.location}）`); }
  else reasons.push(`地点不符（${p.location}）`);
  if (p.requiredCertificates.length) {
    const missing = p.requiredCertificates.filter((c) => !g.certificates.includes(c));
    score += Math.round((20 * (p.requiredCertificates.length - missing.length)) / p.requiredCertificates.length);
    reasons.push(missing.length ? `缺少证书：${missing.join('、')}` : `具备所需证书（${p.requiredCertificates.join('、')}）`);
  } else {
    score += 20;
    reasons.push('无证书要求');
  }
  const skills = g.skills.filter((s) => s && p.requirements.includes(s)).slice(0, 3);
  if (skills.length) { score += 5 * skills.length; reasons.push(`技能符合：${skills.join('、')}`); }
  if (left >= 14) score += 5;
  else if (left < 7) reasons.push(`${left === 0 ? '今天' : `${left} 天后`}截止`);
  return { postingId: p.id, score, reasons };
}

/** Ranks postings best first; ties go to the earlier deadline, then the older posting. */
export function rankPostings(g: GraduateProfile, postings: readonly PostingForRanking[], today: string): Ranked[] {
  const deadline = new Map(postings.map((p) => [p.id, p.deadline]));
  const out: Ranked[] = [];
  for (const p of postings) {
    const r = rankPosting(g, p, today);
    if (r) out.push(r);
  }
  return out.sort((a, b) => b.score - a.score || deadline.get(a.postingId)!.localeCompare(deadline.get(b.postingId)!) || a.postingId - b.postingId);
}
