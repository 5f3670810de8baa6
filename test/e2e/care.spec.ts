/**
 * Care services end to end in Chromium on a school seeded through the CLI (students, key-care cases and a care
 * history with gaps): a head teacher records the daily asks for their class in a few clicks, the compliance view
 * then shows only the student still missing, and a peer pair is suggested and created. Every care screen is
 * screenshotted to test/artifacts/.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { addDays, SchoolCalendar } from '../../shared/domain/calendar';
import { todayIso } from '../../shared/domain/dates';
import { typicalBreaks } from '../../main/core/seed/careSeed';
import { shot, startShell, type RunningShell } from './shell';

const PASSWORD = 'Admin-pass-2025';
const cli = (args: string[]) =>
  execFileSync(process.execPath, ['bin/caredesk.mjs', ...args], {
    encoding: 'utf8',
    env: { ...process.env, CAREDESK_USER: 'admin', CAREDESK_PASSWORD: PASSWORD },
  });

let school: RunningShell;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'caredesk-e2e-care-'));
const data = path.join(root, 'school');
/** The most recent school day before today (today may be a weekend); the seeded history ends the day before it. */
let day = '';
let headTeacherClass = '';
let unpaired: { id: number; name: string } = { id: 0, name: '' };
/** A 高三 graduate (final-grade key student) with no recommendation yet. */
let graduate = { id: 0, name: '' };
/** A student whose name no other student has (the imports find students by 姓名 + 班级). */
let uniqueStudent = { name: '', className: '' };

