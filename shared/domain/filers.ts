/** Where a school stands for a half-year's filing (issue 14 §4), judged by the day its package was made. */
export const FILER_STATUSES = ['onTime', 'late', 'missing', 'notDue'] as const;
export type FilerStatus = (typeof FILER_STATUSES)[number];
export const FILER_STATUS_LABELS: Record<FilerStatus, string> = {
  onTime: '按时报送',
  late: '逾期报送',
  missing: '逾期未报',
  notDue: '未到截止日',
};
