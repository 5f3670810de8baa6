/**
 * Replacing the store and its key-slot file together, as one step a crash cannot split (restore, rekey). The new
 * files are prepared in a staging folder inside the data folder; a journal is written before the first rename and
 * removed after the last, so its presence at the next start means "half-way": when every new file has arrived the
 * swap is finished, otherwise the files put aside go back. Either way the folder ends in one whole state.
 */
import fs from 'node:fs';
import path from 'node:path';
import { faultPoint } from '../faults';
import { STORE_FILE } from './db';
import { KEYSLOT_FILE } from './keySlots';

export const SWAP_JOURNAL = 'restore.journal';

interface SwapJournal {
  staging: string;
  aside: string | null;
  /** The files that move, in the order they move. */
  files: string[];
  /**
   * Remove the replaced files once the swap is finished (a rekey: the old files are the same data under the old key,
   * which a disabled account may still hold). A restore keeps them in a dated folder instead.
   */
  discardAside?: boolean;
}

/** Finishes or rolls back a swap that was interrupted (called before a workspace is used). */
export function recoverInterruptedSwap(dataDir: string): 'none' | 'finished' | 'rolledBack' {
  const journalFile = path.join(dataDir, SWAP_JOURNAL);
  if (!fs.existsSync(journalFile)) return 'none';
  let j: SwapJournal;
  try {
    j = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as SwapJournal;
  } catch {
    // The journal itself was cut short: nothing had been moved yet (it is written before the first rename).
    fs.rmSync(journalFile, { force: true });
    return 'rolledBack';
  }
  const arrived = j.files.every((f) => !fs.existsSync(path.join(j.staging, f)) && fs.existsSync(path.join(dataDir, f)));
  if (arrived) {
    fs.rmSync(j.staging, { recursive: true, force: true });
    if (j.discardAside && j.aside) fs.rmSync(j.aside, { recursive: true, force: true });
    fs.rmSync(journalFile, { force: true });
    return 'finished';
  }
  // Roll back: anything new that arrived goes back to staging, the originals come back from aside.
  for (const f of j.files) {
    const here = path.join(dataDir, f);
    if (fs.existsSync(here) && !fs.existsSync(path.join(j.staging, f)) && (!j.aside || !fs.existsSync(path.join(j.aside, f)))) {
      fs.renameSync(here, path.join(j.staging, f));
    }
  }
  if (j.aside && fs.existsSync(j.aside)) {
    for (const f of fs.readdirSync(j.aside)) {
      const here = path.join(dataDir, f);
      if (fs.existsSync(here)) fs.rmSync(here, { force: true });
      fs.renameSync(path.join(j.aside, f), here);
    }
    fs.rmSync(j.aside, { recursive: true, force: true });
  }
  fs.rmSync(j.staging, { recursive: true, force: true });
  fs.rmSync(journalFile, { force: true });
  return 'rolledBack';
}

/**
 * Moves `staging`'s store and key-slot file into `dataDir` (the store must be closed). The current files go to a
 * dated folder beside them first. Fault points `<prefix>.afterJournal`, `.movingAside`, `.betweenRenames`.
 */
export function swapIntoFolder(
  dataDir: string,
  staging: string,
  opts: { now: Date; faultPrefix: 'restore' | 'rekey'; keepAside: boolean },
): void {
  for (const f of [`${STORE_FILE}-wal`, `${STORE_FILE}-shm`]) fs.rmSync(path.join(staging, f), { force: true });
  const present = [STORE_FILE, `${STORE_FILE}-wal`, `${STORE_FILE}-shm`, KEYSLOT_FILE].filter((f) => fs.existsSync(path.join(dataDir, f)));
  const aside = present.length ? path.join(dataDir, `.before-${opts.faultPrefix}-${opts.now.toISOString().replace(/[:.]/g, '-')}`) : null;
  const journal: SwapJournal = { staging, aside, files: [STORE_FILE, KEYSLOT_FILE], discardAside: !opts.keepAside };
  const jfd = fs.openSync(path.join(dataDir, SWAP_JOURNAL), 'wx', 0o600);
  fs.writeSync(jfd, JSON.stringify(journal));
  fs.fsyncSync(jfd);
  fs.closeSync(jfd);
  try {
    faultPoint(`${opts.faultPrefix}.afterJournal`);
    if (aside) {
      fs.mkdirSync(aside, { mode: 0o700 });
      for (const f of present) {
        fs.renameSync(path.join(dataDir, f), path.join(aside, f));
        faultPoint(`${opts.faultPrefix}.movingAside`);
      }
    }
    fs.renameSync(path.join(staging, STORE_FILE), path.join(dataDir, STORE_FILE));
    faultPoint(`${opts.faultPrefix}.betweenRenames`);
    fs.renameSync(path.join(staging, KEYSLOT_FILE), path.join(dataDir, KEYSLOT_FILE));
    if (!opts.keepAside && aside) fs.rmSync(aside, { recursive: true, force: true });
    fs.rmSync(path.join(dataDir, SWAP_JOURNAL), { force: true });
  } catch (e) {
    recoverInterruptedSwap(dataDir);
    throw e;
  }
}

/**
 * Staging folders a restore or rekey left when killed before its journal (the swap never began): they hold copies of
 * the store, under the old key or a backup's, and nothing refers to them. Called with the folder lock held and no
 * journal present.
 */
export function removeStaleStaging(dataDir: string): void {
  if (fs.existsSync(path.join(dataDir, SWAP_JOURNAL))) return;
  for (const f of fs.readdirSync(dataDir)) {
    if (/^\.(rekey|restore)-/.test(f)) fs.rmSync(path.join(dataDir, f), { recursive: true, force: true });
  }
}
