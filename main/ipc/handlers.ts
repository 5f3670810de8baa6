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
