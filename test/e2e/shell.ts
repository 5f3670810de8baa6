/** Starts the real browser shell (same renderer, same router) on a temp data folder and returns its launch URL. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface RunningShell {
  url: string;
  launchUrl: string;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startShell(dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'caredesk-e2e-'))): Promise<RunningShell> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'main/ipc/browserShell.ts', '--data', dataDir, '--no-open'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const launchUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser shell did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#k=[A-Za-z0-9_-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`browser shell exited ${code}: ${out}`)));
  });
  return {
    url: launchUrl.replace(/\/#k=.*$/, ''),
    launchUrl,
    dataDir,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export const ARTIFACTS = path.resolve('test/artifacts');
fs.mkdirSync(ARTIFACTS, { recursive: true });
export const shot = (name: string) => path.join(ARTIFACTS, `${name}.png`);
