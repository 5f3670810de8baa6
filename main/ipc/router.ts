/**
 * The one router both transports call. It checks the session and role against the contract, parses the input,
 * calls the handler, and parses the output, so no transport and no handler can skip a check. Errors leave as
 * Chinese messages; anything unexpected is logged by reference only (no message text, which could hold data).
 */
import crypto from 'node:crypto';
import { ZodError } from 'zod';
import { contract, type MethodName } from '../../shared/contract/index';
import { labelForPath } from '../../shared/contract/fieldLabels';
import type { Transport } from '../../shared/contract/spec';
import { AppError, type Envelope } from '../../shared/errors';
import { ROLE_LABELS } from '../../shared/domain/enums';
import { FILE_PURPOSES, type FilePurpose, fileSizeProblem } from '../../shared/domain/files';
import type { CoreApp } from '../core/app';
import { handlers } from '../core/services/index';
import type { PublicContext, ServiceContext } from '../core/services/context';

export interface Router {
  call(method: string, rawInput: unknown, sessionToken?: string, transport?: Transport): Promise<Envelope<unknown>>;
  /** A file streamed in by the browser shell (already size-checked as it arrived), held for the caller's next call. */
  upload(
    sessionToken: string | undefined,
    purpose: string,
    fileName: string,
    bytes: Buffer,
  ): Promise<Envelope<{ fileRef: string; fileName: string; size: number }>>;
}

function zodToAppError(e: ZodError, what: string, method?: string): AppError {
  const issues = e.issues.map((i) => {
    const label = labelForPath(i.path, method);
    // Our own rule messages already name the field ("身份证号校验位不符"); zod's generic ones do not.
    return { path: i.path.map(String).join('.'), message: i.message.startsWith(label) ? i.message : `${label}：${i.message}` };
  });
  return new AppError('VALIDATION', `${what}：${issues.map((i) => i.message).join('；')}`, issues);
}

/** What a session holding an issued password may still do: change it, or leave. */
const MAY_BEFORE_PASSWORD_CHANGE = new Set<string>(['auth.changePassword', 'auth.logout', 'app.status']);

type AnyHandler = (ctx: PublicContext | ServiceContext, input: unknown) => Promise<unknown>;

export function createRouter(app: CoreApp, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Router {
  return {
    async upload(sessionToken, purpose, fileName, bytes) {
      try {
        if (!(FILE_PURPOSES as readonly string[]).includes(purpose)) throw new AppError('VALIDATION', '不支持的文件用途');
        const problem = fileSizeProblem(purpose as FilePurpose, bytes.length);
        if (problem) throw new AppError('VALIDATION', problem);
        const session = await app.session(sessionToken);
        if (session.user.mustChangePassword) throw new AppError('FORBIDDEN', '请先修改初始密码（管理员设置的密码只能用于首次登录）');
        const name = fileName.trim().slice(0, 200) || 'file';
        const fileRef = app.serviceContext(session).files.put(name, bytes);
        return { ok: true, data: { fileRef, fileName: name, size: bytes.length } };
      } catch (e) {
        if (e instanceof AppError) return { ok: false, error: e.toBody() };
        return { ok: false, error: { code: 'INTERNAL', message: '接收文件失败，未作任何改动' } };
      }
    },
    async call(method, rawInput, sessionToken, transport = 'local') {
      try {
        if (!Object.hasOwn(contract, method)) throw new AppError('UNKNOWN_METHOD', '不支持的操作');
        const name = method as MethodName;
        const spec = contract[name];
        let ctx: PublicContext | ServiceContext;
        if (spec.access.kind === 'session') {
          const session = await app.session(sessionToken, { passive: 'passive' in spec.access && spec.access.passive === true });
          const ws = app.workspace();
          if (spec.access.workspace !== 'any' && spec.access.workspace !== ws) {
            throw new AppError('FORBIDDEN', spec.access.workspace === 'bureau' ? '该功能仅在教育局工作台可用' : '该功能仅在学校工作台可用');
          }
          const allowed: readonly Transport[] | undefined = 'transports' in spec.access ? spec.access.transports : undefined;
          if (allowed && !allowed.includes(transport)) {
            throw new AppError('FORBIDDEN', '该功能只能在桌面程序或命令行中使用');
          }
          // A password issued by an administrator must be replaced before anything else is done with it.
          if (session.user.mustChangePassword && !MAY_BEFORE_PASSWORD_CHANGE.has(name)) {
            throw new AppError('FORBIDDEN', '请先修改初始密码（管理员设置的密码只能用于首次登录）');
          }
          if (spec.access.roles !== 'any' && !spec.access.roles.includes(session.user.role)) {
            throw new AppError('FORBIDDEN', `您的角色（${ROLE_LABELS[session.user.role]}）无权进行此操作`);
          }
          ctx = app.serviceContext(session);
        } else ctx = { host: app, sessionToken };
        const parsed = spec.input.safeParse(rawInput ?? {});
        if (!parsed.success) throw zodToAppError(parsed.error, '输入有误', name);
        const out = await (handlers[name] as AnyHandler)(ctx, parsed.data);
        const checked = spec.output.safeParse(out);
        if (!checked.success) {
          // A service returned something the contract does not allow: never pass it on.
          const ref = crypto.randomBytes(4).toString('hex');
          log(
            `[caredesk] output contract violation ref=${ref} method=${name} paths=${checked.error.issues.map((i) => i.path.join('.')).join(',')}`,
          );
          throw new AppError('INTERNAL', `内部错误（编号 ${ref}），请联系技术支持`);
        }
        return { ok: true, data: checked.data };
      } catch (e) {
        if (e instanceof AppError) return { ok: false, error: e.toBody() };
        if (e instanceof ZodError) return { ok: false, error: zodToAppError(e, '输入有误').toBody() };
        const ref = crypto.randomBytes(4).toString('hex');
        // Only the error's class and stack frames: its message may quote data from the store.
        const stack = e instanceof Error ? (e.stack ?? '').split('\n').slice(1, 6).join(' | ') : '';
        log(`[caredesk] internal error ref=${ref} method=${method} type=${e instanceof Error ? e.name : typeof e} ${stack}`);
        return { ok: false, error: { code: 'INTERNAL', message: `内部错误（编号 ${ref}），操作未完成，数据未改动` } };
      }
    },
  };
}
