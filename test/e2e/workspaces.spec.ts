/**
 * The administrator's screens and the bureau workspace, end to end in Chromium: a school seeded through the CLI,
 * accounts, the school key, a filing package carried to a bureau workspace that imports it, backup, and
 * a head teacher who sees only their class. Screenshots go to test/artifacts/.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { expect, test, type Page } from '@playwright/test';
import { shot, startShell, type RunningShell } from './shell';

const PASSWORD = 'Admin-pass-2025';
const cli = (args: string[]) =>
  execFileSync(process.execPath, ['bin/caredesk.mjs', ...args], {
    encoding: 'utf8',
    env: { ...process.env, CAREDESK_USER: 'admin', CAREDESK_PASSWORD: PASSWORD },
  });

let school: RunningShell;
let bureau: RunningShell;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'caredesk-e2e-ws-'));

test.beforeAll(async () => {
  cli([
    'init',
    '--data',
    path.join(root, 'school'),
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
  ]);
  cli(['seed', '--data', path.join(root, 'school'), '--students', '120', '--seed', '3']);
  cli(['bureau', 'init', '--data', path.join(root, 'bureau'), '--name', '西安市雁塔区教育局资助中心']);
  school = await startShell(path.join(root, 'school'));
  bureau = await startShell(path.join(root, 'bureau'));
});
test.afterAll(async () => {
  await school?.stop();
  await bureau?.stop();
});

async function login(page: Page, url: string, username: string, password: string) {
  await page.goto(url);
  await page.getByRole('textbox', { name: '用户名', exact: true }).fill(username);
  await page.getByRole('textbox', { name: '密码', exact: true }).fill(password);
  await page.getByRole('button', { name: '解锁并登录' }).click();
}

test('administrator screens, filing to the bureau, and a scoped head teacher', async ({ page, browser }) => {
  await login(page, school.launchUrl, 'admin', PASSWORD);
  await expect(page.getByTestId('home-warnings')).toBeVisible();
  await page.getByText('学生名册', { exact: true }).click();
  await expect(page.getByTestId('student-table')).toBeVisible();
  await expect(page.getByText('共 120 条')).toBeVisible();
  await page.screenshot({ path: shot('10-student-list-seeded'), fullPage: true });
  // Filter by category narrows the list.
  await page.getByRole('combobox', { name: '困境类别', exact: true }).click();
  await page.getByRole('option', { name: '家庭贫困' }).click();
  await expect(page.getByText('共 120 条')).toBeHidden();

  // Accounts: a head teacher for one class.
  await page.getByText('账户管理', { exact: true }).click();
  await page.getByRole('button', { name: '新建账户' }).click();
  const dlg = page.getByRole('dialog');
  await dlg.getByRole('textbox', { name: '用户名', exact: true }).fill('liu');
  await dlg.getByRole('textbox', { name: '姓名', exact: true }).fill('刘老师');
  await dlg.getByRole('textbox', { name: '密码（至少 8 位）', exact: true }).fill('Teacher-pass-1');
  await dlg.getByRole('combobox', { name: '角色', exact: true }).click();
  await page.getByRole('option', { name: '班主任' }).click();
  const classes = dlg.getByRole('combobox', { name: '负责班级（班主任必填，回车添加）' });
  await classes.fill('七年级(1)班');
  await classes.press('Enter');
  await dlg.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('cell', { name: '刘老师' })).toBeVisible();
  await page.screenshot({ path: shot('11-accounts'), fullPage: true });
  // Disabling an account rekeys the store: the screen says so, and the administrator works on without signing in.
  page.once('dialog', (d) => d.accept());
  await page
    .getByRole('row', { name: /导师二/ })
    .getByRole('button', { name: '停用' })
    .click();
  await expect(page.getByTestId('rekeyed')).toContainText(/已为数据库更换密钥（用时 \d+\.\d 秒）/);
  await page.waitForTimeout(400); // the modal's fade-in, so the screenshot shows it as the user does
  await page.screenshot({ path: shot('11b-rekeyed'), fullPage: true });
  await page.getByRole('dialog').getByRole('button', { name: '关闭' }).click();
  await expect(page.getByRole('row', { name: /导师二/ })).toContainText('已停用');

  // The 30 June statistics table is submitted (frozen); it travels to the bureau with the next filing package.
  await page.getByText('统计表', { exact: true }).click();
  await page.getByRole('button', { name: '6月30日（上半年）' }).click();
  await page.getByRole('button', { name: '报送（冻结本表）' }).click();
  await expect(page.getByText(/已报送并冻结/)).toBeVisible();

  // Filing: register the school's key with the bureau, export a package, import it there.
  await page.getByText('上级备案', { exact: true }).click();
  // The school's key leaves as a file, with its fingerprint as words to check over the phone.
  await expect(page.getByTestId('school-fingerprint')).toContainText(/指纹：(\S{2} ){7}\S{2}/);
  const keyDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: '下载本校公钥' }).click();
  const keyFile = path.join(root, 'school-public-key.json');
  await (await keyDownload).saveAs(keyFile);
  const schoolKey = fs.readFileSync(keyFile, 'utf8');
  expect(schoolKey).toContain('caredesk-school-key');
  const bureauPage = await browser.newPage();
  await login(bureauPage, bureau.launchUrl, 'admin', PASSWORD);
  await expect(bureauPage.getByTestId('bureau-key')).toHaveText(/^age1/);
  const bureauKey = ((await bureauPage.getByTestId('bureau-key').textContent()) ?? '').trim();
  await bureauPage.getByRole('textbox', { name: '学校公钥文件内容' }).fill(schoolKey);
  await bureauPage.getByRole('button', { name: '登记学校公钥' }).click();
  await expect(bureauPage.getByText('学校已登记')).toBeVisible();

  // The bureau's key file is imported once; its fingerprint words show; the period is chosen by name.
  const bureauKeyFile = path.join(root, 'bureau.key');
  fs.writeFileSync(bureauKeyFile, `${bureauKey}\n`);
  const keyChooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '导入教育局公钥文件' }).click();
  await (await keyChooser).setFiles(bureauKeyFile);
  await expect(page.getByTestId('bureau-fingerprint')).toContainText('导入');
  await expect(page.getByRole('combobox', { name: '报送期次' })).toHaveValue(/\d{4}年[上下]半年（截止 \d{4}年\d+月\d+日）/);
  await page.screenshot({ path: shot('12-filing'), fullPage: true });
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: '生成报送包' }).click();
  const download = await downloadPromise;
  const pkg = path.join(root, 'package.cdfile');
  await download.saveAs(pkg);
  await expect(page.getByText(/报送包已生成/)).toBeVisible();

  const chooser = bureauPage.waitForEvent('filechooser');
  await bureauPage.getByRole('button', { name: '导入备案包' }).click();
  await (await chooser).setFiles(pkg);
  await expect(bureauPage.getByText(/已导入：3161012345 .* 第 2 号/)).toBeVisible();
  await expect(bureauPage.getByRole('cell', { name: '西安市雁塔区第一示范中学', exact: true })).toBeVisible();
  await bureauPage.screenshot({ path: shot('13-bureau-summary'), fullPage: true });
  // 统计表汇总: the school's submitted table, summed for its county, with the checks.
  await bureauPage.getByRole('tab', { name: '统计表汇总' }).click();
  await expect(bureauPage.getByText('统计表汇总：本局登记的全部学校（1 所学校）')).toBeVisible();
  await bureauPage.getByRole('combobox', { name: '汇总范围' }).click();
  await bureauPage.getByRole('option', { name: '西安市 610113' }).click();
  await expect(bureauPage.getByText('统计表汇总：西安市 610113（1 所学校）')).toBeVisible();
  await expect(bureauPage.getByTestId('stat-checks')).toContainText('校验');
  await bureauPage.screenshot({ path: shot('13b-bureau-statistics'), fullPage: true });
  // The bureau's own list of schools: a school whose key never came shows as a missing filer.
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('学校名单');
  ws.addRow(['学校标识码', '学校名称', '县（区）代码', '学段', '联系人', '联系电话']);
  ws.addRow(['3161012345', '西安市雁塔区第一示范中学', '610113', '初中', '王老师', '029-88886666']);
  ws.addRow(['3161019999', '西安市新城区某小学', '610102', '小学', '赵老师', '029-87776666']);
  const listFile = path.join(root, '学校名单.xlsx');
  await wb.xlsx.writeFile(listFile);
  await bureauPage.getByRole('tab', { name: '学校与报送' }).click();
  const listChooser = bureauPage.waitForEvent('filechooser');
  await bureauPage.getByRole('button', { name: '导入学校名单（xlsx）' }).click();
  await (await listChooser).setFiles(listFile);
  await expect(bureauPage.getByTestId('registry-result')).toContainText('学校名单已导入：新增 2 所');
  await expect(bureauPage.getByTestId('filers-schools')).toContainText('西安市新城区某小学：逾期未报');
  await bureauPage.screenshot({ path: shot('13c-bureau-registry'), fullPage: true });
  // The school is placed by the package's area codes; the same package again changes nothing, and says so.
  await expect(bureauPage.getByTestId('filers-by-county').getByRole('cell', { name: '西安市 610113' })).toBeVisible();
  // 报送情况 for the half-year: the school filed 2026H2 only, so the first half-year shows it as missing.
  await expect(bureauPage.getByTestId('filers-schools')).toContainText(/西安市雁塔区第一示范中学：(逾期未报|按时报送|逾期报送|未到截止日)/);
  const again = bureauPage.waitForEvent('filechooser');
  await bureauPage.getByRole('button', { name: '导入备案包' }).click();
  await (await again).setFiles(pkg);
  await expect(bureauPage.getByText(/该报送包已导入过（3161012345 .* 第 2 号），未作改动/)).toBeVisible();

  // Backup.
  await page.getByText('数据备份', { exact: true }).click();
  const b = page.waitForEvent('download');
  await page.getByRole('button', { name: '生成加密备份' }).click();
  const backupDownload = await b;
  expect(backupDownload.suggestedFilename()).toMatch(/\.cdbackup$/);
  const backupFile = path.join(root, 'school.cdbackup');
  await backupDownload.saveAs(backupFile);
  await page.getByRole('button', { name: '校验审计日志' }).click();
  await expect(page.getByText(/审计日志完整/)).toBeVisible();
  await page.screenshot({ path: shot('14-backup'), fullPage: true });

  // The head teacher must set their own password, then sees only their class.
  await page.getByText('锁定 / 退出').click();
  await login(page, school.url, 'liu', 'Teacher-pass-1');
  await page.getByRole('textbox', { name: '原密码（管理员告知的密码）' }).fill('Teacher-pass-1');
  await page.getByRole('textbox', { name: '新密码（至少 8 位）' }).fill('Teacher-pass-2');
  await page.getByRole('button', { name: '保存新密码' }).click();
  await expect(page.getByTestId('home-deadlines')).toBeVisible();
  await page.getByText('学生名册', { exact: true }).click();
  await expect(page.getByTestId('student-table')).toBeVisible();
  const classCells = await page.getByTestId('student-table').locator('tbody tr td:nth-child(5)').allInnerTexts();
  expect(classCells.length).toBeGreaterThan(0);
  expect(new Set(classCells)).toEqual(new Set(['七年级(1)班']));
  await expect(page.getByText('账户管理', { exact: true })).toBeHidden();
  await page.screenshot({ path: shot('15-head-teacher'), fullPage: true });

  // The administrator restores the backup from the screen: a wrong password changes nothing; then everyone is
  // signed out, the data is as it was at the backup (the head teacher's new password is not in it).
  await page.getByText('锁定 / 退出').click();
  await login(page, school.url, 'admin', PASSWORD);
  await page.getByText('数据备份', { exact: true }).click();
  const restoreCard = page.getByTestId('restore-card');
  const pick = page.waitForEvent('filechooser');
  await restoreCard.getByRole('button', { name: '选择备份文件（.cdbackup）' }).click();
  await (await pick).setFiles(backupFile);
  await restoreCard.getByLabel('您在备份时的密码').fill(PASSWORD);
  await restoreCard.getByRole('button', { name: '开始恢复' }).click();
  await expect(page.getByRole('dialog')).toContainText('将用“school.cdbackup”替换现在的全部数据');
  await expect(page.getByRole('button', { name: '确认恢复' })).toBeVisible();
  await page.waitForTimeout(400); // the dialog's opening transition, for the screenshot
  await page.screenshot({ path: shot('16-restore-confirm'), fullPage: true });
  await page.getByRole('button', { name: '确认恢复' }).click();
  await expect(page.getByTestId('restore-done')).toContainText('已恢复到');
  await page.getByRole('button', { name: '重新登录' }).click();
  await expect(page.getByText('已从备份恢复，所有人均已退出登录，请重新登录。')).toBeVisible();
  await login(page, school.url, 'liu', 'Teacher-pass-1');
  await expect(page.getByRole('textbox', { name: '原密码（管理员告知的密码）' })).toBeVisible();
});
