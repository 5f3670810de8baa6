/**
 * The core host: runs CoreApp and the router in an Electron utility process, off the main thread (better-sqlite3
 * is synchronous). It speaks to the shell through the utility process's parent port; no 'electron' import here.
 * A `shutdown` message closes every session (with its logout audit entry), checkpoints the WAL, closes the store and
 * releases the folder lock before the process exits, so closing the window never leaves the folder locked.
 */
import { CoreApp } from '../core/app';
import { dataDirOfThisProcess } from './dataDir';
import { createErrorLog } from './errorLog';
import { createRouter } from './router';

export interface CoreRequest {
  id: number;
  method: string;
  input: unknown;
  session?: string;
}
export type CoreMessage = CoreRequest | { type: 'shutdown' };
export type CoreReply = { id: number; envelope: unknown } | { type: 'shutdown-done' };

interface ParentPort {
  on(event: 'message', listener: (e: { data: CoreMessage }) => void): void;
  postMessage(message: CoreReply): void;
}

const dataDir = dataDirOfThisProcess();
const log = createErrorLog(dataDir);
const app = new CoreApp({ dataDir });
const router = createRouter(app, log);
const port = (process as unknown as { parentPort: ParentPort }).parentPort;

port.on('message', (e) => {
  const m = e.data;
  if ('type' in m) {
    void app.shutdown().then(
      () => {
        port.postMessage({ type: 'shutdown-done' });
        process.exit(0);
      },
      () => process.exit(1),
    );
    return;
  }
  void router.call(m.method, m.input, m.session, 'desktop').then((envelope) => port.postMessage({ id: m.id, envelope }));
});
