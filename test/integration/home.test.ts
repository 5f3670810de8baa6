/** Issue 13 §5: the home page — deadlines with days left and what is done, open warnings, talk coverage, counts. */
import { describe, expect, it } from 'vitest';
import { confirmedStudent } from '../support/flow';
import { newSchool, tempDir } from '../support/school';

describe('home page overview', () => {
  it('lists the deadlines with days left, marks what is done, and counts warnings and coverage', async () => {
    const { client } = await newSchool(tempDir(), () => new Date('2026-12-01T10:00:00+08:00'));
    const a = await confirmedStudent(client, 11, '甲');
    await client.call('cadence.record', { kind: 'monthlyTalk', date: '2026-12-01', entries: [{ studentId: a.studentId }] });
    const before = await client.call('home.overview', {});
    const by = Object.fromEntries(before.deadlines.map((d) => [d.key, d]));
    expect(by['statistics:2026-12-15']).toMatchObject({ daysLeft: 14, done: false, note: '未报送' });
    expect(by['summary:2026']).toMatchObject({ label: '2026年度工作总结', daysLeft: 14, done: false });
    expect(by['filing:2026H2']).toMatchObject({ date: '2026-12-15', done: false });
    // More than 200 days ahead is not shown yet, nor a deadline long past.
    expect(by['statistics:2027-06-30']).toBeUndefined();
    expect(by['statistics:2026-06-30']).toBeUndefined();
    expect(before.figures).toEqual({ population: 1, onList: 1, awaitingReview: 0 });
    expect(before.talks).toEqual([{ label: '12月', value: 100 }]);
    expect(before.warnings).toEqual({ red: 0, orange: 0, yellow: 0, overdue: 0 });
    // Opening the home page ran the warning rules for the day (no one had to press a button); once a day only.
    expect((await client.call('warnings.list', {})).lastRun).toMatchObject({ date: '2026-12-01', by: '王老师' });
    expect(before.tasks.overdue).toBe(0);
    expect(before.tasks.due).toBeGreaterThan(0); // this month's weekly see is still open

    const view = await client.call('summary.get', { year: 2026 });
    await client.call('summary.save', { year: 2026, sections: view.sections, note: '' });
    const after = await client.call('home.overview', {});
    expect(after.deadlines.find((d) => d.key === 'summary:2026')).toMatchObject({ done: true, note: '已保存版本' });
  });
});
