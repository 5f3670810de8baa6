/**
 * The preload: exposes exactly the contract's methods as window.caredesk, one function per method, each bound to
 * its own IPC channel. There is deliberately no generic invoke(channel). The method names come from the contract at
 * build time (scripts/build-shell.mjs), so the sandboxed preload carries no zod and no list kept by hand.
 */
import { contextBridge, ipcRenderer } from 'electron';

declare const __CAREDESK_METHODS__: readonly string[];

const api: Record<string, (input: unknown, session?: string) => Promise<unknown>> = {};
for (const method of __CAREDESK_METHODS__) {
  api[method] = (input: unknown, session?: string) => ipcRenderer.invoke(`caredesk:${method}`, { input, session });
}
contextBridge.exposeInMainWorld('caredesk', Object.freeze(api));
