/** The 免申即享 import wizard in Chromium: preview with per-row reasons, then commit; screenshots kept. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { buildAidListXlsx } from '../fixtures/aidListFixture';
import { shot, startShell, type RunningShell } from './shell';

const PASSWORD = 'Admin-pass-2025';
let shell: RunningShell;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'caredesk-e2e-import-'));

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
    {
      env: { ...process.env, CAREDESK_PASSWORD: PASSWORD },
    },
  );
  fs.writeFileSync(path.join(root, '资助系统名单.xlsx'), await buildAidListXlsx());
  shell = await startShell(path.join(root, 'school'));
});
test.afterAll(async () => {
  await shell?.stop();
});

test('imports an aid-system list: preview names each bad row, commit creates system-push cases', async ({ page }) => {
  await page.goto(shell.launchUrl);
  await page.getByRole('textbox', { name: '用户名', exact: true }).fill('admin');
  await page.getByRole('textbox', { name: '密码', exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '解锁并登录' }).click();
  await page.getByText('免申即享导入', { exact: true }).click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '选择 xlsx 文件' }).click();
  await (await chooser).setFiles(path.join(root, '资助系统名单.xlsx'));
  await expect(page.getByTestId('import-counts')).toContainText('共 15 行');
  await expect(page.getByTestId('import-counts')).toContainText('拒绝 11 行');
  const table = page.getByTestId('import-preview');
  await expect(table.getByRole('row', { name: /第 9 行/ })).toContainText('校验位不符');
  await expect(table.getByRole('row', { name: /第 10 行/ })).toContainText('Excel');
  await expect(table.getByRole('row', { name: /第 16 行/ })).toContainText('重复行');
  await page.screenshot({ path: shot('20-import-preview'), fullPage: true });
  // The rejected rows can be sent back as a spreadsheet with the reasons (issue 11 #11).
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出被拒绝的 11 行（xlsx，含原因）' }).click();
  expect((await download).suggestedFilename()).toMatch(/被拒绝的行.*\.xlsx$/);
  await page
    .locator('label')
    .filter({ hasText: /^拒绝$/ })
    .click();
  await expect(table.locator('tbody tr')).toHaveCount(11);
  // The button says what the commit does: rejected rows are left out, the rest written in one transaction.
  await page.getByRole('button', { name: /确认导入：写入 \d+ 行（拒绝的 11 行不写入/ }).click();
  await expect(page.getByTestId('import-done')).toContainText('导入完成');
  await page.screenshot({ path: shot('21-import-done'), fullPage: true });
  await page.getByText('学校确认', { exact: true }).click();
  await expect(page.getByRole('row', { name: /赵新生/ })).toBeVisible();
  await page.getByRole('row', { name: /赵新生/ }).click();
  await expect(page.getByText(/^免申即享：资助系统推送对象/)).toBeVisible();
  await page.screenshot({ path: shot('22-confirm-system-push'), fullPage: true });
  // Several at once (issue 11 #20): tick two, one form, the same care and responsible person for both.
  const boxes = page.getByRole('checkbox', { name: /^选择 / });
  expect(await boxes.count()).toBeGreaterThanOrEqual(2);
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  const form = page.getByTestId('confirm-many');
  await expect(form).toContainText('批量确认 2 个个案');
  await form.getByRole('textbox', { name: '学校提供的关爱内容' }).fill('每月谈心一次；资助政策优先落实');
  await form.getByRole('combobox', { name: '责任人', exact: true }).click();
  await page.getByRole('option', { name: '王老师（资助管理员）', exact: true }).click();
  await page.keyboard.press('Escape');
  await page.screenshot({ path: shot('23-confirm-many'), fullPage: true });
  await form.getByRole('button', { name: '确认这 2 名学生列入名单' }).click();
  await expect(page.getByText('已确认 2 名学生，列入重点关爱名单')).toBeVisible();
});
