/**
 * School side of filing (I6 备案): builds the package from the confirmed key-care list, marks the cases as
 * filed with which package, and audits the export — all in one transaction, so a failed export changes nothing.
 */
import crypto from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { In } from '../../../shared/contract/index';
import { ON_LIST_STATES, type Category, type Gender, type Stage } from '../../../shared/domain/enums';
import type { SchoolProfile } from '../../../shared/contract/schemas';
import {
  buildFilingPackage,
  keyFingerprint,
  sha256Hex,
  type FilingEntry,
  type SchoolKeyFile,
  type SchoolSigningKey,
} from '../io/filingPackage';
import { faultPoint } from '../faults';
import { appendAudit, auditHashAt, auditHead } from './audit';
import type { filingContract } from '../../../shared/contract/filing';
import { actor, asFile, type Handlers, type ServiceContext } from './context';
import { addEvent } from './timeline';
import { pendingSubmissions } from './statistics';
import { schoolValueSet } from './filingValues';
import { filingDueDate, periodLabel, recentPeriods } from '../../../shared/domain/calendar';
import { getSetting, SETTING, setSetting } from './settings';
import { fingerprintWords } from '../io/fingerprint';
import { todayIso } from '../../../shared/domain/dates';

async function schoolKeys(ctx: ServiceContext): Promise<{ profile: SchoolProfile; key: SchoolSigningKey }> {
  const profile = await getSetting<SchoolProfile>(ctx.db, SETTING.schoolProfile);
  const key = await getSetting<SchoolSigningKey>(ctx.db, SETTING.schoolSigningKey);
  if (!profile || !key) throw new AppError('STATE', '学校信息或签名密钥缺失');
  return { profile, key };
}

export async function schoolPublicKeyFile(ctx: ServiceContext): Promise<SchoolKeyFile> {
  const { profile, key } = await schoolKeys(ctx);
  return {
    format: 'caredesk-school-key',
    version: 1,
    schoolCode: profile.schoolCode,
    schoolName: profile.schoolName,
    publicKey: key.publicKey,
    fingerprint: keyFingerprint(key.publicKey),
  };
}

export async function exportFiling(
  ctx: ServiceContext,
  input: In<'filing.export'>,
): Promise<{ fileName: string; bytes: Buffer; count: number; sequence: number }> {
  const { profile, key } = await schoolKeys(ctx);
  const rows = (await ctx
    .db('cases as c')
    .join('students as s', 's.id', 'c.student_id')
    .whereIn('c.state', ON_LIST_STATES)
    .select(
      'c.id as case_id',
      'c.state',
      's.id as student_id',
      's.name',
      's.gender',
      's.stage',
      's.grade',
      'c.care_content',
      'c.confirmed_at',
    )
    .orderBy('c.id')) as Array<{
    case_id: number;
    state: string;
    student_id: number;
    name: string;
    gender: Gender;
    stage: Stage;
    grade: string;
    care_content: string;
    confirmed_at: string;
  }>;
  const cats = (await ctx.db('student_categories').select('student_id', 'category')) as Array<{ student_id: number; category: Category }>;
  const entries: FilingEntry[] = rows.map((r) => ({
    studentRef: crypto
      .createHmac('sha256', Buffer.from(key.refSecret, 'base64'))
      .update(`${profile.schoolCode}:${r.student_id}`)
      .digest('hex')
      .slice(0, 32),
    name: r.name,
    gender: r.gender,
    stage: r.stage,
    grade: r.grade,
    categories: cats
      .filter((c) => c.student_id === r.student_id)
      .map((c) => c.category)
      .sort(),
    careContent: r.care_content,
    confirmedAt: r.confirmed_at,
  }));
  // Periods never go backwards: a package for an earlier period than the latest filed one is only a 更正, said so
  // explicitly, and it replaces that period at the bureau without moving the students' latest filing.
  const latest = (await ctx.db('filing_packages').max({ p: 'period' }).first()) as { p: string | null };
  const earlier = latest?.p != null && input.period < latest.p;
  if (earlier && !input.correction) {
    throw new AppError(
      'VALIDATION',
      `已报送到 ${periodLabel(latest.p!)}，不能再报送更早的 ${periodLabel(input.period)}；如需更正以前的期次，请选择“更正”`,
      [{ path: 'period', message: `早于已报送的 ${periodLabel(latest.p!)}` }],
    );
  }
  if (input.correction && !(await ctx.db('filing_packages').where({ period: input.period }).first())) {
    throw new AppError('VALIDATION', `${periodLabel(input.period)} 还没有报送过，不能作为更正报送`, [
      { path: 'period', message: '该期次没有可更正的报送' },
    ]);
  }
  const last = (await ctx.db('filing_packages').max({ m: 'sequence' }).first()) as { m: number | null };
  const sequence = (last?.m ?? 0) + 1;
  const createdAt = ctx.now.toISOString();
  // The audit chain head goes with every package; with it, the hash the chain has now at the count reported last
  // time, so the bureau can tell whether this chain still extends the one it saw.
  const head = await auditHead(ctx.db);
  const prevPkg = (await ctx.db('filing_packages').whereNotNull('audit_count').orderBy('sequence', 'desc').first('audit_count')) as
    | { audit_count: number }
    | undefined;
  const audit = {
    count: head.count,
    head: head.hash,
    previous: prevPkg ? { count: prevPkg.audit_count, hash: await auditHashAt(ctx.db, prevPkg.audit_count) } : null,
  };
  // Statistics tables submitted since the last package travel with this one (S3).
  const statistics = await pendingSubmissions(ctx.db);
  const stored = await getSetting<{ keyText: string; savedAt: string }>(ctx.db, BUREAU_KEY);
  const bureauKey = input.bureauKey ?? stored?.keyText;
  if (!bureauKey) throw new AppError('VALIDATION', '请先导入教育局公钥文件', [{ path: 'bureauKey', message: '尚未导入教育局公钥' }]);
  let bytes: Buffer;
  try {
    bytes = await buildFilingPackage({
      header: {
        schoolCode: profile.schoolCode,
        schoolName: profile.schoolName,
        period: input.period,
        sequence,
        createdAt,
        ...(input.correction ? { correction: true } : {}),
        // Where the school is, so the bureau groups schools by county and prefecture (issue 14).
        ...(profile.prefectureCode && profile.countyCode
          ? {
              area: {
                prefecture: profile.prefectureCode,
                county: profile.countyCode,
                ...(profile.managementArea ? { management: profile.managementArea } : {}),
              },
            }
          : {}),
        stages: profile.stages,
        dueDate: filingDueDate(input.period),
      },
      entries,
      audit,
      statistics: statistics.map((x) => ({ templateId: x.template_id, asOf: x.as_of, sha256: x.sha256, table: JSON.parse(x.table_json) })),
      values: await schoolValueSet(ctx),
      bureauRecipient: bureauKey,
      signingKey: key,
    });
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('VALIDATION', '教育局公钥无效，请核对后重新粘贴', [{ path: 'bureauKey', message: '公钥无效' }]);
  }
  await ctx.db.transaction(async (trx) => {
    const [pkgId] = await trx('filing_packages').insert({
      period: input.period,
      sequence,
      created_at: createdAt,
      created_by: ctx.user.id,
      count: entries.length,
      sha256: sha256Hex(bytes),
      audit_count: head.count,
      audit_head: head.hash,
    });
    if (statistics.length)
      await trx('statistics_submissions')
        .whereIn(
          'id',
          statistics.map((x) => x.id),
        )
        .update({ package_id: Number(pkgId) });
    for (const r of rows) {
      // A correction of an earlier period leaves cases already filed with a later package as they are.
      if (input.correction && r.state === 'filed') continue;
      await trx('cases')
        .where({ id: r.case_id })
        .update({ state: 'filed', filed_package_id: Number(pkgId) });
      if (r.state !== 'filed') {
        await addEvent(trx, {
          studentId: r.student_id,
          caseId: r.case_id,
          at: createdAt,
          kind: 'filing',
          actorId: ctx.user.id,
          title: `报上级备案（${input.period} 第${sequence}号）`,
        });
      }
    }
    faultPoint('filing.export');
    await appendAudit(
      trx,
      actor(ctx),
      'filing.export',
      { type: 'filingPackage', id: Number(pkgId) },
      { period: input.period, sequence, count: entries.length },
      ctx.now,
    );
  });
  await ctx.workspace.anchorAudit();
  return { fileName: `备案包-${profile.schoolCode}-${input.period}-${sequence}.cdfile`, bytes, count: entries.length, sequence };
}

