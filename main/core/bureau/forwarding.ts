/**
 * Upward reporting (issue 14 §6). A county (or prefecture) bureau forwards, for a half-year, each of its schools'
 * latest value sets — never the person-level lists — in a signed package encrypted to the level above. The level
 * above registers the lower bureau's signing key once, and imports its packages with the school package's checks:
 * signature, sequence (a replay or an older package is refused), the schools inside the sender's area, a school key
 * that matches the one already known. Imported schools then count in every regional view like schools filing here,
 * so a province sees prefectures → counties → schools.
 */
import type { Knex } from 'knex';
import { AppError } from '../../../shared/errors';
import { AREA_LENGTH, areaWithin, BUREAU_LEVEL_LABELS, BUREAU_LEVELS, type BureauLevel } from '../../../shared/domain/bureauLevels';
import { periodLabel } from '../../../shared/domain/calendar';
import { todayIso } from '../../../shared/domain/dates';
import type { Stage } from '../../../shared/domain/enums';
import {
  bureauKeyFileSchema,
  buildForwardPackage,
  decryptForwardPayload,
  type ForwardPlace,
  type ForwardSchool,
  parseForwardPackage,
} from '../io/forwardPackage';
import { filingStatisticsSchema } from '../io/filingPackage';
import { keyFingerprint, newSigningKeyPair, sha256Hex, verifyEnvelope } from '../io/signedEnvelope';
import { appendAudit } from '../services/audit';
import { actor, asFile, type ServiceContext } from '../services/context';
import { getSecretSetting, getSetting, SETTING, setSecretSetting } from '../services/settings';
import { identity } from './bureauKeys';
import { latestPackageIds, storeValueSets } from './valueSets';
import { type KnownSchool, knownSchools } from './registry';
import { insertedId, refreshStatistics } from '../store/portableSql';

/** A known school's place and contact, as it travels upward. */
function placeOf(k: KnownSchool): ForwardPlace {
  return {
    schoolCode: k.school_code,
    schoolName: k.school_name,
    prefectureCode: k.prefecture_code ?? '',
    countyCode: k.county_code ?? '',
    stages: JSON.parse(k.stages) as Stage[],
    contactName: k.contact_name,
    contactPhone: k.contact_phone,
  };
}

export interface BureauPlace {
  level: BureauLevel;
  area: string;
}

export async function bureauPlace(db: Knex): Promise<BureauPlace> {
  return (await getSetting<BureauPlace>(db, SETTING.bureauPlace)) ?? { level: 'county', area: '' };
}

/** The bureau's signing key; a workspace made before §6 gets one the first time it is asked for. */
async function signingKey(ctx: ServiceContext): Promise<{ privateKey: string; publicKey: string }> {
  const saved = await getSecretSetting<{ privateKey: string; publicKey: string }>(ctx.db, SETTING.bureauSigningKey, (v, c) =>
    ctx.workspace.openSecret(v, c),
  );
  if (saved) return saved;
  const made = newSigningKeyPair();
  await setSecretSetting(ctx.db, SETTING.bureauSigningKey, made, (t, c) => ctx.workspace.sealSecret(t, c));
  return made;
}

/** The file this bureau sends up once (caredesk bureau signing-key). */
export async function bureauKeyFile(ctx: ServiceContext) {
  const place = await bureauPlace(ctx.db);
  if (!place.area) throw new AppError('STATE', '本局还没有设置所辖地区代码，不能向上报送；请重新初始化时用 --area 指定');
  const key = await signingKey(ctx);
  const file = {
    format: 'caredesk-bureau-key' as const,
    version: 1 as const,
    area: place.area,
    level: place.level,
    name: (await getSetting<string>(ctx.db, SETTING.bureauName)) ?? '',
    publicKey: key.publicKey,
    fingerprint: keyFingerprint(key.publicKey),
  };
  return { keyText: JSON.stringify(file, null, 2), fingerprint: file.fingerprint };
}

