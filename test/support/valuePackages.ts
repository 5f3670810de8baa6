/**
 * Schools made of keys only, for the bureau's tests and benchmarks: each has a real signing key and its key file, and
 * files real signed, encrypted packages carrying a value set (aggregate counts, no person) — without a school
 * workspace behind it, so a test can place many schools and choose their figures.
 */
import { buildFilingPackage, generateSchoolSigningKey, keyFingerprint, type SchoolSigningKey } from '../../main/core/io/filingPackage';
import { filingDueDate } from '../../shared/domain/calendar';

export interface KeyOnlySchool {
  code: string;
  name: string;
  county: string;
  key: SchoolSigningKey;
  keyText: string;
  sequence: number;
}

export function keyOnlySchool(code: string, name: string, county: string): KeyOnlySchool {
  const key = generateSchoolSigningKey();
  const keyText = JSON.stringify({
    format: 'caredesk-school-key',
    version: 1,
    schoolCode: code,
    schoolName: name,
    publicKey: key.publicKey,
    fingerprint: keyFingerprint(key.publicKey),
  });
  return { code, name, county, key, keyText, sequence: 0 };
}

/** Value sets as the school side writes them: key → [numerator, denominator]. */
export type Values = Record<string, [number, number]>;

export async function valuePackage(
  school: KeyOnlySchool,
  bureauRecipient: string,
  o: { period: string; createdAt: string; values: Values; correction?: boolean },
): Promise<Buffer> {
  school.sequence++;
  return buildFilingPackage({
    header: {
      schoolCode: school.code,
      schoolName: school.name,
      period: o.period,
      sequence: school.sequence,
      createdAt: o.createdAt,
      ...(o.correction ? { correction: true } : {}),
      area: { prefecture: school.county.slice(0, 4), county: school.county },
      stages: ['junior'],
      dueDate: filingDueDate(o.period),
    },
    entries: [],
    values: {
      asOf: o.createdAt.slice(0, 10),
      values: Object.entries(o.values).map(([key, [numerator, denominator]]) => ({ key, numerator, denominator })),
    },
    bureauRecipient,
    signingKey: school.key,
  });
}