const BUREAU_KEY = 'filing.bureauKey';

/** The key file, the periods with their due dates (30 June, 15 December) and what has been filed, for a person. */
async function filingStatus(ctx: ServiceContext) {
  const stored = await getSetting<{ keyText: string; savedAt: string }>(ctx.db, BUREAU_KEY);
  const school = await schoolPublicKeyFile(ctx);
  const packages = (await ctx
    .db('filing_packages')
    .orderBy('sequence', 'desc')
    .select('sequence', 'period', 'created_at', 'count')) as Array<{
    sequence: number;
    period: string;
    created_at: string;
    count: number;
  }>;
  const filed = new Set(packages.map((p) => p.period));
  // This half-year and the one before (late filing), newest first; never a period that has not begun.
  const [current, previous] = recentPeriods(todayIso(ctx.now));
  return {
    bureauKey: stored ? { fingerprint: fingerprintWords(stored.keyText), savedAt: stored.savedAt } : null,
    schoolFingerprint: fingerprintWords(school.publicKey),
    periods: [current, previous].map((p) => ({ period: p, label: periodLabel(p), due: filingDueDate(p), filed: filed.has(p) })),
    packages: packages.map((p) => ({
      sequence: p.sequence,
      period: p.period,
      label: periodLabel(p.period),
      at: p.created_at,
      count: p.count,
    })),
  };
}

async function setBureauKey(ctx: ServiceContext, keyText: string) {
  await ctx.db.transaction(async (trx) => {
    await setSetting(trx, BUREAU_KEY, { keyText, savedAt: ctx.now.toISOString() });
    await appendAudit(trx, actor(ctx), 'filing.setBureauKey', { type: 'settings' }, { fingerprint: fingerprintWords(keyText) }, ctx.now);
  });
  return { fingerprint: fingerprintWords(keyText) };
}

export const filingHandlers: Handlers<typeof filingContract> = {
  'filing.status': filingStatus,
  'filing.setBureauKey': (ctx, i) => setBureauKey(ctx, i.keyText),
  'filing.schoolKey': async (ctx) => ({ keyText: JSON.stringify(await schoolPublicKeyFile(ctx), null, 2) }),
  'filing.export': async (ctx, i) => {
    const r = await exportFiling(ctx, i);
    return { ...asFile(r.fileName, r.bytes), count: r.count, sequence: r.sequence };
  },
};