test.beforeAll(async () => {
  cli([
    'init',
    '--data',
    data,
    '--school-code',
    '3161012345',
    '--school-name',
    '西安市雁塔区第一示范中学',
    '--admin',
    'admin',
    '--admin-name',
    '王老师',
    '--county',
    '610113',
    // A 完全中学: 高三 graduates may be offered work; 九年级 ones get study guidance (劳动法 §15).
    '--stages',
    'junior,senior',
  ]);
  const today = todayIso(new Date());
  const calendar = new SchoolCalendar(typicalBreaks(addDays(today, -60), today));
  for (day = addDays(today, -1); !calendar.isSchoolDay(day); day = addDays(day, -1));
  // History up to the day before: on `day` nothing is recorded yet, as on a fresh morning.
  cli(['seed', '--data', data, '--students', '200', '--seed', '5', '--care-days', '45', '--care-until', addDays(day, -1)]);
  // The seed makes 班主任1 head teacher of the class with the most key students (ties by name).
  const cases = JSON.parse(cli(['cases', 'list', '--data', data, '--json'])) as Array<{
    studentId: number;
    studentName: string;
    className: string;
    state: string;
  }>;
  const onList = cases.filter((c) => c.state === 'confirmed' || c.state === 'filed');
  const perClass = new Map<string, number>();
  for (const c of onList) perClass.set(c.className, (perClass.get(c.className) ?? 0) + 1);
  headTeacherClass = [...perClass.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
  // Someone in that class without a partner yet: a key student if one is left, else a classmate who needs help.
  const students = JSON.parse(cli(['students', 'list', '--data', data, '--json'])) as Array<{
    id: number;
    name: string;
    className: string;
  }>;
  const inClass = [
    ...onList.filter((x) => x.className === headTeacherClass).map((c) => ({ id: c.studentId, name: c.studentName })),
    ...students.filter((x) => x.className === headTeacherClass),
  ];
  for (const c of inClass) {
    if (students.filter((x) => x.name === c.name).length > 1) continue; // the picker is searched by name
    const r = JSON.parse(cli(['pairs', 'suggest', '--data', data, '--student', String(c.id), '--json'])) as {
      hasPartner: boolean;
      suggestions: unknown[];
    };
    if (!r.hasPartner && r.suggestions.length) {
      unpaired = { id: c.id, name: c.name };
      break;
    }
  }
  // E8 serves every 高三 student in difficulty (a T1 category), on the key-care list or not.
  const finalYear = (
    JSON.parse(cli(['students', 'list', '--data', data, '--json'])) as Array<{
      id: number;
      name: string;
      grade: string;
      categories: string[];
    }>
  ).filter((x) => x.grade === '高三' && x.categories.length > 0 && students.filter((y) => y.name === x.name).length === 1);
  for (const c of finalYear) {
    const r = JSON.parse(cli(['jobs', 'recommend', '--data', data, '--student', String(c.id), '--json'])) as {
      recommended: number;
      postings: unknown[];
    };
    if (r.recommended === 0 && r.postings.length >= 3) {
      graduate = { id: c.id, name: c.name };
      break;
    }
  }
  // Read before the shell opens the store (the folder lock admits one program at a time).
  const one = students.find((x) => students.filter((y) => y.name === x.name).length === 1);
  if (!one) throw new Error('seed has no student with a unique name');
  uniqueStudent = { name: one.name, className: one.className };
  school = await startShell(data);
});
test.afterAll(async () => {
  await school?.stop();
});

async function login(page: Page, username: string, password: string) {
  await page.goto(school.launchUrl);
  await page.getByRole('textbox', { name: '用户名', exact: true }).fill(username);
  await page.getByRole('textbox', { name: '密码', exact: true }).fill(password);
  await page.getByRole('button', { name: '解锁并登录' }).click();
}

test('a head teacher records the daily asks, the compliance view shows only who is missing, a pair is created', async ({ page }) => {
  await login(page, 'bzr1', PASSWORD);
  await page.getByRole('textbox', { name: '原密码（管理员告知的密码）' }).fill(PASSWORD);
  await page.getByRole('textbox', { name: '新密码（至少 8 位）' }).fill('Teacher-pass-2');
  await page.getByRole('button', { name: '保存新密码' }).click();

  await page.getByText('今日联系', { exact: true }).click();
  await page.getByRole('textbox', { name: '日期', exact: true }).fill(day);
  const table = page.getByTestId('cadence-table');
  await expect(table.locator('tbody tr').first()).toBeVisible();
  const classes = await table.locator('tbody tr td:nth-child(3)').allInnerTexts();
  expect(new Set(classes)).toEqual(new Set([headTeacherClass])); // only their class
  const names = await table.locator('tbody tr td:nth-child(2)').allInnerTexts();
  expect(names.length).toBeGreaterThan(1);
  await page.screenshot({ path: shot('20-cadence-before'), fullPage: true });

  // Leave one student out; record everyone else who is still missing in one click.
  const leftOut = names[0];
  const boxes = table.getByRole('checkbox');
  const n = await boxes.count();
  for (let i = 0; i < n; i++) {
    const box = boxes.nth(i);
    if ((await box.getAttribute('aria-label')) !== `选择 ${leftOut}`) await box.check();
  }
  if (n > 0) await page.getByRole('button', { name: /记录选中/ }).click();
  await expect(table.locator('tbody tr', { hasText: leftOut })).toContainText('未完成');
  for (const other of names.slice(1)) await expect(table.locator('tbody tr', { hasText: other })).toContainText('已完成');
  await page.screenshot({ path: shot('21-cadence-after'), fullPage: true });

  await page.getByText('合规提醒', { exact: true }).click();
  await page.getByRole('combobox', { name: '月份', exact: true }).click();
  await page.getByRole('option', { name: `${Number(day.slice(0, 4))}年${Number(day.slice(5, 7))}月`, exact: true }).click();
  await expect(page.getByTestId('compliance-summary')).toBeVisible();
  await page.screenshot({ path: shot('22-compliance-students'), fullPage: true });
  await page.getByRole('tab', { name: '明细' }).click();
  const items = page.getByTestId('compliance-items');
  await page.getByPlaceholder('输入文字筛选').last().fill(day); // filters on the due date
  await expect(items.locator('tbody tr').first()).toBeVisible();
  const dailyRows = items.locator('tbody tr', { hasText: '每日一问' });
  const missing = await dailyRows.locator('td:nth-child(1)').allInnerTexts();
  expect(missing).toContain(leftOut);
  for (const other of names.slice(1)) expect(missing).not.toContain(other);
  await page.screenshot({ path: shot('23-compliance-detail'), fullPage: true });
  await page.getByRole('tab', { name: '按责任人' }).click();
  await expect(page.getByTestId('compliance-people')).toContainText('班主任1');
  await page.screenshot({ path: shot('24-compliance-people'), fullPage: true });

  // A pair: suggestions ranked with reasons, then created.
  await page.getByText('结对帮扶', { exact: true }).click();
  const picker = page.getByRole('combobox', { name: '受助学生', exact: true });
  await picker.fill(unpaired.name);
  await page
    .getByRole('option', { name: new RegExp(`^${unpaired.name}（`) })
    .first()
    .click();
  await expect(page.getByTestId('pair-rule')).toContainText('同班优先');
  const cards = page.getByTestId('pair-suggestions');
  await expect(cards.getByRole('button', { name: '建立结对' }).first()).toBeVisible();
  await page.screenshot({ path: shot('25-pair-suggestions'), fullPage: true });
  await cards.getByRole('button', { name: '建立结对' }).first().click();
  await expect(page.getByTestId('pair-message')).toContainText('已与');
  await page.getByRole('tab', { name: '结对列表' }).click();
  await expect(page.getByTestId('pair-table')).toContainText(unpaired.name);
  await page.screenshot({ path: shot('26-pairs'), fullPage: true });
});

test('the other care screens, as the administrator', async ({ page }) => {
  await login(page, 'admin', PASSWORD);
  const visit = async (nav: string, testId: string, file: string) => {
    await page.getByText(nav, { exact: true }).click();
    await expect(page.getByTestId(testId)).toBeVisible();
    await page.screenshot({ path: shot(file), fullPage: true });
  };
  await visit('控辍保学', 'registration-table', '27-dropout-registration');
  await page.getByRole('tab', { name: '台账' }).click();
  await expect(page.getByTestId('ledger-table')).toBeVisible();
  await page.screenshot({ path: shot('28-dropout-ledgers'), fullPage: true });
  await visit('心理危机预警', 'crisis-table', '29-crisis');
  await visit('家校协同', 'activity-table', '30-home-school');
  await visit('接诉即办', 'concern-table', '31-concerns');
  await visit('育人导师', 'assignment-table', '32-tutors');
  await page.getByRole('tab', { name: '工作量统计' }).click();
  await expect(page.getByTestId('workload-table')).toContainText('导师一');
  await page.screenshot({ path: shot('33-tutor-workload'), fullPage: true });
  // The student file shows the care records.
  await page.getByText('学生名册', { exact: true }).click();
  await page.getByTestId('student-table').locator('tbody tr a').first().click();
  await expect(page.getByText('关爱服务记录')).toBeVisible();
  await page.screenshot({ path: shot('34-student-care'), fullPage: true });
});

test('forms (issue 11 #13): an empty save names every missing field inline and focuses the first; never does nothing', async ({ page }) => {
  await login(page, 'admin', PASSWORD);
  const dialog = page.getByRole('dialog');
  const error = (label: string) => dialog.locator('.mantine-InputWrapper-root', { hasText: label }).locator('.mantine-InputWrapper-error');

  // 受理诉求: without 诉求人, 内容 and 承办人 the save says so under each field; 涉及学生 is optional and has no asterisk.
  await page.getByText('接诉即办', { exact: true }).click();
  await page.getByRole('button', { name: '＋ 受理诉求' }).click();
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(error('诉求人')).toHaveText('不能为空');
  await expect(error('内容')).toHaveText('不能为空');
  await expect(error('承办人')).toHaveText('请选择');
  await expect(dialog.getByRole('textbox', { name: '诉求人' })).toBeFocused();
  await expect(
    dialog.locator('.mantine-InputWrapper-root', { hasText: '涉及学生（可不选）' }).locator('.mantine-InputWrapper-required'),
  ).toHaveCount(0);
  await page.screenshot({ path: shot('35-form-errors'), fullPage: true });
  await dialog.getByRole('textbox', { name: '诉求人' }).fill('李家长');
  await dialog.getByRole('textbox', { name: '内容' }).fill('询问营养餐补助发放时间');
  await dialog.getByRole('combobox', { name: '承办人' }).click();
  await page.getByRole('option').first().click();
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('concern-table')).toContainText('询问营养餐补助发放时间');

  // 新增预警: student, level and note are named; no level is chosen for the counsellor.
  await page.getByText('心理危机预警', { exact: true }).click();
  await page.getByRole('button', { name: '＋ 新增预警' }).click();
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(error('学生')).toHaveText('请选择');
  await expect(error('预警等级')).toHaveText('不能为空');
  await expect(error('说明')).toHaveText('不能为空');
  await expect(dialog.getByRole('combobox', { name: '学生' })).toBeFocused();
  const closeDialog = () => page.locator('.mantine-Modal-close').click();
  await closeDialog();

  // 登记资助: student and programme.
  await page.getByText('资助', { exact: true }).click();
  await page.getByRole('tab', { name: '资助发放' }).click();
  await page.getByRole('button', { name: '＋ 登记资助' }).click();
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(error('学生')).toHaveText('请选择');
  await expect(error('资助项目')).toHaveText('请选择');
  await closeDialog();

  // 登记志愿者 and ＋辅导计划 (tutor, subjects, schedule, goals).
  await page.getByText('结对帮扶', { exact: true }).click();
  await page.getByRole('tab', { name: '志愿者名单' }).click();
  await page.getByRole('button', { name: '＋ 登记志愿者' }).click();
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(error('结对同学')).toHaveText('请选择');
  await expect(error('擅长学科')).toHaveText('请选择至少一门擅长学科');
  await closeDialog();
  await page.getByText('学生名册', { exact: true }).click();
  await page.getByTestId('student-table').locator('tbody tr a').first().click();
  await page.getByRole('button', { name: '＋ 辅导计划' }).click();
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(error('辅导教师')).toHaveText('请选择');
  await expect(error('辅导学科')).toHaveText('请选择至少一门学科');
  await expect(error('辅导安排')).toHaveText('不能为空');
  await expect(error('目标')).toHaveText('不能为空');
});

