/** Select options built from the shared domain labels. */
import {
  APPLICANT_TYPE_LABELS,
  CARE_KIND_LABELS,
  CATEGORY_LABELS,
  LEFT_BEHIND_LABELS,
  MANAGEMENT_AREAS,
  PREFECTURES,
  REVIEW_DECISION_LABELS,
  RISK_FACTOR_LABELS,
  ROLE_LABELS,
  STAGE_LABELS,
} from '../../../shared/domain/enums';

export const toOptions = (rec: Record<string, string>) => Object.entries(rec).map(([value, label]) => ({ value, label }));

export const categoryOptions = toOptions(CATEGORY_LABELS);
export const riskOptions = toOptions(RISK_FACTOR_LABELS);
export const careOptions = toOptions(CARE_KIND_LABELS);
export const stageOptions = toOptions(STAGE_LABELS);
export const leftBehindOptions = toOptions(LEFT_BEHIND_LABELS);
export const applicantOptions = toOptions(APPLICANT_TYPE_LABELS);
export const decisionOptions = toOptions(REVIEW_DECISION_LABELS);
export const roleOptions = toOptions(ROLE_LABELS);
export const prefectureOptions = Object.entries(PREFECTURES).map(([value, label]) => ({ value, label: `${label}（${value}）` }));
export const managementAreaOptions = Object.entries(MANAGEMENT_AREAS).map(([value, label]) => ({ value, label: `${label}（${value}）` }));
