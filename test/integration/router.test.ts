/** The router refuses malformed input, a missing session and a role without the right, in Chinese, without stacks. */
import { describe, expect, it } from 'vitest';
import { Client, newSchool } from '../support/school';
import { confirmedStudent } from '../support/flow';

describe('router', () => {
  it('refuses malformed input with a Chinese message naming the field', async () => {
    const { client } = await newSchool();
    const r = await client.raw('students.create', {
      name: '',
      idNumber: '610113201203051000',
      stage: 'junior',
      grade: '七年级',
      className: '1班',
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('VALIDATION');
      expect(r.error.message).toContain('姓名');
      expect(r.error.message).toContain('身份证号');
      expect(r.error.message).toContain('Excel');
      expect(r.error.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(['name', 'idNumber']));
      expect(JSON.stringify(r)).not.toMatch(/at .*\.ts/);
    }
    const wrongType = await client.raw('students.get', { id: 'abc' });
    expect(!wrongType.ok && wrongType.error.code).toBe('VALIDATION');
    const unknown = await client.raw('debug.eval', {});
    expect(!unknown.ok && unknown.error.code).toBe('UNKNOWN_METHOD');
    const proto = await client.raw('__proto__', {});
    expect(!proto.ok && proto.error.code).toBe('UNKNOWN_METHOD');
  });

  it('refuses a missing or forged session', async () => {
    const { router } = await newSchool();
    const anon = new Client(router);
    const r = await anon.raw('students.list', {});
    expect(!r.ok && r.error.code).toBe('UNAUTHENTICATED');
    anon.session = 'forged-token';
    const f = await anon.raw('cases.keyCareList', {});
    expect(!f.ok && f.error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a role without the right, and scopes a head teacher to their classes', async () => {
    const { client } = await newSchool();
    const mine = await confirmedStudent(client, 81, '张小明', '七年级(1)班');
    const theirs = await confirmedStudent(client, 82, '李小红', '八年级(3)班');
    await client.call('accounts.create', {
      username: 'liu',
      displayName: '刘老师',
      password: 'Teacher-pass-1',
      role: 'headTeacher',
      classes: ['七年级(1)班'],
    });
    const teacher = new Client(client.router);
    await teacher.firstLogin('liu', 'Teacher-pass-1');
    for (const [m, input] of [
      ['accounts.create', { username: 'x1', displayName: 'x', password: 'Password-1', role: 'admin' }],
      ['filing.export', { period: '2025H2', bureauKey: `age1${'q'.repeat(58)}` }],
      ['cases.confirm', { caseId: 1, careContent: 'x', responsibleAccountId: 1 }],
      ['bureau.summary', {}],
    ] as const) {
      const r = await teacher.raw(m, input);
      expect(!r.ok && r.error.code, m).toBe('FORBIDDEN');
    }
    const list = await teacher.call('students.list', {});
    expect(list.rows.map((r) => r.name)).toEqual(['张小明']);
    expect(list.classes).toEqual(['七年级(1)班']);
    expect((await teacher.call('students.get', { id: mine.studentId })).name).toBe('张小明');
    const other = await teacher.raw('students.get', { id: theirs.studentId });
    expect(!other.ok && other.error.code).toBe('FORBIDDEN');
  });

  it('masks ID numbers in lists and reveals them only to the office, audited', async () => {
    const { client, app } = await newSchool();
    const { studentId } = await confirmedStudent(client, 83);
    const list = await client.call('students.list', {});
    expect(list.rows[0].idNumberMasked).toMatch(/^6101\*+\d{3}[\dX]$/);
    const full = await client.call('students.reveal', { id: studentId });
    expect(full.idNumber).toHaveLength(18);
    expect(await app.db()('audit_log').where({ action: 'student.reveal' }).first()).toBeTruthy();
  });

  it('lets the administrator recover from the login screen with the recovery code, once per code, throttled', async () => {
    const { router, recoveryCode } = await newSchool();
    const anon = new Client(router);
    const ok = await anon.call('auth.recover', { username: 'admin', recoveryCode, newPassword: 'Recovered-pass-2026' });
    expect(ok.recoveryCode).not.toBe(recoveryCode);
    await anon.login('admin', 'Recovered-pass-2026');
    // The used code is spent.
    const spent = await new Client(router).raw('auth.recover', { username: 'admin', recoveryCode, newPassword: 'Another-pass-2026' });
    expect(!spent.ok && spent.error.message).toBe('恢复码不正确');
    // Five wrong codes in a row (one above) and even the right code is refused for a while.
    for (let i = 0; i < 4; i++)
      await new Client(router).raw('auth.recover', { username: 'admin', recoveryCode: 'WRONG-CODE', newPassword: 'Another-pass-2026' });
    const locked = await new Client(router).raw('auth.recover', {
      username: 'admin',
      recoveryCode: ok.recoveryCode,
      newPassword: 'Another-pass-2026',
    });
    expect(!locked.ok && locked.error.code).toBe('ACCOUNT_LOCKED');
    expect(!locked.ok && locked.error.message).toContain('15 分钟');
  });
});
