/** Issue 13 §4: the audit-log viewer — filters, export, for the supervisor and the administrator only, itself audited. */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { confirmedStudent } from '../support/flow';
import { Client, newSchool } from '../support/school';

describe('audit-log viewer', () => {
  it('filters by student, person and action, exports, and records each reading', async () => {
    const { client, router } = await newSchool();
    const a = await confirmedStudent(client, 11, '甲');
    const b = await confirmedStudent(client, 12, '乙');
    await client.call('students.get', { id: a.studentId });
    await client.call('students.reveal', { id: a.studentId });
    await client.call('students.get', { id: b.studentId });

    const ofA = await client.call('audit.list', { studentId: a.studentId });
    const actions = ofA.rows.map((r) => r.action);
    // The student's own entries and those of the student's case, newest first; none of the other student.
    expect(actions).toEqual(expect.arrayContaining(['student.reveal', 'student.view', 'case.confirm', 'case.apply']));
    expect(ofA.rows.every((r) => (r.entityType === 'student' ? r.entityId === String(a.studentId) : r.entityType === 'case'))).toBe(true);
    expect(ofA.rows.find((r) => r.action === 'student.reveal')?.actionLabel).toBe('查看完整证件号、电话和住址');
    expect(ofA.rows[0].id).toBeGreaterThan(ofA.rows.at(-1)?.id ?? 0);

    const reveals = await client.call('audit.list', { action: 'student.reveal' });
    expect(reveals.total).toBe(1);
    expect(reveals.actors.map((x) => x.name)).toContain('王老师');
    expect(reveals.actions.find((x) => x.action === 'student.reveal')?.label).toBe('查看完整证件号、电话和住址');
    const none = await client.call('audit.list', { since: '2099-01-01' });
    expect(none.total).toBe(0);

    const file = await client.call('audit.export', { action: 'student.view' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
    expect(JSON.stringify(wb.worksheets[0].getSheetValues())).toContain('查看学生档案');
    // Reading the log is in the log.
    const views = await client.call('audit.list', { action: 'audit.view' });
    expect(views.total).toBe(3); // the three readings above (this one is logged after it is counted)
    expect((await client.call('audit.list', { action: 'export.audit' })).total).toBe(1);

    // The supervisor reads it; a head teacher does not.
    for (const [username, role] of [
      ['duc', 'inspector'],
      ['bzr', 'headTeacher'],
    ] as const) {
      await client.call('accounts.create', {
        username,
        displayName: username,
        password: 'Staff-pass-2025',
        role,
        classes: role === 'headTeacher' ? ['七年级(1)班'] : [],
      });
      const c = new Client(router);
      await c.firstLogin(username, 'Staff-pass-2025');
      const r = await c.raw('audit.list', {});
      if (role === 'inspector') expect(r.ok).toBe(true);
      else expect(r.ok || r.error.code).toBe('FORBIDDEN');
    }
    expect((await client.call('audit.verify', {})).ok).toBe(true);
  });
});
