/**
 * The spreadsheet imports the office runs (I3 aid list, E8 postings, the S2 学籍 roster, and the attendance and exam scores early warning reads):
 * their kinds, who may run each, what a preview row's status means, and whether one bad row blocks the commit.
 */
import type { Role } from './enums';
import { labels } from './labels';

export const IMPORT_KINDS = ['aidList', 'postings', 'roster', 'attendance', 'grades'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const IMPORT_KIND_LABELS = labels<ImportKind>({
  aidList: '免申即享名单',
  postings: '岗位信息',
  roster: '学籍名册（在校生信息）',
  attendance: '月度考勤',
  grades: '考试成绩',
});

/** Who may run each import (the router admits the union; the import service checks the kind). */
export const IMPORT_ROLES: Record<ImportKind, readonly Role[]> = {
  aidList: ['admin', 'officer'],
  postings: ['admin', 'officer', 'headTeacher', 'tutor', 'counsellor'],
  roster: ['admin', 'officer'],
  attendance: ['admin', 'officer'],
  grades: ['admin', 'officer'],
};

/**
 * Rows a preview reports. `new` and `update` will be written, `unchanged` and `rejected` will not; `matched` is the
 * aid list's word for an existing student who gets a new case or categories.
 */
export const IMPORT_ROW_STATUSES = ['new', 'matched', 'update', 'unchanged', 'rejected'] as const;
export type ImportRowStatus = (typeof IMPORT_ROW_STATUSES)[number];
export const IMPORT_ROW_STATUS_LABELS = labels<ImportRowStatus>({
  new: '新建',
  matched: '匹配',
  update: '更新',
  unchanged: '无变化',
  rejected: '拒绝',
});
