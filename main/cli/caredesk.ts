/**
 * The caredesk command: the same services as the app, for scripting, batch import at the bureau and benchmarks.
 * Passwords come only from CAREDESK_PASSWORD (user from CAREDESK_USER), never from arguments, which other
 * users can read in the process list. Any failure exits non-zero with one Chinese-and-English line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CoreApp } from '../core/app';
import { createRouter } from '../ipc/router';
import { AppError, type ErrorCode } from '../../shared/errors';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract/index';
import { ON_LIST_STATES, STAGES, type Stage } from '../../shared/domain/enums';
import { faultPoint } from '../core/faults';
import { restoreBackup } from '../core/store/backup';
import { parseFilingHeaderOnly } from '../core/io/filingPackage';
import { parseForwardHeaderOnly } from '../core/io/forwardPackage';
import { FILER_STATUS_LABELS } from '../../shared/domain/filers';
import type { BureauLevel } from '../../shared/domain/bureauLevels';
import {
  REGION_RULE_SPECS,
  REGION_WARNING_STATE_LABELS,
  SUMMARY_LEVEL_LABELS,
  SUMMARY_LEVELS,
  type SummaryLevel,
} from '../../shared/domain/regionWarnings';
import { seedSchool } from '../core/seed/seed';
import { seedCareHistory } from '../core/seed/careSeed';
import { seedEmploymentAid } from '../core/seed/employmentSeed';
import { seedIndicators } from '../core/seed/indicatorSeed';
import { getSetting, SETTING } from '../core/services/settings';
import type { SchoolProfile } from '../../shared/contract/schemas';
import { addDays, filingDueDate } from '../../shared/domain/calendar';
import { todayIso } from '../../shared/domain/dates';

const ENGLISH: Record<ErrorCode, string> = {
  VALIDATION: 'invalid input',
  UNAUTHENTICATED: 'not logged in',
  SESSION_EXPIRED: 'session locked',
  FORBIDDEN: 'not allowed for this role',
  WRONG_PASSWORD: 'wrong user name or password',
  ACCOUNT_LOCKED: 'account locked',
  NOT_FOUND: 'not found',
  CONFLICT: 'conflict',
  STATE: 'not possible in the current state',
  STORE: 'store error',
  PACKAGE: 'invalid filing package',
  UNKNOWN_METHOD: 'unknown method',
  INTERNAL: 'internal error',
};

class Usage extends Error {}

const TWO_WORD_COMMANDS = new Set([
  'accounts',
  'students',
  'cases',
  'import',
  'report',
  'school',
  'export',
  'bureau',
  'pairs',
  'jobs',
  'aid',
  'year',
  'audit',
  'warnings',
]);

/** Switches that never take a value: the word after one is an argument (`--dry-run folder/`), not its value. */
const SWITCHES = new Set(['json', 'preview', 'dry-run', 'help', 'not-duplicate']);

function parseArgs(argv: string[]): { positional: string[]; flags: Record<string, string | true> } {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const next = argv[i + 1];
      if (!SWITCHES.has(a.slice(2)) && next !== undefined && !next.startsWith('--')) {
        flags[a.slice(2)] = next;
        i++;
      } else flags[a.slice(2)] = true;
    } else positional.push(a);
  }
  return { positional, flags };
}

function need(flags: Record<string, string | true>, name: string): string {
  const v = flags[name];
  if (typeof v !== 'string' || !v) throw new Usage(`缺少参数 --${name} / missing --${name}`);
  return v;
}
function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Usage(`请设置环境变量 ${name} / set ${name}`);
  return v;
}

class Cli {
  readonly app: CoreApp;
  private readonly router;
  private session?: string;
  constructor(dataDir: string) {
    this.app = new CoreApp({ dataDir });
    this.router = createRouter(this.app);
  }
  async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    const r = await this.router.call(method, input, this.session);
    if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.issues);
    return r.data as MethodOutput<M>;
  }
  async login(): Promise<void> {
    const r = await this.call('auth.login', { username: process.env.CAREDESK_USER ?? 'admin', password: env('CAREDESK_PASSWORD') });
    this.session = r.session;
  }
  async me(): Promise<number> {
    const s = await this.call('app.status', {});
    if (!s.user) throw new AppError('UNAUTHENTICATED', '请先登录');
    return s.user.id;
  }
  async close(): Promise<void> {
    if (this.session) await this.call('auth.logout', {});
    await this.app.close();
  }
}

const print = (s: string) => process.stdout.write(`${s}\n`);
const json = (v: unknown) => print(JSON.stringify(v, null, 2));
const writeOut = (file: string, data: Buffer | string) => {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, data, { mode: 0o600 });
};

