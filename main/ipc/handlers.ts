/**
 * One handler per contract method: input already parsed, session and role already checked by the router.
 * Handlers only translate between the contract and the services; rules live in the services.
 */
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract/index';
import type { z } from 'zod';
import { contract } from '../../shared/contract/index';
import { AppError } from '../../shared/errors';
import { todayIso } from '../../shared/domain/dates';
import type { CoreApp } from '../core/app';
import { actorOf } from '../core/app';
import type { ServiceContext } from '../core/services/context';
import { changeOwnPassword, createAccount, disableAccount, listAccounts, listStaff, resetPassword } from '../core/services/accounts';
import { createStudent, listStudents, revealStudent, viewStudent } from '../core/services/students';
import { applyForCare, confirmCase, keyCareList, listCases } from '../core/services/cases';
import { closeMeeting, createMeeting, decideItem, listMeetings, meetingDetail, requestExit } from '../core/services/meetings';
import { exportKeyCareList, printCaseFile, printKeyCareList, printMeeting } from '../core/services/reports';
import { addAttachment, getAttachment, listAttachments } from '../core/services/attachments';
import { exportFiling, schoolPublicKeyFile } from '../core/services/filing';
import { verifyAuditChain } from '../core/services/audit';
import { BACKUP_OVERDUE_DAYS, getSetting, SETTING } from '../core/services/settings';
import { bureauRecipient, bureauSummary, importPackage, registerSchool } from '../core/bureau/bureauService';
import { commitAidImport, previewAidImport, type AidPreview } from '../core/services/aidImport';
import type { Job } from '../core/jobs/jobs';
import { compliance, recordContacts, todayList } from '../core/services/cadence';
import {
  addHomeContact, addHomeVisit, addTutoringSession, saveSpecialEd, saveTutoringPlan, setTutoringOutcome, studentServices,
} from '../core/services/careRecords';
import { careSettings, crisisScheme, saveCareSettings, saveCrisisScheme } from '../core/services/careSettings';
import { addPairActivity, createPair, listPairs, listVolunteers, saveVolunteer, setPairState, suggestPartners } from '../core/services/pairs';
import { addFollowUp, exportMonthlyLedger, ledger, markRegistration, registrationSheet } from '../core/services/dropout';
import { addReferral, listCrisis, recordCrisis } from '../core/services/crisis';
import { createActivity, listActivities } from '../core/services/homeSchool';
import { createConcern, listConcerns, respondConcern } from '../core/services/concerns';
import {
  addHelp, addPosting, exportGraduates, exportPostings, graduateDetail, listGraduates, listPostings, recommendJobs, saveGraduate, suggestJobs, updateRecommendation,
} from '../core/services/employment';
import { importPostings } from '../core/services/postingsImport';
import {
  addAward, addWorkStudy, aidGaps, carryOverGrading, difficultyLevels, exportAwards, gradeStudent, gradingSheet, listAwards, listWorkStudy, programmes, saveDifficultyLevels, saveProgramme,
} from '../core/services/aid';
import { assignTutor, exportTutorWorkload, printTutorWorkload, tutorAssignments, tutorWorkload } from '../core/services/tutors';

export interface CallContext {
  app: CoreApp;
  sessionToken?: string;
  /** Present for session methods (the router guarantees it). */
  service: ServiceContext | null;
}

type Parsed<M extends MethodName> = z.output<(typeof contract)[M]['input']>;
type Handler<M extends MethodName> = (ctx: CallContext, input: Parsed<M>) => Promise<MethodOutput<M>>;
export type Handlers = { [M in MethodName]: Handler<M> };

const svc = (c: CallContext): ServiceContext => {
  if (!c.service) throw new AppError('UNAUTHENTICATED', '请先登录');
  return c.service;
};
const ok = { ok: true as const };
/** A produced file as it crosses the transport. */
const asFile = (fileName: string, bytes: Buffer) => ({ fileName, base64: bytes.toString('base64') });

