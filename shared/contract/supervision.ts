/** Supervision (G4): the implementation indicators per clause that the 督查 checks, computed for today. */
import { z } from 'zod';
import { fileOutSchema, id, isoDate, required } from './schemas';
import { type ContractSection, okSchema, school } from './spec';

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

export const inspectionSchema = z.object({
  id: z.number(),
  date: z.string(),
  inspectors: z.string(),
  findings: z.string(),
  recordedBy: z.string(),
  indicators: z.array(indicatorSchema),
  items: z.array(
    z.object({
      id: z.number(),
      item: z.string(),
      responsible: z.string(),
      deadline: z.string(),
      overdue: z.boolean(),
      closedAt: z.string().nullable(),
      closedBy: z.string().nullable(),
      closure: z.string(),
    }),
  ),
});

export const supervisionContract = {
  'supervision.indicators': {
    doc: '督查视图：按条款列出落实指标（本月谈心覆盖、学期报到核查、最高档认定、毕业生岗位数、本月逾期联系、预警按时签收、统计表报送、审计日志完整性）',
    access: school(['inspector', 'principal', 'admin']),
    input: z.object({}),
    output: z.object({ asOf: z.string(), month: z.string(), semester: z.string(), indicators: z.array(indicatorSchema) }),
  },
  'inspections.list': {
    doc: '督查记录：日期、督查人员、发现的问题、整改事项（责任人、时限、销号）',
    access: school(['inspector', 'principal', 'admin', 'officer']),
    input: z.object({}),
    output: z.array(inspectionSchema),
  },
  'inspections.create': {
    doc: '新增督查记录：记下当日落实指标，发现的问题与整改事项',
    access: school(['inspector', 'admin']),
    input: z.object({
      date: isoDate,
      inspectors: required(200),
      findings: required(5000),
      items: z.array(z.object({ item: required(500), responsible: required(40), deadline: isoDate })).max(50),
    }),
    output: z.object({ id: z.number().int() }),
  },
  'inspections.closeItem': {
    doc: '整改事项销号：写明整改情况',
    access: school(['inspector', 'principal', 'admin', 'officer']),
    input: z.object({ id, closure: required(1000) }),
    output: okSchema,
  },
  'inspections.print': {
    doc: '打印督查报告（A4 PDF：当日指标、发现的问题、整改事项与销号情况）',
    access: school(['inspector', 'principal', 'admin']),
    input: z.object({ id }),
    output: fileOutSchema,
  },
} as const satisfies ContractSection;
