/** Issue 12 part 1: editing a student's file with history, through the router on a real encrypted store. */
import { describe, expect, it } from 'vitest';
import { makeIdNumber, newSchool, STUDENT } from '../support/school';

describe('editing a student with history', () => {
  it('records each changed field with the old value, who, when and why; identity needs a reason', async () => {
    const { client, app } = await newSchool();
    const { id } = await client.call('students.create', STUDENT(makeIdNumber('610113', '2012-03-05', 21)));

    // A class change and a new guardian phone need no reason; categories hold from the day given.
    const moved = await client.call('students.update', {
      id,
      set: {
        className: '七年级(3)班',
        categories: ['leftBehind', 'disability'],
        guardians: [{ name: '张大山', relation: '祖父', phone: '13900001111', isGuardian: true }],
      },
      since: '2026-09-01',
    });
    expect(moved.changed).toEqual(['班级', '困境类别', '监护人']);

    // Correcting the ID number without a reason is refused and names the field; nothing is written.
    const newId = makeIdNumber('610113', '2012-04-06', 33);
    const refused = await client.raw('students.update', { id, set: { idNumber: newId } });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.message).toContain('须写明原因');
      expect(refused.error.issues?.[0]?.path).toBe('reason');
    }
    const fixed = await client.call('students.update', { id, set: { idNumber: newId }, reason: '户口簿核对更正' });
    // The birth date follows the ID number, and is kept as its own change.
    expect(fixed.changed).toEqual(['身份证号', '出生日期']);

    const detail = await client.call('students.get', { id });
    expect(detail.className).toBe('七年级(3)班');
    expect(detail.birthDate).toBe('2012-04-06');
    expect(detail.categories.sort()).toEqual(['disability', 'leftBehind']);

    const history = await client.call('students.history', { studentId: id });
    const byField = Object.fromEntries(history.map((h) => [h.field, h]));
    expect(byField.className).toMatchObject({ from: '七年级(1)班', to: '七年级(3)班', actorName: '王老师', source: 'edit' });
    expect(byField.categories.effectiveFrom).toBe('2026-09-01');
    expect(byField.categories.to).toContain('残疾');
    expect(byField.idNumber.reason).toBe('户口簿核对更正');
    // History is read more widely than the file: identifiers and phones stay masked in it.
    const text = JSON.stringify(history);
    expect(text).not.toContain(newId);
    expect(text).not.toContain('13900001111');
    expect(text).not.toContain('13812345678');
    expect(byField.guardians.to).toContain('139****1111');

    // The timeline says what changed; the audit names fields, never values.
    expect(detail.timeline.map((e) => e.kind)).toContain('change');
    const audits = (await app.db()('audit_log').where({ action: 'student.update' }).pluck('detail')) as string[];
    expect(audits).toHaveLength(2);
    expect(audits.join()).not.toContain(newId);
    expect(await app.db()('audit_log').where({ action: 'student.history' }).count({ n: '*' })).toEqual([{ n: 1 }]);

    // History is evidence: the store refuses to edit or delete it.
    await expect(app.db()('student_changes').update({ to_value: 'x' })).rejects.toThrow(/不能修改/);
    await expect(app.db()('student_changes').delete()).rejects.toThrow(/不能删除/);
  });

  it('re-runs the identity checks: duplicate ID, age for the stage, 15-digit numbers, and same values change nothing', async () => {
    const { client } = await newSchool();
    const a = await client.call('students.create', STUDENT(makeIdNumber('610113', '2012-03-05', 21)));
    const otherId = makeIdNumber('610113', '2012-05-05', 45);
    await client.call('students.create', STUDENT(otherId, '李四'));

    const dup = await client.raw('students.update', { id: a.id, set: { idNumber: otherId }, reason: '更正' });
    expect(dup.ok || dup.error.code).toBe('CONFLICT');

    const tooOld = await client.raw('students.update', {
      id: a.id,
      set: { idNumber: makeIdNumber('610113', '1990-01-01', 11) },
      reason: '更正',
    });
    expect(tooOld.ok || tooOld.error.message).toMatch(/与学段“初中”不符/);

    const old15 = '610113120315002';
    const unconfirmed = await client.raw('students.update', { id: a.id, set: { idNumber: old15 }, reason: '更正' });
    expect(unconfirmed.ok || unconfirmed.error.message).toMatch(/15 位旧身份证号/);

    const same = await client.call('students.update', { id: a.id, set: { className: '七年级(1)班', boarding: true } });
    expect(same.changed).toEqual([]);
    expect(await client.call('students.history', { studentId: a.id })).toEqual([]);
  });

  it('lets only the funding office edit, and a head teacher read history only for their classes', async () => {
    const { client, router } = await newSchool();
    const { id } = await client.call('students.create', STUDENT(makeIdNumber('610113', '2012-03-05', 21)));
    await client.call('accounts.create', {
      username: 'bzr9',
      displayName: '刘老师',
      password: 'Teacher-pass-2025',
      role: 'headTeacher',
      classes: ['八年级(2)班'],
    });
    const { Client } = await import('../support/school');
    const teacher = new Client(router);
    await teacher.firstLogin('bzr9', 'Teacher-pass-2025');
    const edit = await teacher.raw('students.update', { id, set: { className: '八年级(2)班' } });
    expect(edit.ok || edit.error.code).toBe('FORBIDDEN');
    const hist = await teacher.raw('students.history', { studentId: id });
    expect(hist.ok || hist.error.code).toBe('FORBIDDEN');
  });
});
