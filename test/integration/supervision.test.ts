/** Issue 13 §4: the supervisor's view — implementation indicators per clause, with numbers and denominators. */
import { describe, expect, it } from 'vitest';
import { confirmedStudent } from '../support/flow';
import { Client, makeIdNumber, newSchool, STUDENT, tempDir } from '../support/school';

describe('supervision indicators', () => {
  it('counts per clause who is served, for the supervisor, and audits the view', async () => {
    // The semester of the registration check follows the day: the test fixes it.
    const { client, app, router } = await newSchool(tempDir(), () => new Date('2026-11-29T10:00:00+08:00'));
    const a = await confirmedStudent(client, 11, '甲');
    await confirmedStudent(client, 12, '乙');
    await client.call('students.create', { ...STUDENT(makeIdNumber('610113', '2012-04-04', 21), '丙'), categories: ['orphan'] });
    await client.call('dropout.mark', { semester: '2026-2027-1', studentIds: [a.studentId], arrived: true, note: '' });

    await client.call('accounts.create', {
      username: 'duc',
      displayName: '督查员',
      password: 'Staff-pass-2025',
      role: 'inspector',
      classes: [],
    });
    const inspector = new Client(router);
    await inspector.firstLogin('duc', 'Staff-pass-2025');
    const r = await inspector.call('supervision.indicators', {});
    const by = Object.fromEntries(r.indicators.map((i) => [i.key, i]));
    expect(by.registration).toMatchObject({ clause: 'A4', numerator: 1, denominator: 3, rate: 33.3 });
    expect(by.onListCategory).toMatchObject({ numerator: 2, denominator: 2, rate: 100 });
    expect(by.monthlyTalk).toMatchObject({ numerator: 0, denominator: 2, rate: 0 });
    expect(by.auditChain).toMatchObject({ numerator: 1, rate: 100 });
    expect(by.highestTier.denominator).toBe(0);
    expect(by.highestTier.rate).toBeNull();
    expect(await app.db()('audit_log').where({ action: 'supervision.view' }).count({ n: '*' })).toEqual([{ n: 1 }]);
  });
});
