/**
 * The contract: every method the renderer may call, merged from one file per domain (students.ts, cases.ts …).
 * Each method has its input and output schema, who may call it and one line of what it does. The router (main/ipc)
 * validates both ways against these; the preload and the browser client expose exactly these keys.
 */
import type { z } from 'zod';
import { appContract } from './app';
import { authContract } from './auth';
import { accountsContract } from './accounts';
import { studentsContract } from './students';
import { casesContract } from './cases';
import { attachmentsContract } from './attachments';
import { meetingsContract } from './meetings';
import { importsContract } from './imports';
import { jobsContract } from './jobs';
import { cadenceContract } from './cadence';
import { careRecordsContract } from './careRecords';
import { calendarContract } from './calendar';
import { pairsContract } from './pairs';
import { dropoutContract } from './dropout';
import { crisisContract } from './crisis';
import { homeSchoolContract } from './homeSchool';
import { concernsContract } from './concerns';
import { tutorsContract } from './tutors';
import { employmentContract } from './employment';
import { aidContract } from './aid';
import { filesContract } from './files';
import { filingContract } from './filing';
import { backupContract } from './backup';
import { auditContract } from './audit';
import { bureauContract } from './bureau';
import { schoolYearContract } from './schoolYear';
import { statisticsContract } from './statistics';
import { supervisionContract } from './supervision';
import { warningsContract } from './warnings';
import { summaryContract } from './summary';
import { homeContract } from './home';

export const contract = {
  ...appContract,
  ...authContract,
  ...accountsContract,
  ...studentsContract,
  ...casesContract,
  ...attachmentsContract,
  ...meetingsContract,
  ...importsContract,
  ...jobsContract,
  ...cadenceContract,
  ...careRecordsContract,
  ...calendarContract,
  ...pairsContract,
  ...dropoutContract,
  ...crisisContract,
  ...homeSchoolContract,
  ...concernsContract,
  ...tutorsContract,
  ...employmentContract,
  ...aidContract,
  ...filesContract,
  ...filingContract,
  ...backupContract,
  ...auditContract,
  ...bureauContract,
  ...schoolYearContract,
  ...statisticsContract,
  ...supervisionContract,
  ...warningsContract,
  ...summaryContract,
  ...homeContract,
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
/** What a caller passes (before defaults and transforms). */
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
/** What a caller receives. */
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;
/** What a handler receives: the input after the router parsed it. */
export type In<M extends MethodName> = z.output<Contract[M]['input']>;
/** What a handler returns: anything the output schema accepts. */
export type Out<M extends MethodName> = z.input<Contract[M]['output']>;
export const METHOD_NAMES = Object.keys(contract) as MethodName[];

/** The typed surface both transports expose to the renderer: one function per method. */
export type Api = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>> };
export type { Access, MethodSpec } from './spec';
