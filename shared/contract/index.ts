/**
 * The contract: every method the renderer may call, with its input and output schema, who may call it, and one
 * line of what it does. The router (main/ipc) validates both ways against these; the preload and the browser
 * client expose exactly these keys and nothing generic.
 */
import { z } from 'zod';
import type { Role, WorkspaceKind } from '../domain/enums';
import {
  accountRowSchema, applicationInputSchema, bureauSchoolSummarySchema, caseStateSchema, caseViewSchema,
  categorySchema, confirmInputSchema, fileOutSchema, filingPeriodSchema, newAccountSchema,
  passwordSchema, roleSchema, schoolProfileSchema, studentDetailSchema, studentInputSchema,
  studentListRowSchema, userSchema, usernameSchema,
} from './schemas';
import { aidPreviewSchema, jobStatusSchema } from './importSchemas';
import { AID_FIELDS } from '../domain/aidList';
import { EXIT_REASONS } from '../domain/enums';
import { meetingCreateSchema, meetingDecideSchema, meetingDetailSchema, meetingListRowSchema } from './meetingSchemas';

export type Access =
  /** Callable without a session (status, first-run setup, login). */
  | { kind: 'public' }
  /** Needs an unlocked session in the given workspace, held by one of the roles. */
  | { kind: 'session'; workspace: WorkspaceKind | 'any'; roles: readonly Role[] | 'any' };

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  doc: string;
  access: Access;
  input: I;
  output: O;
}

const ok = z.object({ ok: z.literal(true) });
const idInput = z.object({ id: z.number().int().positive() });
const school = (roles: readonly Role[] | 'any'): Access => ({ kind: 'session', workspace: 'school', roles });
const bureau: Access = { kind: 'session', workspace: 'bureau', roles: ['admin'] };
const eitherWorkspace = (roles: readonly Role[]): Access => ({ kind: 'session', workspace: 'any', roles });

/** Roles that handle cases day to day (read and write). */
const CASE_WORKERS: readonly Role[] = ['admin', 'officer'];
/** Roles that may see the key-care list and case files (the case team and oversight; never published, I1). */
const CASE_READERS: readonly Role[] = ['admin', 'officer', 'principal', 'inspector', 'headTeacher', 'counsellor', 'tutor'];
/** Roles that may print or export identifying documents: the funding office and the principal. */
const PRINTERS: readonly Role[] = ['admin', 'officer', 'principal'];

export const statusSchema = z.object({
  workspace: z.enum(['none', 'school', 'bureau']),
  name: z.string(),
  user: userSchema.nullable(),
  idleMinutes: z.number().int(),
  backup: z.object({ lastAt: z.string().nullable(), overdue: z.boolean() }).nullable(),
});

