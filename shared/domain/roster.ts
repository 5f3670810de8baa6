/**
 * Reading one row of the 学籍系统 "在校生信息" export (DOMAIN.md): which headers name which field, how its codes are
 * written (01/02, 是/否 or blank; 非/单亲/双亲; 男/女 or GB/T 2261 codes; ISO, yyyymmdd or Excel-serial dates), and
 * the checks a row must pass on its own. Matching against the store is the import service's work.
 */
import { cellText, normaliseHeader, parseDateCell, parseYesNo, shown } from './aidList';
import type { Category, Gender, LeftBehind, Stage } from './enums';
import { checkIdNumber, checkStudentNo } from './idNumber';
import { gradeRank, stageOfGrade } from './ordering';

const GUARDIAN_PARTS = {
  Name: ['姓名'],
  Relation: ['关系', '与学生关系'],
  Phone: ['联系电话', '电话', '手机号码'],
  IsGuardian: ['是否监护人'],
  Address: ['现住址'],
} as const;
type GuardianPart = keyof typeof GUARDIAN_PARTS;

/** Headers of the n-th guardian or family member, as registry exports and hand-made sheets write them. */
function guardianSynonyms(n: 1 | 2, part: GuardianPart): string[] {
  const ordinal = n === 1 ? '第一' : '第二';
  return GUARDIAN_PARTS[part].flatMap((p) => [`监护人${n}${p}`, `成员${n}${p}`, `家庭成员${n}${p}`, `${ordinal}监护人${p}`]);
}

export const ROSTER_COLUMNS = {
  name: { label: '姓名', synonyms: ['姓名', '学生姓名'] },
  gender: { label: '性别', synonyms: ['性别'] },
  birthDate: { label: '出生日期', synonyms: ['出生日期'] },
  ethnicity: { label: '民族', synonyms: ['民族'] },
  idType: { label: '身份证件类型', synonyms: ['身份证件类型', '证件类型'] },
  idNumber: { label: '身份证件号', synonyms: ['身份证件号', '身份证号', '身份证号码', '身份证件号码', '证件号码'] },
  studentNo: { label: '全国学籍号', synonyms: ['全国学籍号', '学籍号', '全国学籍号码'] },
  grade: { label: '年级', synonyms: ['年级', '年级名称'] },
  className: { label: '班级', synonyms: ['班级', '班级名称'] },
  boarding: { label: '就读方式', synonyms: ['就读方式', '住宿情况', '是否住校', '是否寄宿'] },
  householdAddress: { label: '户口所在地', synonyms: ['户口所在地', '户籍地址', '户口所在地址'] },
  currentAddress: { label: '现住址', synonyms: ['现住址', '家庭住址', '现居住地址'] },
  leftBehind: { label: '留守儿童', synonyms: ['留守儿童', '留守儿童类型', '是否留守儿童'] },
  orphan: { label: '孤儿', synonyms: ['孤儿', '是否孤儿'] },
  martyr: { label: '烈士或优抚子女', synonyms: ['烈士或优抚子女', '烈士子女'] },
  inclusion: { label: '随班就读', synonyms: ['随班就读'] },
  disabilityType: { label: '残疾类型', synonyms: ['残疾类型'] },
  g1Name: { label: '监护人1姓名', synonyms: [...guardianSynonyms(1, 'Name'), '监护人姓名'] },
  g1Relation: { label: '监护人1关系', synonyms: [...guardianSynonyms(1, 'Relation'), '监护人关系'] },
  g1Phone: { label: '监护人1联系电话', synonyms: [...guardianSynonyms(1, 'Phone'), '监护人联系电话', '监护人电话'] },
  g1IsGuardian: { label: '监护人1是否监护人', synonyms: guardianSynonyms(1, 'IsGuardian') },
  g1Address: { label: '监护人1现住址', synonyms: guardianSynonyms(1, 'Address') },
  g2Name: { label: '监护人2姓名', synonyms: guardianSynonyms(2, 'Name') },
  g2Relation: { label: '监护人2关系', synonyms: guardianSynonyms(2, 'Relation') },
  g2Phone: { label: '监护人2联系电话', synonyms: guardianSynonyms(2, 'Phone') },
  g2IsGuardian: { label: '监护人2是否监护人', synonyms: guardianSynonyms(2, 'IsGuardian') },
  g2Address: { label: '监护人2现住址', synonyms: guardianSynonyms(2, 'Address') },
} as const;
export type RosterField = keyof typeof ROSTER_COLUMNS;
export const ROSTER_FIELDS = Object.keys(ROSTER_COLUMNS) as RosterField[];
export const ROSTER_REQUIRED: readonly RosterField[] = ['name', 'grade', 'className'];

const NORMALISED: Record<RosterField, string[]> = Object.fromEntries(
  ROSTER_FIELDS.map((f) => [f, ROSTER_COLUMNS[f].synonyms.map((s) => normaliseHeader(s))]),
) as Record<RosterField, string[]>;

