/** Intake → application → review → confirmation → key-care list, through the router on a real encrypted store. */
import { describe, expect, it } from 'vitest';
import { newSchool, STUDENT, makeIdNumber } from '../support/school';
import { PARTICIPANTS, reviewInMeeting } from '../support/flow';

describe('identification path', () => {
  it('takes a student from application to the key-care list, with timeline and audit', async () => {
    const { client, app } = await newSchool();
    const { id: studentId } = await client.call('students.create', STUDENT(makeIdNumber('610113', '2012-03-05', 21)));
    const { id: caseId } = await client.call('cases.apply', {
      studentId,
      applicantType: 'teacher',
      applicantName: '班主任 刘老师',
      careRequested: ['tutoring', 'psychological'],
      facts: '父母均在外务工，由祖父照料，近期成绩下滑明显。',
      reasons: '需要学业辅导和心理关爱。',
      categories: ['leftBehind'],
      riskFactors: ['academic'],
    });
    await reviewInMeeting(client, [caseId]);
    expect((await client.call('cases.list', { states: ['reviewed'] })).map((c) => c.id)).toEqual([caseId]);
    const staff = await client.call('accounts.staff', {});
    const confirm = await client.call('cases.confirm', {
      caseId,
      careContent: '每周两次数学辅导；每月谈心一次',
      responsibleAccountId: staff[0].id,
    });
    expect(confirm.state).toBe('confirmed');

    const list = await client.call('cases.keyCareList', {});
    expect(list.map((c) => c.studentName)).toEqual(['张小明']);
    const detail = await client.call('students.get', { id: studentId });
    expect(detail.idNumberMasked).not.toContain('20120305');
    expect(detail.timeline.map((e) => e.kind)).toEqual(['registered', 'application', 'review', 'confirmation']);
    expect(detail.riskFactors).toEqual(['academic']);

    const audit = await app.db()('audit_log').pluck('action');
    expect(audit).toEqual(
      expect.arrayContaining([
        'case.apply',
        'meeting.create',
        'meeting.decide',
        'meeting.close',
        'case.confirm',
        'keyCareList.view',
        'student.view',
      ]),
    );
    expect((await client.call('audit.verify', {})).ok).toBe(true);
  });

  it('lists students in the office order: classes in school order then number, names by pinyin, across pages', async () => {
    const { client } = await newSchool();
    const people: Array<[string, string]> = [
      ['张伟', '九年级(1)班'],
      ['李娜', '七年级(10)班'],
      ['王芳', '七年级(2)班'],
      ['安然', '七年级(2)班'],
      ['陈晨', '八年级(1)班'],
      ['赵雷', '七年级(1)班'],
    ];
    for (const [i, [name, className]] of people.entries())
      await client.call('students.create', STUDENT(makeIdNumber('610113', '2012-03-05', 300 + i), name, className));
    const byClass = await client.call('students.list', {});
    expect(byClass.rows.map((r) => r.name)).toEqual(['赵雷', '安然', '王芳', '李娜', '陈晨', '张伟']);
    expect(byClass.classes).toEqual(['七年级(1)班', '七年级(2)班', '七年级(10)班', '八年级(1)班', '九年级(1)班']);
    const page1 = await client.call('students.list', { sort: 'name', page: 1, pageSize: 5 });
    expect(page1.rows.map((r) => r.name)).toEqual(['安然', '陈晨', '李娜', '王芳', '张伟']);
    const page2 = await client.call('students.list', { sort: 'name', page: 2, pageSize: 5 });
    expect(page2.rows.map((r) => r.name)).toEqual(['赵雷']);
    expect(page2.total).toBe(6);
  });

  it('confirms several cases with the same care and responsible person, all or none', async () => {
    const { client, app } = await newSchool();
    const caseIds: number[] = [];
    for (const [i, name] of ['甲同学', '乙同学', '丙同学'].entries()) {
      const { id: studentId } = await client.call('students.create', STUDENT(makeIdNumber('610113', '2012-03-05', 400 + i), name));
      const { id } = await client.call('cases.apply', {
        studentId,
        applicantType: 'teacher',
        applicantName: '班主任 刘老师',
        careRequested: ['tutoring'],
        facts: '父母均在外务工。',
        reasons: '需要学业辅导。',
        categories: ['leftBehind'],
        riskFactors: [],
      });
      caseIds.push(id);
    }
    await reviewInMeeting(client, caseIds.slice(0, 2));
    const staff = await client.call('accounts.staff', {});
    // One of the three is not yet reviewed: the batch names it and confirms nobody.
    const bad = await client.raw('cases.confirmMany', { caseIds, careContent: '每周辅导两次', responsibleAccountId: staff[0].id });
    expect(!bad.ok && bad.error.message).toContain('丙同学');
    expect(await app.db()('cases').where({ state: 'confirmed' }).count({ n: '*' })).toEqual([{ n: 0 }]);
    const ok = await client.call('cases.confirmMany', {
      caseIds: caseIds.slice(0, 2),
      careContent: '每周辅导两次',
      responsibleAccountId: staff[0].id,
    });
    expect(ok).toEqual({ confirmed: 2 });
    const list = await client.call('cases.keyCareList', {});
    expect(list.map((c) => [c.studentName, c.careContent])).toEqual([
      ['甲同学', '每周辅导两次'],
      ['乙同学', '每周辅导两次'],
    ]);
    const empty = await client.raw('cases.confirmMany', { caseIds: [], careContent: '每周辅导两次', responsibleAccountId: staff[0].id });
    expect(!empty.ok && empty.error.message).toContain('个案：请至少选择一个个案');
  });

  it('refuses a second student with the same ID number and names the existing file', async () => {
    const { client } = await newSchool();
    const id = makeIdNumber('610113', '2011-01-02', 33);
    await client.call('students.create', STUDENT(id));
    const r = await client.raw('students.create', STUDENT(id, '张小明二'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('CONFLICT');
      expect(r.error.message).toContain('已建档');
      expect(r.error.issues?.[0].ref).toBeGreaterThan(0); // the form offers to open the existing file
    }
  });

  it('runs a review meeting: agenda, decisions, close; a closed meeting cannot be edited through the router', async () => {
    const { client, app } = await newSchool();
    const ids = [];
    for (const [seq, name] of [
      [31, '甲同学'],
      [32, '乙同学'],
      [33, '丙同学'],
    ] as const) {
      const { id: studentId } = await client.call('students.create', STUDENT(makeIdNumber('610113', '2012-03-05', seq), name));
      ids.push(
        (
          await client.call('cases.apply', {
            studentId,
            applicantType: 'guardian',
            applicantName: '家长',
            careRequested: ['psychological'],
            facts: '事实',
            reasons: '理由',
            categories: [],
            riskFactors: [],
          })
        ).id,
      );
    }
    const tooFew = await client.raw('meetings.create', {
      meetingDate: '2025-09-10',
      place: '会议室',
      participants: PARTICIPANTS.slice(0, 2),
    });
    expect(!tooFew.ok && tooFew.error.message).toContain('至少需要 3 名参会人员');
    const { id: meetingId } = await client.call('meetings.create', {
      meetingDate: '2025-09-10',
      place: '会议室',
      participants: [...PARTICIPANTS.slice(0, 2), { name: '社区主任 赵女士', kind: 'outsider' }],
    });
    const detail = await client.call('meetings.get', { id: meetingId });
    expect(detail.agenda.map((a) => a.studentName)).toEqual(['甲同学', '乙同学', '丙同学']);
    const base = { meetingId, necessity: '必要', feasibility: '可行', votesAgainst: 0, votesAbstain: 0, notes: '' };
    await client.call('meetings.decide', { ...base, caseId: ids[0], decision: 'approve', careApproved: ['psychological'], votesFor: 3 });
    await client.call('meetings.decide', { ...base, caseId: ids[1], decision: 'reject', careApproved: [], votesFor: 0, votesAgainst: 3 });
    await client.call('meetings.decide', { ...base, caseId: ids[2], decision: 'defer', careApproved: [], votesFor: 2 });
    const tooManyVotes = await client.raw('meetings.decide', { ...base, caseId: ids[2], decision: 'defer', careApproved: [], votesFor: 4 });
    expect(!tooManyVotes.ok && tooManyVotes.error.message).toContain('票数之和不能超过参会人数');
    // Nothing takes effect before the close.
    expect((await client.call('cases.list', { states: ['applied'] })).length).toBe(3);
    await client.call('meetings.close', { meetingId, minutes: '纪要' });
    expect((await client.call('cases.list', { states: ['reviewed'] })).map((c) => c.id)).toEqual([ids[0]]);
    expect((await client.call('cases.list', { states: ['rejected'] })).map((c) => c.id)).toEqual([ids[1]]);
    expect((await client.call('cases.list', { states: ['applied'] })).map((c) => c.id)).toEqual([ids[2]]);
    // Closed: the router refuses edits, and so does the store itself.
    const edit = await client.raw('meetings.decide', {
      ...base,
      caseId: ids[2],
      decision: 'approve',
      careApproved: ['psychological'],
      votesFor: 3,
    });
    expect(!edit.ok && edit.error.code).toBe('STATE');
    const again = await client.raw('meetings.close', { meetingId, minutes: '改写' });
    expect(!again.ok && again.error.code).toBe('STATE');
    await expect(app.db()('review_meetings').where({ id: meetingId }).update({ minutes: '篡改' })).rejects.toThrow('评议会议已结束');
    await expect(app.db()('meeting_items').where({ meeting_id: meetingId }).update({ decision: 'approve' })).rejects.toThrow(
      '评议会议已结束',
    );
    // A correction is a new meeting linked to the closed one.
    const { id: correction } = await client.call('meetings.create', {
      meetingDate: '2025-09-17',
      place: '会议室',
      participants: PARTICIPANTS,
      correctsMeetingId: meetingId,
    });
    expect((await client.call('meetings.get', { id: meetingId })).correctedByMeetingIds).toEqual([correction]);
    const minutes = await client.call('meetings.printMinutes', { meetingId });
    expect(Buffer.from(minutes.base64, 'base64').subarray(0, 4).toString()).toBe('%PDF');
  });

  it('exits a student only through a review meeting, keeps the history, and lets the student re-enter', async () => {
    const { client } = await newSchool();
    const { id: studentId } = await client.call('students.create', STUDENT(makeIdNumber('610113', '2012-03-05', 41), '丁同学'));
    const apply = () =>
      client.call('cases.apply', {
        studentId,
        applicantType: 'teacher',
        applicantName: '刘老师',
        careRequested: ['tutoring'],
        facts: '事实',
        reasons: '理由',
        categories: [],
        riskFactors: [],
      });
    const { id: caseId } = await apply();
    await reviewInMeeting(client, [caseId]);
    await client.call('cases.confirm', { caseId, careContent: '辅导', responsibleAccountId: 1 });
    await client.call('cases.requestExit', { caseId, reason: 'normalDevelopment', note: '成绩已恢复' });
    expect((await client.call('cases.keyCareList', {}))[0].exitRequested).toBe('已达到或超过正常发展水平');
    await reviewInMeeting(client, [caseId]);
    expect(await client.call('cases.keyCareList', {})).toEqual([]);
    const again = await apply();
    const detail = await client.call('students.get', { id: studentId });
    expect(detail.cases.map((c) => c.state)).toEqual(['exited', 'applied']);
    expect(detail.cases[0].exitReason).toBe('已达到或超过正常发展水平');
    expect(detail.timeline.map((e) => e.kind)).toContain('exit');
    expect(again.id).toBeGreaterThan(caseId);
  });

  it('refuses to confirm a case that has not been reviewed', async () => {
    const { client } = await newSchool();
    const { id: studentId } = await client.call('students.create', STUDENT(makeIdNumber('610113', '2012-03-05', 22)));
    const { id: caseId } = await client.call('cases.apply', {
      studentId,
      applicantType: 'student',
      applicantName: '张小明',
      careRequested: ['financialAid'],
      facts: '家庭困难',
      reasons: '申请资助',
      categories: [],
      riskFactors: [],
    });
    const r = await client.raw('cases.confirm', { caseId, careContent: '资助', responsibleAccountId: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('STATE');
  });
});

describe('review meetings: one at a time, cancellable, conclusions as decided', () => {
  it('refuses a second open meeting, cancels one with a reason, and records approved care only for 同意', async () => {
    const { client, app } = await newSchool();
    const { id: studentId } = await client.call('students.create', STUDENT(makeIdNumber('610113', '2012-03-05', 95), '张小明'));
    const { id: caseId } = await client.call('cases.apply', {
      studentId,
      applicantType: 'teacher',
      applicantName: '刘老师',
      careRequested: ['tutoring'],
      facts: '成绩下滑。',
      reasons: '需要辅导。',
      categories: ['leftBehind'],
      riskFactors: [],
    });
    const { id: first } = await client.call('meetings.create', { meetingDate: '2025-09-10', place: '会议室', participants: PARTICIPANTS });
    const second = await client.raw('meetings.create', { meetingDate: '2025-09-11', place: '会议室', participants: PARTICIPANTS });
    expect(!second.ok && second.error.message).toContain(`第 ${first} 号评议会议还在进行中`);
    const deferred = await client.raw('meetings.decide', {
      meetingId: first,
      caseId,
      decision: 'defer',
      necessity: '需进一步了解。',
      feasibility: '待定。',
      careApproved: ['tutoring'],
      votesFor: 3,
      votesAgainst: 0,
      votesAbstain: 0,
    });
    expect(!deferred.ok && deferred.error.message).toContain('只有评议结论为“同意”时');
    const noReason = await client.raw('meetings.cancel', { meetingId: first, reason: ' ' });
    expect(noReason.ok).toBe(false);
    await client.call('meetings.cancel', { meetingId: first, reason: '参会人员不足三人到场' });
    const cancelled = await client.call('meetings.get', { id: first });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: '参会人员不足三人到场' });
    await expect(app.db()('review_meetings').where({ id: first }).update({ place: 'x' })).rejects.toThrow('评议会议已取消');
    // The case is still pending: a new meeting can take it up.
    const { id: next } = await client.call('meetings.create', { meetingDate: '2025-09-12', place: '会议室', participants: PARTICIPANTS });
    expect((await client.call('meetings.get', { id: next })).agenda.map((a) => a.caseId)).toEqual([caseId]);
  });
});

describe('ID numbers at intake', () => {
  it('converts a 15-digit number only once the office confirms the 18-digit result, and refuses an impossible age', async () => {
    const { client } = await newSchool();
    const old = '610113120315002'; // 15 digits: born 1912-03-15 — impossible for a 初二 student
    const asJunior = await client.raw('students.create', { ...STUDENT(old, '王老号'), grade: '八年级' });
    expect(!asJunior.ok && asJunior.error.message).toContain('15 位旧身份证号');
    const converted = !asJunior.ok ? asJunior.error.issues?.find((i) => i.path === 'confirmConvertedId')?.message : undefined;
    expect(converted).toMatch(/^610113191203150\d{2}[\dX]$/);
    const confirmed = await client.raw('students.create', { ...STUDENT(old, '王老号'), grade: '八年级', confirmConvertedId: converted });
    expect(!confirmed.ok && confirmed.error.message).toMatch(/1912年3月15日（\d+ 岁）与学段“初中”不符/);
    // A plausible 15-digit number (a guardian-era ID typed for a late-registered adult learner) goes through once confirmed.
    const adult = '610113850101003';
    const first = await client.raw('students.create', { ...STUDENT(adult, '成人学员'), stage: 'higher', grade: '大一' });
    const ok = await client.raw('students.create', {
      ...STUDENT(adult, '成人学员'),
      stage: 'higher',
      grade: '大一',
      confirmConvertedId: !first.ok ? first.error.issues?.find((i) => i.path === 'confirmConvertedId')?.message : undefined,
    });
    expect(ok.ok).toBe(true);
  });
});
