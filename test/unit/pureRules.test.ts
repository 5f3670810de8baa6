/** Direct tests of the pure rules the imports, the cadence and the lockout stand on. */
import { describe, expect, it } from 'vitest';
import { detectMapping, parseDateCell, parseYesNo, validateAidRow } from '../../shared/domain/aidList';
import { SchoolCalendar, semesterOf, semesterRange } from '../../shared/domain/calendar';
import { checkZipSafety } from '../../main/core/io/zipGuard';
import { makeIdNumber } from '../../main/core/seed/idFactory';
import { lockMinutes, MAX_FAILED_BEFORE_LOCK } from '../../main/core/store/keySlots';

describe('parseDateCell', () => {
  it('reads yyyymmdd, ISO, slashes, Chinese dates and Excel serials', () => {
    expect(parseDateCell('20120305')).toBe('2012-03-05');
    expect(parseDateCell('2012-3-5')).toBe('2012-03-05');
    expect(parseDateCell('2012/03/05')).toBe('2012-03-05');
    expect(parseDateCell('2012年3月5日')).toBe('2012-03-05');
    expect(parseDateCell(40973)).toBe('2012-03-05'); // Excel serial (1900 system)
    expect(parseDateCell(new Date(Date.UTC(2012, 2, 5)))).toBe('2012-03-05');
  });
  it('refuses impossible dates and noise, and treats blank as no date', () => {
    expect(parseDateCell('20120230')).toBeNull();
    expect(parseDateCell('2026/13/01')).toBeNull();
    expect(parseDateCell('明天')).toBeNull();
    expect(parseDateCell(123)).toBeNull();
    expect(parseDateCell('')).toBeNull();
    expect(parseDateCell(null)).toBeNull();
  });
});

describe('parseYesNo', () => {
  it('reads 是/否, 01/02, 1/0, Y/N, ✓ and blank as 否', () => {
    for (const v of ['是', '01', '1', 'Y', '√', '✓', 1]) expect(parseYesNo(v), String(v)).toBe(true);
    for (const v of ['否', '02', '0', '2', 'N', '×', '', null, undefined, 2, 0]) expect(parseYesNo(v), String(v)).toBe(false);
  });
  it('returns null for an unreadable value instead of guessing', () => {
    expect(parseYesNo('也许')).toBeNull();
    expect(parseYesNo(7)).toBeNull();
  });
});

describe('detectMapping', () => {
  it('maps synonyms to fields by column, exact names first', () => {
    const headers = [undefined, '序号', '学生姓名', '性别', '身份证件号码', '全国学籍号', '是否残疾人子女', '是否残疾学生', '认定级别'];
    expect(detectMapping(headers)).toMatchObject({
      name: 2,
      gender: 3,
      idNumber: 4,
      studentNo: 5,
      flagDisabledParent: 6,
      flagDisabled: 7,
      level: 8,
    });
  });
  it('ignores spaces, brackets and 是否, and leaves unknown headers unmapped', () => {
    const m = detectMapping([undefined, ' 姓 名 ', '身份证号（18位）', '家庭住址']);
    expect(m.name).toBe(1);
    expect(m.idNumber).toBe(2);
    expect(Object.keys(m)).toHaveLength(2);
  });
});

describe('SchoolCalendar', () => {
  const cal = new SchoolCalendar([{ from: '2026-01-17', to: '2026-02-28', label: '寒假' }]);
  it('counts weekdays outside the breaks as school days', () => {
    expect(cal.isSchoolDay('2026-01-16')).toBe(true); // Friday before the break
    expect(cal.isSchoolDay('2026-01-17')).toBe(false); // Saturday, and the break
    expect(cal.isSchoolDay('2026-02-02')).toBe(false); // Monday inside the break
    expect(cal.isSchoolDay('2026-03-02')).toBe(true);
    expect(cal.schoolDays('2026-03-02', '2026-03-08')).toHaveLength(5);
  });
  it('adds working days across weekends and breaks', () => {
    expect(cal.addWorkingDays('2026-03-06', 3)).toBe('2026-03-11'); // Friday + 3 → Wednesday
    expect(cal.addWorkingDays('2026-01-15', 3)).toBe('2026-03-03'); // across the winter break
  });
  it('names semesters: autumn runs August–January, spring February–July', () => {
    expect(semesterOf('2026-09-01')).toBe('2026-2027-1');
    expect(semesterOf('2027-01-20')).toBe('2026-2027-1');
    expect(semesterOf('2027-03-01')).toBe('2026-2027-2');
    expect(semesterRange('2026-2027-2')).toEqual({ from: '2027-02-01', to: '2027-07-31' });
  });
});