const HELP = `caredesk — 助学关爱工作台命令行（密码取自 CAREDESK_PASSWORD，用户取自 CAREDESK_USER）
  caredesk init --data DIR --school-code CODE --school-name NAME --admin USER [--admin-name 姓名] [--stages junior,senior] [--prefecture 6101] [--county 610113] [--area 6101]
  caredesk seed --data DIR --students N [--seed S] [--care-days 60] [--care-until 昨天]   (含关爱记录：联系、结对、台账、工单；考勤、成绩与预警；并建立演示教职工账户，初始密码同 CAREDESK_PASSWORD)
  caredesk compliance --data DIR --month YYYY-MM [--json]
  caredesk pairs suggest --data DIR --student ID [--subjects 数学,英语] [--json]
  caredesk jobs recommend --data DIR --student ID [--limit 20] [--json]   (按匹配度排序的岗位、分数与理由；不写入)
  caredesk aid gaps --data DIR [--json]
  caredesk students list --data DIR [--json]
  caredesk students update --data DIR --student ID --set 字段=值 [--set …] [--reason 原因] [--since YYYY-MM-DD] [--json]
      (字段：name idNumber studentNo ethnicity stage grade className boarding leftBehind householdAddress currentAddress
       disabilityType categories riskFactors；多值用逗号分隔；姓名、身份证号、学籍号须 --reason)
  caredesk students history --data DIR --student ID [--json]
  caredesk students archive --data DIR --out FILE.cdarchive [--years 3] [--preview] [--json]   (离校满 N 年的档案先写入加密归档文件再移除；仅资助管理员)
  caredesk audit list --data DIR [--since YYYY-MM-DD] [--action 操作代码] [--json]   (督查与资助管理员；查看记入审计日志)
  caredesk screening --data DIR [--json]   (一个都不少：从未申请、待决定、批准未落实)
  caredesk year rollover --data DIR --to 2027-2028 [--date YYYY-MM-DD] [--preview] [--backup-out FILE] [--json]   (学年升级；先备份，再在一个事务中升级)
  caredesk cases list --data DIR [--json]
  caredesk import aid-list --data DIR FILE.xlsx [--preview] [--json]
  caredesk import roster --data DIR FILE.xlsx [--preview] [--json]   (学籍系统“在校生信息”导出；逐行预览，名册中没有的学生只列出、不删除)
  caredesk import attendance --data DIR FILE.xlsx [--preview] [--json]   (月度考勤：姓名、班级或学籍号、月份、应到、缺勤、无故缺勤；有错行则不写入)
  caredesk import grades --data DIR FILE.xlsx [--preview] [--json]   (考试成绩：每名学生一行、每科一列，含考试名称、考试日期)
  caredesk warnings run --data DIR [--date YYYY-MM-DD] [--json]   (按预警规则核对指标；列出未办结的预警、证据、转交对象与时限)
  caredesk report statistics --data DIR --as-of 2026-12-15 [--out FILE.xlsx] [--phone 电话] [--json]   (统计表 S3；校验不通过时退出码非零、不导出)
  caredesk report annual --data DIR --year 2026 --out FILE.pdf [--version N]   (年度工作总结 S3 附件2：最新版本，未保存则为自动草稿；A4，含图表)
  caredesk report case-file --data DIR --student ID --out FILE.pdf
  caredesk school key --data DIR --out FILE
  caredesk export filing --data DIR --period 2025H2 --to BUREAU_KEY_FILE --out FILE
  caredesk bureau init --data DIR --name NAME [--level county|prefecture|province --area 610113|6101|61] [--admin USER]
  caredesk bureau key --data DIR --out FILE
  caredesk bureau register-school --data DIR --key FILE | KEY_FILE_OR_FOLDER...
  caredesk bureau signing-key --data DIR --out FILE   (县、市教育局发给上级一次)
  caredesk bureau register-bureau --data DIR --key FILE   (登记下级教育局)
  caredesk bureau forward --data DIR --period 2026H2 --to 上级公钥文件 --out FILE [--json]   (上报汇总包：只有汇总数据)
  caredesk bureau import --data DIR FILE_OR_FOLDER... [--dry-run] [--json]   (文件夹内的 .cdfile 按学校、序号依次导入；已导入过的不作改动)
  caredesk bureau register-schools --data DIR 学校名单.xlsx [--dry-run] [--json]   (有错行则全部不写入)
  caredesk bureau filers --data DIR [--period 2026H2] [--json] [--out 催报名单.xlsx]   (按时、逾期、未报，按县计数)
  caredesk bureau statistics --data DIR [--as-of 2026-12-15] [--area 610113|6101|61] [--out 汇总表.xlsx|汇总表.pdf] [--json]   (各校统计表相加)
  caredesk bureau summary --data DIR [--by province|prefecture|county|school] [--period 2026H2] [--area 代码] [--json]   (地区汇总与近几期趋势)
  caredesk bureau late --data DIR [--period 2026H2] [--json]   (逾期未报、逾期报送的学校)
  caredesk bureau warnings --data DIR --period 2026H2 [--json] [--notice 学校或县代码 --out 预警通知.pdf]   (区域预警，G1)
  caredesk bureau report statistics --data DIR --period 2026H2 [--area 代码] [--out 汇总表.xlsx] [--json]
  caredesk backup --data DIR --out FILE
  caredesk accounts disable --data DIR --username NAME   (停用账户并为数据库更换密钥)
  caredesk accounts reset-password --data DIR --username NAME   (新密码取自 CAREDESK_NEW_PASSWORD；并更换密钥)
  caredesk restore --data DIR FILE [--reenable 用户名,…]   (仅资助管理员；备份后停用的账户默认保持停用)
  caredesk recover --data DIR --user USER   (恢复码取自 CAREDESK_RECOVERY_CODE，新密码取自 CAREDESK_PASSWORD)`;

/**
 * Demo staff for the seeded care history: a principal, a counsellor, two tutors and head teachers for the six
 * classes with the most key students. Their first password is CAREDESK_PASSWORD and must be changed at first login.
 */
async function seedStaff(
  cli: Cli,
): Promise<{ headTeacherOfClass: Record<string, number>; principal: number; counsellor: number; tutors: number[] }> {
  const password = env('CAREDESK_PASSWORD');
  const existing = await cli.call('accounts.staff', {});
  const ensure = async (
    username: string,
    displayName: string,
    role: 'principal' | 'counsellor' | 'tutor' | 'headTeacher',
    classes: string[] = [],
  ) => {
    const found = existing.find((s) => s.displayName === displayName);
    if (found) return found.id;
    return (await cli.call('accounts.create', { username, displayName, password, role, classes })).id;
  };
  const keyCases = await cli.call('cases.list', { states: [...ON_LIST_STATES] });
  const perClass = new Map<string, number>();
  for (const c of keyCases) perClass.set(c.className, (perClass.get(c.className) ?? 0) + 1);
  // The classes with the most key students first (then by name), so the demo head teachers have work to do.
  const classes = [...perClass.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 6)
    .map(([c]) => c);
  const headTeacherOfClass: Record<string, number> = {};
  for (const [i, c] of classes.entries()) headTeacherOfClass[c] = await ensure(`bzr${i + 1}`, `班主任${i + 1}`, 'headTeacher', [c]);
  return {
    headTeacherOfClass,
    principal: await ensure('xiaozhang', '陈校长', 'principal'),
    counsellor: await ensure('xinli', '心理老师', 'counsellor'),
    tutors: [await ensure('daoshi1', '导师一', 'tutor'), await ensure('daoshi2', '导师二', 'tutor')],
  };
}