/** Registers a lower bureau's signing key: it must be a level below this one and inside this bureau's area. */
export async function registerBureau(ctx: ServiceContext, keyText: string) {
  let raw: unknown;
  try {
    raw = JSON.parse(keyText);
  } catch {
    throw new AppError('VALIDATION', '下级教育局公钥文件无法解析，请选择完整的文件', [{ path: 'keyText', message: '不是有效的公钥文件' }]);
  }
  const parsed = bureauKeyFileSchema.safeParse(raw);
  if (!parsed.success || keyFingerprint(parsed.data.publicKey) !== parsed.data.fingerprint)
    throw new AppError('VALIDATION', '下级教育局公钥文件内容不完整或指纹不符', [{ path: 'keyText', message: '公钥文件无效' }]);
  const f = parsed.data;
  const here = await bureauPlace(ctx.db);
  if (BUREAU_LEVELS.indexOf(f.level) >= BUREAU_LEVELS.indexOf(here.level) || !areaWithin(f.area, here.area))
    throw new AppError(
      'VALIDATION',
      `${f.name}（${BUREAU_LEVEL_LABELS[f.level]}，${f.area}）不是本局（${BUREAU_LEVEL_LABELS[here.level]}${here.area ? `，${here.area}` : ''}）的下级`,
      [{ path: 'keyText', message: '不是本局辖区内的下级教育局' }],
    );
  if (f.area.length !== AREA_LENGTH[f.level]) throw new AppError('VALIDATION', '公钥文件的层级与地区代码不符');
  const existing = (await ctx.db('bureau_bureaus').where({ area: f.area }).first()) as { public_key: string } | undefined;
  if (existing && existing.public_key !== f.publicKey)
    throw new AppError('CONFLICT', `地区 ${f.area} 已登记了另一把公钥；更换密钥须先核实该局身份`);
  if (!existing)
    await ctx.db.transaction(async (trx) => {
      await trx('bureau_bureaus').insert({
        area: f.area,
        level: f.level,
        name: f.name,
        public_key: f.publicKey,
        registered_at: ctx.now.toISOString(),
      });
      await appendAudit(trx, actor(ctx), 'bureau.registerBureau', { type: 'bureau', id: f.area }, { fingerprint: f.fingerprint }, ctx.now);
    });
  return { area: f.area, name: f.name, level: f.level };
}

/** Builds the forwarded package for a period, to the recipient key of the level above; audited, numbered. */
export async function forwardPeriod(ctx: ServiceContext, period: string, recipient: string) {
  const place = await bureauPlace(ctx.db);
  if (!place.area) throw new AppError('STATE', '本局还没有设置所辖地区代码，不能向上报送');
  if (place.level === 'province') throw new AppError('STATE', '省级没有上级可报送');
  await refreshStatistics(ctx.db);
  const known = new Map((await knownSchools(ctx.db)).map((s) => [s.school_code, s]));
  // The latest package per school as a subquery (a prefecture forwards thousands of schools: no list of ids).
  const latestIds = () => latestPackageIds(ctx.db, period);
  const latest = (await ctx
    .db('bureau_packages as p')
    .join('bureau_schools as s', 's.school_code', 'p.school_code')
    .whereIn('p.id', latestIds())
    .select('p.*', 's.school_name', 's.public_key', 's.management_area')) as Array<{
    id: number;
    school_code: string;
    school_name: string;
    public_key: string;
    management_area: string | null;
    sequence: number;
    created_at: string;
    sha256: string;
    due_date: string | null;
    count: number;
  }>;
  const values = (await ctx.db('bureau_values').whereIn('package_id', latestIds()).orderBy(['package_id', 'key'])) as Array<{
    package_id: number;
    as_of: string;
    key: string;
    numerator: number;
    denominator: number;
  }>;
  const tables = (await ctx.db('bureau_statistics').whereIn('package_id', latestIds())) as Array<{
    package_id: number;
    template_id: string;
    as_of: string;
    sha256: string;
    table_json: string;
  }>;
  const group = <T extends { package_id: number }>(rows: T[]) => {
    const m = new Map<number, T[]>();
    for (const r of rows) {
      const list = m.get(r.package_id);
      if (list) list.push(r);
      else m.set(r.package_id, [r]);
    }
    return m;
  };
  const valuesOf = group(values);
  const tablesOf = group(tables);
  const schools: ForwardSchool[] = [];
  let unplaced = 0;
  for (const p of latest) {
    const k = known.get(p.school_code);
    if (!k?.county_code || !k.prefecture_code) {
      unplaced++; // a version-1 school not on the list: the level above could not place it
      continue;
    }
    const own = valuesOf.get(p.id) ?? [];
    schools.push({
      ...placeOf(k),
      schoolName: p.school_name,
      publicKey: p.public_key,
      managementArea: p.management_area,
      package: {
        period,
        sequence: p.sequence,
        createdAt: p.created_at,
        sha256: p.sha256,
        dueDate: p.due_date,
        count: p.count,
        values: own.length
          ? { asOf: own[0].as_of, values: own.map((v) => ({ key: v.key, numerator: v.numerator, denominator: v.denominator })) }
          : null,
        statistics: (tablesOf.get(p.id) ?? []).map((t) =>
          filingStatisticsSchema.parse({ templateId: t.template_id, asOf: t.as_of, sha256: t.sha256, table: JSON.parse(t.table_json) }),
        ),
      },
    });
  }
  // Schools on this bureau's list (or with a key) that have not filed: the level above must see them missing.
  const filed = new Set(latest.map((p) => p.school_code));
  const unfiled = [...known.values()].filter((k) => !filed.has(k.school_code) && k.county_code && k.prefecture_code).map(placeOf);
  const last = (await ctx.db('bureau_forwards_out').max({ m: 'sequence' }).first()) as { m: number | null } | undefined;
  const sequence = (last?.m ?? 0) + 1;
  const createdAt = ctx.now.toISOString();
  const keyStudents = schools.reduce(
    (n, s) => n + (s.package.values?.values.find((v) => v.key === 'students.key')?.numerator ?? s.package.count),
    0,
  );
  let bytes: Buffer;
  try {
    bytes = await buildForwardPackage({
      header: {
        fromArea: place.area,
        fromLevel: place.level,
        fromName: (await getSetting<string>(ctx.db, SETTING.bureauName)) ?? '',
        period,
        sequence,
        createdAt,
      },
      schools,
      unfiled,
      sums: { schools: known.size, filed: schools.length, keyStudents },
      recipient: recipient.trim(),
      signingKey: (await signingKey(ctx)).privateKey,
    });
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('VALIDATION', '上级教育局公钥无效，请核对后重新选择', [{ path: 'recipient', message: '公钥无效' }]);
  }
  await ctx.db.transaction(async (trx) => {
    await trx('bureau_forwards_out').insert({
      period,
      sequence,
      created_at: createdAt,
      sha256: sha256Hex(bytes),
      to_recipient: recipient.trim(),
      schools: schools.length,
    });
    await appendAudit(trx, actor(ctx), 'bureau.forward', {}, { period, sequence, schools: schools.length, unplaced }, ctx.now);
  });
  return {
    ...asFile(`上报汇总包-${place.area}-${period}-第${sequence}号.cdfile`, bytes),
    schools: schools.length,
    unplaced,
    sequence,
  };
}

