/** Filing with the bureau (I6): the school key and the signed, encrypted filing package. */
import { z } from 'zod';
import { fileOutSchema, filingPeriodSchema } from './schemas';
import { type ContractSection, school } from './spec';

export const filingContract = {
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
      bureauKey: z
        .string()
        .trim()
        .regex(/^age1[0-9a-z]{20,}$/, '教育局公钥应以 age1 开头'),
      /** An earlier period than the last one filed is allowed only as a correction that replaces that period. */
      correction: z.boolean().default(false),
    }),
    output: fileOutSchema.extend({ count: z.number().int(), sequence: z.number().int() }),
  },
} as const satisfies ContractSection;
