/** The levels of the bureau workspace (issue 14 §6): a county reports to its prefecture, a prefecture to the province. */
import { labels } from './labels';

export const BUREAU_LEVELS = ['county', 'prefecture', 'province'] as const;
export type BureauLevel = (typeof BUREAU_LEVELS)[number];
export const BUREAU_LEVEL_LABELS = labels<BureauLevel>({ county: '县（区）', prefecture: '市', province: '省' });

/** The length of an area code at each level: 6 digits a county, 4 a prefecture, "61" the province. */
export const AREA_LENGTH: Record<BureauLevel, number> = { county: 6, prefecture: 4, province: 2 };

/** Whether `inner` (an area code) lies inside `outer` ('' means the bureau has not said: anything in Shaanxi). */
export function areaWithin(inner: string, outer: string): boolean {
  return inner.startsWith(outer || '61') && inner.length >= (outer || '61').length;
}
