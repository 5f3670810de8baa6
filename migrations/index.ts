/** The ordered list of migrations. Add a file numbered by tens and list it here; never edit a shipped one. */
import type { Knex } from 'knex';
import * as m0010 from './0010_initial';
import * as m0020 from './0020_import_batches';
import * as m0030 from './0030_review_meetings';
import * as m0040 from './0040_attachments';
import * as m0050 from './0050_care_services';
import * as m0060 from './0060_employment_aid';
import * as m0070 from './0070_audit_chain_v2';
import * as m0080 from './0080_meeting_cancel';
import * as m0090 from './0090_student_history';
import * as m0100 from './0100_student_status';
import * as m0110 from './0110_statistics_submissions';
import * as m0120 from './0120_warnings';
import * as m0130 from './0130_summary_versions';
import * as m0140 from './0140_inspections';
import * as m0150 from './0150_bureau_areas';
import * as m0160 from './0160_region_warnings';
import * as m0170 from './0170_bureau_levels';
import * as m0180 from './0180_bureau_package_files';

export interface Migration {
  version: number;
  name: string;
  up(knex: Knex): Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  m0010,
  m0020,
  m0030,
  m0040,
  m0050,
  m0060,
  m0070,
  m0080,
  m0090,
  m0100,
  m0110,
  m0120,
  m0130,
  m0140,
  m0150,
  m0160,
  m0170,
  m0180,
];
