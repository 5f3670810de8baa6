/** Supervision (G4): the implementation indicators per clause that the 督查 checks, computed for today. */
import { z } from 'zod';
import { type ContractSection, school } from './spec';

export const indicatorSchema = z.object({
  key: z.string(),
  clause: z.string(),
  label: z.string(),
  numerator: z.number().int(),
  denominator: z.number().int(),
  /** Percentage with one decimal; null when there is nobody to count. */
  rate: z.number().nullable(),
  /** The share the policy asks for (100 unless stated). */
  target: z.number(),
  note: z.string(),
});

export const supervisionContract = {
  'supervision.indicators': {
    doc: '督查视图：按条款列出落实指标（本月谈心覆盖、学期报到核查、最高档认定、毕业生岗位数、本月逾期联系、预警按时签收、统计表报送、审计日志完整性）',
    access: school(['inspector', 'principal', 'admin']),
    input: z.object({}),
    output: z.object({ asOf: z.string(), month: z.string(), semester: z.string(), indicators: z.array(indicatorSchema) }),
  },
} as const satisfies ContractSection;
