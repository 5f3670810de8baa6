/**
 * 0180 — a bureau keeps each school package as it arrived (issue 14 §8). The list of children in it stays inside the
 * package, encrypted to the bureau's key, and is opened only on demand; what the bureau's tables hold is counts: the
 * students per category of each package, which the schools table shows. This is what lets a prefecture or the
 * province keep its tables on a PostgreSQL server without a child's name in them in clear. Packages imported before
 * this migration keep their rows in bureau_cases (inside the encrypted SQLite file); their counts are copied here.
 */
import type { Knex } from 'knex';

export const version = 180;
export const name = 'bureau_package_files';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('bureau_package_files', (t) => {
    t.integer('package_id').primary().references('bureau_packages.id');
    t.binary('bytes').notNullable();
  });
  await knex.schema.createTable('bureau_package_categories', (t) => {
    t.integer('package_id').notNullable().references('bureau_packages.id');
    t.string('category').notNullable();
    t.integer('students').notNullable();
    t.primary(['package_id', 'category']);
  });
  const counts = new Map<string, { package_id: number; category: string; students: number }>();
  for (const r of (await knex('bureau_cases').select('package_id', 'categories')) as Array<{ package_id: number; categories: string }>) {
    for (const category of JSON.parse(r.categories) as string[]) {
      const k = `${r.package_id}:${category}`;
      const c = counts.get(k) ?? { package_id: r.package_id, category, students: 0 };
      c.students += 1;
      counts.set(k, c);
    }
  }
  const rows = [...counts.values()];
  for (let i = 0; i < rows.length; i += 200) await knex('bureau_package_categories').insert(rows.slice(i, i + 200));
}