test('a graduate gets three ranked postings; the flag clears only at three', async ({ page }) => {
  expect(graduate.id).toBeGreaterThan(0);
  await login(page, 'admin', PASSWORD);
  await page.getByText('毕业生就业', { exact: true }).click();
  // The database serves every final-year student in difficulty: more than one page, so filter to the one.
  await page.getByPlaceholder('输入文字筛选').fill(graduate.name);
  const row = page.getByTestId('graduate-table').locator('tbody tr', { hasText: graduate.name });
  await expect(row.getByTestId('rec-flag')).toHaveText('仅 0 个，不足 3 个');
  await page.screenshot({ path: shot('40-graduates'), fullPage: true });
  await row.getByRole('link', { name: graduate.name }).click();
  await expect(page.getByTestId('job-rule')).toContainText('已过截止日期的岗位不推荐');
  const cards = page.getByTestId('job-suggestions');
  await expect(cards.locator('.mantine-Badge-root', { hasText: /意向领域|领域：/ }).first()).toBeVisible(); // reasons are shown
  await page.screenshot({ path: shot('41-graduate-ranked'), fullPage: true });
  for (let n = 1; n <= 3; n++) {
    await cards.getByRole('checkbox').first().check();
    await page.getByRole('button', { name: /推荐选中的岗位/ }).click();
    await expect(page.getByTestId('job-message')).toContainText(`累计 ${n} 个`);
    if (n < 3) await expect(page.getByTestId('rec-flag')).toHaveText(`仅 ${n} 个，不足 3 个`);
  }
  await expect(page.getByTestId('rec-flag')).toBeHidden();
  await expect(page.getByTestId('recommendation-table').locator('tbody tr')).toHaveCount(3);
  await page.screenshot({ path: shot('42-graduate-three'), fullPage: true });
  await page.getByRole('button', { name: '返回毕业生列表' }).click();
  await page.getByPlaceholder('输入文字筛选').fill(graduate.name);
  await expect(page.getByTestId('graduate-table').locator('tbody tr', { hasText: graduate.name })).toContainText('3 个');

  await page.getByText('岗位信息', { exact: true }).click();
  await expect(page.getByTestId('posting-table')).toBeVisible();
  await page.screenshot({ path: shot('43-postings'), fullPage: true });
  // The postings import runs through the same wizard as the aid list: one bad row blocks the whole file.
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('岗位');
  ws.addRow(['用人单位', '岗位名称', '工作地点', '行业', '截止日期']);
  ws.addRow(['西安某酒店', '前台接待', '西安', '文化旅游', '2099-06-30']);
  ws.addRow(['', '无单位岗位', '西安', '其他', '2099-06-30']);
  const postingsFile = path.join(root, '岗位.xlsx');
  await wb.xlsx.writeFile(postingsFile);
  await page.getByRole('button', { name: '从 xlsx 导入' }).click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('dialog').getByRole('button', { name: '选择 xlsx 文件' }).click();
  await (await chooser).setFiles(postingsFile);
  await expect(page.getByTestId('import-counts')).toContainText('拒绝 1 行');
  await expect(page.getByRole('button', { name: /有 1 行错误/ })).toBeDisabled();
  await page.screenshot({ path: shot('43-postings-import'), fullPage: true });
  ws.spliceRows(3, 1);
  await wb.xlsx.writeFile(postingsFile);
  const chooser2 = page.waitForEvent('filechooser');
  await page.getByRole('dialog').getByRole('button', { name: '选择 xlsx 文件' }).click();
  await (await chooser2).setFiles(postingsFile);
  await page.getByRole('button', { name: '确认导入 1 行' }).click();
  await expect(page.getByTestId('import-done')).toContainText('已导入 1 个岗位');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('posting-table')).toContainText('前台接待');
  await page.getByText('资助', { exact: true }).click();
  await expect(page.getByTestId('gap-summary')).toBeVisible();
  await page.screenshot({ path: shot('44-aid-gaps'), fullPage: true });
  await page.getByRole('tab', { name: '困难认定' }).click();
  await expect(page.getByTestId('grading-table')).toBeVisible();
  await page.screenshot({ path: shot('45-aid-grading'), fullPage: true });
  await page.getByRole('tab', { name: '资助项目' }).click();
  await expect(page.getByTestId('programme-table')).toContainText('营养改善计划');
  await page.screenshot({ path: shot('46-aid-catalogue'), fullPage: true });
});