export const contract = {
  'app.status': {
    doc: '工作台状态：是否已初始化、名称、当前登录用户、备份提醒',
    access: { kind: 'public' },
    input: z.object({}),
    output: statusSchema,
  },
  'setup.school': {
    doc: '首次运行：建立学校工作台、加密数据库和第一位资助管理员，返回一次性恢复码',
    access: { kind: 'public' },
    input: z.object({ profile: schoolProfileSchema, admin: newAccountSchema }),
    output: z.object({ recoveryCode: z.string() }),
  },
  'setup.bureau': {
    doc: '首次运行：建立教育局工作台（独立加密库）和管理员，返回一次性恢复码',
    access: { kind: 'public' },
    input: z.object({ name: z.string().trim().min(2, '名称至少 2 个字').max(60), admin: newAccountSchema }),
    output: z.object({ recoveryCode: z.string() }),
  },
  'auth.login': {
    doc: '登录：用口令解开本人的密钥槽并打开加密库',
    access: { kind: 'public' },
    input: z.object({ username: usernameSchema, password: z.string().min(1, '请输入密码').max(128) }),
    output: z.object({ session: z.string(), user: userSchema }),
  },
  'auth.logout': {
    doc: '退出登录（锁定）',
    access: { kind: 'public' },
    input: z.object({}),
    output: ok,
  },
  'auth.changePassword': {
    doc: '修改本人密码（重新包裹本人的密钥槽）',
    access: { kind: 'session', workspace: 'any', roles: 'any' },
    input: z.object({ oldPassword: z.string().min(1), newPassword: passwordSchema }),
    output: ok,
  },
  'accounts.list': {
    doc: '账户列表',
    access: school(['admin']),
    input: z.object({}),
    output: z.array(accountRowSchema),
  },
  'accounts.create': {
    doc: '新建账户（为其建立密钥槽）',
    access: school(['admin']),
    input: newAccountSchema.extend({ role: roleSchema, classes: z.array(z.string().trim().min(1)).default([]) }),
    output: z.object({ id: z.number().int() }),
  },
  'accounts.disable': {
    doc: '停用账户：销毁其密钥槽',
    access: school(['admin']),
    input: idInput,
    output: ok,
  },
  'accounts.resetPassword': {
    doc: '重置账户密码并解除锁定（下次登录须改密码）',
    access: school(['admin']),
    input: z.object({ id: z.number().int().positive(), password: passwordSchema }),
    output: ok,
  },
  'staff.list': {
    doc: '可作为责任人的在用教职工（姓名与角色）',
    access: school(CASE_READERS),
    input: z.object({}),
    output: z.array(z.object({ id: z.number().int(), displayName: z.string(), role: roleSchema })),
  },
  'students.list': {
    doc: '学生名册：搜索、按班级和类别筛选、排序、分页（证件号已脱敏）',
    access: school(CASE_READERS),
    input: z.object({
      q: z.string().trim().max(40).default(''),
      className: z.string().default(''),
      category: categorySchema.or(z.literal('')).default(''),
      onListOnly: z.boolean().default(false),
      sort: z.enum(['name', 'className', 'createdAt']).default('className'),
      page: z.number().int().min(1).default(1),
      pageSize: z.number().int().min(5).max(200).default(20),
    }),
    output: z.object({ rows: z.array(studentListRowSchema), total: z.number().int(), classes: z.array(z.string()) }),
  },
  'students.get': {
    doc: '学生档案（一人一档）：基本信息、类别、申请与评议、成长事件时间线；每次查看记入审计日志',
    access: school(CASE_READERS),
    input: idInput,
    output: studentDetailSchema,
  },
  'students.create': {
    doc: '新建学生档案（证件号校验；同证件号不重复建档）',
    access: school(CASE_WORKERS),
    input: studentInputSchema,
    output: z.object({ id: z.number().int() }),
  },
  'students.reveal': {
    doc: '查看完整证件号、电话和住址（仅资助管理员与专干，记入审计日志）',
    access: school(CASE_WORKERS),
    input: idInput,
    output: z.object({
      idNumber: z.string(),
      studentNo: z.string(),
      householdAddress: z.string(),
      currentAddress: z.string(),
      guardians: z.array(z.object({ name: z.string(), phone: z.string(), address: z.string() })),
    }),
  },
  'cases.apply': {
    doc: '提出申请（I4）：学生、家长或教师代为申请，写明申请的关爱内容、事实和理由',
    access: school(['admin', 'officer', 'headTeacher', 'counsellor', 'tutor']),
    input: applicationInputSchema,
    output: z.object({ id: z.number().int() }),
  },
  'attachments.add': {
    doc: '为申请添加附件（扫描件、照片；PDF/JPEG/PNG，每个不超过 10 MB；加密保存在数据库内）',
    access: school(['admin', 'officer', 'headTeacher', 'counsellor', 'tutor']),
    input: z.object({ caseId: z.number().int().positive(), fileName: z.string().trim().min(1).max(200), base64: z.string().min(1, '请选择文件').max(15_000_000, '附件超过 10 MB') }),
    output: z.object({ id: z.number().int() }),
  },
  'attachments.list': {
    doc: '个案的附件列表',
    access: school(CASE_READERS),
    input: z.object({ caseId: z.number().int().positive() }),
    output: z.array(z.object({ id: z.number().int(), fileName: z.string(), mime: z.string(), size: z.number().int(), uploadedAt: z.string(), uploadedBy: z.string() })),
  },
  'attachments.get': {
    doc: '查看附件（记入审计日志）',
    access: school(['admin', 'officer', 'principal', 'headTeacher', 'counsellor', 'tutor']),
    input: z.object({ id: z.number().int().positive() }),
    output: fileOutSchema.extend({ mime: z.string() }),
  },
  'cases.list': {
    doc: '按状态列出个案（评议、确认的待办）',
    access: school(CASE_READERS),
    input: z.object({ states: z.array(caseStateSchema).min(1) }),
    output: z.array(caseViewSchema),
  },
  'cases.confirm': {
    doc: '学校确认（I6）：校长确认关爱内容与责任人，进入重点关爱名单',
    access: school(['principal', 'admin']),
    input: confirmInputSchema,
    output: z.object({ state: caseStateSchema }),
  },
  'cases.requestExit': {
    doc: '提出退出申请（I2）：达到正常发展水平、毕业、转学或其他；由集体评议决定',
    access: school(CASE_WORKERS),
    input: z.object({ caseId: z.number().int().positive(), reason: z.enum(EXIT_REASONS), note: z.string().trim().max(500).default('') }),
    output: ok,
  },
  'meetings.list': {
    doc: '集体评议会议列表',
    access: school(CASE_READERS),
    input: z.object({}),
    output: z.array(meetingListRowSchema),
  },
  'meetings.create': {
    doc: '召开集体评议会议（I5）：日期、地点、至少 3 名参会人员；可作为对已结束会议的更正',
    access: school(CASE_WORKERS),
    input: meetingCreateSchema,
    output: z.object({ id: z.number().int() }),
  },
  'meetings.get': {
    doc: '评议会议详情：议程（待评议申请与退出申请）与各案结论',
    access: school(CASE_READERS),
    input: z.object({ id: z.number().int().positive() }),
    output: meetingDetailSchema,
  },
  'meetings.decide': {
    doc: '记录一案的评议结论（同意 / 不同意 / 暂缓）、必要性与可行性、批准的关爱内容和表决；会议结束前可修改',
    access: school(CASE_WORKERS),
    input: meetingDecideSchema,
    output: ok,
  },
  'meetings.close': {
    doc: '结束会议并形成纪要：各案结论同时生效；结束后记录不可修改',
    access: school(CASE_WORKERS),
    input: z.object({ meetingId: z.number().int().positive(), minutes: z.string().trim().min(1, '请填写会议纪要').max(5000) }),
    output: z.object({ applied: z.number().int() }),
  },
  'cases.keyCareList': {
    doc: '重点关爱名单（不公示、禁止公布，I1）',
    access: school(CASE_READERS),
    input: z.object({}),
    output: z.array(caseViewSchema),
  },
  'aidImport.preview': {
    doc: '免申即享导入（I3）第一步：读取资助系统导出的 xlsx，逐行校验并预览将发生的变化（不写入）；返回任务编号',
    access: school(CASE_WORKERS),
    input: z.object({
      fileName: z.string().trim().min(1).max(200),
      base64: z.string().min(1, '请选择文件').max(70_000_000, '文件过大'),
      mapping: z.partialRecord(z.enum(AID_FIELDS), z.number().int().min(1).max(200)).optional(),
    }),
    output: z.object({ jobId: z.string() }),
  },
  'aidImport.result': {
    doc: '免申即享导入预览结果：表头、列对应、逐行状态与原因、计数',
    access: school(CASE_WORKERS),
    input: z.object({ jobId: z.string().min(1) }),
    output: aidPreviewSchema,
  },
  'aidImport.commit': {
    doc: '免申即享导入第二步：按预览一次性写入（全部成功或全部不写），记录导入批次',
    access: school(CASE_WORKERS),
    input: z.object({ jobId: z.string().min(1) }),
    output: z.object({ jobId: z.string() }),
  },
  'jobs.status': {
    doc: '长任务进度：状态、进度、说明、结果计数或错误',
    access: school('any'),
    input: z.object({ jobId: z.string().min(1) }),
    output: jobStatusSchema,
  },
  'jobs.cancel': {
    doc: '取消长任务（未完成的导入不写入任何数据）',
    access: school('any'),
    input: z.object({ jobId: z.string().min(1) }),
    output: ok,
  },
  'reports.caseFile': {
    doc: '打印一人一档 PDF（脱敏、水印，记入审计日志）',
    access: school(PRINTERS),
    input: z.object({ studentId: z.number().int().positive() }),
    output: fileOutSchema,
  },
  'reports.meetingAgenda': {
    doc: '打印评议会议议程 PDF（脱敏、水印、签名栏，记入审计日志）',
    access: school(PRINTERS),
    input: z.object({ meetingId: z.number().int().positive() }),
    output: fileOutSchema,
  },
  'reports.meetingMinutes': {
    doc: '打印评议会议纪要 PDF（会议结束后；脱敏、水印、签名栏，记入审计日志）',
    access: school(PRINTERS),
    input: z.object({ meetingId: z.number().int().positive() }),
    output: fileOutSchema,
  },
  'reports.keyCareList': {
    doc: '打印重点关爱名单 PDF（仅资助管理部门与校长；水印；记入审计日志；不公示、禁止公布）',
    access: school(PRINTERS),
    input: z.object({}),
    output: fileOutSchema,
  },
  'exports.keyCareList': {
    doc: '导出重点关爱名单 xlsx（仅资助管理员与专干；水印；记入审计日志；不含证件号）',
    access: school(CASE_WORKERS),
    input: z.object({}),
    output: fileOutSchema,
  },
  'filing.schoolKey': {
    doc: '本校签名公钥（交教育局登记）',
    access: school(['admin']),
    input: z.object({}),
    output: z.object({ keyText: z.string() }),
  },
  'filing.export': {
    doc: '生成备案报送包：已确认名单（数据最小化），用教育局公钥加密、本校密钥签名',
    access: school(['admin']),
    input: z.object({ period: filingPeriodSchema, bureauKey: z.string().trim().regex(/^age1[0-9a-z]{20,}$/, '教育局公钥应以 age1 开头') }),
    output: fileOutSchema.extend({ count: z.number().int(), sequence: z.number().int() }),
  },
  'backup.download': {
    doc: '生成加密备份（仍为密文，含密钥槽）；学校与教育局工作台都可用',
    access: eitherWorkspace(['admin']),
    input: z.object({}),
    output: fileOutSchema,
  },
  'audit.verify': {
    doc: '校验审计日志哈希链是否完整',
    access: school(['admin', 'inspector', 'principal']),
    input: z.object({}),
    output: z.object({ ok: z.boolean(), count: z.number().int(), brokenAt: z.number().int().nullable() }),
  },
  'bureau.key': {
    doc: '教育局加密公钥（学校报送时使用）',
    access: bureau,
    input: z.object({}),
    output: z.object({ recipient: z.string() }),
  },
  'bureau.registerSchool': {
    doc: '登记学校签名公钥',
    access: bureau,
    input: z.object({ keyText: z.string().min(10, '请粘贴学校公钥文件内容') }),
    output: z.object({ schoolCode: z.string(), schoolName: z.string() }),
  },
  'bureau.importPackage': {
    doc: '导入学校备案包：验签、校验哈希、拒绝篡改、未登记学校和重放的包',
    access: bureau,
    input: z.object({ fileName: z.string().max(200), base64: z.string().min(1).max(50_000_000) }),
    output: z.object({ schoolCode: z.string(), period: z.string(), sequence: z.number().int(), count: z.number().int() }),
  },
  'bureau.summary': {
    doc: '各校汇总：报送期次与分类人数',
    access: bureau,
    input: z.object({}),
    output: z.array(bureauSchoolSummarySchema),
  },
} as const satisfies Record<string, MethodSpec>;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;
export const METHOD_NAMES = Object.keys(contract) as MethodName[];

/** The typed surface both transports expose to the renderer: one function per method. */
export type Api = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>> };
