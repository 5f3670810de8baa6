/** The home page (issue 13 §5): deadlines with days left, open warnings by level, talk coverage by month, key counts. */
import { z } from 'zod';
import { CASE_READERS } from './roleGroups';
import { type ContractSection, school } from './spec';

export const homeContract = {
  'home.overview': {
    doc: '首页：报送时限（统计表、年度总结、上级备案）与剩余天数，未办结预警，近 6 个月谈心覆盖率，主要人数',
    access: school(CASE_READERS),
    input: z.object({}),
    output: z.object({
      today: z.string(),
      deadlines: z.array(
        z.object({ key: z.string(), label: z.string(), date: z.string(), daysLeft: z.number().int(), done: z.boolean(), note: z.string() }),
      ),
      warnings: z.object({ red: z.number().int(), orange: z.number().int(), yellow: z.number().int(), overdue: z.number().int() }),
      talks: z.array(z.object({ label: z.string(), value: z.number() })),
      /** This month's contact obligations in the user's scope: past due, and still open (P5 合规提醒). */
      tasks: z.object({ overdue: z.number().int(), due: z.number().int() }),
      figures: z.object({ population: z.number().int(), onList: z.number().int(), awaitingReview: z.number().int() }),
    }),
  },
} as const satisfies ContractSection;
