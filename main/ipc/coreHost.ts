/**
 * The core host: runs CoreApp and the router in an Electron utility process, off the main thread (better-sqlite3
 * is synchronous). It speaks to the shell through the utility process's parent port; no 'electron' import here.
 */
import { CoreApp } from '../core/app';
import { createRouter } from './router';

interface ParentPort {
  on(event: 'message', listener: (e: { data: CoreRequest }) => void): void;
  postMessage(message: CoreReply): void;
}
export interface CoreRequest {
  id: number;
  method: string;
  input: unknown;
  session?: string;
}
export interface CoreReply {
  id: number;
  envelope: unknown;
}

const dataArg = process.argv.indexOf('--data');
if (dataArg < 0 || !process.argv[dataArg + 1]) throw new Error('core host needs --data');
const app = new CoreApp({ dataDir: process.argv[dataArg + 1] });
const router = createRouter(app);
const port = (process as unknown as { parentPort: ParentPort }).parentPort;
port.on('message', (e) => {
  const { id, method, input, session } = e.data;
  void router.call(method, input, session).then((envelope) => port.postMessage({ id, envelope }));
});
