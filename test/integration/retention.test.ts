/** Issue 12 part 8: retention — files of students who left long ago, archived encrypted, then removed, audited. */
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../main/core/services/retention';
import { confirmedStudent } from '../support/flow';
import { ADMIN, makeIdNumber, newSchool, STUDENT, tempDir } from '../support/school';

describe('retention', () => {
  it('archives files of students who left more than 3 years ago, keeps a file shared with a student who stays', async () => {
    let now = new Date('2026-06-10T10:00:00+08:00');
    const { client, app } = await newSchool(tempDir(), () => now);
    // 甲 left in 2026 with a whole file: a case through review, a care event, a changed class.
    const a = await confirmedStudent(client, 11, '甲离校');
    await client.call('students.update', { id: a.studentId, set: { className: '七年级(2)班' } });
    // 乙 left too, but volunteers in a pair with 丙, who stays: 乙's file stays until that pair is resolved.
    const b = {
      studentId: (
        await client.call('students.create', { ...STUDENT(makeIdNumber('610113', '2012-07-07', 12), '乙志愿者'), categories: [] })
      ).id,
    };
    const c = await confirmedStudent(client, 13, '丙在校');
    const vol = await client.call('pairs.saveVolunteer', { studentId: b.studentId, strengths: ['数学'], capacity: 1, consent: true });
    await client.call('pairs.create', { volunteerId: vol.id, studentId: c.studentId, subjects: ['数学'] });
    for (const s of [a, b])
      await client.call('students.transfer', { id: s.studentId, direction: 'out', date: '2026-06-01', reason: '随父母迁居' });

    now = new Date('2029-12-01T10:00:00+08:00');
    await client.login(ADMIN.username, ADMIN.password);
    const d = await confirmedStudent(client, 14, '丁近期离校');
    await client.call('students.transfer', { id: d.studentId, direction: 'out', date: '2029-11-30', reason: '转学' });

    const preview = await client.call('students.archive', { preview: true });
    expect(preview.years).toBe(3);
    expect(preview.students.map((s) => [s.name, s.blockedBy])).toEqual([
      ['甲离校', null],
      ['乙志愿者', 'peer_pairs'],
    ]);
    expect(preview.file).toBeNull();
    expect(await app.db()('students').count({ n: '*' })).toEqual([{ n: 4 }]);

    const done = await client.call('students.archive', { preview: false });
    expect(done.archived).toBe(1);
    const bytes = Buffer.from(done.file?.base64 ?? '', 'base64');
    expect(bytes.toString('latin1')).not.toContain('甲离校');
    // The archive opens with this store's key and holds the whole file.
    const key = app.ws.purposeKey('archive');
    const opened = openArchive(bytes, key);
    expect(opened.header.students).toBe(1);
    expect(opened.content.students.map((s) => s.name)).toEqual(['甲离校']);
    expect(opened.content.tables.map((t) => t.table)).toEqual(
      expect.arrayContaining(['cases', 'care_events', 'student_changes', 'guardians']),
    );

    // Gone from the live store, everywhere; the others stay.
    const db = app.db();
    expect(await db('students').where({ id: a.studentId }).first()).toBeUndefined();
    for (const table of ['cases', 'care_events', 'student_changes', 'guardians', 'student_categories'])
      expect(await db(table).where({ student_id: a.studentId }).count({ n: '*' }), table).toEqual([{ n: 0 }]);
    expect((await db('students').pluck('name')).sort()).toEqual(['丁近期离校', '丙在校', '乙志愿者'].sort());
    // The kept-history triggers are back: history still cannot be deleted.
    await expect(db('student_changes').delete()).rejects.toThrow(/不能删除/);
    const audit = await db('audit_log').where({ action: 'students.archive' }).first();
    expect(JSON.parse(audit.detail)).toMatchObject({ students: 1, years: 3 });
    expect((await client.call('audit.verify', {})).ok).toBe(true);
    const none = await client.raw('students.archive', { preview: false });
    expect(none.ok || none.error.message).toMatch(/没有离校满 3 年、可以归档的学生档案/);
  });

  it('is for the administrator only', async () => {
    const { client, router } = await newSchool();
    await client.call('accounts.create', {
      username: 'zg',
      displayName: '专干',
      password: 'Officer-pass-2025',
      role: 'officer',
      classes: [],
    });
    const { Client } = await import('../support/school');
    const officer = new Client(router);
    await officer.firstLogin('zg', 'Officer-pass-2025');
    const r = await officer.raw('students.archive', { preview: true });
    expect(r.ok || r.error.code).toBe('FORBIDDEN');
  });
});
