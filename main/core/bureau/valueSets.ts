/** Where a package's value sets are kept, whether it came from the school or through a bureau below. */
import type { Knex } from 'knex';
import { statisticsTableSchema } from '../../../shared/contract/statistics';
import type { FilingStatistics, FilingValues } from '../io/filingPackage';

/**
 * A package's value sets — the statistics tables the school submitted (summed by region, regionStatistics.ts) and
 * its indicator values (compared by the region warnings) — kept under the package, whether it came from the school
 * or through a bureau below.
 */
export async function storeValueSets(
  trx: Knex.Transaction,
  packageId: number,
  schoolCode: string,
  period: string,
  sets: { statistics?: FilingStatistics[]; values?: FilingValues | null },
): Promise<void> {
  for (const st of sets.statistics ?? []) {
    const table = statisticsTableSchema.safeParse(st.table);
    if (!table.success) continue; // not a table this version can read: the package's list still imports
    await trx('bureau_statistics').insert({
      package_id: packageId,
      school_code: schoolCode,
      template_id: st.templateId,
      as_of: st.asOf,
      sha256: st.sha256,
      table_json: JSON.stringify(table.data),
    });
  }
  const values = sets.values;
  if (!values?.values.length) return;
  const seen = new Set<string>();
  const rows = values.values
    .filter((v) => !seen.has(v.key) && seen.add(v.key))
    .map((v) => ({
      package_id: packageId,
      school_code: schoolCode,
      period,
      as_of: values.asOf,
      key: v.key,
      numerator: v.numerator,
      denominator: v.denominator,
    }));
  for (let i = 0; i < rows.length; i += 100) await trx('bureau_values').insert(rows.slice(i, i + 100));
}

/** Each school's latest package for a period (a 更正 replaces the earlier one), as a subquery of ids: never a list. */
export function latestPackageIds(db: Knex, period: string): Knex.QueryBuilder {
  return db('bureau_packages').where({ period }).groupBy('school_code').max({ id: 'id' });
}
