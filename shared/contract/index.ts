/**
 * The contract: every method the renderer may call, with its input and output schema, who may call it, and one
 * line of what it does. The router (main/ipc) validates both ways against these; the preload and the browser
 * client expose exactly these keys and nothing generic.
 */
import { z } from 'zod';
import type { Role, WorkspaceKind } from '../domain/enums';
import {
  accountRowSchema, applicationInputSchema, bureauSchoolSummarySchema, caseStateSchema, caseViewSchema,
  categorySchema, confirmInputSchema, fileOutSchema, filingPeriodSchema, isoDate, newAccountSchema,
  passwordSchema, roleSchema, schoolProfileSchema, studentDetailSchema, studentInputSchema,
  studentListRowSchema, userSchema, usernameSchema,
} from './schemas';
import { aidPreviewSchema, jobStatusSchema } from './importSchemas';
import { AID_FIELDS } from '../domain/aidList';
import { EXIT_REASONS } from '../domain/enums';
import {
  activityInput, activitySchema, assignmentSchema, careSettingsSchema, complianceSchema, concernInput, concernSchema, crisisInput, crisisLevelSchema,
  crisisRecordSchema, followUpInput, homeContactInput, homeVisitInput, ledgerEntrySchema, markRegistrationInput, monthSchema, pairSchema,
  recordContactsInput, referralInput, registrationRowSchema, semesterSchema, specialEdInput, studentServicesSchema, suggestionsSchema,
  todayListSchema, tutoringPlanInput, tutoringSessionInput, tutorWorkloadSchema, volunteerInput, volunteerSchema,
} from './careSchemas';
import { LEDGERS, PAIR_STATES, SUBJECTS } from '../domain/care';
import { HELP_KINDS, REC_RESPONSES, REC_RESULTS } from '../domain/employment';
import {
  awardInput, awardSchema, difficultyLevelSchema, gapsSchema, gradeInput, graduateDetailSchema, graduateInput, graduateSchema, gradingRowSchema,
  jobSuggestionsSchema, postingImportSchema, postingInput, postingSchema, programmeInput, programmeSchema, workStudyInput, workStudySchema,
} from './employmentSchemas';
import { CARE_STAFF, CASE_READERS, CASE_WORKERS, CRISIS_ROLES, DROPOUT_STAFF, JOB_STAFF, PAIR_STAFF, PRINTERS } from './roleGroups';
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
  'care.today': {
    doc: '今日联系（P5）：本人负责的重点关爱学生今天是否已“每日一问”、本周是否“每周一见”、本月是否谈心',
    access: school(CASE_READERS),
    input: z.object({ date: isoDate.optional() }),
    output: todayListSchema,
  },
  'care.recordContacts': {
    doc: '记录联系（P5）：每日一问、每周一见、谈心谈话或县教育部门每月一看；可一次记录多名学生，异常须写明',
    access: school(CARE_STAFF),
    input: recordContactsInput,
    output: z.object({ recorded: z.number().int(), already: z.number().int() }),
  },
  'care.compliance': {
    doc: '合规提醒：本月每名学生、每位责任人逾期或待完成的联系与工单（按日历逐日计算，不会漏人）',
    access: school(CASE_READERS),
    input: z.object({ month: monthSchema }),
    output: complianceSchema,
  },
  'care.reminders': {
    doc: '提醒角标：本月逾期与今日待完成的数量（仅计数）',
    access: school(CASE_READERS),
    input: z.object({}),
    output: z.object({ overdue: z.number().int(), due: z.number().int() }),
  },
  'care.studentServices': {
    doc: '一名学生的关爱服务记录：学业辅导、特殊教育与送教上门、家校沟通、谈心谈话（查看记入审计日志）',
    access: school(CASE_READERS),
    input: z.object({ studentId: z.number().int().positive() }),
    output: studentServicesSchema,
  },
  'care.saveTutoringPlan': {
    doc: '学业辅导计划（A1）：学科、辅导教师、安排、目标',
    access: school(CARE_STAFF),
    input: tutoringPlanInput,
    output: z.object({ id: z.number().int() }),
  },
  'care.addTutoringSession': {
    doc: '记录一次辅导（日期、时长、是否到课、记录）',
    access: school(CARE_STAFF),
    input: tutoringSessionInput,
    output: ok,
  },
  'care.setTutoringOutcome': {
    doc: '学期末记录辅导成效',
    access: school(CARE_STAFF),
    input: z.object({ planId: z.number().int().positive(), outcome: z.string().trim().min(1, '请填写成效').max(2000) }),
    output: ok,
  },
  'care.saveSpecialEd': {
    doc: '特殊教育安置（A2）：安置方式与残疾类型',
    access: school(CARE_STAFF),
    input: specialEdInput,
    output: ok,
  },
  'care.addHomeVisit': {
    doc: '送教上门记录（A2）：日期、教师、内容、时长；按学期计数',
    access: school(CARE_STAFF),
    input: homeVisitInput,
    output: ok,
  },
  'care.addHomeContact': {
    doc: '家校沟通记录（A3）：日期、方式、沟通对象、内容、后续跟进',
    access: school(CARE_STAFF),
    input: homeContactInput,
    output: ok,
  },
  'care.settings': {
    doc: '关爱设置：校历中的非上课日、接诉即办办理时限',
    access: school(CASE_READERS),
    input: z.object({}),
    output: careSettingsSchema,
  },
  'care.saveSettings': {
    doc: '修改关爱设置（管理员）',
    access: school(['admin']),
    input: careSettingsSchema,
    output: ok,
  },
  'pairs.volunteers': {
    doc: '结对帮扶志愿者名单（A3）：班级、擅长学科、可帮扶人数、监护人同意情况',
    access: school(CASE_READERS),
    input: z.object({}),
    output: z.array(volunteerSchema),
  },
  'pairs.saveVolunteer': {
    doc: '登记或修改结对帮扶志愿者',
    access: school(PAIR_STAFF),
    input: volunteerInput,
    output: z.object({ id: z.number().int() }),
  },
  'pairs.suggest': {
    doc: '为受助学生推荐结对同学：按同班、同年级、擅长学科与薄弱学科相符程度排序，附理由；名额已满者不推荐',
    access: school(PAIR_STAFF),
    input: z.object({ studentId: z.number().int().positive(), weakSubjects: z.array(z.enum(SUBJECTS)).max(11).optional() }),
    output: suggestionsSchema,
  },
  'pairs.create': {
    doc: '建立“一对一”结对（每名学生同一时间一位伙伴，不超过志愿者名额）',
    access: school(PAIR_STAFF),
    input: z.object({ volunteerId: z.number().int().positive(), studentId: z.number().int().positive(), subjects: z.array(z.enum(SUBJECTS)).max(11).default([]) }),
    output: z.object({ id: z.number().int() }),
  },
  'pairs.setState': {
    doc: '暂停、恢复或结束结对',
    access: school(PAIR_STAFF),
    input: z.object({ pairId: z.number().int().positive(), state: z.enum(PAIR_STATES) }),
    output: ok,
  },
  'pairs.addActivity': {
    doc: '记录结对活动',
    access: school(PAIR_STAFF),
    input: z.object({ pairId: z.number().int().positive(), date: isoDate, content: z.string().trim().min(1, '请填写活动内容').max(1000), minutes: z.number().int().min(1).max(600) }),
    output: ok,
  },
  'pairs.list': {
    doc: '结对列表及活动记录',
    access: school(CASE_READERS),
    input: z.object({}),
    output: z.array(pairSchema),
  },
  'dropout.registration': {
    doc: '学期报到核查（A4）：每名困境学生是否按时报到',
    access: school(CASE_READERS),
    input: z.object({ semester: semesterSchema }),
    output: z.array(registrationRowSchema),
  },
  'dropout.mark': {
    doc: '批量标记已报到 / 未报到；未报到须选原因并登记台账，迟到报到自动销号',
    access: school(DROPOUT_STAFF),
    input: markRegistrationInput,
    output: z.object({ marked: z.number().int(), opened: z.number().int(), closed: z.number().int() }),
  },
  'dropout.ledger': {
    doc: '控辍保学台账：适龄儿童、疑似辍学、辍学及请假休学转学（查看记入审计日志）',
    access: school(CASE_READERS),
    input: z.object({ ledger: z.enum(LEDGERS).optional(), includeClosed: z.boolean().default(false) }),
    output: z.array(ledgerEntrySchema),
  },
  'dropout.followUp': {
    doc: '记录跟进或劝返，更新状态；已复学或已转出即销号',
    access: school(DROPOUT_STAFF),
    input: followUpInput,
    output: ok,
  },
  'exports.dropoutLedger': {
    doc: '导出月度控辍保学台账 xlsx（三本台账分表；水印；记入审计日志）',
    access: school(PRINTERS),
    input: z.object({ month: monthSchema }),
    output: fileOutSchema,
  },
  'crisis.scheme': {
    doc: '本校心理危机预警等级方案（等级、颜色、严重程度排序）',
    access: school(CRISIS_ROLES),
    input: z.object({}),
    output: z.array(crisisLevelSchema),
  },
  'crisis.saveScheme': {
    doc: '修改预警等级方案（管理员）；已有记录保留当时的等级名称与排序',
    access: school(['admin']),
    input: z.object({ levels: z.array(crisisLevelSchema).min(2, '至少 2 个等级').max(6) }),
    output: ok,
  },
  'crisis.list': {
    doc: '心理危机预警记录（仅心理教师、管理员、校长；每次查看记入审计日志）',
    access: school(CRISIS_ROLES),
    input: z.object({}),
    output: z.array(crisisRecordSchema),
  },
  'crisis.record': {
    doc: '新增或修改预警记录：等级、处置（关注、干预、转介、结案）',
    access: school(CRISIS_ROLES),
    input: crisisInput,
    output: z.object({ id: z.number().int() }),
  },
  'crisis.addReferral': {
    doc: '记录转介：机构、日期、结果',
    access: school(CRISIS_ROLES),
    input: referralInput,
    output: ok,
  },
  'homeSchool.list': {
    doc: '家校协同活动（P6）及参加人员',
    access: school(CASE_READERS),
    input: z.object({}),
    output: z.array(activitySchema),
  },
  'homeSchool.create': {
    doc: '登记家长学校、讲座、监护人指导等活动及参加的家长',
    access: school(CARE_STAFF),
    input: activityInput,
    output: z.object({ id: z.number().int() }),
  },
  'concerns.list': {
    doc: '接诉即办工单（P7）：受理时间、承办人、办理时限、答复与办结',
    access: school(CASE_READERS),
    input: z.object({}),
    output: z.array(concernSchema),
  },
  'concerns.create': {
    doc: '受理学生或家长的诉求、投诉：默认 3 个工作日内办结',
    access: school(CARE_STAFF),
    input: concernInput,
    output: z.object({ id: z.number().int(), dueDate: z.string() }),
  },
  'concerns.respond': {
    doc: '答复工单，可同时办结',
    access: school(CARE_STAFF),
    input: z.object({ id: z.number().int().positive(), response: z.string().trim().max(2000), close: z.boolean() }),
    output: ok,
  },
  'tutors.assignments': {
    doc: '本学期育人导师分配（G2）',
    access: school(['admin', 'officer', 'principal']),
    input: z.object({ semester: semesterSchema }),
    output: z.array(assignmentSchema),
  },
  'tutors.assign': {
    doc: '为重点关爱学生指定本学期的育人导师（或取消）',
    access: school(CASE_WORKERS),
    input: z.object({ semester: semesterSchema, tutorAccountId: z.number().int().positive().nullable(), studentIds: z.array(z.number().int().positive()).min(1, '请至少选择一名学生').max(5000) }),
    output: z.object({ assigned: z.number().int() }),
  },
  'tutors.workload': {
    doc: '导师工作量：负责学生、谈心、家校沟通、辅导次数与时长、成效（导师只看本人）',
    access: school(['admin', 'officer', 'principal', 'tutor']),
    input: z.object({ semester: semesterSchema }),
    output: z.array(tutorWorkloadSchema),
  },
  'reports.tutorWorkload': {
    doc: '打印导师工作量统计 PDF（工作量认定用；记入审计日志）',
    access: school(PRINTERS),
    input: z.object({ semester: semesterSchema }),
    output: fileOutSchema,
  },
  'exports.tutorWorkload': {
    doc: '导出导师工作量统计 xlsx（记入审计日志）',
    access: school(PRINTERS),
    input: z.object({ semester: semesterSchema }),
    output: fileOutSchema,
  },
  'graduates.list': {
    doc: '困境学生毕业生数据库（E8）：毕业年级的重点关爱学生、意向、去向与推荐岗位数；不足 3 个的标记',
    access: school(CASE_READERS),
    input: z.object({}),
    output: z.array(graduateSchema),
  },
  'graduates.get': {
    doc: '一名毕业生：档案、已推荐岗位及答复与结果、就业帮扶记录（查看记入审计日志）',
    access: school(CASE_READERS),
    input: z.object({ studentId: z.number().int().positive() }),
    output: graduateDetailSchema,
  },
  'graduates.save': {
    doc: '保存毕业生档案：意向领域、技能、证书、地点意向、特殊情况、去向及日期、一对一帮扶责任人',
    access: school(JOB_STAFF),
    input: graduateInput,
    output: ok,
  },
  'jobs.suggest': {
    doc: '为毕业生按可解释的匹配度排序岗位（领域、地点、证书、技能、截止日期），附理由；已截止的不推荐',
    access: school(JOB_STAFF),
    input: z.object({ studentId: z.number().int().positive(), limit: z.number().int().min(1).max(200).default(50) }),
    output: jobSuggestionsSchema,
  },
  'jobs.recommend': {
    doc: '向毕业生推荐岗位（记录当时的匹配度与理由）',
    access: school(JOB_STAFF),
    input: z.object({ studentId: z.number().int().positive(), postingIds: z.array(z.number().int().positive()).min(1, '请选择岗位').max(20) }),
    output: z.object({ recommended: z.number().int(), total: z.number().int() }),
  },
  'jobs.updateRecommendation': {
    doc: '记录学生的答复与结果（投递、面试、录用、入职、放弃）；入职即更新毕业去向',
    access: school(JOB_STAFF),
    input: z.object({ id: z.number().int().positive(), response: z.enum(REC_RESPONSES), result: z.enum(REC_RESULTS) }),
    output: ok,
  },
  'jobs.addHelp': {
    doc: '就业帮扶记录：简历问诊、面试指导、礼仪课程、技能培训、证书、实习、专场招聘会、一对一帮扶',
    access: school(JOB_STAFF),
    input: z.object({ studentId: z.number().int().positive(), kind: z.enum(HELP_KINDS), date: isoDate, title: z.string().trim().min(1, '请填写内容').max(100), detail: z.string().trim().max(1000).default('') }),
    output: ok,
  },
  'postings.list': {
    doc: '岗位信息列表（可含已截止）',
    access: school(CASE_READERS),
    input: z.object({ includeExpired: z.boolean().default(false) }),
    output: z.array(postingSchema),
  },
  'postings.add': {
    doc: '手工录入岗位',
    access: school(JOB_STAFF),
    input: postingInput,
    output: z.object({ id: z.number().int() }),
  },
  'postings.import': {
    doc: '从 xlsx 导入岗位：先预览逐行校验，确认后全部写入（有错误行则一行也不写）',
    access: school(JOB_STAFF),
    input: z.object({ fileName: z.string().trim().min(1).max(200), base64: z.string().min(1, '请选择文件').max(30_000_000, '文件过大'), commit: z.boolean() }),
    output: postingImportSchema,
  },
  'exports.graduates': {
    doc: '导出毕业生数据库 xlsx（含推荐岗位数与结果；公式文本已中和；记入审计日志）',
    access: school(PRINTERS),
    input: z.object({}),
    output: fileOutSchema,
  },
  'exports.postings': {
    doc: '导出岗位信息 xlsx（公式文本已中和）',
    access: school(PRINTERS),
    input: z.object({}),
    output: fileOutSchema,
  },
  'aid.levels': {
    doc: '家庭经济困难认定等级（名称可配置，档次排序固定含义）',
    access: school(CASE_READERS),
    input: z.object({}),
    output: z.array(difficultyLevelSchema),
  },
  'aid.saveLevels': {
    doc: '修改认定等级名称与排序（管理员）',
    access: school(['admin']),
    input: z.object({ levels: z.array(difficultyLevelSchema).min(2).max(6) }),
    output: ok,
  },
  'aid.grading': {
    doc: '本学期家庭经济困难认定（F9）：重点关爱学生的等级与类型；低于最高档的标记',
    access: school(CASE_READERS),
    input: z.object({ semester: semesterSchema }),
    output: z.array(gradingRowSchema),
  },
  'aid.grade': {
    doc: '认定（或学期调整）一名学生的等级与困难类型；低于最高档须写明理由',
    access: school(CASE_WORKERS),
    input: gradeInput,
    output: ok,
  },
  'aid.carryOver': {
    doc: '学期调整：为本学期尚未认定的重点关爱学生沿用上学期的认定（低于最高档的仍标记并保留理由）',
    access: school(CASE_WORKERS),
    input: z.object({ semester: semesterSchema }),
    output: z.object({ copied: z.number().int(), from: z.string() }),
  },
  'aid.programmes': {
    doc: '各学段资助项目目录（金额为数据，可修改）',
    access: school(CASE_READERS),
    input: z.object({}),
    output: z.array(programmeSchema),
  },
  'aid.saveProgramme': {
    doc: '新增或修改资助项目（管理员）',
    access: school(['admin']),
    input: programmeInput,
    output: z.object({ id: z.number().int() }),
  },
  'aid.awards': {
    doc: '资助发放记录（可按学期）',
    access: school(CASE_READERS),
    input: z.object({ semester: semesterSchema.optional() }),
    output: z.array(awardSchema),
  },
  'aid.addAward': {
    doc: '登记一笔资助：项目、学期、金额（元，2 位小数）、日期、资金来源',
    access: school(CASE_WORKERS),
    input: awardInput,
    output: ok,
  },
  'aid.gaps': {
    doc: '资助缺口核查：未认定或低于最高档、本学年应享未享的项目，逐人列出原因',
    access: school(CASE_READERS),
    input: z.object({}),
    output: gapsSchema,
  },
  'aid.workStudy': {
    doc: '一名学生的勤工助学记录',
    access: school(CASE_READERS),
    input: z.object({ studentId: z.number().int().positive() }),
    output: z.array(workStudySchema),
  },
  'aid.addWorkStudy': {
    doc: '登记勤工助学工时：每周 ≤8 小时、每月 ≤40 小时、每小时 ≥12 元',
    access: school(CASE_WORKERS),
    input: workStudyInput,
    output: ok,
  },
  'exports.awards': {
    doc: '导出资助发放名单 xlsx（不含证件号；公式文本已中和；记入审计日志）',
    access: school(PRINTERS),
    input: z.object({ semester: semesterSchema.optional() }),
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
