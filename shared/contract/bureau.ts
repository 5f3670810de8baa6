/** The bureau workspace: school keys, package import and the per-school summary. */
import { z } from 'zod';
import { fileRefSchema } from './files';
import { bureauSchoolSummarySchema } from './schemas';
import { type ContractSection, bureau } from './spec';

export const bureauContract = {
  'bureau.key': {
    doc: '教育局加密公钥（学校报送时使用）',
    access: bureau(),
    input: z.object({}),
    output: z.object({ recipient: z.string() }),
  },
  'bureau.registerSchool': {
    doc: '登记学校签名公钥',
    access: bureau(),
    input: z.object({ keyText: z.string().min(10, '请粘贴学校公钥文件内容') }),
    output: z.object({ schoolCode: z.string(), schoolName: z.string() }),
  },
  'bureau.importPackage': {
    doc: '导入学校备案包：验签、校验哈希、拒绝篡改、未登记学校和重放的包',
    access: bureau(),
    input: z.object({ fileRef: fileRefSchema }),
    output: z.object({ schoolCode: z.string(), period: z.string(), sequence: z.number().int(), count: z.number().int() }),
  },
  'bureau.summary': {
    doc: '各校汇总：报送期次与分类人数',
    access: bureau(),
    input: z.object({}),
    output: z.array(bureauSchoolSummarySchema),
  },
} as const satisfies ContractSection;
