/**
 * Rules for the 免申即享 import (I3): recognising the Chinese headers of an xlsx exported from the national or
 * provincial aid system, reading its yes/no and date cells, and turning a row into what the school needs.
 * Pure: the reader in main/core/io feeds raw cell values here.
 */
import type { Category } from './enums';
import { checkIdNumber, checkStudentNo } from './idNumber';

export const AID_FIELDS = [
  'name',
  'idNumber',
  'studentNo',
  'level',
  'gender',
  'birthDate',
  'grade',
  'className',
  'flagPoverty',
  'flagLowIncome',
  'flagExtremePoverty',
  'flagMonitored',
  'flagOrphan',
  'flagUnsupported',
  'flagDisabled',
  'flagDisabledParent',
  'flagMartyr',
  'flagLeftBehind',
] as const;
export type AidField = (typeof AID_FIELDS)[number];

export const AID_FIELD_LABELS: Record<AidField, string> = {
  name: '姓名',
  idNumber: '身份证件号',
  studentNo: '学籍号',
  level: '认定级别',
  gender: '性别',
  birthDate: '出生日期',
  grade: '年级',
  className: '班级',
  flagPoverty: '脱贫家庭（建档立卡）',
  flagLowIncome: '低保',
  flagExtremePoverty: '特困供养',
  flagMonitored: '防止返贫监测对象',
  flagOrphan: '孤儿',
  flagUnsupported: '事实无人抚养儿童',
  flagDisabled: '残疾学生',
  flagDisabledParent: '残疾人子女',
  flagMartyr: '烈士子女',
  flagLeftBehind: '农村留守儿童',
};

/** Header texts seen in aid-system exports, normalised (no spaces, brackets or 是否). Longest match wins. */
const SYNONYMS: Record<AidField, string[]> = {
  name: ['姓名', '学生姓名'],
  idNumber: ['身份证件号', '身份证号', '身份证号码', '证件号码', '身份证件号码'],
  studentNo: ['学籍号', '全国学籍号', '学籍辅号'],
  level: ['认定级别', '困难等级', '困难程度', '家庭经济困难等级', '认定等级', '困难级别'],
  gender: ['性别'],
  birthDate: ['出生日期', '出生年月'],
  grade: ['年级'],
  className: ['班级', '班级名称'],
  flagPoverty: ['脱贫家庭', '建档立卡', '脱贫家庭学生', '建档立卡贫困家庭', '脱贫户'],
  flagLowIncome: ['低保', '低保家庭', '最低生活保障', '低保边缘'],
  flagExtremePoverty: ['特困供养', '特困供养人员', '特困'],
  flagMonitored: ['防止返贫监测对象', '监测对象', '防返贫监测'],
  flagOrphan: ['孤儿'],
  flagUnsupported: ['事实无人抚养儿童', '事实无人抚养'],
  flagDisabled: ['残疾学生', '家庭经济困难残疾学生', '残疾'],
  flagDisabledParent: ['残疾人子女'],
  flagMartyr: ['烈士子女', '烈士或优抚子女'],
  flagLeftBehind: ['农村留守儿童', '留守儿童'],
};

/** A cell's value as quoted back in a message: at most 200 characters, so a hostile cell cannot flood the screen. */
export function shown(v: unknown): string {
  const s = String(v ?? '');
  return s.length > 200 ? `${s.slice(0, 200)}…（共 ${s.length} 字）` : s;
}

export function normaliseHeader(h: unknown): string {
  return String(h ?? '')
    .replace(/[\s（）()【】[\]*＊:：]/g, '')
    .replace(/^是否/, '')
    .replace(/(（.*）|\(.*\))$/, '');
}

/** Maps a header row to fields. Returns field → column index (1-based, as exceljs numbers cells). */
export function detectMapping(headers: unknown[]): Partial<Record<AidField, number>> {
  const mapping: Partial<Record<AidField, number>> = {};
  const taken = new Set<number>();
  // Exact synonyms first, so that e.g. "残疾人子女" is not taken by "残疾".
  for (const exact of [true, false]) {
    for (const field of AID_FIELDS) {
      if (mapping[field]) continue;
      for (let col = 1; col < headers.length; col++) {
        if (taken.has(col)) continue;
        const h = normaliseHeader(headers[col]);
        if (!h) continue;
        const hit = SYNONYMS[field].some((s) => (exact ? h === s : h.includes(s)));
        if (hit) {
          mapping[field] = col;
          taken.add(col);
          break;
        }
      }
    }
  }
  return mapping;
}

/** A header row must name the student and at least one identifier. */
export function isHeaderRow(headers: unknown[]): boolean {
  const m = detectMapping(headers);
  return m.name !== undefined && (m.idNumber !== undefined || m.studentNo !== undefined);
}

/** 是/否, 01/02, 1/0, Y/N, ✓, blank = 否. Returns null for an unreadable value. */
export function parseYesNo(v: unknown): boolean | null {
  if (v === null || v === undefined) return false;
  const s = String(v).trim();
  if (s === '') return false;
  if (['是', '01', '1', 'Y', 'y', '√', '✓', 'TRUE', 'true'].includes(s)) return true;
  if (['否', '02', '0', '2', 'N', 'n', '×', 'FALSE', 'false'].includes(s)) return false;
  if (typeof v === 'number') return v === 1 ? true : v === 2 || v === 0 ? false : null;
  return null;
}

