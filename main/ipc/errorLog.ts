/**
 * Error references written to a rotating log file in the data folder's logs/ (a packaged app's stderr goes
 * nowhere on Windows). Lines carry a reference, the method, the error's class and stack frames — never a message,
 * which could quote a child's data. 1 MB per file, five files kept.
 */
import fs from 'node:fs';
import path from 'node:path';

const MAX_BYTES = 1024 * 1024;
const KEEP = 5;

export function logsDir(dataDir: string): string {
  return path.join(dataDir, 'logs');
}

export function createErrorLog(dataDir: string, opts: { maxBytes?: number; keep?: number; echo?: boolean } = {}): (line: string) => void {
  const dir = logsDir(dataDir);
  const file = path.join(dir, 'caredesk.log');
  const maxBytes = opts.maxBytes ?? MAX_BYTES;
  const keep = opts.keep ?? KEEP;
  return (line: string) => {
    const text = `${new Date().toISOString()} ${line}\n`;
    if (opts.echo !== false) process.stderr.write(text);
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const size = fs.existsSync(file) ? fs.statSync(file).size : 0;
      if (size + Buffer.byteLength(text) > maxBytes) {
        for (let n = keep - 1; n >= 1; n--) {
          const from = n === 1 ? file : path.join(dir, `caredesk.${n - 1}.log`);
          if (fs.existsSync(from)) fs.renameSync(from, path.join(dir, `caredesk.${n}.log`));
        }
      }
      fs.appendFileSync(file, text, { mode: 0o600 });
    } catch {
      /* a log that cannot be written must never take the app down */
    }
  };
}
