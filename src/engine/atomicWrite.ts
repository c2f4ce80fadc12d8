// Writes a file so that readers see either the old content or the new, never a partial file: the data goes to a hidden
// temporary beside it, which is renamed over it. A crash mid-write leaves only the temporary, which folder listings remove.
import { promises as fs } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { randomBytes } from 'node:crypto';

/** `.<name>.<12 hex digits>.tmp`: the temporaries writeFileAtomic makes. */
const TEMPORARY_NAME = /^\..+\.[0-9a-f]{12}\.tmp$/;

/** A temporary not modified for this long belongs to a write that will never finish (one write takes seconds at most). */
export const STALE_TEMPORARY_MS = 10 * 60 * 1000;

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(temp, 'w');
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, path);
  } catch (err) {
    // A write that failed (a full disk) or a rename that did leaves no temporary behind.
    await fs.rm(temp, { force: true });
    throw err;
  }
}

/** Whether `name` is one of writeFileAtomic's temporaries. */
function isWriteTemporary(name: string): boolean {
  return TEMPORARY_NAME.test(name);
}

/**
 * Removes the temporaries in `dir` left by writes that never finished (a crash), those unmodified for `staleAfterMs`; a
 * fresh one may be a write in progress and stays. Returns how many it removed (0 when `dir` is not a readable folder).
 */
export async function removeStaleTemporaries(dir: string, staleAfterMs = STALE_TEMPORARY_MS, now = Date.now()): Promise<number> {
  const names = await fs.readdir(dir).catch(() => []);
  let removed = 0;
  for (const name of names.filter(isWriteTemporary)) {
    const file = join(dir, name);
    const stat = await fs.stat(file).catch(() => null);
    if (!stat?.isFile() || now - stat.mtimeMs < staleAfterMs) continue;
    await fs.rm(file, { force: true });
    removed++;
  }
  return removed;
}