/** Field → column (1-based) when these cells are the header row: it names the student, a grade and an identifier. */
export function detectRosterHeader(cells: unknown[]): Record<string, number> | null {
  const found: Record<string, number> = {};
  cells.forEach((cell, col) => {
    const h = normaliseHeader(cellText(cell));
    if (!h) return;
    for (const f of ROSTER_FIELDS) if (found[f] === undefined && NORMALISED[f].includes(h)) found[f] = col;
  });
  return found.name !== undefined && found.grade !== undefined && (found.idNumber !== undefined || found.studentNo !== undefined)
    ? found
    : null;
}

export interface RosterGuardian {
  name: string;
  relation: string;
  phone: string;
  address: string;
  isGuardian: boolean;
}

/** One row as the registry has it. Optional fields are undefined when the sheet has no such column or leaves it blank. */
export interface RosterRow {
  name: string;
  idNumber: string | null;
  converted15: boolean;
  gender: Gender | null;
  birthDate: string | null;
  studentNo: string | null;
  ethnicity?: string;
  stage: Stage;
  grade: string;
  className: string;
  boarding?: boolean;
  leftBehind?: LeftBehind;
  householdAddress?: string;
  currentAddress?: string;
  disabilityType?: string;
  guardians?: RosterGuardian[];
  /** T1 categories the registry's flags propose (孤儿, 留守, 烈士或优抚子女, 随班就读 / 残疾类型). */
  proposed: Category[];
  warnings: string[];
}

export type RosterCheck = { ok: true; row: RosterRow } | { ok: false; errors: string[] };

const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;

/** Full-width digits, letters and spaces as input methods type them. */
function plain(v: unknown): string {
  if (v === undefined || v === null || v === '') return '';
  const t = String(cellText(v) ?? '');
  // Most cells are plain already: test once before rewriting (the import reads 50,000 rows × 27 cells).
  if (!WIDE.test(t)) return t.trim();
  return t
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .trim();
}
const WIDE = /[\uFF01-\uFF5E\u3000]/;

function readLeftBehind(v: string): LeftBehind | null | undefined {
  if (!v) return undefined;
  const s = v.replace(/留守(儿童)?$/, '');
  if (['非', '否', '02', '0', '不是'].includes(s)) return 'none';
  if (['单亲', '单亲留守'].includes(s)) return 'single';
  if (['双亲', '双亲留守'].includes(s)) return 'both';
  return null;
}

function readGender(v: string): Gender | null | undefined {
  if (!v) return undefined;
  if (v === '男' || v === '1') return '1';
  if (v === '女' || v === '2') return '2';
  if (v === '0' || v === '9' || v === '未知的性别' || v === '未说明的性别') return undefined;
  return null;
}

function readBoarding(v: string): boolean | null | undefined {
  if (!v) return undefined;
  if (['住校', '寄宿', '住宿', '是', '01', '1'].includes(v)) return true;
  if (['走读', '非住校', '不住校', '否', '02', '0'].includes(v)) return false;
  return null;
}

/** A class as the office writes it: 七年级(2)班, even when the registry gives only 2 or 2班 beside 年级 七年级. */
function fullClassName(grade: string, cls: string): string {
  if (gradeRank(cls) >= 0) return cls;
  const n = /^[(（]?(\d{1,3})[)）]?班?$/.exec(cls);
  return n ? `${grade}(${Number(n[1])})班` : `${grade}${cls}`;
}

