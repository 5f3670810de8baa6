/** Issue 12 in Chromium: the 学籍 roster import wizard (new, update field by field, missing), then editing with history. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { makeIdNumber } from '../../main/core/seed/idFactory';
import { buildRosterXlsx } from '../fixtures/rosterFixture';
import { type RunningShell, shot, startShell } from './shell';

const PASSWORD = 'Admin-pass-2025';
let shell: RunningShell;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'caredesk-e2e-roster-'));
const ID = {
  zhang: makeIdNumber('610113', '2012-03-05', 21),
  li: makeIdNumber('610113', '2012-06-01', 42),
  wang: makeIdNumber('610113', '2011-10-10', 31),
  zhao: makeIdNumber('610113', '2013-01-20', 16),
  sun: makeIdNumber('610113', '2011-09-09', 13),
};

test.beforeAll(async () => {
  execFileSync(
    process.execPath,
    [
      'bin/caredesk.mjs',
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
    ],
    { env: { ...process.env, CAREDESK_PASSWORD: PASSWORD } },
  );
  fs.writeFileSync(
    path.join(root, '在校生信息-9月.xlsx'),
    await buildRosterXlsx([
      {
        姓名: '张小明',
        性别: '男',
        身份证件号: ID.zhang,
        年级: '七年级',
        班级: '1',
        就读方式: '住校',
        留守儿童: '双亲留守儿童',
        成员1姓名: '张大山',
        成员1关系: '祖父',
        成员1联系电话: '13812345678',
        成员1是否监护人: '是',
      },
      { 姓名: '李小红', 性别: '女', 身份证件号: ID.li, 年级: '七年级', 班级: '1', 留守儿童: '非', 孤儿: '02' },
      { 姓名: '王已有', 性别: '男', 身份证件号: ID.wang, 年级: '八年级', 班级: '2', 留守儿童: '非' },
      { 姓名: '孙毕业', 性别: '男', 身份证件号: ID.sun, 年级: '九年级', 班级: '1', 留守儿童: '非' },
      { 姓名: '钱校验', 身份证件号: `${ID.zhao.slice(0, 17)}${ID.zhao[17] === '1' ? '2' : '1'}`, 年级: '七年级', 班级: '1' },
    ]),
  );
  fs.writeFileSync(
    path.join(root, '在校生信息-11月.xlsx'),
    await buildRosterXlsx([
      {
        姓名: '张小明',
        性别: '男',
        身份证件号: ID.zhang,
        年级: '七年级',
        班级: '3',
        就读方式: '住校',
        留守儿童: '双亲留守儿童',
        孤儿: '01',
        成员1姓名: '张大山',
        成员1关系: '祖父',
        成员1联系电话: '13912345678',
        成员1是否监护人: '是',
      },
      { 姓名: '李小红', 性别: '女', 身份证件号: ID.li, 年级: '七年级', 班级: '1', 留守儿童: '非', 孤儿: '02' },
      { 姓名: '赵新生', 性别: '女', 身份证件号: ID.zhao, 年级: '七年级', 班级: '2', 留守儿童: '单亲' },
    ]),
  );
  shell = await startShell(path.join(root, 'school'));
});
test.afterAll(async () => {
  await shell?.stop();
});

async function importFile(page: import('@playwright/test').Page, file: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: /选择 xlsx 文件|导入另一个文件/ }).click();
  await (await chooser).setFiles(path.join(root, file));
}

test('imports the roster twice, then edits a file and reads its history', async ({ page }) => {
  await page.goto(shell.launchUrl);
  await page.getByRole('textbox', { name: '用户名', exact: true }).fill('admin');
  await page.getByRole('textbox', { name: '密码', exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '解锁并登录' }).click();
  await page.getByText('学籍名册导入', { exact: true }).click();

  await importFile(page, '在校生信息-9月.xlsx');
  await expect(page.getByTestId('import-counts')).toContainText('共 5 行：将写入 4 行，拒绝 1 行');
  await expect(page.getByTestId('import-preview').getByRole('row', { name: /第 7 行/ })).toContainText('身份证件号：校验位不符');
  await page.screenshot({ path: shot('50-roster-first-preview'), fullPage: true });
  await page.getByRole('button', { name: /确认导入：写入 4 行/ }).click();
  await expect(page.getByTestId('import-done')).toContainText('新建档案 4');

  await importFile(page, '在校生信息-11月.xlsx');
  await expect(page.getByTestId('import-counts')).toContainText('共 3 行：将写入 2 行，拒绝 0 行');
  const zhang = page.getByTestId('import-preview').getByRole('row', { name: /第 3 行/ });
  await expect(zhang).toContainText('班级：七年级(1)班 → 七年级(3)班');
  await expect(zhang).toContainText('138****5678');
  await expect(zhang).toContainText('学籍系统标记为孤儿，档案未登记');
  await expect(page.getByTestId('import-missing')).toContainText('王已有 · 八年级(2)班');
  await page.screenshot({ path: shot('51-roster-update-preview'), fullPage: true });
  await page.getByRole('button', { name: /确认导入：写入 2 行/ }).click();
  await expect(page.getByTestId('import-done')).toContainText('新建档案 1，更新 1');

  await page.getByText('学生名册', { exact: true }).click();
  await page.getByRole('row', { name: /张小明/ }).click();
  await expect(page.getByTestId('student-history')).toContainText('七年级(3)班');
  await expect(page.getByTestId('student-history')).toContainText('学籍名册导入');

  await page.getByRole('button', { name: '修改档案' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: '姓名', exact: true }).fill('张晓明');
  await dialog.getByRole('textbox', { name: '班级', exact: true }).fill('七年级(4)班');
  await dialog.getByRole('button', { name: '保存 2 项修改' }).click();
  await expect(dialog.getByText('修改姓名须写明原因').first()).toBeVisible();
  await page.screenshot({ path: shot('52-edit-needs-reason'), fullPage: true });
  await dialog.getByRole('textbox', { name: '修改原因' }).fill('户口簿更正：晓');
  await dialog.getByRole('button', { name: '保存 2 项修改' }).click();
  await expect(page.getByTestId('edit-saved')).toContainText('已修改：姓名、班级');
  await expect(page.getByRole('heading', { name: '张晓明 · 七年级(4)班' })).toBeVisible();
  const history = page.getByTestId('student-history');
  await expect(history.getByRole('row', { name: /姓名.*张小明.*张晓明.*户口簿更正/ })).toBeVisible();
  await page.screenshot({ path: shot('53-student-history'), fullPage: true });
});

test('rolls the school year over (preview, backup, commit), then transfers a student out', async ({ page }) => {
  await page.goto(shell.launchUrl);
  await page.getByRole('textbox', { name: '用户名', exact: true }).fill('admin');
  await page.getByRole('textbox', { name: '密码', exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '解锁并登录' }).click();
  await page.getByText('学年升级', { exact: true }).click();
  await page.getByRole('button', { name: '预览升级' }).click();
  const plan = page.getByTestId('rollover-plan');
  await expect(plan).toContainText('七年级 → 八年级');
  await expect(plan).toContainText('九年级 → 毕业');
  await page.screenshot({ path: shot('54-rollover-preview'), fullPage: true });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /确认升入 \d{4}-\d{4} 学年/ }).click();
  expect((await download).suggestedFilename()).toMatch(/学年升级前.*\.cdbackup$/);
  await expect(page.getByTestId('rollover-done')).toContainText(/已升入 \d{4}-\d{4} 学年/);

  await page.getByText('学生名册', { exact: true }).click();
  await expect(page.getByTestId('student-table')).toContainText('八年级(2)班');
  await expect(page.getByTestId('student-table')).not.toContainText('孙毕业');
  await page.getByRole('row', { name: /赵新生/ }).click();
  await page.getByRole('button', { name: '办理转出' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: '转入学校（去向）' }).fill('宝鸡市第一中学');
  await dialog.getByRole('textbox', { name: '原因' }).fill('随父母迁居');
  await dialog.getByRole('button', { name: '确认转出' }).click();
  await expect(page.getByTestId('student-left')).toContainText('已转出');
  await expect(page.getByRole('button', { name: '修改档案' })).toHaveCount(0);
  await page.screenshot({ path: shot('55-transferred-out'), fullPage: true });
  await page.getByText('学生名册', { exact: true }).click();
  await page.getByRole('combobox', { name: '在校状态' }).click();
  await page.getByRole('option', { name: '已离校（毕业/转出）' }).click();
  await expect(page.getByTestId('student-table')).toContainText('孙毕业');
  await expect(page.getByTestId('student-table')).toContainText(/\d{4}届九年级\(1\)班/);
  await page.screenshot({ path: shot('56-students-left'), fullPage: true });
  // Retention: nobody has been gone three years yet; the card says so instead of doing nothing.
  await page.getByText('学年升级', { exact: true }).click();
  await page.getByRole('button', { name: '列出可归档的档案' }).click();
  await expect(page.getByTestId('archive-card')).toContainText('没有在');
  await page.screenshot({ path: shot('56b-archive-preview'), fullPage: true });
});

test('一个都不少 names the students in difficulty who are not yet served', async ({ page }) => {
  await page.goto(shell.launchUrl);
  await page.getByRole('textbox', { name: '用户名', exact: true }).fill('admin');
  await page.getByRole('textbox', { name: '密码', exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '解锁并登录' }).click();
  await page.getByText('一个都不少', { exact: true }).click();
  // 张晓明 was imported as a 双亲留守 child (农村留守儿童) and never applied.
  await expect(page.getByTestId('screening-never')).toContainText('张晓明');
  await page.screenshot({ path: shot('57-screening'), fullPage: true });
});

test('统计表: the return for today, all checks passing, a figure drilled into, exported as xlsx', async ({ page }) => {
  await page.goto(shell.launchUrl);
  await page.getByRole('textbox', { name: '用户名', exact: true }).fill('admin');
  await page.getByRole('textbox', { name: '密码', exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '解锁并登录' }).click();
  await page.getByText('统计表', { exact: true }).click();
  await page.getByLabel('统计日期').fill(new Date().toISOString().slice(0, 10));
  await expect(page.getByTestId('stat-checks')).toContainText('全部通过');
  const total = page.getByTestId('stat-table').getByRole('row', { name: /^合计/ });
  await expect(total).toBeVisible();
  await page.keyboard.press('Escape'); // the date field's calendar closes, as after typing a date
  await page.waitForTimeout(300); // its fade-out
  await page.screenshot({ path: shot('58-statistics'), fullPage: false });
  await total.getByRole('link').first().click();
  await expect(page.getByTestId('stat-drill')).toContainText('张晓明');
  await page.screenshot({ path: shot('59-statistics-drill'), fullPage: false });
  await page.keyboard.press('Escape');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'xlsx' }).click();
  const file = path.join(root, 'stat.xlsx');
  await (await download).saveAs(file);
  expect(fs.statSync(file).size).toBeGreaterThan(5000);
});

test('审计日志 and 督查视图: who did what, by action, and each clause as a share of those it is owed to', async ({ page }) => {
  await page.goto(shell.launchUrl);
  await page.getByRole('textbox', { name: '用户名', exact: true }).fill('admin');
  await page.getByRole('textbox', { name: '密码', exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '解锁并登录' }).click();
  await page.getByText('审计日志', { exact: true }).click();
  await expect(page.getByTestId('audit-table')).toContainText('学年升级');
  await page.getByRole('combobox', { name: '操作', exact: true }).click();
  await page.getByRole('option', { name: '修改学生档案', exact: true }).click();
  await expect(page.getByTestId('audit-table')).toContainText('修改学生档案');
  await expect(page.getByTestId('audit-table')).not.toContainText('学年升级');
  await page.screenshot({ path: shot('60-audit-log'), fullPage: true });
  await page.getByText('督查视图', { exact: true }).click();
  await expect(page.getByTestId('supervision')).toContainText('审计日志完整');
  await page.screenshot({ path: shot('61-supervision'), fullPage: true });
  // An inspection: findings and two rectification items; one is closed with what was done; the report prints.
  await page.getByRole('button', { name: '＋ 新增督查记录' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: '督查人员' }).fill('县教育局资助中心 李科长');
  await dialog.getByRole('textbox', { name: '发现的问题' }).fill('本月谈心未全覆盖。');
  await dialog.getByRole('textbox', { name: '整改事项 1' }).fill('补齐本月谈心记录');
  await dialog.getByRole('textbox', { name: '责任人' }).first().fill('资助办');
  await dialog.getByRole('button', { name: '＋ 增加一项整改事项' }).click();
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('整改事项（第 2 项）：不能为空').first()).toBeVisible();
  await dialog.getByRole('button', { name: '删除第 2 项' }).click();
  await dialog.getByRole('button', { name: '保存' }).click();
  const card = page.getByTestId('inspections');
  await expect(card).toContainText('李科长');
  await card.getByRole('button', { name: '销号' }).click();
  await page.getByRole('dialog').getByRole('textbox', { name: '整改情况' }).fill('已补齐');
  await page.getByRole('dialog').getByRole('button', { name: '销号' }).click();
  await expect(card).toContainText('已销号');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.screenshot({ path: shot('69-inspections'), fullPage: true });
  const download = page.waitForEvent('download');
  await card.getByRole('button', { name: '打印督查报告' }).click();
  expect((await download).suggestedFilename()).toMatch(/^督查报告-\d{4}-\d{2}-\d{2}\.pdf$/);
});
