// Run records on disk: one folder per run under the runs folder, holding record.json and its attachments.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { RUN_RECORD_SCHEMA_VERSION, type RunRecord, type RunSummary } from '../../protocol/records';
import { UserFacingError } from '../errors';
import { removeStaleTemporaries, writeFileAtomic } from '../atomicWrite';

export const RECORD_FILE = 'record.json';

/** A sortable, unique run id: UTC time, analysis name and a random suffix. */
export function newRunId(analysis: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${analysis.replace(/[^a-z0-9]+/gi, '-')}-${randomBytes(3).toString('hex')}`;
}

export function runFolder(runsFolder: string, id: string): string {
  return join(runsFolder, id);
}

/** Where the record of run `id` is saved under `runsFolder`. */
export function recordFilePath(runsFolder: string, id: string): string {
  return join(runFolder(runsFolder, id), RECORD_FILE);
}

export async function saveRunRecord(runsFolder: string, record: RunRecord): Promise<string> {
  const file = recordFilePath(runsFolder, record.id);
  await writeFileAtomic(file, JSON.stringify(record, null, 1));
  return file;
}

// Only the envelope is checked here; each analysis validates its own results where it reads them.
const recordEnvelope = z.object({
  schemaVersion: z.number(),
  id: z.string(),
  createdAt: z.string(),
  spec: z.object({ analysis: z.string(), models: z.array(z.object({ path: z.string() }).passthrough()) }).passthrough(),
  results: z.unknown(),
}).passthrough();

export async function readRunRecord(file: string): Promise<RunRecord> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (err) {
    throw new UserFacingError(`The run record ${file} could not be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  const envelope = recordEnvelope.safeParse(parsed);
  if (!envelope.success) throw new UserFacingError(`${file} is not a Robustness Lens run record (${envelope.error.issues[0]?.path.join('.')}: ${envelope.error.issues[0]?.message}).`);
  if (envelope.data.schemaVersion > RUN_RECORD_SCHEMA_VERSION) {
    throw new UserFacingError(`${file} was written by a newer Robustness Lens (schema ${envelope.data.schemaVersion}); update the extension to open it.`);
  }
  return parsed as RunRecord;
}

/**
 * Removes what a crash mid-save left in a run folder: temporaries of writes that never finished, and then the folder itself
 * if they were all it held. A folder that was already empty stays: a save may have just made it.
 */
async function removeUnfinishedWrites(folder: string): Promise<void> {
  if (await removeStaleTemporaries(folder) === 0) return;
  await fs.rmdir(folder).catch(() => undefined);
}

/** Every readable run under the runs folder, newest first; unreadable folders are skipped, and a crashed save's leftovers removed. */
export async function listRuns(runsFolder: string): Promise<RunSummary[]> {
  let names: string[];
  try {
    names = await fs.readdir(runsFolder);
  } catch {
    return [];
  }
  const summaries: RunSummary[] = [];
  for (const name of names) {
    await removeUnfinishedWrites(runFolder(runsFolder, name));
    const file = recordFilePath(runsFolder, name);
    try {
      const record = await readRunRecord(file);
      summaries.push({ id: record.id, analysis: record.spec.analysis, createdAt: record.createdAt, models: record.spec.models.map((m) => m.path), file });
    } catch {
      // A half-deleted or foreign folder is not a run; the tree shows only records it can open.
    }
  }
  return summaries.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
