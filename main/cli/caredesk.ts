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
import { STAGES, type Stage } from '../../shared/domain/enums';
import { restoreBackup } from '../core/store/backup';
import { seedSchool } from '../core/seed/seed';

const ENGLISH: Record<ErrorCode, string> = {
  VALIDATION: 'invalid input', UNAUTHENTICATED: 'not logged in', SESSION_EXPIRED: 'session locked', FORBIDDEN: 'not allowed for this role',
  WRONG_PASSWORD: 'wrong user name or password', ACCOUNT_LOCKED: 'account locked', NOT_FOUND: 'not found', CONFLICT: 'conflict',
  STATE: 'not possible in the current state', STORE: 'store error', PACKAGE: 'invalid filing package', UNKNOWN_METHOD: 'unknown method',
  INTERNAL: 'internal error',
};

class Usage extends Error {}

const TWO_WORD_COMMANDS = new Set(['students', 'cases', 'import', 'report', 'school', 'export', 'bureau']);

function parseArgs(argv: string[]): { positional: string[]; flags: Record<string, string | true> } {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
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
  caredesk seed --data DIR --students N [--seed S]
  caredesk students list --data DIR [--json]
  caredesk cases list --data DIR [--json]
  caredesk import aid-list --data DIR FILE.xlsx [--preview] [--json]
  caredesk report case-file --data DIR --student ID --out FILE.pdf
  caredesk school key --data DIR --out FILE
  caredesk export filing --data DIR --period 2025H2 --to BUREAU_KEY_FILE --out FILE
  caredesk bureau init --data DIR --name NAME [--admin USER]
  caredesk bureau key --data DIR --out FILE
  caredesk bureau register-school --data DIR --key FILE
  caredesk bureau import --data DIR FILE...
  caredesk bureau summary --data DIR [--json]
  caredesk backup --data DIR --out FILE
  caredesk restore --data DIR FILE
  caredesk recover --data DIR --user USER   (恢复码取自 CAREDESK_RECOVERY_CODE，新密码取自 CAREDESK_PASSWORD)`;

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
            schoolName: need(flags, 'school-name'), schoolCode: need(flags, 'school-code'), stages, prefectureCode: prefecture,
            countyCode: typeof flags.county === 'string' ? flags.county : `${prefecture}02`, managementArea: typeof flags.area === 'string' ? flags.area : prefecture,
          },
          admin: { username: admin, displayName: typeof flags['admin-name'] === 'string' ? flags['admin-name'] : admin, password: env('CAREDESK_PASSWORD') },
        });
        print('学校工作台已建立（数据库已加密）。School workspace created (encrypted).');
        print(`恢复码（只显示这一次，请打印后妥善保管）/ recovery code (shown once): ${r.recoveryCode}`);
        return 0;
      }
      case 'seed': {
        await cli.login();
        const n = Number(need(flags, 'students'));
        if (!Number.isInteger(n) || n < 1 || n > 200_000) throw new Usage('--students 应为 1–200000 的整数');
        const s = await cli.call('staff.list', {});
        const me = s.find((x) => x.role === 'admin') ?? s[0];
        const r = await seedSchool(cli.app.db(), { id: me.id, name: me.displayName, role: me.role }, { students: n, seed: Number(flags.seed ?? 1), stages: ['junior'] });
        print(`已生成 ${r.students} 名学生；个案：${JSON.stringify(r.cases)} / seeded ${r.students} students`);
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
      case 'cases list': {
        await cli.login();
        const rows = await cli.call('cases.list', { states: ['applied', 'reviewed', 'confirmed', 'filed', 'exited', 'rejected'] });
        const out = rows.map((c) => ({ id: c.id, studentId: c.studentId, studentName: c.studentName, className: c.className, state: c.state, source: c.source }));
        if (flags.json) json(out);
        else for (const c of out) print(`${c.id}\t${c.studentName}\t${c.state}\t${c.source}`);
        return 0;
      }
      case 'import aid-list': {
        const file = positional[2];
        if (!file) throw new Usage('请给出资助系统导出的 xlsx 文件 / give the xlsx file');
        await cli.login();
        const bytes = fs.readFileSync(file);
        const { jobId } = await cli.call('aidImport.preview', { fileName: path.basename(file), base64: bytes.toString('base64') });
        const me = await cli.me();
        let job = await cli.app.jobs.wait(jobId, me);
        if (job.state !== 'done') throw new AppError(job.error?.code ?? 'STATE', job.error?.message ?? '预览未完成');
        const preview = await cli.call('aidImport.result', { jobId });
        let counts: Record<string, unknown> = preview.counts;
        if (!flags.preview) {
          const commit = await cli.call('aidImport.commit', { jobId });
          job = await cli.app.jobs.wait(commit.jobId, me);
          if (job.state !== 'done') throw new AppError(job.error?.code ?? 'STATE', job.error?.message ?? '导入未完成，未写入任何数据');
          counts = { ...preview.counts, batchId: (job.result as { batchId: number | null }).batchId };
        }
        const rows = preview.rows.map((r) => ({ row: r.rowNumber, status: r.status, reason: r.reason || r.changes.join('；'), warnings: r.warnings }));
        if (flags.json) json({ preview: !!flags.preview, alreadyImportedAt: preview.alreadyImportedAt, counts, rows });
        else {
          for (const r of rows) print(`第 ${r.row} 行\t${r.status}\t${r.reason}`);
          print(`匹配 ${preview.counts.matched}，新建档案 ${preview.counts.created}，新个案 ${preview.counts.newCases}，无变化 ${preview.counts.unchanged}，拒绝 ${preview.counts.rejected}${flags.preview ? '（仅预览，未写入）' : ''}`);
        }
        return 0;
      }
      case 'report case-file': {
        await cli.login();
        const r = await cli.call('reports.caseFile', { studentId: Number(need(flags, 'student')) });
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
        const r = await cli.call('setup.bureau', { name: need(flags, 'name'), admin: { username: typeof flags.admin === 'string' ? flags.admin : (process.env.CAREDESK_USER ?? 'admin'), displayName: need(flags, 'name').slice(0, 30), password: env('CAREDESK_PASSWORD') } });
        print('教育局工作台已建立（数据库已加密）。Bureau workspace created (encrypted).');
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
        const r = await cli.call('bureau.registerSchool', { keyText: fs.readFileSync(need(flags, 'key'), 'utf8') });
        print(`已登记 / registered: ${r.schoolCode} ${r.schoolName}`);
        return 0;
      }
      case 'bureau import': {
        await cli.login();
        const files = positional.slice(2);
        if (files.length === 0) throw new Usage('请给出要导入的报送包文件 / give package files');
        let failed = 0;
        for (const f of files) {
          try {
            const r = await cli.call('bureau.importPackage', { fileName: path.basename(f), base64: fs.readFileSync(f).toString('base64') });
            print(`${f}: 已导入 ${r.schoolCode} ${r.period} 第${r.sequence}号，${r.count} 人 / imported`);
          } catch (e) {
            failed++;
            print(`${f}: 拒绝 / rejected: ${e instanceof Error ? e.message : String(e)}`);
          }
        }
        if (failed) throw new AppError('PACKAGE', `${failed} 个报送包被拒绝`);
        return 0;
      }
      case 'bureau summary': {
        await cli.login();
        const r = await cli.call('bureau.summary', {});
        if (flags.json) json(r);
        else for (const s of r) print(`${s.schoolCode}\t${s.schoolName}\t${s.lastPeriod ?? '-'}\t${s.students}`);
        return 0;
      }
      case 'backup': {
        await cli.login();
        const r = await cli.call('backup.download', {});
        writeOut(need(flags, 'out'), Buffer.from(r.base64, 'base64'));
        print(`加密备份已写入 / encrypted backup written: ${need(flags, 'out')}`);
        return 0;
      }
      case 'restore': {
        const file = positional[1];
        if (!file) throw new Usage('请给出备份文件 / give the backup file');
        const r = await restoreBackup(cli.app.dataDir, fs.readFileSync(file), process.env.CAREDESK_USER ?? 'admin', env('CAREDESK_PASSWORD'));
        print(`已从 ${r.createdAt} 的备份恢复，原数据已移至 .before-restore-* 文件夹 / restored`);
        return 0;
      }
      case 'recover': {
        await cli.app.recover(env('CAREDESK_RECOVERY_CODE'), need(flags, 'user'), env('CAREDESK_PASSWORD'));
        print('已用恢复码重设管理员密码 / administrator password reset with the recovery code');
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
