import { describe, expect, it } from 'vitest';
import { compareClasses, compareGrades, compareNames, gradeRank, inClassThenNameOrder } from '../../shared/domain/ordering';

describe('the office order of names, classes and grades', () => {
  it('sorts names by pinyin, not by code point', () => {
    expect(['张伟', '李娜', '测试', '王芳', '安然'].sort(compareNames)).toEqual(['安然', '测试', '李娜', '王芳', '张伟']);
  });

  it('sorts classes by grade in school order, then by number', () => {
    expect(['九(1)', '七(10)', '八(2)', '七(2)', '七(1)', '八(10)'].sort(compareClasses)).toEqual([
      '七(1)',
      '七(2)',
      '七(10)',
      '八(2)',
      '八(10)',
      '九(1)',
    ]);
    expect(['高三(1)班', '初一(3)班', '高一(12)班', '高一(2)班'].sort(compareClasses)).toEqual([
      '初一(3)班',
      '高一(2)班',
      '高一(12)班',
      '高三(1)班',
    ]);
  });

  it('sorts grades in school order, synonyms together, unknown ones last', () => {
    expect(['九年级', '八年级', '七年级', '其他'].sort(compareGrades)).toEqual(['七年级', '八年级', '九年级', '其他']);
    expect(gradeRank('初三')).toBe(gradeRank('九年级'));
    expect(gradeRank('中职一年级')).toBeLessThan(gradeRank('中职三年级'));
    // A numeral alone is a grade only when a class number follows it.
    expect(gradeRank('七彩兴趣小组')).toBe(-1);
  });

  it('orders rows by class, then by name', () => {
    const rows = [
      { class_name: '八(1)', name: '张三' },
      { class_name: '七(2)', name: '王五' },
      { class_name: '七(2)', name: '李四' },
    ];
    expect(inClassThenNameOrder(rows).map((r) => r.name)).toEqual(['李四', '王五', '张三']);
  });
});
