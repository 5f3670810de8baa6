import { CoreApp } from '../../main/core/app';
import { createRouter } from '../../main/ipc/router';
import { Client } from '../support/school';
const [dir] = process.argv.slice(2);
const app = new CoreApp({ dataDir: dir, now: () => new Date('2026-07-20T10:00:00+08:00') });
const client = new Client(createRouter(app, () => undefined));
await client.login('bureau', 'Bureau-pass-2025');
await client.call('bureau.regionSummary', { by: 'county', period: '2026H1', trend: 1 });
process.exit(0);
