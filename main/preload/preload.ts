/**
 * The preload: exposes exactly the contract's methods as window.caredesk, one function per method, each bound to
 * its own IPC channel. There is deliberately no generic invoke(channel).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { CONTRACT_METHOD_NAMES as METHOD_NAMES } from '../../shared/contract/methodNames';

const api: Record<string, (input: unknown, session?: string) => Promise<unknown>> = {};
for (const method of METHOD_NAMES) {
  api[method] = (input: unknown, session?: string) => ipcRenderer.invoke(`caredesk:${method}`, { input, session });
}
contextBridge.exposeInMainWorld('caredesk', Object.freeze(api));
