/**
 * The typed client over the two transports — the only code that touches window.caredesk or the loopback API.
 * Electron: the preload's one-function-per-method bridge. Browser shell: POST /api/<method> with the per-launch
 * secret from the URL fragment (kept in sessionStorage, which an incognito profile never writes to disk).
 */
import type { Api, MethodInput, MethodName, MethodOutput } from '../../../shared/contract/index';
import { METHODS } from './access';
import type { FilePurpose } from '../../../shared/domain/files';
import type { Envelope, ErrorBody, FieldIssue } from '../../../shared/errors';
import { t } from '../i18n';

type Bridge = Record<string, (input: unknown, session?: string) => Promise<Envelope<unknown>>>;
declare global {
  interface Window {
    caredesk?: Bridge;
  }
}

export class ApiError extends Error {
  readonly code: ErrorBody['code'];
  readonly issues: FieldIssue[];
  constructor(body: ErrorBody) {
    super(body.message);
    this.code = body.code;
    this.issues = body.issues ?? [];
  }
}

const SECRET_KEY = 'caredesk.k';
const SESSION_KEY = 'caredesk.s';

function takeSecretFromUrl(): string | null {
  const m = /[#&]k=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (m) {
    sessionStorage.setItem(SECRET_KEY, m[1]);
    // Keep the secret out of the address bar and history.
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(SECRET_KEY);
}
const secret = typeof window !== 'undefined' && !window.caredesk ? takeSecretFromUrl() : null;

let session: string | undefined = sessionStorage.getItem(SESSION_KEY) ?? undefined;
const listeners = new Set<(e: ApiError) => void>();

export function setSession(token: string | undefined): void {
  session = token;
  if (token) sessionStorage.setItem(SESSION_KEY, token);
  else sessionStorage.removeItem(SESSION_KEY);
}
/** True in the Electron window (the preload's bridge), where files are saved through a native dialog. */
export function isDesktop(): boolean {
  return !!window.caredesk;
}
export function hasSecret(): boolean {
  return !!window.caredesk || !!secret;
}
/** Called on every session error, so the app can show the lock screen wherever the call came from. */
export function onSessionError(fn: (e: ApiError) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

async function transport(method: string, input: unknown): Promise<Envelope<unknown>> {
  if (window.caredesk) return window.caredesk[method](input, session);
  const res = await fetch(`/api/${encodeURIComponent(method)}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-CareDesk-Secret': secret ?? '',
      ...(session ? { 'X-CareDesk-Session': session } : {}),
    },
    body: JSON.stringify({ input }),
  });
  return (await res.json()) as Envelope<unknown>;
}

export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  let env: Envelope<unknown>;
  try {
    env = await transport(method, input);
  } catch {
    throw new ApiError({ code: 'INTERNAL', message: t('app.serviceDown') });
  }
  if (!env.ok) {
    const err = new ApiError(env.error);
    if (err.code === 'SESSION_EXPIRED' || err.code === 'UNAUTHENTICATED') for (const l of listeners) l(err);
    throw err;
  }
  return env.data as MethodOutput<M>;
}

/** The same surface as window.api in ARCHITECTURE.md: one typed function per contract method. */
export const api = Object.fromEntries(METHODS.map((m) => [m, (input: unknown) => call(m, input as never)])) as unknown as Api;

/**
 * Sends a file to the core and returns its one-time reference. The desktop app opens a native dialog in the main
 * process (the page never names a path); the browser shell streams the picked file as the body of POST /upload —
 * no base64, no JSON — with the launch secret and the session. Sizes are checked by the core before anything is read.
 */
export async function sendFile(purpose: FilePurpose, picked?: File): Promise<{ fileRef: string; fileName: string; size: number }> {
  if (window.caredesk) return call('files.pick', { purpose, path: '-' });
  if (!picked) throw new ApiError({ code: 'VALIDATION', message: t('files.choose') });
  let env: Envelope<{ fileRef: string; fileName: string; size: number }>;
  try {
    const res = await fetch(`/upload?purpose=${encodeURIComponent(purpose)}&name=${encodeURIComponent(picked.name)}`, {
      method: 'POST',
      headers: { 'X-CareDesk-Secret': secret ?? '', ...(session ? { 'X-CareDesk-Session': session } : {}) },
      body: picked,
    });
    env = (await res.json()) as typeof env;
  } catch {
    throw new ApiError({ code: 'INTERNAL', message: t('app.serviceDown') });
  }
  if (!env.ok) {
    const err = new ApiError(env.error);
    if (err.code === 'SESSION_EXPIRED' || err.code === 'UNAUTHENTICATED') for (const l of listeners) l(err);
    throw err;
  }
  return env.data;
}

/** The type of every xlsx the app saves. */
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Saves a text the service produced (a key file) through the browser's download, as UTF-8. */
export function saveText(fileName: string, text: string, mime = 'application/json'): void {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  saveFile({ fileName, base64: btoa(bin) }, mime);
}

/** Saves a file the service produced (base64) through the browser's download. */
export function saveFile(file: { fileName: string; base64: string }, mime = 'application/octet-stream'): void {
  const bin = atob(file.base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