export const handlers: Handlers = {
  async 'app.status'(c) {
    const ws = c.app.workspace();
    const s = c.app.peekSession(c.sessionToken);
    let backup = null;
    if (s && ws === 'school') {
      const lastAt = await getSetting<string>(c.app.db(), SETTING.lastBackupAt);
      // Never backed up: count from the day the workspace was set up.
      const since = lastAt ?? (await getSetting<string>(c.app.db(), SETTING.createdAt)) ?? new Date(0).toISOString();
      const overdue = c.app.now().getTime() - Date.parse(since) > BACKUP_OVERDUE_DAYS * 86_400_000;
      backup = { lastAt, overdue };
    }
    return { workspace: ws, name: c.app.slots()?.name ?? '', user: s?.user ?? null, idleMinutes: c.app.getIdleMinutes(), backup };
  },
  async 'setup.school'(c, i) {
    return c.app.setupSchool(i.profile, i.admin);
  },
  async 'setup.bureau'(c, i) {
    return c.app.setupBureau(i.name, i.admin);
  },
  async 'auth.login'(c, i) {
    const s = await c.app.login(i.username, i.password);
    return { session: s.token, user: s.user };
  },
  async 'auth.logout'(c) {
    await c.app.logout(c.sessionToken);
    return ok;
  },
  async 'auth.changePassword'(c, i) {
    await changeOwnPassword(svc(c), i.oldPassword, i.newPassword);
    return ok;
  },
  async 'accounts.list'(c) {
    return listAccounts(svc(c));
  },
  async 'accounts.create'(c, i) {
    return createAccount(svc(c), i);
  },
  async 'accounts.disable'(c, i) {
    await disableAccount(svc(c), i.id);
    return ok;
  },
  async 'accounts.resetPassword'(c, i) {
    await resetPassword(svc(c), i.id, i.password);
    return ok;
  },
  async 'staff.list'(c) {
    return listStaff(svc(c));
  },
  async 'students.list'(c, i) {
    return listStudents(svc(c), i);
  },
  async 'students.get'(c, i) {
    return viewStudent(svc(c), i.id);
  },
  async 'students.create'(c, i) {
    return createStudent(svc(c), { ...i, studentNo: i.studentNo || undefined });
  },
  async 'students.reveal'(c, i) {
    return revealStudent(svc(c), i.id);
  },
  async 'cases.apply'(c, i) {
    return applyForCare(svc(c), i);
  },
  async 'attachments.add'(c, i) {
    return addAttachment(svc(c), { caseId: i.caseId, fileName: i.fileName, bytes: Buffer.from(i.base64, 'base64') });
  },
  async 'attachments.list'(c, i) {
    return listAttachments(svc(c), i.caseId);
  },
  async 'attachments.get'(c, i) {
    const a = await getAttachment(svc(c), i.id);
    return { fileName: a.fileName, mime: a.mime, base64: a.data.toString('base64') };
  },
  async 'cases.list'(c, i) {
    return listCases(svc(c), i.states);
  },
  async 'cases.confirm'(c, i) {
    return confirmCase(svc(c), i);
  },
  async 'cases.requestExit'(c, i) {
    await requestExit(svc(c), i);
    return ok;
  },
  async 'meetings.list'(c) {
    return listMeetings(svc(c));
  },
  async 'meetings.create'(c, i) {
    return createMeeting(svc(c), i);
  },
  async 'meetings.get'(c, i) {
    return meetingDetail(svc(c), i.id);
  },
  async 'meetings.decide'(c, i) {
    await decideItem(svc(c), i);
    return ok;
  },
  async 'meetings.close'(c, i) {
    return closeMeeting(svc(c), i);
  },
  async 'cases.keyCareList'(c) {
    return keyCareList(svc(c));
  },
  async 'aidImport.preview'(c, i) {
    const s = svc(c);
    const bytes = Buffer.from(i.base64, 'base64');
    const job = c.app.jobs.start('aidImport.preview', s.user.id, (h) => previewAidImport(s, { fileName: i.fileName, bytes, mapping: i.mapping }, h));
    return { jobId: job.id };
  },
  async 'aidImport.result'(c, i) {
    const s = svc(c);
    const job = c.app.jobs.get<AidPreview>(i.jobId, s.user.id);
    if (job.state !== 'done' || !job.result) throw new AppError('STATE', job.state === 'running' ? '预览尚未完成' : '预览没有结果（已取消或失败）');
    const { actions: _kept, fileSha256: _sha, ...view } = job.result;
    return view;
  },
  async 'aidImport.commit'(c, i) {
    const s = svc(c);
    const preview = c.app.jobs.get<AidPreview>(i.jobId, s.user.id);
    if (preview.kind !== 'aidImport.preview' || preview.state !== 'done' || !preview.result) throw new AppError('STATE', '请先完成预览');
    const plan = preview.result;
    preview.result = null; // a plan is committed at most once
    const job = c.app.jobs.start('aidImport.commit', s.user.id, (h) => commitAidImport({ ...s, now: c.app.now() }, plan, h.signal));
    return { jobId: job.id };
  },
  async 'jobs.status'(c, i) {
    const job: Job = c.app.jobs.get(i.jobId, svc(c).user.id);
    const counts = job.kind === 'aidImport.commit' && job.state === 'done' ? (job.result as MethodOutput<'jobs.status'>['counts']) : null;
    return { jobId: job.id, kind: job.kind, state: job.state, progress: job.progress, message: job.message, error: job.error ? { code: job.error.code, message: job.error.message } : null, counts };
  },
  async 'jobs.cancel'(c, i) {
    c.app.jobs.cancel(i.jobId, svc(c).user.id);
    return ok;
  },
  async 'reports.caseFile'(c, i) {
    const r = await printCaseFile(svc(c), i.studentId);
    return asFile(r.fileName, r.pdf);
  },
  async 'reports.meetingAgenda'(c, i) {
    const r = await printMeeting(svc(c), i.meetingId, 'agenda');
    return asFile(r.fileName, r.pdf);
  },
  async 'reports.meetingMinutes'(c, i) {
    const r = await printMeeting(svc(c), i.meetingId, 'minutes');
    return asFile(r.fileName, r.pdf);
  },
  async 'reports.keyCareList'(c) {
    const r = await printKeyCareList(svc(c));
    return asFile(r.fileName, r.pdf);
  },
  async 'exports.keyCareList'(c) {
    const r = await exportKeyCareList(svc(c));
    return asFile(r.fileName, r.xlsx);
  },
  async 'care.today'(c, i) {
    const s = svc(c);
    return todayList(s, i.date ?? todayIso(s.now));
  },
  async 'care.recordContacts'(c, i) {
    return recordContacts(svc(c), i);
  },
  async 'care.compliance'(c, i) {
    return compliance(svc(c), i.month);
  },
  async 'care.reminders'(c) {
    const s = svc(c);
    const r = await compliance(s, todayIso(s.now).slice(0, 7), { audit: false });
    return { overdue: r.items.filter((x) => x.status === 'overdue').length, due: r.items.filter((x) => x.status === 'due').length };
  },
  async 'care.studentServices'(c, i) {
    return studentServices(svc(c), i.studentId);
  },
  async 'care.saveTutoringPlan'(c, i) {
    return saveTutoringPlan(svc(c), i);
  },
  async 'care.addTutoringSession'(c, i) {
    await addTutoringSession(svc(c), i);
    return ok;
  },
  async 'care.setTutoringOutcome'(c, i) {
    await setTutoringOutcome(svc(c), i);
    return ok;
  },
  async 'care.saveSpecialEd'(c, i) {
    await saveSpecialEd(svc(c), i);
    return ok;
  },
  async 'care.addHomeVisit'(c, i) {
    await addHomeVisit(svc(c), i);
    return ok;
  },
  async 'care.addHomeContact'(c, i) {
    await addHomeContact(svc(c), i);
    return ok;
  },
  async 'care.settings'(c) {
    return careSettings(svc(c).db);
  },
  async 'care.saveSettings'(c, i) {
    await saveCareSettings(svc(c), i);
    return ok;
  },
  async 'pairs.volunteers'(c) {
    return listVolunteers(svc(c));
  },
  async 'pairs.saveVolunteer'(c, i) {
    return saveVolunteer(svc(c), i);
  },
  async 'pairs.suggest'(c, i) {
    return suggestPartners(svc(c), i.studentId, i.weakSubjects);
  },
  async 'pairs.create'(c, i) {
    return createPair(svc(c), i);
  },
  async 'pairs.setState'(c, i) {
    await setPairState(svc(c), i.pairId, i.state);
    return ok;
  },
  async 'pairs.addActivity'(c, i) {
    await addPairActivity(svc(c), i);
    return ok;
  },
  async 'pairs.list'(c) {
    return listPairs(svc(c));
  },
  async 'dropout.registration'(c, i) {
    return registrationSheet(svc(c), i.semester);
  },
  async 'dropout.mark'(c, i) {
    return markRegistration(svc(c), i);
  },
  async 'dropout.ledger'(c, i) {
    return ledger(svc(c), i);
  },
  async 'dropout.followUp'(c, i) {
    await addFollowUp(svc(c), i);
    return ok;
  },
  async 'exports.dropoutLedger'(c, i) {
    const r = await exportMonthlyLedger(svc(c), i.month);
    return asFile(r.fileName, r.xlsx);
  },
  async 'crisis.scheme'(c) {
    return crisisScheme(svc(c).db);
  },
  async 'crisis.saveScheme'(c, i) {
    await saveCrisisScheme(svc(c), i.levels);
    return ok;
  },
  async 'crisis.list'(c) {
    return listCrisis(svc(c));
  },
  async 'crisis.record'(c, i) {
    return recordCrisis(svc(c), i);
  },
  async 'crisis.addReferral'(c, i) {
    await addReferral(svc(c), i);
    return ok;
  },
  async 'homeSchool.list'(c) {
    return listActivities(svc(c));
  },
  async 'homeSchool.create'(c, i) {
    return createActivity(svc(c), i);
  },
  async 'concerns.list'(c) {
    return listConcerns(svc(c));
  },
  async 'concerns.create'(c, i) {
    return createConcern(svc(c), i);
  },
  async 'concerns.respond'(c, i) {
    await respondConcern(svc(c), i);
    return ok;
  },
  async 'tutors.assignments'(c, i) {
    return tutorAssignments(svc(c), i.semester);
  },
  async 'tutors.assign'(c, i) {
    return assignTutor(svc(c), i);
  },
  async 'tutors.workload'(c, i) {
    return tutorWorkload(svc(c), i.semester);
  },
  async 'reports.tutorWorkload'(c, i) {
    const r = await printTutorWorkload(svc(c), i.semester);
    return asFile(r.fileName, r.pdf);
  },
  async 'exports.tutorWorkload'(c, i) {
    const r = await exportTutorWorkload(svc(c), i.semester);
    return asFile(r.fileName, r.xlsx);
  },
  async 'graduates.list'(c) {
    return listGraduates(svc(c));
  },
  async 'graduates.get'(c, i) {
    return graduateDetail(svc(c), i.studentId);
  },
  async 'graduates.save'(c, i) {
    await saveGraduate(svc(c), i);
    return ok;
  },
  async 'jobs.suggest'(c, i) {
    return suggestJobs(svc(c), i.studentId, i.limit);
  },
  async 'jobs.recommend'(c, i) {
    return recommendJobs(svc(c), i.studentId, i.postingIds);
  },
  async 'jobs.updateRecommendation'(c, i) {
    await updateRecommendation(svc(c), i);
    return ok;
  },
  async 'jobs.addHelp'(c, i) {
    await addHelp(svc(c), i);
    return ok;
  },
  async 'postings.list'(c, i) {
    return listPostings(svc(c), i.includeExpired);
  },
  async 'postings.add'(c, i) {
    return addPosting(svc(c), i);
  },
  async 'postings.import'(c, i) {
    return importPostings(svc(c), Buffer.from(i.base64, 'base64'), i.commit);
  },
  async 'exports.graduates'(c) {
    const r = await exportGraduates(svc(c));
    return asFile(r.fileName, r.xlsx);
  },
  async 'exports.postings'(c) {
    const r = await exportPostings(svc(c));
    return asFile(r.fileName, r.xlsx);
  },
  async 'aid.levels'(c) {
    return difficultyLevels(svc(c).db);
  },
  async 'aid.saveLevels'(c, i) {
    await saveDifficultyLevels(svc(c), i.levels);
    return ok;
  },
  async 'aid.grading'(c, i) {
    return gradingSheet(svc(c), i.semester);
  },
  async 'aid.grade'(c, i) {
    await gradeStudent(svc(c), i);
    return ok;
  },
  async 'aid.carryOver'(c, i) {
    return carryOverGrading(svc(c), i.semester);
  },
  async 'aid.programmes'(c) {
    return programmes(svc(c).db);
  },
  async 'aid.saveProgramme'(c, i) {
    return saveProgramme(svc(c), i);
  },
  async 'aid.awards'(c, i) {
    return listAwards(svc(c), i.semester);
  },
  async 'aid.addAward'(c, i) {
    await addAward(svc(c), i);
    return ok;
  },
  async 'aid.gaps'(c) {
    return aidGaps(svc(c));
  },
  async 'aid.workStudy'(c, i) {
    return listWorkStudy(svc(c), i.studentId);
  },
  async 'aid.addWorkStudy'(c, i) {
    await addWorkStudy(svc(c), i);
    return ok;
  },
  async 'exports.awards'(c, i) {
    const r = await exportAwards(svc(c), i.semester);
    return asFile(r.fileName, r.xlsx);
  },
  async 'filing.schoolKey'(c) {
    return { keyText: JSON.stringify(await schoolPublicKeyFile(svc(c)), null, 2) };
  },
  async 'filing.export'(c, i) {
    const r = await exportFiling(svc(c), i);
    return { ...asFile(r.fileName, r.bytes), count: r.count, sequence: r.sequence };
  },
  async 'backup.download'(c) {
    const s = svc(c);
    const bytes = await c.app.backup(actorOf(s.user));
    return asFile(`CareDesk备份-${todayIso(s.now)}.cdbackup`, bytes);
  },
  async 'audit.verify'(c) {
    return verifyAuditChain(svc(c).db);
  },
  async 'bureau.key'(c) {
    return { recipient: await bureauRecipient(svc(c)) };
  },
  async 'bureau.registerSchool'(c, i) {
    return registerSchool(svc(c), i.keyText);
  },
  async 'bureau.importPackage'(c, i) {
    return importPackage(svc(c), Buffer.from(i.base64, 'base64'));
  },
  async 'bureau.summary'(c) {
    return bureauSummary(svc(c));
  },
};

export type { MethodInput };