/** yyyymmdd, yyyy-mm-dd, yyyy/m/d, or an Excel serial number (styles ignored). */
export function parseDateCell(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  if (typeof v === 'number' && v > 20000 && v < 80000) {
    const d = new Date(Date.UTC(1899, 11, 30) + Math.round(v) * 86_400_000);
    return d.toISOString().slice(0, 10);
  }
  const s = String(v).trim();
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s) ?? /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** Cell text as exceljs gives it: plain, rich text, hyperlink or formula result. */
export function cellText(v: unknown): unknown {
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    const o = v as { richText?: Array<{ text: string }>; text?: string; result?: unknown };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if (o.result !== undefined) return o.result;
    if (o.text !== undefined) return o.text;
  }
  return v;
}

export interface AidRow {
  name: string;
  idNumber: string | null;
  studentNo: string | null;
  level: string;
  gender: '1' | '2' | null;
  birthDate: string | null;
  grade: string;
  className: string;
  categories: Category[];
  /** Difficulty types as the aid system names them, for the record. */
  types: string[];
  warnings: string[];
}

const FLAG_CATEGORY: Partial<Record<AidField, Category>> = {
  flagPoverty: 'poverty',
  flagLowIncome: 'poverty',
  flagExtremePoverty: 'poverty',
  flagMonitored: 'poverty',
  flagDisabledParent: 'poverty',
  flagOrphan: 'orphan',
  flagUnsupported: 'unsupported',
  flagDisabled: 'disability',
  flagMartyr: 'martyr',
  flagLeftBehind: 'leftBehind',
};
const LEVELS = ['特别困难', '困难', '一般困难', '比较困难', '不困难'];

export type RowCheck = { ok: true; row: AidRow } | { ok: false; errors: string[] };

/** Validates one data row. `get` returns the raw cell for a mapped field (undefined if unmapped). */
/**
 * `levels`: the school's own 认定等级 labels. When given, a level outside them is a row error naming the accepted
 * labels (it becomes the student's F9 grading, so it must be one the school grades with).
 */
export function validateAidRow(get: (f: AidField) => unknown, today: Date = new Date(), levels?: readonly string[]): RowCheck {
  const errors: string[] = [];
  const warnings: string[] = [];
  const name = String(cellText(get('name')) ?? '').trim();
  if (!name) errors.push('姓名：为空');
  else if (name.length > 30) errors.push('姓名：超过 30 个字');

  let idNumber: string | null = null;
  let idGender: '1' | '2' | null = null;
  let idBirth: string | null = null;
  const rawId = cellText(get('idNumber'));
  if (rawId !== undefined && rawId !== null && String(rawId).trim() !== '') {
    const r = checkIdNumber(rawId as string | number, today);
    if (r.ok) {
      idNumber = r.value;
      idGender = r.gender;
      idBirth = r.birthDate;
      warnings.push(...r.warnings);
    } else errors.push(`身份证件号：${r.reason.replace(/^身份证号/, '')}`);
  }
  let studentNo: string | null = null;
  const rawNo = cellText(get('studentNo'));
  if (rawNo !== undefined && rawNo !== null && String(rawNo).trim() !== '') {
    const r = checkStudentNo(String(rawNo));
    if (r.ok) studentNo = r.value;
    else errors.push(`学籍号：${r.reason.replace(/^学籍号/, '')}`);
  }
  if (!idNumber && !studentNo && !errors.some((e) => e.startsWith('身份证件号') || e.startsWith('学籍号'))) {
    errors.push('身份证件号和学籍号都为空，无法匹配学生');
  }

  let birthDate: string | null = null;
  const rawBirth = cellText(get('birthDate'));
  if (rawBirth !== undefined && rawBirth !== null && String(rawBirth).trim() !== '') {
    birthDate = parseDateCell(rawBirth);
    if (!birthDate) errors.push(`出生日期：无法识别“${shown(rawBirth)}”（应为 yyyymmdd 或日期）`);
    else if (idBirth && birthDate !== idBirth) errors.push(`出生日期：${birthDate} 与身份证件号中的 ${idBirth} 不一致`);
  }
  const rawGender = String(cellText(get('gender')) ?? '').trim();
  let gender: '1' | '2' | null = idGender;
  if (rawGender) {
    const g = rawGender === '男' || rawGender === '1' ? '1' : rawGender === '女' || rawGender === '2' ? '2' : null;
    if (!g) errors.push(`性别：无法识别“${shown(rawGender)}”`);
    else if (idGender && g !== idGender) errors.push('性别：与身份证件号不一致');
    else gender = g;
  }
  const level = String(cellText(get('level')) ?? '').trim();
  if (level && levels && !levels.includes(level))
    errors.push(`认定级别：“${shown(level)}”不是本校的认定等级（可用：${levels.join('、')}）`);
  else if (level && !levels && !LEVELS.includes(level)) warnings.push(`认定级别“${shown(level)}”不在常用名称中，已按原文记录`);

  const categories = new Set<Category>();
  const types: string[] = [];
  for (const [field, cat] of Object.entries(FLAG_CATEGORY) as Array<[AidField, Category]>) {
    const raw = cellText(get(field));
    if (raw === undefined) continue;
    const yes = parseYesNo(raw);
    if (yes === null) errors.push(`${AID_FIELD_LABELS[field]}：无法识别“${shown(raw)}”（应为 是/否、01/02 或留空）`);
    else if (yes) {
      categories.add(cat);
      types.push(AID_FIELD_LABELS[field]);
    }
  }
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    row: {
      name,
      idNumber,
      studentNo,
      level,
      gender,
      birthDate: birthDate ?? idBirth,
      grade: String(cellText(get('grade')) ?? '').trim(),
      className: String(cellText(get('className')) ?? '').trim(),
      categories: [...categories],
      types,
      warnings,
    },
  };
}