/** An import through the one protocol: send the file by path, preview as a job, then (unless --preview) commit. */
async function runImport(cli: Cli, kind: 'aidList' | 'roster' | 'attendance' | 'grades', file: string | undefined, previewOnly: boolean) {
  if (!file) throw new Usage('请给出要导入的 xlsx 文件 / give the xlsx file');
  await cli.login();
  // The file goes to the core by path (its size checked first), not as base64.
  const sent = await cli.call('files.pick', { purpose: 'import', path: path.resolve(file) });
  const { jobId } = await cli.call('imports.preview', { kind, fileRef: sent.fileRef });
  const me = await cli.me();
  let job = await cli.app.jobs.wait(jobId, me);
  if (job.state !== 'done') throw new AppError(job.error?.code ?? 'STATE', job.error?.message ?? '预览未完成');
  const preview = await cli.call('imports.result', { jobId });
  let counts: Record<string, unknown> = preview.counts;
  if (!previewOnly) {
    const commit = await cli.call('imports.commit', { jobId });
    job = await cli.app.jobs.wait(commit.jobId, me);
    if (job.state !== 'done') throw new AppError(job.error?.code ?? 'STATE', job.error?.message ?? '导入未完成，未写入任何数据');
    const status = await cli.call('jobs.status', { jobId: commit.jobId });
    counts = { ...preview.counts, batchId: status.result?.batchId ?? null };
  }
  return { preview, counts };
}

/**
 * The package files named on the command line, folders opened (their .cdfile files, not sub-folders), in the order
 * they must be imported: per school by sequence number, read from each readable header; unreadable files last (they
 * are refused with their reason).
 */
function packagesInOrder(targets: string[]): string[] {
  const files: string[] = [];
  for (const t of targets) {
    const full = path.resolve(t);
    if (fs.existsSync(full) && fs.statSync(full).isDirectory()) {
      for (const f of fs.readdirSync(full).sort()) if (f.endsWith('.cdfile')) files.push(path.join(full, f));
    } else files.push(full);
  }
  const key = (f: string) => {
    const h = peekPackageHeader(f);
    return h ? `0|${h.schoolCode}|${String(h.sequence).padStart(9, '0')}` : `1|${f}`;
  };
  return files
    .map((f) => ({ f, k: key(f) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
    .map((x) => x.f);
}

/**
 * The readable header of a package file — a school's (its code) or a bureau's forwarded one ("bureau:" and its
 * area) — or null when it is not one (the import then says why).
 */
function peekPackageHeader(file: string): { schoolCode: string; period: string; sequence: number } | null {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(64 * 1024);
      const n = fs.readSync(fd, head, 0, head.length, 0);
      const school = parseFilingHeaderOnly(head.subarray(0, n));
      if (school) return school;
      const fwd = parseForwardHeaderOnly(head.subarray(0, n));
      return fwd ? { schoolCode: `bureau:${fwd.fromArea}`, period: fwd.period, sequence: fwd.sequence } : null;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return null;
  }
}

const LIST_FIELDS = new Set(['categories', 'riskFactors']);
const BOOLEAN_FIELDS = new Set(['boarding']);

/** `--set field=value`, repeatable (parseArgs keeps only the last flag of a name, so --set is read from argv). */
function parseSet(argv: string[]): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== '--set') continue;
    const pair = argv[i + 1] ?? '';
    const eq = pair.indexOf('=');
    if (eq < 1) throw new Usage(`--set 应写成 字段=值：${pair} / --set takes field=value`);
    const field = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    if (LIST_FIELDS.has(field))
      set[field] = value
        .split(/[,，、]/)
        .map((x) => x.trim())
        .filter(Boolean);
    else if (BOOLEAN_FIELDS.has(field)) set[field] = ['1', 'true', '是', 'yes'].includes(value.trim());
    else set[field] = value;
  }
  if (!Object.keys(set).length) throw new Usage('请用 --set 字段=值 给出要修改的内容 / give --set field=value');
  return set;
}