describe('checkZipSafety', () => {
  it('refuses what is not a zip, and a zip without its directory', async () => {
    await expect(checkZipSafety(Buffer.from('not a zip at all, just text'))).rejects.toThrow(/不是 xlsx 文件/);
    const header = Buffer.alloc(64);
    header.writeUInt32LE(0x04034b50, 0);
    await expect(checkZipSafety(header)).rejects.toThrow(/找不到目录/);
  });
  it('refuses an entry whose declared ratio is a bomb’s', async () => {
    // One central-directory entry: 20 MB declared from 1 KB compressed.
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt32LE(1024, 20);
    cd.writeUInt32LE(20 * 1024 * 1024, 24);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(1, 10);
    eocd.writeUInt32LE(cd.length, 12);
    eocd.writeUInt32LE(local.length, 16);
    await expect(checkZipSafety(Buffer.concat([local, cd, eocd]))).rejects.toThrow(/压缩比异常|压缩炸弹/);
  });
});

describe('lockMinutes', () => {
  it('locks from the fifth failure, doubling, at most a day', () => {
    expect(MAX_FAILED_BEFORE_LOCK).toBe(5);
    expect([1, 2, 3, 4].map(lockMinutes)).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8].map(lockMinutes)).toEqual([1, 2, 4, 8]);
    expect(lockMinutes(40)).toBe(24 * 60);
  });
});

describe('statistics deadlines and the roster cells (issue 12, 13)', () => {
  it('reminds of 30 June and 15 December from 15 days before, and for 30 days after until submitted', async () => {
    const { statisticsReminder } = await import('../../shared/domain/statistics');
    const none = new Set<string>();
    expect(statisticsReminder('2026-11-29', none)).toBeNull(); // 16 days before 15 December
    expect(statisticsReminder('2026-11-30', none)).toEqual({ asOf: '2026-12-15', daysLeft: 15 });
    expect(statisticsReminder('2026-12-20', none)).toEqual({ asOf: '2026-12-15', daysLeft: -5 });
    expect(statisticsReminder('2026-12-20', new Set(['2026-12-15']))).toBeNull();
    expect(statisticsReminder('2027-01-10', none)).toEqual({ asOf: '2026-12-15', daysLeft: -26 });
    expect(statisticsReminder('2027-06-20', none)).toEqual({ asOf: '2027-06-30', daysLeft: 10 });
  });

  it('moves a grade up its stage sequence and names classes the office way', async () => {
    const { DEFAULT_GRADE_PROGRESSION, nextGrade, promotedClassName, graduatedClassName, rolloverYearFor } = await import(
      '../../shared/domain/schoolYear'
    );
    expect(nextGrade(DEFAULT_GRADE_PROGRESSION, 'junior', '初二')).toEqual({ kind: 'move', grade: '初三' });
    expect(nextGrade(DEFAULT_GRADE_PROGRESSION, 'junior', '九年级')).toEqual({ kind: 'graduate' });
    expect(nextGrade(DEFAULT_GRADE_PROGRESSION, 'junior', '预备班')).toEqual({ kind: 'unknown' });
    expect(promotedClassName('七年级(10)班', '七年级', '八年级')).toBe('八年级(10)班');
    expect(graduatedClassName('九年级(1)班', 2027)).toBe('2027届九年级(1)班');
    expect(rolloverYearFor('2026-08-25')).toBe('2026-2027');
    expect(rolloverYearFor('2026-06-30')).toBe('2025-2026');
  });
});

describe('validateAidRow with the school levels', () => {
  it('refuses a 认定级别 the school does not grade with, naming the accepted labels', () => {
    const row = (level: string) => (f: string) =>
      ({ name: '张小明', idNumber: makeIdNumber('610113', '2012-03-05', 11), level })[f as 'name' | 'idNumber' | 'level'] ?? undefined;
    const levels = ['特别困难', '困难', '一般困难'];
    const bad = validateAidRow(row('极困难'), new Date('2026-11-29'), levels);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.join()).toContain('认定级别：“极困难”不是本校的认定等级（可用：特别困难、困难、一般困难）');
    expect(validateAidRow(row('困难'), new Date('2026-11-29'), levels).ok).toBe(true);
  });
});
