/** Key-care cases (I2–I6): application, confirmation, exit request, the key-care list (never published, I1). */
import { z } from 'zod';
import { EXIT_REASONS } from '../domain/enums';
import { CASE_READERS, CASE_WORKERS, PRINTERS } from './roleGroups';
import { applicationInputSchema, caseStateSchema, caseViewSchema, confirmInputSchema, fileOutSchema, id } from './schemas';
import { type ContractSection, okSchema, school } from './spec';

export const casesContract = {
  'cases.apply': {
    doc: '提出申请（I4）：学生、家长或教师代为申请，写明申请的关爱内容、事实和理由',
    access: school(['admin', 'officer', 'headTeacher', 'counsellor', 'tutor']),
    input: applicationInputSchema,
    output: z.object({ id: z.number().int() }),
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
  'cases.confirmMany': {
    doc: '学校批量确认（I6）：所选多个个案以相同的关爱内容与责任人一次确认，全部成功或全部不变',
    access: school(['principal', 'admin']),
    input: z.object({
      caseIds: z.array(id).min(1, '请至少选择一个个案').max(500, '一次最多确认 500 个个案'),
      careContent: confirmInputSchema.shape.careContent,
      responsibleAccountId: confirmInputSchema.shape.responsibleAccountId,
    }),
    output: z.object({ confirmed: z.number() }),
  },
  'cases.requestExit': {
    doc: '提出退出申请（I2）：达到正常发展水平、毕业、转学或其他；由集体评议决定',
    access: school(CASE_WORKERS),
    input: z.object({ caseId: id, reason: z.enum(EXIT_REASONS), note: z.string().trim().max(500).default('') }),
    output: okSchema,
  },
  'cases.keyCareList': {
    doc: '重点关爱名单（不公示、禁止公布，I1）',
    access: school(CASE_READERS),
    input: z.object({}),
    output: z.array(caseViewSchema),
  },
  'cases.printKeyCareList': {
    doc: '打印重点关爱名单 PDF（仅资助管理部门与校长；水印；记入审计日志；不公示、禁止公布）',
    access: school(PRINTERS),
    input: z.object({}),
    output: fileOutSchema,
  },
  'cases.exportKeyCareList': {
    doc: '导出重点关爱名单 xlsx（仅资助管理员与专干；水印；记入审计日志；不含证件号）',
    access: school(CASE_WORKERS),
    input: z.object({}),
    output: fileOutSchema,
  },
} as const satisfies ContractSection;