export async function main(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv);
  const [cmd, sub] = positional;
  if (!cmd || flags.help) {
    print(HELP);
    return cmd ? 0 : 2;
  }
  const cli = new Cli(need(flags, 'data'));
  try {
    // Only these commands take a second word; for the others (restore FILE) the next word is an argument.
    const key = sub && TWO_WORD_COMMANDS.has(cmd) ? `${cmd} ${sub}` : cmd;
    switch (key) {
      case 'init': {
        const admin = need(flags, 'admin');
        const stages = (typeof flags.stages === 'string' ? flags.stages.split(',') : ['junior']) as Stage[];
        if (!stages.every((s) => (STAGES as readonly string[]).includes(s))) throw new Usage(`--stages 取值：${STAGES.join(',')}`);
        const prefecture = typeof flags.prefecture === 'string' ? flags.prefecture : '6101';
        const r = await cli.call('setup.school', {
          profile: {
            schoolName: need(flags, 'school-name'),
            schoolCode: need(flags, 'school-code'),
            stages,
            prefectureCode: prefecture,
            countyCode: typeof flags.county === 'string' ? flags.county : `${prefecture}02`,
            managementArea: typeof flags.area === 'string' ? flags.area : prefecture,
          },
          admin: {
            username: admin,
            displayName: typeof flags['admin-name'] === 'string' ? flags['admin-name'] : admin,
            password: env('CAREDESK_PASSWORD'),
          },
        });
        print('学校工作台已建立（数据库已加密）。School workspace created (encrypted).');
        print(`恢复码（只显示这一次，请打印后妥善保管）/ recovery code (shown once): ${r.recoveryCode}`);
        return 0;
      }
      case 'seed': {
        await cli.login();
        const n = Number(need(flags, 'students'));
        if (!Number.isInteger(n) || n < 1 || n > 200_000) throw new Usage('--students 应为 1–200000 的整数');
        // Demo data goes only into an empty workspace. A seed killed half-way leaves students behind; a second run then
        // stops here with this sentence instead of failing deep inside on a duplicate row.
        const existing = await cli.call('students.list', { pageSize: 5 });
        if (existing.total > 0) {
          throw new AppError(
            'STATE',
            `此工作台已有 ${existing.total} 名学生：seed 只用于新建的空演示工作台（若上次生成被中断，请删除该数据文件夹后重新 init）`,
          );
        }
        const s = await cli.call('accounts.staff', {});
        const me = s.find((x) => x.role === 'admin') ?? s[0];
        const actor = { id: me.id, name: me.displayName, role: me.role };
        const seed = Number(flags.seed ?? 1);
        const profile = await getSetting<SchoolProfile>(cli.app.db(), SETTING.schoolProfile);
        const r = await seedSchool(cli.app.db(), actor, {
          students: n,
          seed,
          stages: profile?.stages.length ? profile.stages : ['junior'],
        });
        print(`已生成 ${r.students} 名学生；个案：${JSON.stringify(r.cases)} / seeded ${r.students} students`);
        faultPoint('seed.midway');
        const careDays = Number(flags['care-days'] ?? 60);
        if (careDays > 0) {
          const staff = await seedStaff(cli);
          const until = typeof flags['care-until'] === 'string' ? flags['care-until'] : addDays(todayIso(new Date()), -1);
          if (!/^\d{4}-\d{2}-\d{2}$/.test(until)) throw new Usage('--care-until 格式应为 YYYY-MM-DD');
          const c = await seedCareHistory(cli.app.db(), actor, { seed, from: addDays(until, 1 - careDays), to: until, staff });
          print(`关爱记录：${JSON.stringify(c)} / care history seeded`);
        }
        const e = await seedEmploymentAid(cli.app.db(), actor, { seed, today: todayIso(new Date()) });
        print(`就业与资助：${JSON.stringify(e)} / employment and aid seeded`);
        const ind = await seedIndicators(cli.app.db(), actor, { seed, today: todayIso(new Date()) });
        const w = await cli.call('warnings.run', {});
        print(`考勤与成绩：${JSON.stringify(ind)}；预警：新增 ${w.raised} 条 / indicators and warnings seeded`);
        return 0;
      }
      case 'compliance': {
        await cli.login();
        const month = need(flags, 'month');
        const r = await cli.call('cadence.compliance', { month });
        const items = r.items.map((i) => ({
          studentId: i.studentId,
          student: i.studentName,
          className: i.className,
          obligation: i.obligation,
          obligationLabel: i.obligationLabel,
          dueDate: i.dueDate,
          status: i.status,
          responsible: i.responsibleName,
          ref: i.ref,
        }));
        if (flags.json) json({ month: r.month, asOf: r.asOf, keyStudents: r.keyStudents, count: items.length, items });
        else {
          print(`${r.month}（截至 ${r.asOf}）：重点关爱学生 ${r.keyStudents} 人，未完成 ${items.length} 项`);
          for (const i of items)
            print(
              `${i.dueDate}\t${i.status === 'overdue' ? '逾期' : '待完成'}\t${i.obligationLabel}\t${i.student}\t${i.className}\t${i.responsible}`,
            );
        }
        return 0;
      }
      case 'pairs suggest': {
        await cli.login();
        const studentId = Number(need(flags, 'student'));
        const subjects = typeof flags.subjects === 'string' ? (flags.subjects.split(',') as Array<'数学'>) : undefined;
        const r = await cli.call('pairs.suggest', { studentId, weakSubjects: subjects });
        if (flags.json) json(r);
        else {
          print(r.rule);
          for (const [i, x] of r.suggestions.entries()) print(`${i + 1}\t${x.name}\t${x.className}\t${x.score}\t${x.reasons.join('；')}`);
        }
        return 0;
      }
      case 'jobs recommend': {
        await cli.login();
        const r = await cli.call('employment.suggest', { studentId: Number(need(flags, 'student')), limit: Number(flags.limit ?? 20) });
        const out = {
          rule: r.rule,
          recommended: r.recommended,
          needed: r.needed,
          notForWork: r.notForWork,
          postings: r.suggestions.map((p) => ({
            id: p.id,
            title: p.title,
            employer: p.employer,
            location: p.location,
            field: p.field,
            deadline: p.deadline,
            score: p.score,
            reasons: p.reasons,
          })),
        };
        if (flags.json) json(out);
        else {
          print(r.notForWork ?? r.rule);
          for (const [i, p] of out.postings.entries())
            print(`${i + 1}\t${p.score}\t${p.title}\t${p.employer}\t${p.deadline}\t${p.reasons.join('；')}`);
        }
        return 0;
      }
      case 'aid gaps': {
        await cli.login();
        const r = await cli.call('aid.gaps', {});
        if (flags.json) json(r);
        else {
          print(`${r.schoolYear} 学年：需关注 ${r.students.length} 人`);
          for (const s of r.students) print(`${s.studentId}\t${s.name}\t${s.className}\t${s.reasons.join('；')}`);
        }
        return 0;
      }
      case 'students list': {
        await cli.login();
        const rows = [];
        for (let page = 1; ; page++) {
          const r = await cli.call('students.list', { page, pageSize: 200 });
          rows.push(...r.rows);
          if (rows.length >= r.total || r.rows.length === 0) break;
        }
        if (flags.json) json(rows);
        else for (const r of rows) print(`${r.id}\t${r.name}\t${r.className}\t${r.idNumberMasked}\t${r.caseState ?? ''}`);
        return 0;
      }
      case 'students update': {
        await cli.login();
        const set = parseSet(argv);
        const r = await cli.call('students.update', {
          id: Number(need(flags, 'student')),
          set,
          reason: typeof flags.reason === 'string' ? flags.reason : '',
          since: typeof flags.since === 'string' ? flags.since : undefined,
          confirmConvertedId: typeof flags['confirm-id'] === 'string' ? flags['confirm-id'] : undefined,
          notDuplicate: !!flags['not-duplicate'],
        });
        if (flags.json) json(r);
        else print(r.changed.length ? `已修改：${r.changed.join('、')}` : '没有需要修改的内容');
        return 0;
      }
      case 'students archive': {
        await cli.login();
        const r = await cli.call('students.archive', {
          preview: !!flags.preview,
          years: typeof flags.years === 'string' ? Number(flags.years) : undefined,
        });
        if (r.file) writeOut(need(flags, 'out'), Buffer.from(r.file.base64, 'base64'));
        if (flags.json) json({ years: r.years, cutoff: r.cutoff, students: r.students, archived: r.archived });
        else {
          for (const s of r.students)
            print(`${s.studentId}\t${s.name}\t${s.className}\t${s.leftAt}${s.blockedBy ? `\t保留（${s.blockedBy}）` : ''}`);
          print(
            r.file
              ? `已归档 ${r.archived} 人，归档文件：${flags.out}`
              : `可归档 ${r.students.filter((s) => !s.blockedBy).length} 人（仅预览）`,
          );
        }
        return 0;
      }
      case 'students history': {
        await cli.login();
        const rows = await cli.call('students.history', { studentId: Number(need(flags, 'student')) });
        if (flags.json) json(rows);
        else for (const r of rows) print(`${r.at}\t${r.actorName}\t${r.fieldLabel}\t${r.from} → ${r.to}\t${r.reason}`);
        return 0;
      }
      case 'audit list': {
        await cli.login();
        const rows = [];
        for (let page = 1; ; page++) {
          const r = await cli.call('audit.list', {
            since: typeof flags.since === 'string' ? flags.since : undefined,
            action: typeof flags.action === 'string' ? flags.action : '',
            page,
            pageSize: 200,
          });
          rows.push(...r.rows);
          if (rows.length >= r.total || r.rows.length === 0) break;
        }
        if (flags.json) json(rows);
        else for (const r of rows) print(`${r.id}\t${r.at}\t${r.actorName}\t${r.actionLabel}\t${r.entityType}\t${r.entityId}\t${r.detail}`);
        return 0;
      }
      case 'screening': {
        await cli.login();
        const r = await cli.call('students.screening', {});
        if (flags.json) json(r);
        else {
          print(`困境学生 ${r.population} 人，其中在重点关爱名单上 ${r.onList} 人`);
          for (const p of r.neverApplied) print(`从未申请\t${p.name}\t${p.className}`);
          for (const p of r.undecided) print(`待决定\t${p.name}\t${p.className}\t${p.days} 天`);
          for (const p of r.notDelivered) print(`批准未落实\t${p.name}\t${p.className}\t${p.missing.join(',')}`);
        }
        return 0;
      }
      case 'year rollover': {
        await cli.login();
        const previewOnly = !!flags.preview;
        const r = await cli.call('year.rollover', {
          toYear: need(flags, 'to'),
          date: typeof flags.date === 'string' ? flags.date : undefined,
          preview: previewOnly,
        });
        let backupFile: string | null = null;
        if (r.backup) {
          // The backup taken just before the rollover: beside the data folder unless --backup-out says where.
          backupFile =
            typeof flags['backup-out'] === 'string'
              ? flags['backup-out']
              : path.resolve(path.dirname(path.resolve(need(flags, 'data'))), r.backup.fileName);
          writeOut(backupFile, Buffer.from(r.backup.base64, 'base64'));
        }
        if (flags.json) json({ ...r.plan, done: r.done, backupFile });
        else {
          for (const m of r.plan.moves) print(`${m.fromGrade} → ${m.toGrade}\t${m.students} 人`);
          for (const g of r.plan.graduating) print(`${g.grade} 毕业\t${g.students} 人`);
          for (const u of r.plan.unknownGrades) print(`未知年级 ${u.grade}\t${u.students} 人（须先更正）`);
          print(
            `待评议退出（毕业）${r.plan.exits.length} 个个案；班主任变化 ${r.plan.staff.length} 人${r.done ? `；已升入 ${r.plan.toYear} 学年，升级前备份：${backupFile}` : '（仅预览，未写入）'}`,
          );
        }
        return 0;
      }
      case 'cases list': {
        await cli.login();
        const rows = await cli.call('cases.list', { states: ['applied', 'reviewed', 'confirmed', 'filed', 'exited', 'rejected'] });
        const out = rows.map((c) => ({
          id: c.id,
          studentId: c.studentId,
          studentName: c.studentName,
          className: c.className,
          state: c.state,
          source: c.source,
        }));
        if (flags.json) json(out);
        else for (const c of out) print(`${c.id}\t${c.studentName}\t${c.state}\t${c.source}`);
        return 0;
      }
      case 'import roster': {
        const { preview, counts } = await runImport(cli, 'roster', positional[2], !!flags.preview);
        const rows = preview.rows.map((r) => ({
          row: r.rowNumber,
          status: r.status,
          reason: r.reason,
          changes: r.fieldChanges ?? [],
          warnings: r.warnings,
        }));
        const missing = (preview.missing ?? []).map((m) => ({ studentId: m.studentId, name: m.name, className: m.className }));
        if (flags.json) json({ preview: !!flags.preview, alreadyImportedAt: preview.alreadyImportedAt, rows, missing, counts });
        else {
          for (const r of rows)
            print(`第 ${r.row} 行\t${r.status}\t${r.reason || r.changes.map((c) => `${c.field}: ${c.from} → ${c.to}`).join('；')}`);
          for (const m of missing) print(`名册中没有：${m.name}（${m.className}）`);
          print(
            `新建 ${preview.counts.new}，更新 ${preview.counts.update}，无变化 ${preview.counts.unchanged}，拒绝 ${preview.counts.rejected}，名册中没有 ${missing.length}${flags.preview ? '（仅预览，未写入）' : ''}`,
          );
        }
        return 0;
      }
      case 'import aid-list': {
        const { preview, counts } = await runImport(cli, 'aidList', positional[2], !!flags.preview);
        const rows = preview.rows.map((r) => ({
          row: r.rowNumber,
          status: r.status,
          reason: r.reason || r.changes.join('；'),
          warnings: r.warnings,
        }));
        if (flags.json) json({ preview: !!flags.preview, alreadyImportedAt: preview.alreadyImportedAt, counts, rows });
        else {
          for (const r of rows) print(`第 ${r.row} 行\t${r.status}\t${r.reason}`);
          print(
            `匹配 ${preview.counts.matched}，新建档案 ${preview.counts.created}，新个案 ${preview.counts.newCases}，无变化 ${preview.counts.unchanged}，拒绝 ${preview.counts.rejected}${flags.preview ? '（仅预览，未写入）' : ''}`,
          );
        }
        return 0;
      }
      case 'import attendance':
      case 'import grades': {
        const kind = key === 'import attendance' ? 'attendance' : 'grades';
        const { preview, counts } = await runImport(cli, kind, positional[2], !!flags.preview);
        const rows = preview.rows.map((r) => ({
          row: r.rowNumber,
          status: r.status,
          reason: r.reason || r.changes.join('；'),
          warnings: r.warnings,
        }));
        if (flags.json) json({ preview: !!flags.preview, counts, rows });
        else {
          for (const r of rows) print(`第 ${r.row} 行\t${r.status}\t${r.reason}`);
          print(
            `新增 ${preview.counts.new}，替换 ${preview.counts.update}，无变化 ${preview.counts.unchanged}，拒绝 ${preview.counts.rejected}${flags.preview ? '（仅预览，未写入）' : ''}`,
          );
        }
        return preview.counts.rejected ? 1 : 0;
      }
      case 'warnings run': {
        await cli.login();
        const run = await cli.call('warnings.run', { date: typeof flags.date === 'string' ? flags.date : undefined });
        const list = await cli.call('warnings.list', { state: 'open' });
        const warnings = list.warnings.map((w) => ({
          studentId: w.studentId,
          indicator: w.indicator,
          level: w.level,
          evidence: w.evidence,
          routedTo: w.routedTo,
          due: w.dueDate,
        }));
        if (flags.json) json({ run, warnings });
        else {
          for (const w of list.warnings) print(`${w.level}\t${w.studentName}\t${w.className}\t${w.evidence}\t${w.routedTo}\t${w.dueDate}`);
          print(
            `核对 ${run.watched} 名困境学生：新增预警 ${run.raised}，更新 ${run.updated}，逐级上报 ${run.escalated}，指标已恢复 ${run.cleared}；未办结 ${warnings.length}`,
          );
        }
        return 0;
      }
      case 'report statistics': {
        await cli.login();
        const asOf = need(flags, 'as-of');
        const table = await cli.call('statistics.table', { asOf });
        const failed = table.checks.filter((c) => !c.ok);
        if (typeof flags.out === 'string' && !failed.length) {
          const file = await cli.call('statistics.export', { asOf, phone: typeof flags.phone === 'string' ? flags.phone : '' });
          writeOut(flags.out, Buffer.from(file.base64, 'base64'));
        }
        if (flags.json) json({ asOf: table.asOf, period: table.period, cells: table.cells, checks: table.checks });
        else {
          print(`${table.attachment} ${table.title}（${table.period.label}，统计日 ${table.asOf}）`);
          for (const c of table.checks.filter((x) => !x.ok)) print(`校验未通过：${c.rule}：${c.detail}`);
          print(
            failed.length
              ? `${failed.length} 项校验未通过${flags.out ? '，未导出' : ''}`
              : `校验全部通过${flags.out ? `，已导出 ${flags.out}` : ''}`,
          );
        }
        return failed.length ? 1 : 0;
      }
      case 'report annual': {
        await cli.login();
        const year = Number(need(flags, 'year'));
        if (!Number.isInteger(year)) throw new Usage('--year 应为年份，如 2026');
        const version = typeof flags.version === 'string' ? Number(flags.version) : undefined;
        const file = await cli.call('summary.print', { year, version });
        const out = need(flags, 'out');
        writeOut(out, Buffer.from(file.base64, 'base64'));
        print(`已打印 ${file.fileName} → ${out}`);
        return 0;
      }
      case 'report case-file': {
        await cli.login();
        const r = await cli.call('students.printCaseFile', { studentId: Number(need(flags, 'student')) });
        writeOut(need(flags, 'out'), Buffer.from(r.base64, 'base64'));
        print(`已生成一人一档 PDF / case file written: ${need(flags, 'out')}`);
        return 0;
      }
      case 'school key': {
        await cli.login();
        writeOut(need(flags, 'out'), (await cli.call('filing.schoolKey', {})).keyText);
        print(`本校公钥已写入 / school public key written: ${need(flags, 'out')}`);
        return 0;
      }
      case 'export filing': {
        await cli.login();
        const bureauKey = fs.readFileSync(need(flags, 'to'), 'utf8').trim();
        const r = await cli.call('filing.export', { period: need(flags, 'period'), bureauKey });
        writeOut(need(flags, 'out'), Buffer.from(r.base64, 'base64'));
        print(`备案包已生成：${r.count} 人，第 ${r.sequence} 号 / filing package written (${r.count} students, #${r.sequence})`);
        return 0;
      }
      case 'bureau init': {
        const r = await cli.call('setup.bureau', {
          name: need(flags, 'name'),
          admin: {
            username: typeof flags.admin === 'string' ? flags.admin : (process.env.CAREDESK_USER ?? 'admin'),
            displayName: need(flags, 'name').slice(0, 30),
            password: env('CAREDESK_PASSWORD'),
          },
          level: (typeof flags.level === 'string' ? flags.level : 'county') as BureauLevel,
          area: typeof flags.area === 'string' ? flags.area : '',
          database: typeof flags.database === 'string' ? flags.database : '',
        });
        print(
          typeof flags.database === 'string'
            ? '教育局工作台已建立：数据在 PostgreSQL 服务器上，本局私钥以数据密钥密封保存。Bureau workspace created on PostgreSQL.'
            : '教育局工作台已建立（数据库已加密）。Bureau workspace created (encrypted).',
        );
        print(`恢复码（只显示这一次）/ recovery code (shown once): ${r.recoveryCode}`);
        return 0;
      }
      case 'bureau key': {
        await cli.login();
        writeOut(need(flags, 'out'), `${(await cli.call('bureau.key', {})).recipient}\n`);
        print(`教育局公钥已写入 / bureau public key written: ${need(flags, 'out')}`);
        return 0;
      }
      case 'bureau register-school': {
        await cli.login();
        // --key FILE, or key files (or a folder of them) after the command: a county registers its schools at once.
        const files = [...(typeof flags.key === 'string' ? [flags.key] : []), ...positional.slice(2)].flatMap((f) =>
          fs.statSync(f).isDirectory()
            ? fs
                .readdirSync(f)
                .filter((n) => n.endsWith('.json') || n.endsWith('.key'))
                .sort()
                .map((n) => path.join(f, n))
            : [f],
        );
        if (!files.length) throw new Usage('请给出学校公钥文件：--key FILE，或文件、文件夹');
        for (const f of files) {
          const r = await cli.call('bureau.registerSchool', { keyText: fs.readFileSync(f, 'utf8') });
          print(`已登记 / registered: ${r.schoolCode} ${r.schoolName}`);
        }
        return 0;
      }
      case 'bureau import': {
        await cli.login();
        const targets = positional.slice(2);
        if (targets.length === 0) throw new Usage('请给出报送包文件或文件夹 / give package files or folders');
        const dryRun = flags['dry-run'] === true;
        const results = [];
        for (const f of packagesInOrder(targets)) {
          try {
            const sent = await cli.call('files.pick', { purpose: 'package', path: f });
            const said = (status: string) =>
              status === 'unchanged' ? '已导入过，未作改动 / unchanged' : dryRun ? '可以导入 / would be accepted' : '已导入 / accepted';
            // School packages and a lower bureau's forwarded packages alike (the core tells them apart).
            const r = await cli.call('bureau.importPackage', { fileRef: sent.fileRef, dryRun });
            const forward = r.kind === 'forward';
            results.push({
              file: f,
              status: r.status,
              reason: '',
              school: forward ? `bureau:${r.schoolCode}` : r.schoolCode,
              period: r.period,
            });
            if (!flags.json)
              print(
                forward
                  ? `${f}: ${said(r.status)} 下级教育局 ${r.schoolCode} ${r.period} 第${r.sequence}号，${r.count} 所学校`
                  : `${f}: ${said(r.status)} ${r.schoolCode} ${r.period} 第${r.sequence}号，${r.count} 人`,
              );
          } catch (e) {
            const reason = e instanceof Error ? e.message : String(e);
            const head = peekPackageHeader(f);
            results.push({ file: f, status: 'refused' as const, reason, school: head?.schoolCode ?? '', period: head?.period ?? '' });
            if (!flags.json) print(`${f}: 拒绝 / refused: ${reason}`);
          }
        }
        if (flags.json) json({ files: results });
        const refused = results.filter((r) => r.status === 'refused').length;
        if (refused && !flags.json) process.stderr.write(`错误：${refused} 个报送包被拒绝 / ${refused} refused\n`);
        return refused ? 1 : 0;
      }
      case 'bureau signing-key': {
        await cli.login();
        const r = await cli.call('bureau.signingKey', {});
        writeOut(need(flags, 'out'), `${r.keyText}\n`);
        print(`本局签名公钥已写入 / signing key written: ${need(flags, 'out')}（指纹 ${r.fingerprint}）`);
        return 0;
      }
      case 'bureau register-bureau': {
        await cli.login();
        const r = await cli.call('bureau.registerBureau', { keyText: fs.readFileSync(need(flags, 'key'), 'utf8') });
        print(`已登记下级教育局 / registered: ${r.area} ${r.name}`);
        return 0;
      }
      case 'bureau forward': {
        await cli.login();
        const r = await cli.call('bureau.forward', {
          period: need(flags, 'period'),
          recipient: fs.readFileSync(need(flags, 'to'), 'utf8').trim(),
        });
        writeOut(need(flags, 'out'), Buffer.from(r.base64, 'base64'));
        if (flags.json) json({ file: need(flags, 'out'), sequence: r.sequence, schools: r.schools, unplaced: r.unplaced });
        else
          print(
            `上报汇总包第 ${r.sequence} 号已写入 ${need(flags, 'out')}：${r.schools} 所学校${r.unplaced ? `（${r.unplaced} 所未定位，未上报）` : ''} / forwarded`,
          );
        return 0;
      }
      case 'bureau register-schools': {
        await cli.login();
        const file = positional[2];
        if (!file) throw new Usage('请给出学校名单 xlsx 文件 / give the schools list (xlsx)');
        const sent = await cli.call('files.pick', { purpose: 'import', path: path.resolve(file) });
        const r = await cli.call('bureau.registerSchools', { fileRef: sent.fileRef, dryRun: flags['dry-run'] === true });
        if (flags.json) json(r);
        else {
          for (const row of r.rows.filter((x) => x.status === 'rejected')) print(`第 ${row.rowNumber} 行：${row.reason}`);
          print(
            `新增 ${r.counts.new}、更新 ${r.counts.updated}、无变化 ${r.counts.unchanged}、有误 ${r.counts.rejected}；${r.written ? '已写入 / written' : '未写入 / nothing written'}`,
          );
        }
        return r.counts.rejected ? 1 : 0;
      }
      case 'bureau filers': {
        await cli.login();
        const period = typeof flags.period === 'string' ? flags.period : undefined;
        const r = await cli.call('bureau.filers', { period });
        if (typeof flags.out === 'string') {
          const file = await cli.call('bureau.callList', { period: r.period });
          writeOut(flags.out, Buffer.from(file.base64, 'base64'));
        }
        if (flags.json) json(r);
        else {
          print(`${r.label}（截止 ${r.dueDate}）/ ${r.period}, due ${r.dueDate}`);
          for (const s of r.schools)
            print(
              `${s.countyCode ?? '-'}\t${s.schoolCode}\t${s.schoolName}\t${FILER_STATUS_LABELS[s.status]}${s.daysLate ? `（${s.daysLate} 天）` : ''}`,
            );
        }
        return 0;
      }
      case 'bureau statistics': {
        await cli.login();
        const input = {
          asOf: typeof flags['as-of'] === 'string' ? flags['as-of'] : undefined,
          area: typeof flags.area === 'string' ? flags.area : '',
        };
        const r = await cli.call('bureau.statistics', input);
        if (typeof flags.out === 'string') {
          const file = await cli.call('bureau.exportStatistics', { ...input, format: flags.out.endsWith('.pdf') ? 'pdf' : 'xlsx' });
          writeOut(flags.out, Buffer.from(file.base64, 'base64'));
        }
        if (flags.json) json(r);
        else {
          print(`${r.areaLabel} ${r.asOf}：${r.schools.length} 所学校已报，${r.missing.length} 所未报 / schools included, missing`);
          for (const c of r.checks.filter((x) => !x.ok)) print(`校验未通过 / check failed: ${c.rule}（${c.detail}）`);
        }
        return r.checks.every((c) => c.ok) ? 0 : 1;
      }
      case 'bureau summary': {
        await cli.login();
        const by = typeof flags.by === 'string' ? flags.by : 'county';
        if (!(SUMMARY_LEVELS as readonly string[]).includes(by)) throw new Usage('--by 应为 province、prefecture、county 或 school');
        const r = await cli.call('bureau.regionSummary', {
          by: by as SummaryLevel,
          period: typeof flags.period === 'string' ? flags.period : undefined,
          area: typeof flags.area === 'string' ? flags.area : '',
        });
        if (flags.json) json(r);
        else {
          print(`${r.areaLabel} ${r.label}（${SUMMARY_LEVEL_LABELS[by as SummaryLevel]}）/ ${r.period}`);
          for (const x of r.rows)
            print(`${x.area || '-'}\t${x.name}\t学校 ${x.schools}\t已报 ${x.filed}\t重点关爱 ${x.keyStudents}\t谈心 ${x.talkRate ?? '-'}%`);
        }
        return 0;
      }
      case 'bureau late': {
        await cli.login();
        const r = await cli.call('bureau.filers', { period: typeof flags.period === 'string' ? flags.period : undefined });
        const schools = r.schools
          .filter((x) => x.status === 'missing' || x.status === 'late')
          .map((x) => ({ code: x.schoolCode, name: x.schoolName, status: x.status, county: x.countyCode, daysLate: x.daysLate }));
        if (flags.json) json({ period: r.period, dueDate: r.dueDate, schools });
        else {
          print(`${r.label}（截止 ${r.dueDate}）逾期 ${schools.length} 所 / late or missing`);
          for (const x of schools) print(`${x.county ?? '-'}\t${x.code}\t${x.name}\t${FILER_STATUS_LABELS[x.status]}（${x.daysLate} 天）`);
        }
        return 0;
      }
      case 'bureau warnings': {
        await cli.login();
        const period = need(flags, 'period');
        const r = await cli.call('bureau.regionWarnings', { period });
        if (typeof flags.notice === 'string') {
          const file = await cli.call('bureau.regionWarningLetter', { period, target: flags.notice });
          writeOut(need(flags, 'out'), Buffer.from(file.base64, 'base64'));
        }
        if (flags.json) json(r);
        else {
          print(`${r.label}区域预警 ${r.warnings.length} 条（新增 ${r.raised}，已消除 ${r.cleared}）/ region warnings`);
          for (const w of r.warnings)
            print(`${REGION_WARNING_STATE_LABELS[w.state]}\t${w.targetName}\t${REGION_RULE_SPECS[w.rule].label}\t${w.evidence}`);
        }
        return 0;
      }
      case 'bureau report': {
        if (positional[2] !== 'statistics')
          throw new Usage('用法：caredesk bureau report statistics --period 2026H2 [--area 代码] --out 文件.xlsx');
        await cli.login();
        const input = { asOf: filingDueDate(need(flags, 'period')), area: typeof flags.area === 'string' ? flags.area : '' };
        const table = await cli.call('bureau.statistics', input);
        const failed = table.checks.filter((c) => !c.ok);
        if (typeof flags.out === 'string' && !failed.length) {
          const file = await cli.call('bureau.exportStatistics', { ...input, format: flags.out.endsWith('.pdf') ? 'pdf' : 'xlsx' });
          writeOut(flags.out, Buffer.from(file.base64, 'base64'));
        }
        if (flags.json) json({ asOf: table.asOf, period: table.period, cells: table.cells, checks: table.checks });
        else {
          print(
            `${table.areaLabel} ${table.title}（统计日 ${table.asOf}，${table.schools.length} 所学校，未报 ${table.missing.length} 所）`,
          );
          for (const c of failed) print(`校验未通过：${c.rule}：${c.detail}`);
        }
        return failed.length ? 1 : 0;
      }
      case 'backup': {
        await cli.login();
        // Written straight to the file, crash-safe (temporary file, fsync, verified, renamed): a kill never leaves a
        // half-written backup in place of a good one.
        await cli.call('backup.saveTo', { path: path.resolve(need(flags, 'out')) });
        print(`加密备份已写入 / encrypted backup written: ${need(flags, 'out')}`);
        return 0;
      }
      case 'accounts disable':
      case 'accounts reset-password': {
        await cli.login();
        const username = need(flags, 'username');
        const target = (await cli.call('accounts.list', {})).find((a) => a.username === username);
        if (!target) throw new AppError('NOT_FOUND', `找不到账户“${username}”`);
        const r =
          sub === 'disable'
            ? await cli.call('accounts.disable', { id: target.id })
            : await cli.call('accounts.resetPassword', { id: target.id, password: env('CAREDESK_NEW_PASSWORD') });
        print(
          `${sub === 'disable' ? '已停用' : '已重设密码'}：${username}；数据库已更换密钥（${(r.rekeyMs / 1000).toFixed(1)} 秒），此前复制的密钥槽与备份打不开此后的数据 / done, store rekeyed`,
        );
        if (r.newRecoveryCode) print(`恢复码已更换（只显示这一次，请打印后妥善保管）/ new recovery code: ${r.newRecoveryCode}`);
        if (r.lostAccess.length) print(`以下账户须重设密码后才能登录：${r.lostAccess.join('、')} / reset these passwords`);
        return 0;
      }
      case 'restore': {
        const file = positional[1];
        if (!file) throw new Usage('请给出备份文件 / give the backup file');
        const reenable = typeof flags.reenable === 'string' ? flags.reenable.split(',').filter(Boolean) : [];
        const r = await restoreBackup(
          cli.app.dataDir,
          fs.readFileSync(file),
          process.env.CAREDESK_USER ?? 'admin',
          env('CAREDESK_PASSWORD'),
          {
            reenable,
          },
        );
        print(`已从 ${r.createdAt} 的备份恢复，原数据已移至 .before-restore-* 文件夹 / restored`);
        if (r.keptDisabled.length)
          print(`备份之后已停用的账户仍保持停用：${r.keptDisabled.join('、')}（确认恢复请加 --reenable 用户名）/ kept disabled`);
        if (r.reenabled.length) print(`已按确认重新启用：${r.reenabled.join('、')} / re-enabled`);
        if (r.gone.length) print(`备份之后新建的账户不在备份中：${r.gone.join('、')} / accounts created after the backup are gone`);
        return 0;
      }
      case 'recover': {
        const r = await cli.app.recover(env('CAREDESK_RECOVERY_CODE'), need(flags, 'user'), env('CAREDESK_PASSWORD'));
        print('已用恢复码重设管理员密码 / administrator password reset with the recovery code');
        print(`原恢复码已作废。新恢复码（只显示这一次，请打印后妥善保管）/ new recovery code (shown once): ${r.recoveryCode}`);
        return 0;
      }
      default:
        throw new Usage(`未知命令 / unknown command: ${positional.join(' ')}\n${HELP}`);
    }
  } finally {
    await cli.close().catch(() => undefined);
  }
}

export async function run(argv: string[]): Promise<void> {
  try {
    process.exitCode = await main(argv);
  } catch (e) {
    if (e instanceof Usage) {
      process.stderr.write(`错误：${e.message}\n`);
      process.exitCode = 2;
    } else if (e instanceof AppError) {
      process.stderr.write(`错误：${e.message} / Error: ${ENGLISH[e.code]}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`错误：内部错误 / Error: internal error (${e instanceof Error ? e.name : typeof e})\n`);
      process.exitCode = 1;
    }
  }
}
