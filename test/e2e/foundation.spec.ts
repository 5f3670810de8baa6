/**
 * End to end through the browser shell in Chromium: setup → login → add a student → application → review →
 * confirm → the student is on the key-care list. Screenshots are kept in test/artifacts/.
 */
import { expect, test, type Page } from '@playwright/test';
import { makeIdNumber } from '../../main/core/seed/idFactory';
import { shot, startShell, type RunningShell } from './shell';

let shell: RunningShell;
test.beforeAll(async () => {
  shell = await startShell();
});
test.afterAll(async () => {
  await shell?.stop();
});

async function pickOption(page: Page, label: string, option: string) {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
  await page.keyboard.press('Escape');
}

test('the identification path, from first run to the key-care list', async ({ page }) => {
  await page.goto(shell.launchUrl);
  await expect(page.getByRole('heading', { name: '首次运行设置' })).toBeVisible();
  await page.getByRole('textbox', { name: '学校名称', exact: true }).fill('西安市雁塔区第一示范中学');
  await page.getByRole('textbox', { name: '学校标识码（10 位）', exact: true }).fill('3161012345');
  await pickOption(page, '学段', '初中');
  await page.getByRole('textbox', { name: '县（区）代码（6 位）', exact: true }).fill('610113');
  await page.getByRole('textbox', { name: '用户名', exact: true }).fill('admin');
  await page.getByRole('textbox', { name: '姓名', exact: true }).fill('王老师');
  await page.getByRole('textbox', { name: '密码（至少 8 位）', exact: true }).fill('Admin-pass-2025');
  await page.getByRole('textbox', { name: '再次输入密码', exact: true }).fill('Admin-pass-2025');
  await page.screenshot({ path: shot('01-setup'), fullPage: true });
  await page.getByRole('button', { name: '建立加密工作台' }).click();
  const codeBox = page.getByTestId('recovery-code');
  await expect(codeBox).toHaveText(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){7}$/);
  const code = (await codeBox.textContent()) ?? '';
  await page.screenshot({ path: shot('02-recovery-code'), fullPage: true });
  await page.getByLabel('恢复码已打印并锁入保密柜').check();
  await page.getByRole('button', { name: '我已妥善保管，进入登录' }).click();

  // Wrong password first: a clear Chinese message.
  await page.getByRole('textbox', { name: '用户名', exact: true }).fill('admin');
  await page.getByRole('textbox', { name: '密码', exact: true }).fill('wrong-password');
  await page.getByRole('button', { name: '解锁并登录' }).click();
  await expect(page.getByTestId('error-alert')).toContainText('用户名或密码错误');

  // Forgotten: the administrator resets the password with the printed recovery code, which is then spent and
  // replaced by a new one shown once (issue 11 #23).
  await page.getByRole('button', { name: '资助管理员忘记密码？用恢复码重设' }).click();
  const recover = page.getByTestId('recover-form');
  await recover.getByRole('textbox', { name: '用户名', exact: true }).fill('admin');
  await recover.getByRole('textbox', { name: '恢复码', exact: true }).fill(code);
  await recover.getByRole('textbox', { name: '新密码', exact: true }).fill('Recovered-pass-2026');
  await recover.getByRole('textbox', { name: '再次输入新密码', exact: true }).fill('Recovered-pass-2026');
  await page.screenshot({ path: shot('02b-recover'), fullPage: true });
  await recover.getByRole('button', { name: '重设密码' }).click();
  await expect(page.getByText('密码已重设，原恢复码已作废。')).toBeVisible();
  await expect(page.getByTestId('recovery-code')).not.toHaveText(code);
  await page.getByLabel('恢复码已打印并锁入保密柜').check();
  await page.getByRole('button', { name: '我已妥善保管，进入登录' }).click();
  await expect(page.getByText('密码已重设，请用新密码登录。')).toBeVisible();
  await page.getByRole('textbox', { name: '用户名', exact: true }).fill('admin');
  await page.getByRole('textbox', { name: '密码', exact: true }).fill('Recovered-pass-2026');
  await page.getByRole('button', { name: '解锁并登录' }).click();
  // The first screen is the 工作台: what is due and how many days are left.
  await expect(page.getByTestId('home-deadlines')).toContainText('统计表');
  await page.screenshot({ path: shot('70-home'), fullPage: true });
  await page.getByText('学生名册', { exact: true }).click();
  await expect(page.getByRole('heading', { name: '学生名册' })).toBeVisible();

  // A bad ID number is refused inline, naming the field.
  await page.getByRole('button', { name: '新建学生档案' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: '姓名', exact: true }).fill('张小明');
  await dialog.getByRole('textbox', { name: '身份证号', exact: true }).fill('610113201203051000');
  await dialog.getByRole('textbox', { name: '年级', exact: true }).fill('七年级');
  await dialog.getByRole('textbox', { name: '班级', exact: true }).fill('七年级(1)班');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('疑似被 Excel 转为数字').first()).toBeVisible();
  await page.screenshot({ path: shot('03-intake-error'), fullPage: true });
  await dialog.getByRole('textbox', { name: '身份证号', exact: true }).fill(makeIdNumber('610113', '2012-03-05', 21));
  await dialog.getByRole('textbox', { name: '监护人姓名', exact: true }).fill('张大山');
  await dialog.getByRole('textbox', { name: '关系', exact: true }).fill('祖父');
  await dialog.getByRole('textbox', { name: '联系电话', exact: true }).fill('13812345678');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('heading', { name: /张小明/ })).toBeVisible();
  await expect(page.getByText('6101**********')).toBeVisible();
  await expect(page.getByText('138****5678')).toBeVisible();

  // Application (I4).
  await page.getByRole('button', { name: '为该生提出申请' }).click();
  await page.getByRole('textbox', { name: '申请人姓名', exact: true }).fill('刘老师');
  await pickOption(page, '申请的关爱内容（可多选）', '学业辅导');
  // T1: the category is recorded with the application; confirmation refuses a case without one.
  await pickOption(page, '困境类别（可多选，T1）', '农村留守儿童');
  await page.getByRole('textbox', { name: '事实', exact: true }).fill('父母均在外务工，由祖父照料，近期成绩下滑明显。');
  await page.getByRole('textbox', { name: '理由', exact: true }).fill('需要学业辅导和心理关爱。');
  await page.screenshot({ path: shot('04-application'), fullPage: true });
  await page.getByRole('button', { name: '提交' }).click();
  await expect(page.getByText('申请已提交')).toBeVisible();
  // The evidence goes with the application: the attachments of the new case are right there.
  await expect(page.getByText('证明材料（可上传 PDF 或照片，集体评议时查阅）')).toBeVisible();
  // Not a dead end (issue 11 #14): choosing 提出申请 again opens an empty form.
  await page.getByText('提出申请', { exact: true }).first().click();
  await expect(page.getByText('申请已提交')).toBeHidden();
  await expect(page.getByRole('button', { name: '提交' })).toBeVisible();

  // Collective review (I5) in a meeting: fewer than 3 participants is refused.
  await page.getByText('集体评议', { exact: true }).first().click();
  await page.getByRole('button', { name: '新建评议会议' }).click();
  const dlg = page.getByRole('dialog');
  await dlg.getByRole('textbox', { name: '会议地点', exact: true }).fill('行政楼三楼会议室');
  const staff = dlg.getByRole('combobox', { name: '校内参会人员（回车添加）', exact: true });
  for (const p of ['王老师', '刘老师']) {
    await staff.fill(p);
    await staff.press('Enter');
  }
  await dlg.getByRole('button', { name: '开始会议' }).click();
  await expect(dlg.getByTestId('error-alert')).toContainText('至少需要 3 名参会人员');
  const outsiders = dlg.getByRole('combobox', { name: '校外参会人员（回车添加，如社区、家长代表）', exact: true });
  await outsiders.fill('社区主任 赵女士');
  await outsiders.press('Enter');
  await dlg.getByRole('button', { name: '开始会议' }).click();
  await page
    .getByTestId('agenda-table')
    .getByRole('row', { name: /张小明/ })
    .click();
  // No conclusion is pre-chosen and no care pre-filled: the meeting decides both.
  await expect(page.getByRole('radio', { name: '同意', exact: true })).not.toBeChecked();
  await page.getByRole('radio', { name: '同意', exact: true }).check();
  await page.getByLabel('批准的关爱内容').first().click();
  await page.getByRole('option', { name: '学业辅导' }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('textbox', { name: '必要性意见', exact: true }).fill('符合农村留守儿童认定，成绩下滑。');
  await page.getByRole('textbox', { name: '可行性意见', exact: true }).fill('学校可安排数学老师每周辅导两次。');
  await page.getByRole('textbox', { name: '赞成', exact: true }).fill('3');
  await page.getByRole('button', { name: '保存本案结论' }).click();
  await expect(page.getByText('已保存（会议结束时生效）')).toBeVisible();
  await page.getByRole('textbox', { name: '会议纪要', exact: true }).fill('会议评议了张小明的关爱申请，一致同意。');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: shot('05-review-meeting'), fullPage: true });
  await page.getByRole('button', { name: '结束会议并生效' }).click();
  await expect(page.getByText('会议已结束，记录不可修改。')).toBeVisible();
  await expect(page.getByRole('button', { name: '保存本案结论' })).toBeHidden();

  // Confirmation (I6).
  await page
    .getByRole('link', { name: '学校确认' })
    .or(page.getByText('学校确认', { exact: true }))
    .first()
    .click();
  await page.getByRole('row', { name: /张小明/ }).click();
  await page.getByRole('textbox', { name: '学校提供的关爱内容', exact: true }).fill('每周两次数学辅导；每月谈心一次');
  await pickOption(page, '责任人', '王老师（资助管理员）');
  await page.getByRole('button', { name: '确认列入名单' }).click();
  await expect(page.getByText('已确认，列入重点关爱名单')).toBeVisible();

  // On the key-care list, never published.
  await page.getByText('重点关爱名单', { exact: true }).first().click();
  await expect(page.getByTestId('never-publish')).toContainText('禁止公布');
  await expect(page.getByTestId('key-care-table')).toContainText('张小明');
  await expect(page.getByTestId('key-care-table')).toContainText('每周两次数学辅导');
  await page.screenshot({ path: shot('06-key-care-list'), fullPage: true });

  // The student's file with its timeline.
  await page.getByRole('link', { name: '张小明' }).click();
  await expect(page.getByText('学校确认 · 学校确认，列入重点关爱名单')).toBeVisible();
  await page.screenshot({ path: shot('07-student-file'), fullPage: true });

  // Exit (I2): requested from the list, decided in a review meeting; the history stays.
  await page.getByText('重点关爱名单', { exact: true }).first().click();
  await page.getByRole('button', { name: '申请退出' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
  await expect(page.getByText('待评议退出')).toBeVisible();
  await page.getByText('集体评议', { exact: true }).first().click();
  await page.getByRole('button', { name: '新建评议会议' }).click();
  const dlg2 = page.getByRole('dialog');
  await dlg2.getByRole('textbox', { name: '会议地点', exact: true }).fill('行政楼三楼会议室');
  const staff2 = dlg2.getByRole('combobox', { name: '校内参会人员（回车添加）', exact: true });
  for (const p of ['王老师', '刘老师', '陈校长']) {
    await staff2.fill(p);
    await staff2.press('Enter');
  }
  await dlg2.getByRole('button', { name: '开始会议' }).click();
  await page
    .getByTestId('agenda-table')
    .getByRole('row', { name: /张小明.*退出申请/ })
    .click();
  await page.getByRole('radio', { name: '同意', exact: true }).check();
  await page.getByRole('textbox', { name: '必要性意见', exact: true }).fill('成绩已恢复到年级中上水平。');
  await page.getByRole('textbox', { name: '可行性意见', exact: true }).fill('退出后班主任继续日常关注。');
  await page.getByRole('textbox', { name: '赞成', exact: true }).fill('3');
  await page.getByRole('button', { name: '保存本案结论' }).click();
  await page.getByRole('textbox', { name: '会议纪要', exact: true }).fill('同意张小明退出重点关爱名单。');
  await page.getByRole('button', { name: '结束会议并生效' }).click();
  await expect(page.getByText('会议已结束，记录不可修改。')).toBeVisible();
  await page.getByText('重点关爱名单', { exact: true }).first().click();
  await expect(page.getByText('名单为空')).toBeVisible();

  // Re-entry: a new application for the same student; the file keeps both cases.
  await page.getByText('学生名册', { exact: true }).first().click();
  await page.getByRole('link', { name: '张小明' }).click();
  await page.getByRole('button', { name: '为该生提出申请' }).click();
  await page.getByRole('textbox', { name: '申请人姓名', exact: true }).fill('张大山');
  await pickOption(page, '申请的关爱内容（可多选）', '心理关爱');
  await page.getByRole('textbox', { name: '事实', exact: true }).fill('家中突发变故，情绪低落。');
  await page.getByRole('textbox', { name: '理由', exact: true }).fill('需要心理关爱。');
  await page.getByRole('button', { name: '提交' }).click();
  await expect(page.getByText('申请已提交')).toBeVisible();
  await page.getByText('学生名册', { exact: true }).first().click();
  await page.getByRole('link', { name: '张小明' }).click();
  await expect(page.getByText('经集体评议退出重点关爱名单').first()).toBeVisible();
  await page.screenshot({ path: shot('08-student-file-after-exit'), fullPage: true });
});

test('the loopback API refuses a request without the secret or from another origin', async ({ request }) => {
  const noSecret = await request.post(`${shell.url}/api/app.status`, {
    data: { input: {} },
    headers: { 'Content-Type': 'application/json' },
  });
  expect(noSecret.status()).toBe(403);
  const secret = new URL(shell.launchUrl).hash.replace('#k=', '');
  const ok = await request.post(`${shell.url}/api/app.status`, {
    data: { input: {} },
    headers: { 'Content-Type': 'application/json', 'X-CareDesk-Secret': secret },
  });
  expect(ok.status()).toBe(200);
  const otherOrigin = await request.post(`${shell.url}/api/app.status`, {
    data: { input: {} },
    headers: { 'Content-Type': 'application/json', 'X-CareDesk-Secret': secret, Origin: 'http://evil.example' },
  });
  expect(otherOrigin.status()).toBe(403);
});
