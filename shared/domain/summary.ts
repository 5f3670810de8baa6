/** The sections of the annual work summary (S3 附件2), in the order the bureau reads them. */
import { labels } from './labels';

export const SUMMARY_SECTIONS = ['basics', 'practice', 'results', 'problems', 'nextSteps'] as const;
export type SummarySection = (typeof SUMMARY_SECTIONS)[number];
export const SUMMARY_SECTION_LABELS = labels<SummarySection>({
  basics: '一、基本情况',
  practice: '二、主要做法',
  results: '三、工作成效',
  problems: '四、存在问题',
  nextSteps: '五、下一步打算',
});

/** The summary is reported upward: a value looking like an ID number or a mobile phone number must not be in it. */
export function identifierIn(text: string): string | null {
  const id = /(?<![0-9])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])\d{2}\d{3}[0-9Xx](?![0-9])/.exec(text);
  if (id) return '身份证件号';
  const phone = /(?<![0-9])1[3-9]\d{9}(?![0-9])/.exec(text);
  if (phone) return '手机号码';
  return null;
}
