/**
 * Employment guidance (E8) and financial aid (F9) through the router on a real encrypted store: the ranking rule
 * on a fixture, expired postings never suggested, the three-recommendation flag, the postings import, the aid gaps
 * check, work-study limits, and formula text neutralised in the exports.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { newSchool, tempDir } from '../support/school';
import { commitImport, previewImport } from '../support/imports';
import { confirmedStudent } from '../support/flow';

const NOW = '2026-05-12T09:00:00+08:00';
const school = () => newSchool(tempDir(), () => new Date(NOW));
const posting = (
  title: string,
  o: Partial<{
    employer: string;
    location: string;
    field: string;
    requirements: string;
    requiredCertificates: string[];
    deadline: string;
  }> = {},
) => ({
  employer: o.employer ?? '西安某制造有限公司',
  title,
  location: o.location ?? '西安',
  field: o.field ?? '制造业',
  requirements: o.requirements ?? '',
  requiredCertificates: o.requiredCertificates ?? [],
  salaryMin: 3000,
  salaryMax: 4500,
  deadline: o.deadline ?? '2026-06-30',
  contact: '029-8888 0000',
});
async function sheet(base64: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  return wb.worksheets[0];
}

describe('job recommendations (E8)', () => {
  it('ranks postings by the stated rule, never suggests an expired one, and flags a graduate until three are recommended', async () => {
    const { client } = await school();
    const g = await confirmedStudent(client, 301, '毕业生甲', '中职三年级(1)班', '中职三年级', 'vocational', '2008-03-05');
    await client.call('students.create', {
      ...(await import('../support/school')).STUDENT(
        (await import('../support/school')).makeIdNumber('610113', '2008-03-05', 302),
        '中职二年级生',
        '中职二年级(1)班',
      ),
      grade: '中职二年级',
      stage: 'vocational',
    });
    // A key student not in a final grade is not a graduate.
    await confirmedStudent(client, 303, '七年级生', '七年级(2)班');
    const grads = await client.call('employment.graduates', {});
    expect(grads.map((x) => x.name)).toEqual(['毕业生甲']);
    expect(grads[0]).toMatchObject({ flagged: true, recommendations: 0 });
    await client.call('employment.saveGraduate', {
      studentId: g.studentId,
      intendedField: '制造业',
      skills: ['焊接', 'CAD'],
      certificates: ['焊工证'],
      locationPref: '西安',
      constraints: '需照顾祖父，希望离家近',
      outcome: 'looking',
      outcomeDate: null,
      helperAccountId: 1,
    });

    const ids: Record<string, number> = {};
    for (const [k, p] of Object.entries({
      best: posting('焊接技术员', { requirements: '熟悉焊接与CAD制图', requiredCertificates: ['焊工证'] }),
      noCert: posting('数控操作工', { requiredCertificates: ['数控车工证'] }),
      otherCity: posting('焊工（宝鸡）', { location: '宝鸡', requiredCertificates: ['焊工证'] }),
      otherField: posting('收银员', { field: '商贸服务', employer: '西安某超市' }),
      soon: posting('装配工', { deadline: '2026-05-15' }),
      expired: posting('=HYPERLINK("http://x","点我")', { deadline: '2026-05-11' }),
    })) {
      if (k === 'expired') {
        // Expired postings cannot be entered by hand; they arrive from an older import. Enter it, then let time pass.
        ids[k] = (await client.call('employment.addPosting', { ...p, deadline: '2026-05-12' })).id;
      } else ids[k] = (await client.call('employment.addPosting', p)).id;
    }
    const s = await client.call('employment.suggest', { studentId: g.studentId });
    // 95; then two at 80 (ties go to the earlier deadline); two at 65 (same deadline: the older posting first); 45.
    expect(s.suggestions.map((x) => [x.title, x.score])).toEqual([
      ['焊接技术员', 95],
      ['=HYPERLINK("http://x","点我")', 80],
      ['装配工', 80],
      ['数控操作工', 65],
      ['焊工（宝鸡）', 65],
      ['收银员', 45],
    ]);
    expect(s.suggestions[1].reasons).toContain('今天截止');
    expect(s.suggestions[0].reasons).toEqual([
      '意向领域相符（制造业）',
      '地点符合（西安）',
      '具备所需证书（焊工证）',
      '技能符合：焊接、CAD',
    ]);
    expect(s.suggestions[0].score).toBe(40 + 20 + 20 + 10 + 5);
    expect(s.suggestions.find((x) => x.title === '数控操作工')!.reasons).toContain('缺少证书：数控车工证');
    expect(s.suggestions.find((x) => x.title === '装配工')!.reasons).toContain('3 天后截止');
    expect(s.rule).toContain('已过截止日期的岗位不推荐');
    expect(s.needed).toBe(3);

    await client.call('employment.recommend', { studentId: g.studentId, postingIds: [ids.best, ids.soon] });
    expect((await client.call('employment.graduates', {}))[0]).toMatchObject({ flagged: true, recommendations: 2 });
    await client.call('employment.recommend', { studentId: g.studentId, postingIds: [ids.noCert] });
    expect((await client.call('employment.graduates', {}))[0]).toMatchObject({ flagged: false, recommendations: 3 });
    const detail = await client.call('employment.graduate', { studentId: g.studentId });
    expect(detail.recommendations.map((r) => r.title)).toEqual(['焊接技术员', '装配工', '数控操作工']);
    // Already recommended postings leave the suggestions.
    expect((await client.call('employment.suggest', { studentId: g.studentId })).suggestions.map((x) => x.id)).not.toContain(ids.best);
    await client.call('employment.updateRecommendation', { id: detail.recommendations[0].id, response: 'interested', result: 'hired' });
    expect((await client.call('employment.graduates', {}))[0]).toMatchObject({ outcome: 'employed' });
    await client.call('employment.addHelp', { studentId: g.studentId, kind: 'resumeClinic', date: '2026-05-10', title: '简历一对一修改' });
    expect((await client.call('employment.graduate', { studentId: g.studentId })).help).toHaveLength(1);
  });

  it('sees a student in 初三 as graduating, like one in 九年级', async () => {
    const s = await newSchool();
    await confirmedStudent(s.client, 321, '初三学生', '初三(2)班', '初三');
    await confirmedStudent(s.client, 322, '九年级学生', '九年级(1)班', '九年级');
    await confirmedStudent(s.client, 323, '八年级学生', '八年级(1)班', '八年级');
    expect((await s.client.call('employment.graduates', {})).map((g) => g.name).sort()).toEqual(['九年级学生', '初三学生'].sort());
  });

  it('never offers work to a child under 16 or a compulsory-education graduate: study guidance instead (劳动法 §15)', async () => {
    const s = await newSchool(tempDir(), () => new Date(NOW));
    const junior = await confirmedStudent(s.client, 331, '九年级生', '九年级(1)班', '九年级');
    // 中职三年级 at 15: a vocational graduate, but too young to be offered work.
    const young = await confirmedStudent(s.client, 332, '十五岁', '中职三年级(2)班', '中职三年级', 'vocational', '2011-01-01');
    const adult = await confirmedStudent(s.client, 333, '十八岁', '中职三年级(3)班', '中职三年级', 'vocational', '2008-01-01');
    const { id } = await s.client.call('employment.addPosting', posting('装配工'));
    const grads = Object.fromEntries((await s.client.call('employment.graduates', {})).map((g) => [g.name, g]));
    expect(grads.九年级生.notForWork).toMatch(/未满 16 周岁/);
    expect(grads.十五岁.notForWork).toMatch(/未满 16 周岁（15 岁）/);
    expect(grads.十八岁.notForWork).toBeNull();
    // The ≥ 3 postings duty applies only where postings may be offered.
    expect([grads.九年级生.flagged, grads.十五岁.flagged, grads.十八岁.flagged]).toEqual([false, false, true]);
    for (const g of [junior, young]) {
      const sug = await s.client.call('employment.suggest', { studentId: g.studentId });
      expect(sug.suggestions).toEqual([]);
      expect(sug.notForWork).toMatch(/劳动法/);
      const r = await s.client.raw('employment.recommend', { studentId: g.studentId, postingIds: [id] });
      expect(r.ok || r.error.message).toMatch(/不得推荐就业岗位/);
    }
    expect((await s.client.call('employment.suggest', { studentId: adult.studentId })).suggestions.map((p) => p.id)).toEqual([id]);
  });

  it('never suggests or accepts an expired posting', async () => {
    let now = new Date('2026-05-12T09:00:00+08:00');
    const s = await newSchool(tempDir(), () => now);
    const g = await confirmedStudent(s.client, 311, '毕业生乙', '中职三年级(1)班', '中职三年级', 'vocational', '2008-06-01');
    const { id } = await s.client.call('employment.addPosting', posting('今天截止的岗位', { deadline: '2026-05-12' }));
    expect((await s.client.call('employment.suggest', { studentId: g.studentId })).suggestions.map((x) => x.id)).toEqual([id]);
    now = new Date('2026-05-13T09:00:00+08:00');
    await s.client.login('admin', 'Admin-pass-2025');
    expect((await s.client.call('employment.suggest', { studentId: g.studentId })).suggestions).toEqual([]);
    const r = await s.client.raw('employment.recommend', { studentId: g.studentId, postingIds: [id] });
    expect(!r.ok && r.error.message).toContain('已过截止日期');
    expect((await s.client.call('employment.postings', {})).map((p) => p.id)).not.toContain(id);
    expect((await s.client.call('employment.postings', { includeExpired: true })).find((p) => p.id === id)?.expired).toBe(true);
  });

  it('imports postings all-or-nothing with a reason per bad row, and neutralises formula text in the exports', async () => {
    const { client } = await school();
    const g = await confirmedStudent(client, 321, '毕业生丙', '高三(1)班', '高三', 'senior', '2008-09-09');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('岗位');
    ws.addRow(['2026年春季专场招聘岗位']);
    ws.addRow(['用人单位', '岗位名称', '工作地点', '行业', '岗位要求', '所需证书', '薪资下限', '薪资上限', '截止日期', '联系电话']);
    ws.addRow([
      '西安某物流公司',
      '=HYPERLINK("http://evil","点我")',
      '西安',
      '交通物流',
      '吃苦耐劳',
      '',
      3500,
      5000,
      '2026-06-30',
      '029-1',
    ]);
    ws.addRow(['西安某酒店', '前台接待', '西安', '文化旅游', '', '', 3000, 4000, '20260620', '029-2']);
    ws.addRow(['', '无单位岗位', '西安', '其他', '', '', '', '', '2026-06-30', '']);
    ws.addRow(['西安某工厂', '质检员', '西安', '制造业', '', '', 6000, 4000, '2026/13/01', '']);
    ws.addRow(['西安某商场', '导购', '西安', '商贸服务', '', '', '', '', '2026-05-01', '']);
    ws.addRow(['西安某商场', '理货员', '西安', '商贸服务', '', '', '', '', null, '']);
    const bad = Buffer.from(await wb.xlsx.writeBuffer());
    const first = await previewImport(client, 'postings', bad);
    const preview = await client.call('imports.result', { jobId: first.jobId });
    expect(preview.allOrNothing).toBe(true);
    expect(preview.counts).toEqual({ total: 6, new: 2, unchanged: 0, rejected: 4 });
    const reason = (row: number) => preview.rows.find((r) => r.rowNumber === row)?.reason;
    expect(reason(8)).toBe('“截止日期”为空'); // an empty cell, not "无法识别（null）"
    expect(reason(5)).toContain('“用人单位”为空');
    expect(reason(6)).toMatch(/截止日期”无法识别.*2026\/13\/01/);
    expect(reason(7)).toContain('截止日期已过');
    const refused = await commitImport(client, first.jobId);
    expect(refused.state).toBe('failed');
    expect(refused.error?.message).toContain('未导入任何岗位');
    expect(await client.call('employment.postings', { includeExpired: true })).toEqual([]);
    for (let r = 8; r >= 5; r--) ws.spliceRows(r, 1);
    const good = Buffer.from(await wb.xlsx.writeBuffer());
    const ok = await commitImport(client, (await previewImport(client, 'postings', good)).jobId);
    expect(ok.result?.counts).toEqual({ added: 2 });
    const again = await previewImport(client, 'postings', good);
    expect((await client.call('imports.result', { jobId: again.jobId })).counts).toMatchObject({ new: 0, unchanged: 2 });

    const evil = (await client.call('employment.postings', {})).find((p) => p.title.startsWith('=HYPERLINK'))!;
    await client.call('employment.recommend', { studentId: g.studentId, postingIds: [evil.id] });
    const postings = await sheet((await client.call('employment.exportPostings', {})).base64);
    let titleCell = postings.getRow(4).getCell(3);
    postings.eachRow((r) => {
      if (String(r.getCell(3).value).includes('HYPERLINK')) titleCell = r.getCell(3);
    });
    expect(titleCell.formula).toBeUndefined();
    expect(titleCell.value).toBe(`'=HYPERLINK("http://evil","点我")`);
    // Salaries as two number columns and the deadline as a real date, so the office can sort and sum (issue 11 #18).
    const evilRow = postings.getRow(Number(titleCell.row));
    expect(typeof evilRow.getCell(7).value).toBe('number');
    expect(typeof evilRow.getCell(8).value).toBe('number');
    expect(evilRow.getCell(9).value).toBeInstanceOf(Date);
    expect(evilRow.getCell(9).numFmt).toBe('yyyy"年"m"月"d"日"');
    const grads = await sheet((await client.call('employment.exportGraduates', {})).base64);
    expect(grads.getRow(4).getCell(2).value).toBe('毕业生丙');
    expect(grads.getRow(4).getCell(9).value).toBe(1);
    expect(grads.getRow(4).getCell(10).value).toBe('是'); // fewer than three
  });
});

describe('financial aid (F9)', () => {
  it('lists a key student below the highest level and one missing an eligible programme, with reasons', async () => {
    const { client } = await school();
    const low = await confirmedStudent(client, 401, '认定偏低', '七年级(1)班');
    const missing = await confirmedStudent(client, 402, '缺少项目', '七年级(1)班');
    const complete = await confirmedStudent(client, 403, '应享尽享', '七年级(1)班');
    const semester = '2025-2026-2';
    const noReason = await client.raw('aid.grade', { studentId: low.studentId, semester, levelKey: 'general', types: ['农村低保'] });
    expect(!noReason.ok && noReason.error.message).toContain('请写明理由');
    await client.call('aid.grade', {
      studentId: low.studentId,
      semester,
      levelKey: 'general',
      types: ['农村低保'],
      reason: '家庭收入已明显改善（待复核）',
    });
    for (const s of [missing, complete])
      await client.call('aid.grade', { studentId: s.studentId, semester, levelKey: 'special', types: ['孤儿'] });
    const catalogue = await client.call('aid.programmes', {});
    // A junior school sees its own stage's programmes only, and is told its stages (no 勤工助学 tab then).
    expect(new Set(catalogue.map((p) => p.stage))).toEqual(new Set(['junior']));
    expect((await client.call('app.status', {})).stages).toEqual(['junior']);
    // 营养改善计划 is only for schools in the pilot counties: off until the school says it takes part, so an urban
    // school sees no false 应享未享. This school does, and switches it on.
    const meal = catalogue.find((p) => p.name === '营养改善计划')!;
    expect(meal.active).toBe(false);
    const gapsBefore = await client.call('aid.gaps', {});
    expect(gapsBefore.students.flatMap((s) => s.missingProgrammes)).not.toContain('营养改善计划');
    await client.call('aid.saveProgramme', { ...meal, active: true });
    const progs = (await client.call('aid.programmes', {})).filter((p) => p.kind === 'entitlement');
    expect(progs.map((p) => p.name)).toEqual(['免学杂费', '免费教科书', '生活补助', '营养改善计划']);
    expect(progs.every((p) => p.active)).toBe(true);
    for (const p of progs) {
      await client.call('aid.addAward', {
        studentId: complete.studentId,
        programmeId: p.id,
        semester,
        amountYuan: p.amountYuan ?? 0,
        date: '2026-03-10',
        source: 'national',
      });
      await client.call('aid.addAward', {
        studentId: low.studentId,
        programmeId: p.id,
        semester,
        amountYuan: p.amountYuan ?? 0,
        date: '2026-03-10',
        source: 'national',
      });
      if (p.name !== '生活补助')
        await client.call('aid.addAward', {
          studentId: missing.studentId,
          programmeId: p.id,
          semester,
          amountYuan: p.amountYuan ?? 0,
          date: '2026-03-10',
          source: 'national',
        });
    }
    const gaps = await client.call('aid.gaps', {});
    expect(gaps.students.map((s) => s.name).sort()).toEqual(['缺少项目', '认定偏低'].sort());
    const l = gaps.students.find((s) => s.name === '认定偏低')!;
    expect(l.belowHighest).toBe(true);
    expect(l.reasons[0]).toContain('低于最高档“特别困难”（学校记录的理由：家庭收入已明显改善（待复核））');
    expect(gaps.students.find((s) => s.name === '缺少项目')!.missingProgrammes).toEqual(['生活补助']);
    // Semester adjustment: the next semester starts from this one, for the students not yet graded there.
    await client.call('aid.grade', { studentId: complete.studentId, semester: '2026-2027-1', levelKey: 'special', types: ['孤儿'] });
    expect(await client.call('aid.carryOver', { semester: '2026-2027-1' })).toEqual({ copied: 2, from: semester });
    const next = await client.call('aid.grading', { semester: '2026-2027-1' });
    expect(next.find((r) => r.name === '认定偏低')).toMatchObject({
      levelLabel: '一般困难',
      belowHighest: true,
      reason: '家庭收入已明显改善（待复核）',
    });
    expect(next.every((r) => !r.ungraded)).toBe(true);
    // Amounts keep two decimals exactly.
    const bad = await client.raw('aid.addAward', {
      studentId: complete.studentId,
      programmeId: progs[2].id,
      semester,
      amountYuan: 10.005,
      date: '2026-03-10',
      source: 'local',
    });
    expect(!bad.ok && bad.error.message).toContain('2 位小数');
    await client.call('aid.addAward', {
      studentId: complete.studentId,
      programmeId: progs[2].id,
      semester,
      amountYuan: 0.1,
      date: '2026-03-11',
      source: 'social',
    });
    const awards = await client.call('aid.awards', { semester });
    expect(awards.find((a) => a.source === 'social')!.amount).toBe('0.10');
    // A waiver (no fixed amount in the catalogue) is marked as one, so the screen shows 免 instead of “0.00 元”.
    expect(awards.filter((a) => a.waiver).map((a) => a.programme)).toContain('免学杂费');
    expect(awards.filter((a) => !a.waiver).every((a) => a.programme !== '免学杂费')).toBe(true);
    const xlsx = await sheet((await client.call('aid.exportAwards', { semester })).base64);
    let total: ExcelJS.Cell | null = null;
    const ways = new Set<unknown>();
    xlsx.eachRow((r) => {
      if (r.getCell(2).value === '合计') total = r.getCell(7);
      else if (typeof r.getCell(1).value === 'number') ways.add(r.getCell(5).value);
    });
    expect([...ways].sort()).toEqual(['免', '发放']);
    expect(total!.value).toBe(3000.1); // two living subsidies of 1,500.00 (the waivers carry 0) and 0.10: a number, so sums work
    expect(total!.numFmt).toBe('0.00');
  });

  it('keeps work-study within 8 hours a week, 40 a month and at least 12 yuan an hour', async () => {
    const { client } = await school();
    const { id: studentId } = await client.call('students.create', {
      ...(await import('../support/school')).STUDENT(
        (await import('../support/school')).makeIdNumber('610113', '2006-03-05', 501),
        '大学生',
      ),
      stage: 'higher',
      grade: '大二',
      className: '计算机2401班',
    });
    const cheap = await client.raw('aid.addWorkStudy', { studentId, date: '2026-05-11', post: '图书馆助理', hours: 2, yuanPerHour: 11.5 });
    expect(!cheap.ok && cheap.error.message).toContain('12 元');
    await client.call('aid.addWorkStudy', { studentId, date: '2026-05-11', post: '图书馆助理', hours: 5, yuanPerHour: 15 });
    const week = await client.raw('aid.addWorkStudy', { studentId, date: '2026-05-12', post: '图书馆助理', hours: 3.5, yuanPerHour: 15 });
    expect(!week.ok && week.error.message).toContain('每周 8 小时');
    // March 2026 touches six weeks (1 March is a Sunday), so the monthly cap binds before the weekly one.
    for (const d of ['2026-03-01', '2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23'])
      await client.call('aid.addWorkStudy', { studentId, date: d, post: '图书馆助理', hours: 8, yuanPerHour: 15 });
    const month = await client.raw('aid.addWorkStudy', { studentId, date: '2026-03-30', post: '图书馆助理', hours: 2, yuanPerHour: 15 });
    expect(!month.ok && month.error.message).toContain('每月 40 小时');
    const future = await client.raw('aid.addWorkStudy', { studentId, date: '2026-05-20', post: '图书馆助理', hours: 1, yuanPerHour: 15 });
    expect(!future.ok && future.error.message).toContain('晚于今天');
    expect((await client.call('aid.workStudy', { studentId }))[0]).toMatchObject({ hours: 5, pay: '75.00' });
  });
});
