/**
 * A generator of schools that file value sets (issue 14 benchmarks and the bureau's end-to-end walk): for N schools
 * spread over counties and prefectures, their key files, the bureau's xlsx school list, and real signed, encrypted
 * packages for each half-year with figures drawn from a seeded generator — some schools talk to too few students,
 * carry many red warnings, grow their dropout ledger, file late or not at all, so the region warnings have work.
 *
 *   node --import tsx test/bench/valueSchools.ts --out DIR --recipient age1… [--schools 12] [--periods 2025H2,2026H1]
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { addDays, filingDueDate } from '../../shared/domain/calendar';
import { prng } from '../../main/core/seed/seed';
import { keyOnlySchool, type KeyOnlySchool, valuePackage, type Values } from '../support/valuePackages';

/** County codes: in the first prefecture (西安) the real districts, elsewhere 61PP01…; 16 counties per prefecture. */
export function countyOf(i: number, perCounty: number): string {
  const c = Math.floor(i / perCounty);
  const xian = ['610102', '610103', '610104', '610113', '610111', '610112'];
  if (c < xian.length) return xian[c];
  const k = c - xian.length;
  const prefecture = 2 + Math.floor(k / 16);
  return `61${String(((prefecture - 1) % 10) + 1).padStart(2, '0')}${String((k % 16) + 1).padStart(2, '0')}`;
}

export interface GeneratedSchool extends KeyOnlySchool {
  contact: string;
  phone: string;
}

export function makeSchools(n: number, perCounty = 4): GeneratedSchool[] {
  return Array.from({ length: n }, (_, i) => {
    const county = countyOf(i, perCounty);
    const code = `31${county.slice(2)}${String(i % 10000).padStart(4, '0')}`;
    return { ...keyOnlySchool(code, `第${i + 1}中学`, county), contact: `联系人${i + 1}`, phone: `029-8${String(1000000 + i).slice(1)}` };
  });
}

/** The figures school `i` files for the `p`-th period: problems at fixed strides, so every rule has work. */
export function figures(i: number, p: number, random: () => number): Values {
  const key = 10 + Math.floor(random() * 40);
  const talked = i % 5 === 1 ? Math.floor(key * 0.6) : key - Math.floor(random() * 2);
  const top = i % 4 === 2 ? key - 1 : key;
  const red = i % 7 === 3 ? Math.ceil(key / 3) : Math.floor(random() * 2);
  const dropout = i % 6 === 0 ? 1 + 2 * p : i % 2;
  return {
    'students.key': [key, 0],
    'students.population': [key + Math.floor(random() * 20), 0],
    'supervision.monthlyTalk': [talked, key],
    'supervision.highestTier': [top, key],
    'supervision.postings': [i % 8 === 4 ? 2 : 3, 3],
    'warnings.open.red': [red, key],
    'warnings.open.orange': [Math.floor(random() * 3), key],
    'dropout.open': [dropout, 0],
  };
}

/**
 * Writes each school's packages for the periods (6, 12, … file the last one late; unless `everyone`, school 9, 18, …
 * skip it, so there are missing filers).
 */
export async function writePackages(
  schools: GeneratedSchool[],
  periods: string[],
  recipient: string,
  dir: string,
  o: { seed?: number; everyone?: boolean } = {},
): Promise<string[]> {
  const seed = o.seed ?? 7;
  const random = prng(seed); // seeded, so a run is the same every time
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const [i, s] of schools.entries()) {
    for (const [p, period] of periods.entries()) {
      const last = p === periods.length - 1;
      if (last && i % 9 === 8 && !o.everyone) continue;
      const day = addDays(filingDueDate(period), last && i % 6 === 5 ? 4 : -5);
      const bytes = await valuePackage(s, recipient, { period, createdAt: `${day}T09:00:00+08:00`, values: figures(i, p, random) });
      const file = path.join(dir, `${s.code}-${period}.cdfile`);
      fs.writeFileSync(file, bytes);
      files.push(file);
    }
  }
  return files;
}

export async function writeRegistry(schools: GeneratedSchool[], file: string, extra: GeneratedSchool[] = []): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('学校名单');
  ws.addRow(['学校标识码', '学校名称', '县（区）代码', '学段', '联系人', '联系电话']);
  for (const s of [...schools, ...extra]) ws.addRow([s.code, s.name, s.county, '初中', s.contact, s.phone]);
  await wb.xlsx.writeFile(file);
}

async function main() {
  const args = process.argv.slice(2);
  const flag = (name: string, fallback?: string) => {
    const i = args.indexOf(`--${name}`);
    if (i >= 0 && args[i + 1]) return args[i + 1];
    if (fallback === undefined) throw new Error(`--${name} is required`);
    return fallback;
  };
  const out = flag('out');
  const schools = makeSchools(Number(flag('schools', '12')), Number(flag('per-county', '4')));
  const periods = flag('periods', '2025H2,2026H1').split(',');
  fs.mkdirSync(path.join(out, 'keys'), { recursive: true });
  for (const s of schools) fs.writeFileSync(path.join(out, 'keys', `${s.code}.json`), s.keyText);
  // One school on the list whose key never came: a missing filer the bureau must call.
  const silent = makeSchools(schools.length + 1).slice(-1);
  await writeRegistry(schools, path.join(out, '学校名单.xlsx'), silent);
  const files = await writePackages(schools, periods, flag('recipient'), path.join(out, 'packages'));
  process.stdout.write(`${schools.length} schools, ${files.length} packages in ${out}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) await main();