export function readRosterRow(get: (f: RosterField) => unknown, schoolStages: readonly Stage[], today: Date): RosterCheck {
  const errors: string[] = [];
  const warnings: string[] = [];
  const seen = new Map<RosterField, string>();
  const text = (f: RosterField) => {
    const known = seen.get(f);
    if (known !== undefined) return known;
    const v = plain(get(f));
    seen.set(f, v);
    return v;
  };
  const label = (f: RosterField) => ROSTER_COLUMNS[f].label;
  const bad = (f: RosterField, why: string) => errors.push(`${label(f)}：${why}`);

  const name = text('name').replace(/\s+/g, '');
  if (!name) bad('name', '为空');
  else if (name.length > 30) bad('name', '超过 30 个字');

  const idType = text('idType');
  let idNumber: string | null = null;
  let converted15 = false;
  let idBirth: string | null = null;
  let idGender: Gender | null = null;
  const rawId = cellText(get('idNumber'));
  const hasId = rawId !== undefined && rawId !== null && String(rawId).trim() !== '';
  if (idType && !/居民身份证|^身份证$/.test(idType) && hasId) {
    bad('idType', `“${shown(idType)}”不是居民身份证，本系统按居民身份证号建档；请手工建档并在备注中记录证件`);
  } else if (hasId) {
    const r = checkIdNumber(typeof rawId === 'number' ? rawId : plain(rawId), today);
    if (!r.ok) bad('idNumber', r.reason.replace(/^身份证号/, ''));
    else {
      idNumber = r.value;
      converted15 = r.converted15;
      idBirth = r.birthDate;
      idGender = r.gender;
      if (r.converted15) warnings.push(`身份证件号为 15 位旧号码，将转换为 18 位 ${r.value}，请与户口簿核对`);
      warnings.push(...r.warnings.filter((w) => !w.startsWith('15 位')));
    }
  }

  let studentNo: string | null = null;
  const rawNo = text('studentNo');
  if (rawNo) {
    const r = checkStudentNo(rawNo);
    if (!r.ok) bad('studentNo', r.reason.replace(/^学籍号/, ''));
    else {
      studentNo = r.value;
      if (r.kind === 'G' && idNumber && r.value.slice(1) !== idNumber)
        warnings.push('全国学籍号（G 开头）与身份证件号不同：证件号可能曾变更，请核对');
    }
  }
  if (!hasId && !rawNo) errors.push('身份证件号和全国学籍号都为空，无法识别学生');

  const rawBirth = cellText(get('birthDate'));
  if (rawBirth !== undefined && rawBirth !== null && String(rawBirth).trim() !== '') {
    const birth = parseDateCell(typeof rawBirth === 'string' ? plain(rawBirth) : rawBirth);
    if (!birth) bad('birthDate', `无法识别“${shown(rawBirth)}”（应为 2012-03-05、20120305 或日期）`);
    else if (idBirth && birth !== idBirth) bad('birthDate', `${birth} 与身份证件号中的 ${idBirth} 不一致`);
    else idBirth ??= birth;
  }
  const gender = readGender(text('gender'));
  if (gender === null) bad('gender', `无法识别“${shown(text('gender'))}”（应为 男/女 或 1/2）`);
  else if (gender && idGender && gender !== idGender) bad('gender', '与身份证件号不一致');

  const grade = text('grade').replace(/\s+/g, '');
  const stage = grade ? stageOfGrade(grade) : null;
  if (!grade) bad('grade', '为空');
  else if (!stage) bad('grade', `无法识别“${shown(grade)}”（应为 七年级、初一、高二 等）`);
  else if (!schoolStages.includes(stage)) bad('grade', `“${grade}”不属于本校学段`);
  const cls = text('className').replace(/\s+/g, '');
  if (!cls) bad('className', '为空');
  else if (cls.length > 30) bad('className', '超过 30 个字');

  const boarding = readBoarding(text('boarding'));
  if (boarding === null) bad('boarding', `无法识别“${shown(text('boarding'))}”（应为 走读/住校）`);
  const leftBehind = readLeftBehind(text('leftBehind'));
  if (leftBehind === null) bad('leftBehind', `无法识别“${shown(text('leftBehind'))}”（应为 非留守/单亲留守/双亲留守）`);

  const proposed = new Set<Category>();
  if (leftBehind === 'single' || leftBehind === 'both') proposed.add('leftBehind');
  for (const [f, cat] of [
    ['orphan', 'orphan'],
    ['martyr', 'martyr'],
  ] as const) {
    const raw = cellText(get(f));
    if (raw === undefined) continue;
    const yes = parseYesNo(typeof raw === 'string' ? plain(raw) : raw);
    if (yes === null) bad(f, `无法识别“${shown(raw)}”（应为 是/否、01/02 或留空）`);
    else if (yes) proposed.add(cat);
  }
  const inclusion = text('inclusion');
  if (inclusion && !/^(非随班就读|否|02|0)$/.test(inclusion)) proposed.add('disability');
  const disabilityType = text('disabilityType');
  if (disabilityType && !/^(无|非残疾|否)$/.test(disabilityType)) proposed.add('disability');

  const guardians: RosterGuardian[] = [];
  for (const n of [1, 2] as const) {
    const g = (p: GuardianPart) => text(`g${n}${p}` as RosterField);
    const gName = g('Name').replace(/\s+/g, '');
    if (!gName) continue;
    const phone = g('Phone').replace(/\s+/g, '');
    if (phone && !PHONE.test(phone)) bad(`g${n}Phone` as RosterField, `“${shown(phone)}”不是 11 位手机号或带区号的座机号`);
    const isG = parseYesNo(g('IsGuardian'));
    guardians.push({
      name: gName.slice(0, 30),
      relation: (g('Relation') || '监护人').slice(0, 10),
      phone,
      address: g('Address').slice(0, 120),
      // A blank 是否监护人 means the sheet does not say; the first listed person is taken as the guardian.
      isGuardian: g('IsGuardian') ? isG === true : n === 1,
    });
  }

  if (errors.length) return { ok: false, errors };
  const opt = (f: RosterField, max: number) => {
    const v = text(f);
    return v ? v.slice(0, max) : undefined;
  };
  return {
    ok: true,
    row: {
      name,
      idNumber,
      converted15,
      gender: idGender ?? gender ?? null,
      birthDate: idBirth,
      studentNo,
      ethnicity: opt('ethnicity', 20),
      stage: stage as Stage,
      grade,
      className: fullClassName(grade, cls),
      // null (unreadable) has been reported as an error above; only undefined (not said) reaches here.
      boarding: boarding ?? undefined,
      leftBehind: leftBehind ?? undefined,
      householdAddress: opt('householdAddress', 120),
      currentAddress: opt('currentAddress', 120),
      disabilityType: disabilityType && !/^(无|非残疾|否)$/.test(disabilityType) ? disabilityType.slice(0, 20) : undefined,
      guardians: guardians.length ? guardians : undefined,
      proposed: [...proposed],
      warnings,
    },
  };
}