export interface ForwardOutcome {
  status: 'accepted' | 'unchanged';
  fromArea: string;
  period: string;
  sequence: number;
  schools: number;
}

/** Imports a lower bureau's forwarded package (or in a dry run checks it all the way and writes nothing). */
export async function importForward(ctx: ServiceContext, bytes: Buffer, opts: { dryRun?: boolean } = {}): Promise<ForwardOutcome> {
  const p = parseForwardPackage(bytes);
  const h = p.header;
  const from = (await ctx.db('bureau_bureaus').where({ area: h.fromArea }).first()) as { public_key: string } | undefined;
  if (!from) throw new AppError('PACKAGE', `上报汇总包来自未登记的下级教育局（${h.fromArea}），请先登记该局公钥`);
  if (!verifyEnvelope(p, from.public_key)) throw new AppError('PACKAGE', '上报汇总包签名校验失败：文件被改动，或不是该局签发的');
  const digest = sha256Hex(bytes);
  const outcome = { fromArea: h.fromArea, period: h.period, sequence: h.sequence };
  const same = (await ctx.db('bureau_forwards_in').where({ sha256: digest }).first('schools')) as { schools: number } | undefined;
  if (same) return { status: 'unchanged', ...outcome, schools: same.schools };
  const last = (await ctx.db('bureau_forwards_in').where({ from_area: h.fromArea }).max({ m: 'sequence' }).first()) as { m: number | null };
  if (last?.m != null && h.sequence <= last.m)
    throw new AppError('PACKAGE', `上报汇总包序号 ${h.sequence} 不晚于已导入的第 ${last.m} 号：可能是重放或旧包，已拒绝`);
  const payload = await decryptForwardPayload(p, (await identity(ctx)).identity);
  for (const s of [...payload.schools, ...payload.unfiled]) {
    if (!areaWithin(s.countyCode, h.fromArea))
      throw new AppError('PACKAGE', `上报汇总包中的学校 ${s.schoolCode}（${s.countyCode}）不在 ${h.fromArea} 辖区内，已拒绝整个包`);
  }
  for (const s of payload.schools)
    if (s.package.period !== h.period) throw new AppError('PACKAGE', `上报汇总包中学校 ${s.schoolCode} 的期次与包不符，已拒绝`);
  const keys = new Map(
    ((await ctx.db('bureau_schools').select('school_code', 'public_key')) as Array<{ school_code: string; public_key: string }>).map(
      (r) => [r.school_code, r.public_key],
    ),
  );
  for (const s of payload.schools)
    if (keys.has(s.schoolCode) && keys.get(s.schoolCode) !== s.publicKey)
      throw new AppError('PACKAGE', `学校 ${s.schoolCode} 在本局登记的公钥与上报汇总包中的不同：须先核实该校身份，已拒绝整个包`);
  const result: ForwardOutcome = { status: 'accepted', ...outcome, schools: payload.schools.length };
  if (opts.dryRun) return result;
  await ctx.db.transaction(async (trx) => {
    await trx('bureau_forwards_in').insert({
      from_area: h.fromArea,
      period: h.period,
      sequence: h.sequence,
      created_at: h.createdAt,
      sha256: digest,
      imported_at: ctx.now.toISOString(),
      schools: payload.schools.length,
    });
    for (const s of payload.schools) {
      const place = {
        prefecture_code: s.prefectureCode,
        county_code: s.countyCode,
        management_area: s.managementArea,
        stages: JSON.stringify(s.stages),
      };
      if (keys.has(s.schoolCode)) await trx('bureau_schools').where({ school_code: s.schoolCode }).update(place);
      else
        await trx('bureau_schools').insert({
          school_code: s.schoolCode,
          school_name: s.schoolName,
          public_key: s.publicKey,
          registered_at: ctx.now.toISOString(),
          ...place,
        });
      // The same school package forwarded again (a later forward of the period) is already here.
      const pkg = s.package;
      const have = await trx('bureau_packages')
        .where({ sha256: pkg.sha256 })
        .orWhere({ school_code: s.schoolCode, sequence: pkg.sequence })
        .first('id');
      if (have) continue;
      const pkgId = await insertedId(
        trx('bureau_packages').insert({
          school_code: s.schoolCode,
          period: pkg.period,
          sequence: pkg.sequence,
          created_at: pkg.createdAt,
          imported_at: ctx.now.toISOString(),
          sha256: pkg.sha256,
          count: pkg.count,
          due_date: pkg.dueDate,
          via_area: h.fromArea,
        }),
      );
      await storeValueSets(trx, Number(pkgId), s.schoolCode, pkg.period, pkg);
    }
    // Every school the lower bureau expects joins this bureau's list (a school already on it keeps its row), so a
    // school that has not filed counts as missing here too.
    const listed = [...payload.schools, ...payload.unfiled].map((s) => ({
      school_code: s.schoolCode,
      school_name: s.schoolName,
      prefecture_code: s.prefectureCode,
      county_code: s.countyCode,
      stages: JSON.stringify(s.stages),
      contact_name: s.contactName,
      contact_phone: s.contactPhone,
      updated_at: ctx.now.toISOString(),
    }));
    for (let i = 0; i < listed.length; i += 200)
      await trx('bureau_registry')
        .insert(listed.slice(i, i + 200))
        .onConflict('school_code')
        .ignore();
    await appendAudit(
      trx,
      actor(ctx),
      'bureau.importForward',
      { type: 'bureau', id: h.fromArea },
      { period: h.period, sequence: h.sequence, schools: payload.schools.length },
      ctx.now,
    );
  });
  await refreshStatistics(ctx.db);
  return result;
}

/** The lower bureaus registered here and what each last forwarded. */
export async function lowerBureaus(ctx: ServiceContext) {
  const rows = (await ctx.db('bureau_bureaus').orderBy('area')) as Array<{
    area: string;
    level: BureauLevel;
    name: string;
    registered_at: string;
  }>;
  const last = new Map(
    (
      (await ctx.db('bureau_forwards_in').groupBy('from_area').select('from_area').max({ id: 'id' })) as Array<{
        from_area: string;
        id: number;
      }>
    ).map((r) => [r.from_area, r.id]),
  );
  const ids = [...last.values()];
  const forwards = new Map(
    (
      (await ctx.db('bureau_forwards_in').whereIn('id', ids)) as Array<{
        from_area: string;
        period: string;
        sequence: number;
        imported_at: string;
        schools: number;
      }>
    ).map((f) => [f.from_area, f]),
  );
  return rows.map((r) => {
    const f = forwards.get(r.area);
    return {
      area: r.area,
      level: r.level,
      name: r.name,
      registeredOn: todayIso(new Date(r.registered_at)),
      lastPeriod: f ? periodLabel(f.period) : null,
      lastSequence: f?.sequence ?? null,
      lastSchools: f?.schools ?? 0,
    };
  });
}
