/** Filing with the bureau (I6): the school key and the signed, encrypted filing package. */
import { z } from 'zod';
import { fileOutSchema, filingPeriodSchema } from './schemas';
import { type ContractSection, school } from './spec';

const bureauKeySchema = z
  .string()
  .trim()
  .regex(/^age1[0-9a-z]{20,}$/, '教育局公钥应以 age1 开头（请选择教育局提供的公钥文件）');

export const filingContract = {
  'filing.status': {
    doc: '上级备案：已导入的教育局公钥（指纹词）、本校公钥指纹、各期次及截止日期、已生成的报送包',
    access: school(['admin']),
    input: z.object({}),
    output: z.object({
      bureauKey: z.object({ fingerprint: z.string(), savedAt: z.string() }).nullable(),
      schoolFingerprint: z.string(),
      periods: z.array(z.object({ period: z.string(), label: z.string(), due: z.string(), filed: z.boolean() })),
      packages: z.array(
        z.object({ sequence: z.number().int(), period: z.string(), label: z.string(), at: z.string(), count: z.number().int() }),
      ),
    }),
  },
  'filing.setBureauKey': {
    doc: '导入教育局公钥文件（保存后每次报送自动使用；显示指纹词以便电话核对）',
    access: school(['admin']),
    input: z.object({ keyText: bureauKeySchema }),
    output: z.object({ fingerprint: z.string() }),
  },
  'filing.schoolKey': {
    doc: '本校签名公钥（交教育局登记）',
    access: school(['admin']),
    input: z.object({}),
    output: z.object({ keyText: z.string() }),
  },
  'filing.export': {
    doc: '生成备案报送包：已确认名单（数据最小化），用教育局公钥加密、本校密钥签名；期次不能倒退，补报以前的期次须明确为“更正”',
    access: school(['admin']),
    input: z.object({
      period: filingPeriodSchema,
      /** The bureau's key for this package; when left out, the key file imported once (filing.setBureauKey). */
      bureauKey: bureauKeySchema.optional(),
      /** An earlier period than the last one filed is allowed only as a correction that replaces that period. */
      correction: z.boolean().default(false),
    }),
    output: fileOutSchema.extend({ count: z.number().int(), sequence: z.number().int() }),
  },
} as const satisfies ContractSection;