test('预警: seeded warnings with evidence and routing; acknowledged, closed; rules checked; attendance imported; evaluated', async ({
  page,
}) => {
  const one = uniqueStudent;
  await login(page, 'admin', PASSWORD);
  await page.getByText('学业与关爱预警', { exact: true }).click();
  const table = page.getByTestId('warning-table');
  await expect(table).toContainText('阈值');
  await expect(page.getByTestId('last-run')).toContainText('上次核对');
  await page.screenshot({ path: shot('62-warnings'), fullPage: true });

  const first = table.locator('tbody tr').first();
  await first.getByRole('button', { name: '签收' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('处置措施：不能为空')).toBeVisible();
  await dialog.getByRole('textbox', { name: '处置措施' }).fill('已电话联系家长，约定本周家访');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('已签收。')).toBeVisible();
  await expect(table.locator('tbody tr').first()).toContainText('王老师 签收：已电话联系家长');
  await table.locator('tbody tr').first().getByRole('button', { name: '办结' }).click();
  await page.getByRole('dialog').getByRole('textbox', { name: '办结结果' }).fill('家访后已返校，考勤恢复正常');
  await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('已办结，记入学生时间线。')).toBeVisible();

  await page.getByRole('tab', { name: '规则与阈值' }).click();
  await page.getByRole('textbox', { name: '缺勤率：黄色预警阈值' }).fill('50');
  await page.getByRole('button', { name: '保存规则' }).click();
  await expect(page.getByTestId('warning-rules')).toContainText('“缺勤率”的阈值须满足 黄 ≤ 橙 ≤ 红');
  await page.screenshot({ path: shot('63-warning-rules'), fullPage: true });
  await page.getByRole('button', { name: '恢复默认值' }).click();

  await page.getByRole('tab', { name: '考勤与成绩导入' }).click();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('考勤');
  ws.addRow(['姓名', '班级', '月份', '应到天数', '缺勤天数', '无故缺勤天数', '最长连续无故缺勤天数']);
  ws.addRow([one.name, one.className, todayIso(new Date()).slice(0, 7), 18, 6, 4, 3]);
  ws.addRow(['查无此人', one.className, todayIso(new Date()).slice(0, 7), 18, 1, 0, 0]);
  const file = path.join(root, '考勤.xlsx');
  await wb.xlsx.writeFile(file);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '选择 xlsx 文件' }).click();
  await (await chooser).setFiles(file);
  await expect(page.getByTestId('import-counts')).toContainText('拒绝 1 行');
  await expect(page.getByTestId('import-preview')).toContainText('没有名为 查无此人 的在校学生');
  await page.screenshot({ path: shot('64-attendance-import'), fullPage: true });

  await page.getByRole('tab', { name: '成效评估' }).click();
  await expect(page.getByTestId('evaluation')).toBeVisible();
  await expect(page.getByTestId('evaluation-incomplete')).toContainText('结果观察期到');
  // Dates are typed as people write them and shown as 2026年11月1日 (never the browser's mm/dd/yyyy).
  const from = page.getByRole('textbox', { name: '开始日期' });
  await from.fill('2026/11/01');
  await from.blur();
  await expect(from).toHaveValue(/^\d{4}年11月1日$/);
  await page.screenshot({ path: shot('65-warning-evaluation'), fullPage: true });
});

