/**
 * The bureau's regional picture and region warnings (issue 14 §1, §3, §5): a real school's package carries its value
 * set; schools' value sets are summed by county (numerators and denominators, never averaged rates) with a trend over
 * half-years; the rules raise warnings with their evidence, once, routed to the school's contact or the county; a
 * person acknowledges and closes them; a 更正 that cures a problem clears its warning; the 预警通知 prints.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { confirmedStudent } from '../support/flow';
import { Client, newBureau, newSchool, PROFILE, tempDir } from '../support/school';
import { keyOnlySchool, valuePackage, type Values } from '../support/valuePackages';
import { writeRegistry } from '../bench/valueSchools';

const BUREAU = { CAREDESK_USER: 'bureau', CAREDESK_PASSWORD: 'Bureau-pass-2025' };
const cli = (args: string[]) =>
  spawnSync(process.execPath, ['bin/caredesk.mjs', ...args], { encoding: 'utf8', env: { ...process.env, ...BUREAU } });

/** A school's figures: key students, talked to this month, graded and at the top tier, red warnings, open ledger. */
function values(o: { key: number; talked: number; graded?: number; top?: number; red?: number; dropout?: number }): Values {
  return {
    'students.key': [o.key, 0],
    'students.population': [o.key + 2, 0],
    'supervision.monthlyTalk': [o.talked, o.key],
    'supervision.highestTier': [o.top ?? o.graded ?? o.key, o.graded ?? o.key],
    'supervision.postings': [0, 0],
    'warnings.open.red': [o.red ?? 0, o.key],
    'dropout.open': [o.dropout ?? 0, 0],
  };
}

describe('the school files its value set', () => {
  it('a real package carries aggregate counts the bureau keeps per school and period, and no name', async () => {
    const school = await newSchool();
    const bureau = await newBureau();
    await confirmedStudent(school.client, 61, '张小明');
    const { recipient } = await bureau.client.call('bureau.key', {});
    await bureau.client.call('bureau.registerSchool', { keyText: (await school.client.call('filing.schoolKey', {})).keyText });
    const pkg = await school.client.call('filing.export', { period: '2026H2', bureauKey: recipient });
    await bureau.client.call('bureau.importPackage', {
      fileRef: await bureau.client.send(Buffer.from(pkg.base64, 'base64'), pkg.fileName, 'package'),
    });
    const rows = (await bureau.app.db()('bureau_values').where({ school_code: PROFILE.schoolCode, period: '2026H2' })) as Array<{
      key: string;
      numerator: number;
      denominator: number;
    }>;
    const get = (k: string) => rows.find((r) => r.key === k);
    expect(get('students.key')).toMatchObject({ numerator: 1 });
    expect(get('supervision.monthlyTalk')).toMatchObject({ denominator: 1 });
    expect(get('dropout.open')).toMatchObject({ numerator: 0 });
    expect(JSON.stringify(rows)).not.toContain('张小明');
    const summary = await bureau.client.call('bureau.regionSummary', { by: 'county', period: '2026H2' });
    expect(summary.rows).toEqual([expect.objectContaining({ area: '610113', schools: 1, filed: 1, keyStudents: 1 })]);
    // Screens load several views at once; each read is audited, and the chain stays one line.
    const views = await Promise.all(
      (['province', 'prefecture', 'county', 'school'] as const).map((by) =>
        bureau.client.call('bureau.regionSummary', { by, period: '2026H2' }),
      ),
    );
    expect(views.map((v) => v.rows.length)).toEqual([1, 1, 1, 1]);
    expect((await bureau.client.call('audit.verify', {})).ok).toBe(true);
  });
});

