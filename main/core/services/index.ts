/**
 * Every contract method's handler, merged from the domain services. `satisfies` makes a method without a handler,
 * or a handler of the wrong shape, a type error: adding a method means its contract entry and its service.
 */
import type { MethodName } from '../../../shared/contract/index';
import { bureauHandlers } from '../bureau/bureauService';
import { accountsHandlers } from './accounts';
import { aidHandlers } from './aid';
import { attachmentsHandlers } from './attachments';
import { auditHandlers } from './audit';
import { backupHandlers } from './backup';
import { cadenceHandlers } from './cadence';
import { calendarHandlers } from './calendar';
import { careRecordsHandlers } from './careRecords';
import { casesHandlers } from './cases';
import { concernsHandlers } from './concerns';
import type { HandlerOf } from './context';
import { crisisHandlers } from './crisis';
import { dropoutHandlers } from './dropout';
import { employmentHandlers } from './employment';
import { filesHandlers } from './files';
import { filingHandlers } from './filing';
import { homeSchoolHandlers } from './homeSchool';
import { importsHandlers } from './imports';
import { jobsHandlers } from './jobs';
import { meetingsHandlers } from './meetings';
import { pairsHandlers } from './pairs';
import { appHandlers, authHandlers } from './session';
import { schoolYearHandlers } from './schoolYear';
import { statisticsHandlers } from './statistics';
import { auditLogHandlers } from './auditLog';
import { supervisionHandlers } from './supervision';
import { inspectionsHandlers } from './inspections';
import { studentsHandlers } from './students';
import { tutorsHandlers } from './tutors';
import { warningsHandlers } from './warnings';
import { summaryHandlers } from './annualSummary';
import { homeHandlers } from './home';

export const handlers = {
  ...appHandlers,
  ...authHandlers,
  ...accountsHandlers,
  ...studentsHandlers,
  ...casesHandlers,
  ...attachmentsHandlers,
  ...meetingsHandlers,
  ...importsHandlers,
  ...jobsHandlers,
  ...cadenceHandlers,
  ...careRecordsHandlers,
  ...calendarHandlers,
  ...pairsHandlers,
  ...dropoutHandlers,
  ...crisisHandlers,
  ...homeSchoolHandlers,
  ...concernsHandlers,
  ...tutorsHandlers,
  ...employmentHandlers,
  ...aidHandlers,
  ...filesHandlers,
  ...filingHandlers,
  ...backupHandlers,
  ...auditHandlers,
  ...bureauHandlers,
  ...schoolYearHandlers,
  ...statisticsHandlers,
  ...auditLogHandlers,
  ...supervisionHandlers,
  ...inspectionsHandlers,
  ...warningsHandlers,
  ...summaryHandlers,
  ...homeHandlers,
} satisfies { [M in MethodName]: HandlerOf<M> };
