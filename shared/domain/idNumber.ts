/**
 * Resident ID number rules (GB 11643-1999, DOMAIN.md). Pure: used by intake forms, imports and the services.
 * Every rejection carries a Chinese reason that names what is wrong, because an officer must be able to fix the
 * row without guessing.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
/** Province-level prefixes of GB/T 2260 (used for a warning only: an unknown code is not a rejection). */
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
]);

export type IdCheck =
  | { ok: true; value: string; birthDate: string; gender: '1' | '2'; converted15: boolean; warnings: string[] }
  | { ok: false; reason: string };

export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/** Normalises full-width digits and the full-width / lower-case X that input methods produce. */
function normalise(raw: string): string {
  return raw
    .trim()
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48))
    .replace(/[xＸｘ]/g, 'X')
    .replace(/\s+/g, '');
}

/**
 * Validates an ID number as typed or as it arrives from a spreadsheet cell. `today` bounds the birth date.
 */
export function checkIdNumber(input: unknown, today: Date = new Date()): IdCheck {
  if (input === null || input === undefined || input === '') return { ok: false, reason: '身份证号为空' };
  if (typeof input === 'number') {
    // A number cell: Excel kept only 15 significant digits, so an 18-digit ID is already damaged.
    if (!Number.isSafeInteger(input) || String(input).length >= 16) {
      return { ok: false, reason: '身份证号被 Excel 存成了数字，后几位已丢失；请把该列设为“文本”后重新填写' };
    }
    input = String(input);
  }
  if (typeof input !== 'string') return { ok: false, reason: '身份证号格式不正确' };
  const v = normalise(input);
  if (/^\d(\.\d+)?E\+?\d+$/i.test(v)) {
    return { ok: false, reason: `身份证号显示为科学计数法（${v}），已被 Excel 转为数字并丢失末位；请把该列设为“文本”后重新填写` };
  }
  if (/^\d{15}$/.test(v)) {
    const first17 = `${v.slice(0, 6)}19${v.slice(6)}`;
    const r = checkIdNumber(first17 + idCheckChar(first17), today);
    return r.ok ? { ...r, converted15: true, warnings: [...r.warnings, '15 位旧身份证号已转换为 18 位'] } : r;
  }
  if (!/^\d{17}[\dX]$/.test(v)) {
    return { ok: false, reason: `身份证号应为 18 位（末位可为 X），当前为 ${v.length} 位` };
  }
  const expected = idCheckChar(v.slice(0, 17));
  if (v[17] !== expected) {
    if (v.endsWith('000')) {
      return { ok: false, reason: '身份证号末三位为 000 且校验位不符，疑似被 Excel 转为数字后丢失末位；请核对原件' };
    }
    return { ok: false, reason: `身份证号校验位不符（应为 ${expected}），请核对` };
  }
  const y = Number(v.slice(6, 10));
  const m = Number(v.slice(10, 12));
  const d = Number(v.slice(12, 14));
  if (!validDate(y, m, d) || y < 1900) return { ok: false, reason: '身份证号中的出生日期无效' };
  const birthDate = `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`;
  if (new Date(`${birthDate}T00:00:00Z`).getTime() > today.getTime()) {
    return { ok: false, reason: '身份证号中的出生日期晚于今天' };
  }
  const warnings: string[] = [];
  if (!PROVINCES.has(v.slice(0, 2))) warnings.push(`身份证号地址码 ${v.slice(0, 6)} 不在已知省级代码中，请核对`);
  const gender = Number(v[16]) % 2 === 1 ? '1' : '2';
  return { ok: true, value: v, birthDate, gender, converted15: false, warnings };
}

export type StudentNoCheck = { ok: true; value: string; kind: 'G' | 'J' | 'L' } | { ok: false; reason: string };

/** 全国学籍号: a letter G/J/L + 18 characters (DOMAIN.md). */
export function checkStudentNo(input: string): StudentNoCheck {
  const v = normalise(input).toUpperCase();
  if (v.startsWith('LG')) return { ok: false, reason: '学籍号不能以 LG 开头（临时学籍号应以 L 开头，正式学籍号以 G 开头）' };
  if (!/^[GJL]/.test(v)) return { ok: false, reason: '学籍号应以 G、J 或 L 开头' };
  if (v.length !== 19) return { ok: false, reason: `学籍号应为 19 位（字母加 18 位），当前为 ${v.length} 位` };
  if (v[0] === 'L') {
    if (!/^L\d{18}$/.test(v)) return { ok: false, reason: '临时学籍号应为 L 加 18 位数字' };
    return { ok: true, value: v, kind: 'L' };
  }
  if (!/^[GJ]\d{17}[\dX]$/.test(v)) return { ok: false, reason: '学籍号应为字母加 18 位数字（末位可为 X）' };
  if (idCheckChar(v.slice(1, 18)) !== v[18]) return { ok: false, reason: '学籍号校验位不符，请核对' };
  return { ok: true, value: v, kind: v[0] as 'G' | 'J' };
}
