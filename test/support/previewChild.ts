/**
 * Runs one 免申即享 preview through the router on a fresh encrypted store and prints its outcome and this process's
 * peak resident memory as one JSON line (used by the hostile-spreadsheet tests and benchmarks).
 */
import fs from 'node:fs';
import { previewImport } from './imports';
import { newSchool } from './school';

const file = process.argv[2];
const { client } = await newSchool();
const { jobId, status } = await previewImport(client, 'aidList', fs.readFileSync(file));
const rows = status.state === 'done' ? (await client.call('imports.result', { jobId })).rows : [];
process.stdout.write(
  `${JSON.stringify({
    state: status.state,
    message: status.error?.message ?? '',
    rows: rows.map((r) => ({ status: r.status, reason: r.reason })),
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
process.exit(0);
