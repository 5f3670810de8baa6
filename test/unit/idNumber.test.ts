import { describe, expect, it } from 'vitest';
import { checkIdNumber, checkStudentNo, idCheckChar } from '../../shared/domain/idNumber';
import { maskAddress, maskIdNumber, maskPhone } from '../../shared/domain/masking';
import { formatDateZh } from '../../shared/domain/dates';

describe('ID number (GB 11643-1999)', () => {
  it('accepts the reference example and derives birth date and gender', () => {
    const r = checkIdNumber('34052419800101001X');
    expect(r).toMatchObject({ ok: true, value: '34052419800101001X', birthDate: '1980-01-01', gender: '1' });
  });
  it('normalises lower-case and full-width x and spaces', () => {
    expect(checkIdNumber(' 34052419800101001x ').ok).toBe(true);
    expect(checkIdNumber('３４０５２４１９８００１０１００１Ｘ').ok).toBe(true);
  });
  it('rejects a wrong check character and says what it should be', () => {
    const r = checkIdNumber('340524198001010011');
    expect(r).toEqual({ ok: false, reason: '身份证号校验位不符（应为 X），请核对' });
  });
  it('converts a 15-digit number by inserting 19 and computing the check', () => {
    const r = checkIdNumber('340524800101001');
    expect(r.ok && r.value).toBe('34052419800101001X');
    expect(r.ok && r.converted15).toBe(true);
  });
  it('names Excel damage: number cells, scientific notation, trailing 000', () => {
    const num = checkIdNumber(610113201203051000);
    expect(!num.ok && num.reason).toContain('Excel');
    const sci = checkIdNumber('6.10113E+17');
    expect(!sci.ok && sci.reason).toContain('科学计数法');
    const zeros = checkIdNumber('610113201203051000');
    expect(!zeros.ok && zeros.reason).toContain('Excel');
  });
  it('rejects impossible and future birth dates, and wrong lengths', () => {
    const feb30 = '6101132012023000' + '1';
    expect(checkIdNumber(feb30 + idCheckChar(feb30)).ok).toBe(false);
    const future = '61011320991231001';
    expect(checkIdNumber(future + idCheckChar(future), new Date('2026-01-01')).ok).toBe(false);
    expect(checkIdNumber('12345').ok).toBe(false);
  });
  it('warns, but accepts, an unknown province prefix', () => {
    const x = '99011320120305001';
    const r = checkIdNumber(x + idCheckChar(x));
    expect(r.ok && r.warnings.length).toBe(1);
  });
});

describe('学籍号', () => {
  it('accepts G + a valid ID, and L temporary numbers', () => {
    expect(checkStudentNo('G34052419800101001X').ok).toBe(true);
    expect(checkStudentNo('L123456789012345678').ok).toBe(true);
  });
  it('rejects LG, wrong letters, lengths and a G number with a bad check', () => {
    expect(checkStudentNo('LG4052419800101001X')).toMatchObject({ ok: false, reason: expect.stringContaining('LG') });
    expect(checkStudentNo('X34052419800101001X').ok).toBe(false);
    expect(checkStudentNo('G3405241980010100').ok).toBe(false);
    expect(checkStudentNo('G340524198001010011').ok).toBe(false);
  });
});

describe('masking and dates', () => {
  it('masks identifiers as printed', () => {
    expect(maskIdNumber('34052419800101001X')).toBe('3405**********001X');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskAddress('陕西省西安市雁塔区电子正街 88 号')).toBe('陕西省西安市****');
  });
  it('writes dates as users do', () => {
    expect(formatDateZh('2025-09-01')).toBe('2025年9月1日');
  });
});
