/** Runs the one import protocol through the router, as a screen would: preview job → result → commit job. */
import type { ImportKind } from '../../shared/domain/imports';
import type { Client } from './school';

export async function waitJob(client: Client, jobId: string) {
  for (;;) {
    const s = await client.call('jobs.status', { jobId });
    if (s.state !== 'running') return s;
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function previewImport(client: Client, kind: ImportKind, bytes: Buffer, fileName = `${kind}.xlsx`) {
  const fileRef = await client.send(bytes, fileName, 'import');
  const { jobId } = await client.call('imports.preview', { kind, fileRef });
  const status = await waitJob(client, jobId);
  return { jobId, status };
}

export async function commitImport(client: Client, previewJobId: string) {
  const { jobId } = await client.call('imports.commit', { jobId: previewJobId });
  return waitJob(client, jobId);
}
