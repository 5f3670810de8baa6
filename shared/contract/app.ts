/** Workspace status and first-run setup (school or bureau). */
import { z } from 'zod';
import { newAccountSchema, schoolProfileSchema, statusSchema } from './schemas';
import { BUREAU_LEVELS } from '../domain/bureauLevels';
import { type ContractSection, publicAccess } from './spec';

export const appContract = {
  'app.status': {
    doc: '工作台状态：是否已初始化、名称、当前登录用户、备份提醒',
    access: publicAccess,
    input: z.object({}),
    output: statusSchema,
  },
  'setup.school': {
    doc: '首次运行：建立学校工作台、加密数据库和第一位资助管理员，返回一次性恢复码',
    access: publicAccess,
    input: z.object({ profile: schoolProfileSchema, admin: newAccountSchema }),
    output: z.object({ recoveryCode: z.string() }),
  },
  'setup.bureau': {
    doc: '首次运行：建立教育局工作台（独立加密库）和管理员，返回一次性恢复码',
    access: publicAccess,
    input: z.object({
      name: z.string().trim().min(2, '名称至少 2 个字').max(60),
      admin: newAccountSchema,
      /** Which bureau this is: a county's, a prefecture's or the province's, and its area (GB/T 2260, or 61). */
      level: z.enum(BUREAU_LEVELS).default('county'),
      area: z
        .string()
        .regex(/^(61|61\d{2}|61\d{4})?$/, '地区代码应为 61（全省）、4 位市代码或 6 位县（区）代码')
        .default(''),
      /**
       * Empty: the embedded encrypted SQLite file (a county). A postgres:// address (no password: it comes from the
       * environment) puts the tables on a PostgreSQL server, for a prefecture or the province.
       */
      database: z.string().trim().max(500).default(''),
    }),
    output: z.object({ recoveryCode: z.string() }),
  },
} as const satisfies ContractSection;