describe('region warnings (G1) and the county picture', () => {
  it('raises each warning once with its evidence, routes it, follows acknowledge and close, and clears on a 更正', async () => {
    const clock = { now: new Date('2026-12-20T10:00:00+08:00') };
    const { app, client: bureau, dir } = await newBureau(undefined, () => clock.now);
    const { recipient } = await bureau.call('bureau.key', {});
    const a = keyOnlySchool('3161010101', '雁塔区第一中学', '610113');
    const b = keyOnlySchool('3161010102', '雁塔区第二中学', '610113');
    const c = keyOnlySchool('3161010103', '雁塔区第三中学', '610113');
    const d = keyOnlySchool('3161010201', '碑林区第一中学', '610103');
    for (const s of [a, b, c, d]) await bureau.call('bureau.registerSchool', { keyText: s.keyText });
    const list = path.join(tempDir('caredesk-list-'), '学校名单.xlsx');
    await writeRegistry([{ ...d, contact: '赵老师', phone: '029-87654321' }], list);
    await bureau.call('bureau.registerSchools', { fileRef: await bureau.send(fs.readFileSync(list), '学校名单.xlsx', 'import') });
    const file = async (s: typeof a, period: string, day: string, v: Values, correction = false) => {
      const bytes = await valuePackage(s, recipient, { period, createdAt: `${day}T09:00:00+08:00`, values: v, correction });
      return bureau.call('bureau.importPackage', { fileRef: await bureau.send(bytes, `${s.code}.cdfile`, 'package') });
    };
    // 上半年: everyone fine; school A had one open ledger entry.
    await file(a, '2026H1', '2026-06-25', values({ key: 10, talked: 10, dropout: 1 }));
    await file(b, '2026H1', '2026-06-25', values({ key: 10, talked: 10 }));
    // 下半年: A talked to half and carries 4 red warnings and a growing ledger; B's top tier falls short; C is late;
    // D never files.
    await file(a, '2026H2', '2026-12-10', values({ key: 10, talked: 5, red: 4, dropout: 3 }));
    await file(b, '2026H2', '2026-12-10', values({ key: 10, talked: 10, graded: 10, top: 9 }));
    await file(c, '2026H2', '2026-12-18', values({ key: 10, talked: 10 }));

    const r = await bureau.call('bureau.regionWarnings', { period: '2026H2' });
    const found = r.warnings.map((w) => `${w.scope}:${w.target}:${w.rule}`).sort();
    expect(found).toEqual(
      [
        'county:610103:filing',
        'school:3161010101:dropoutGrowing',
        'school:3161010101:redWarnings',
        'school:3161010101:talkCompliance',
        'school:3161010102:highestTier',
        'school:3161010103:filing',
        'school:3161010201:filing',
      ].sort(),
    );
    const byKey = (k: string) => r.warnings.find((w) => `${w.scope}:${w.target}:${w.rule}` === k)!;
    expect(byKey('school:3161010101:talkCompliance').evidence).toBe('本月已谈心的重点关爱学生 5/10 人，占 50%，低于 80%');
    expect(byKey('school:3161010101:redWarnings').evidence).toContain('中位数 0 条');
    expect(byKey('school:3161010101:dropoutGrowing').evidence).toContain('从2026年上半年的 1 条增至 3 条');
    expect(byKey('school:3161010103:filing').evidence).toContain('逾期 3 天');
    // D never filed, but the bureau's school list places it: the county is warned too, to its funding centre.
    expect(byKey('school:3161010201:filing').evidence).toContain('已逾期 5 天未报送');
    expect(byKey('school:3161010201:filing').routedTo).toBe('碑林区第一中学 资助工作联系人 赵老师 029-87654321');
    expect(byKey('county:610103:filing')).toMatchObject({
      routedTo: '西安市 610103 教育局学生资助管理中心',
      evidence: '本县（区）1 所学校中 1 所逾期未报送2026年下半年备案（截止 2026年12月15日）',
    });
    // The top tier is owed by each school: B is warned; its county is not warned a second time for it.
    expect(found).not.toContain('county:610113:highestTier');
    // The county's talk share is summed, not averaged: (5 + 10 + 10) / 30 = 83.3 % is above 80 %, so no county warning.
    expect(found).not.toContain('county:610113:talkCompliance');
    expect(r.raised).toBe(7);

    // Evaluating again raises nothing new.
    const again = await bureau.call('bureau.regionWarnings', { period: '2026H2' });
    expect([again.raised, again.warnings.length]).toEqual([0, 7]);

    const talk = byKey('school:3161010101:talkCompliance');
    const early = await bureau.raw('bureau.closeRegionWarning', { id: talk.id, outcome: '已整改' });
    expect(!early.ok && early.error.message).toContain('请先签收');
    const blank = await bureau.raw('bureau.acknowledgeRegionWarning', { id: talk.id, disposition: '' });
    expect(!blank.ok && blank.error.message).toContain('处置措施');
    await bureau.call('bureau.acknowledgeRegionWarning', { id: talk.id, disposition: '约谈校长，两周内补齐谈心' });
    await bureau.call('bureau.closeRegionWarning', { id: talk.id, outcome: '12 月底复核：10 人均已谈心' });

    // B's 更正 reaches the top tier for all: its warning is cleared (kept until a person closes it).
    clock.now = new Date('2026-12-22T10:00:00+08:00');
    await bureau.login(BUREAU.CAREDESK_USER, BUREAU.CAREDESK_PASSWORD); // two days idle: the session locked
    await file(b, '2026H2', '2026-12-21', values({ key: 10, talked: 10 }), true);
    const later = await bureau.call('bureau.regionWarnings', { period: '2026H2' });
    const tier = later.warnings.find((w) => w.target === b.code && w.rule === 'highestTier')!;
    expect(tier).toMatchObject({ state: 'open', clearedOn: '2026-12-22' });
    expect(later.warnings.find((w) => w.id === talk.id)).toMatchObject({ state: 'closed', outcome: '12 月底复核：10 人均已谈心' });
    expect(await app.db()('audit_log').where({ action: 'bureau.regionWarning.close' }).first()).toBeTruthy();

    // Thresholds are the bureau's: below 50 % nobody is warned for talks (a new evaluation clears nothing closed).
    const rules = later.rules;
    const bad = await bureau.raw('bureau.saveRegionRules', { rules: { ...rules, talkCompliance: { enabled: true, threshold: 120 } } });
    expect(!bad.ok && bad.error.message).toContain('每月谈心完成率偏低');

    // The county picture: summed shares and the trend over half-years.
    const county = await bureau.call('bureau.regionSummary', { by: 'county', period: '2026H2' });
    expect(county.rows.find((x) => x.area === '610113')).toMatchObject({ schools: 3, filed: 3, keyStudents: 30, talkRate: 83.3 });
    expect(county.rows.find((x) => x.area === '610103')).toMatchObject({ schools: 1, filed: 0, keyStudents: 0, talkRate: null });
    expect(county.trend.map((t) => [t.period, t.filed])).toEqual([
      ['2025H1', 0],
      ['2025H2', 0],
      ['2026H1', 2],
      ['2026H2', 3],
    ]);

    // The printed 预警通知 for school A: its open warnings with evidence, none closed.
    const notice = await bureau.call('bureau.regionWarningLetter', { period: '2026H2', target: a.code });
    const pdf = path.join(tempDir('caredesk-notice-'), 'notice.pdf');
    fs.writeFileSync(pdf, Buffer.from(notice.base64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('困境学生关爱预警通知');
    expect(text).toContain('雁塔区第一中学');
    expect(text).toContain('红色预警偏多');
    expect(text).not.toContain('每月谈心完成率偏低'); // closed
    await app.close();

    // The CLI shapes of the issue (the CLI runs on the real clock: 30 June 2026 has passed, 15 December may not have).
    const late = cli(['bureau', 'late', '--data', dir, '--period', '2026H1', '--json']);
    expect(late.status, late.stderr).toBe(0);
    expect((JSON.parse(late.stdout) as { schools: Array<{ code: string; status: string }> }).schools).toEqual([
      expect.objectContaining({ code: d.code, status: 'missing' }),
      expect.objectContaining({ code: c.code, status: 'missing' }),
    ]);
    const summary = cli(['bureau', 'summary', '--data', dir, '--by', 'prefecture', '--period', '2026H2', '--json']);
    expect(summary.status, summary.stderr).toBe(0);
    expect((JSON.parse(summary.stdout) as { rows: unknown[] }).rows).toEqual([
      expect.objectContaining({ area: '6101', name: '西安市', schools: 4, filed: 3, keyStudents: 30 }),
    ]);
    const warnings = cli(['bureau', 'warnings', '--data', dir, '--period', '2026H2', '--json']);
    expect(warnings.status, warnings.stderr).toBe(0);
    expect((JSON.parse(warnings.stdout) as { warnings: unknown[] }).warnings).toHaveLength(7);
  });
});

describe('bureau accounts and roles (§7)', () => {
  it('gives the bureau only its three roles; the 督查 reads figures and a school, and changes nothing', async () => {
    const { app, client: admin, router } = await newBureau(undefined, () => new Date('2026-07-20T10:00:00+08:00'));
    const { recipient } = await admin.call('bureau.key', {});
    const s = keyOnlySchool('3161010301', '雁塔区第五中学', '610113');
    await admin.call('bureau.registerSchool', { keyText: s.keyText });
    const bytes = await valuePackage(s, recipient, {
      period: '2026H1',
      createdAt: '2026-06-20T09:00:00+08:00',
      values: values({ key: 10, talked: 3 }),
    });
    await admin.call('bureau.importPackage', { fileRef: await admin.send(bytes, 'p.cdfile', 'package') });

    const teacher = await admin.raw('accounts.create', {
      username: 'bt',
      displayName: '班主任',
      password: 'Teacher-pass-1',
      role: 'headTeacher',
      classes: ['一班'],
    });
    expect(!teacher.ok && teacher.error.message).toContain('教育局工作台只能建立资助管理员、资助专干、督查(只读)账户');
    await admin.call('accounts.create', {
      username: 'ducha',
      displayName: '督查员',
      password: 'Inspect-pass-1',
      role: 'inspector',
      classes: [],
    });
    await admin.call('accounts.create', {
      username: 'zhuangan',
      displayName: '专干',
      password: 'Officer-pass-1',
      role: 'officer',
      classes: [],
    });

    const inspector = new Client(router);
    await inspector.firstLogin('ducha', 'Inspect-pass-1');
    const seen = await inspector.call('bureau.regionWarnings', { period: '2026H1' });
    expect([seen.raised, seen.warnings.length]).toEqual([0, 0]); // reading evaluates nothing
    expect((await inspector.call('bureau.regionSummary', { by: 'county', period: '2026H1' })).rows[0]).toMatchObject({
      filed: 1,
      talkRate: 30,
    });
    const school = await inspector.call('bureau.school', { schoolCode: s.code, period: '2026H1' });
    expect(school.values.find((v) => v.key === 'supervision.monthlyTalk')).toMatchObject({
      label: '本月已谈心的重点关爱学生',
      numerator: 3,
      denominator: 10,
      rate: 30,
    });
    for (const [method, input] of [
      ['bureau.importPackage', { fileRef: 'x' }],
      ['bureau.forward', { period: '2026H1', recipient }],
      ['bureau.saveRegionRules', { rules: seen.rules }],
      ['bureau.filedList', { schoolCode: '3161010101', period: '2026H1' }],
      ['accounts.create', { username: 'x', displayName: 'x', password: 'Xxxxxx-pass-1', role: 'officer' }],
    ] as const) {
      const r = await inspector.raw(method, input);
      expect(!r.ok && r.error.code, method).toBe('FORBIDDEN');
    }
    expect(await app.db()('audit_log').where({ action: 'bureau.school.view' }).first()).toBeTruthy();

    // The 专干 works the warnings (evaluating raises them) but does not set the rules.
    const officer = new Client(router);
    await officer.firstLogin('zhuangan', 'Officer-pass-1');
    const worked = await officer.call('bureau.regionWarnings', { period: '2026H1' });
    expect(worked.warnings.map((w) => w.rule)).toContain('talkCompliance');
    const rules = await officer.raw('bureau.saveRegionRules', { rules: worked.rules });
    expect(!rules.ok && rules.error.code).toBe('FORBIDDEN');
  });
});