test('年度工作总结: the draft with the year figures and charts, a name refused, saved as a version', async ({ page }) => {
  await login(page, 'admin', PASSWORD);
  await page.getByText('年度工作总结', { exact: true }).click();
  const sections = page.getByTestId('summary-sections');
  await expect(sections.getByRole('textbox', { name: '一、基本情况' })).toHaveValue(/全校摸排困境学生 \d+ 人/);
  await sections.getByRole('textbox', { name: '四、存在问题' }).fill(`${uniqueStudent.name}的谈心记录不全。`);
  await page.getByRole('button', { name: '保存为新版本' }).click();
  await expect(page.getByText(`中有学生或监护人的姓名“${uniqueStudent.name}”`).first()).toBeVisible();
  await sections.getByRole('textbox', { name: '四、存在问题' }).fill('部分班级每月谈心记录不及时。');
  await page.getByRole('textbox', { name: '版本说明' }).fill('初稿');
  await page.getByRole('button', { name: '保存为新版本' }).click();
  await expect(page.getByTestId('summary-saved')).toContainText('已保存为第 1 版');
  await page.screenshot({ path: shot('67-annual-summary'), fullPage: true });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '打印 PDF' }).click();
  expect((await download).suggestedFilename()).toMatch(/年度困境学生资助与关爱工作总结-第1版\.pdf$/);
});

test('every role starts on its own 工作台: tasks in its scope, deadlines, warnings', async ({ page }) => {
  const roles: Array<[string, string, string]> = [
    ['admin', PASSWORD, '71-home-admin'],
    ['xiaozhang', PASSWORD, '72-home-principal'],
    ['xinli', PASSWORD, '73-home-counsellor'],
    ['daoshi1', PASSWORD, '74-home-tutor'],
    ['bzr1', 'Teacher-pass-2', '75-home-head-teacher'],
  ];
  for (const [user, password, file] of roles) {
    await login(page, user, password);
    if (password === PASSWORD && user !== 'admin') {
      // Demo staff change the issued password at first login.
      await page.getByRole('textbox', { name: '原密码（管理员告知的密码）' }).fill(PASSWORD);
      await page.getByRole('textbox', { name: '新密码（至少 8 位）' }).fill('Staff-pass-2026');
      await page.getByRole('button', { name: '保存新密码' }).click();
    }
    await expect(page.getByTestId('home-tasks')).toContainText('逾期');
    await expect(page.getByTestId('home-deadlines')).toBeVisible();
    await page.screenshot({ path: shot(file), fullPage: true });
    await page.getByText('锁定 / 退出').click();
  }
});
