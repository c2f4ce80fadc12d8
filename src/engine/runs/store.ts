// Run records on disk: one folder per run under the runs folder, holding record.json, its attachments, and summary.json
// (what the runs view lists, so listing never parses whole records).
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { RUN_RECORD_SCHEMA_VERSION, type RunRecord, type RunSummary } from '../../protocol/records';
import { recordSchemaFor } from '../../protocol/schemas/records';
import { UserFacingError } from '../errors';
import { removeStaleTemporaries, writeFileAtomic } from '../atomicWrite';
import { mapWithConcurrency } from '../data/concurrency';
import { ANALYSES_WITH_IMAGE_FILES, IMAGES_FOLDER, isAttachmentPath, withImageFiles } from './attachments';

export const RECORD_FILE = 'record.json';
/** Files read or written at once: the I/O overlaps without opening thousands of files together. */
const FILE_CONCURRENCY = 32;
export const SUMMARY_FILE = 'summary.json';

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

/** The few fields the runs view shows, as summary.json holds them. */
type StoredSummary = Omit<RunSummary, 'file'>;

function summaryOf(record: RunRecord): StoredSummary {
  return { id: record.id, analysis: record.spec.analysis, createdAt: record.createdAt, models: record.spec.models.map((m) => m.path) };
}

async function writeSummary(runsFolder: string, summary: StoredSummary): Promise<void> {
  await writeFileAtomic(join(runFolder(runsFolder, summary.id), SUMMARY_FILE), JSON.stringify({ schemaVersion: RUN_RECORD_SCHEMA_VERSION, ...summary }));
}

/** A record as saved (its images as files, attachments.ts) and the file it is saved in. */
export interface StoredRecord<R> { record: RunRecord<R>; file: string }

/**
 * Saves the record's images (for the analyses that keep them as files), then the record naming them, then its summary:
 * a crash never leaves a record naming a missing image, and one between record and summary leaves a record that listing
 * summarises from the record itself. Returns the record as saved.
 */
export async function saveRunRecord<R>(runsFolder: string, record: RunRecord<R>): Promise<StoredRecord<R>> {
  const folder = runFolder(runsFolder, record.id);
  const file = recordFilePath(runsFolder, record.id);
  const stored = ANALYSES_WITH_IMAGE_FILES.has(record.spec.analysis) ? withImageFiles(record) : { record, files: new Map<string, Buffer>() };
  await mapWithConcurrency([...stored.files], FILE_CONCURRENCY, ([name, bytes]) => writeFileAtomic(join(folder, name), bytes));
  await writeFileAtomic(file, JSON.stringify(stored.record, null, 1));
  await writeSummary(runsFolder, summaryOf(stored.record));
  return { record: stored.record, file };
}

// Enough of a record to tell whether this version can read it; the whole record is then checked by its analysis.
const recordVersion = z.object({ schemaVersion: z.number(), spec: z.object({ analysis: z.string() }) });

/**
 * The record in `file`, checked whole and read as the current schema: the envelope, the results against its analysis's
 * schema (protocol/schemas, fields older records lack being optional), its attachments under images/. A damaged or
 * foreign file is refused naming the file and its first bad field.
 */
export async function readRunRecord(file: string): Promise<RunRecord> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (err) {
    throw new UserFacingError(`The run record ${file} could not be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  const version = recordVersion.safeParse(parsed);
  if (!version.success) throw new UserFacingError(`${file} is not a Robustness Lens run record (${issueText(version.error.issues)}).`);
  const { schemaVersion, spec: { analysis } } = version.data;
  if (schemaVersion > RUN_RECORD_SCHEMA_VERSION) {
    throw new UserFacingError(`${file} was written by a newer Robustness Lens (schema ${schemaVersion}); update the extension to open it.`);
  }
  const checked = recordSchemaFor(analysis).safeParse(parsed);
  if (!checked.success) throw new UserFacingError(`${file} is a damaged ${analysis} run record (${issueText(checked.error.issues)}).`);
  const outside = checked.data.attachments.find((attachment) => !isAttachmentPath(attachment));
  if (outside !== undefined) throw new UserFacingError(`${file} is a damaged ${analysis} run record (its attachment '${outside}' is not a path under images/).`);
  return checked.data;
}

/** The first issue as "field 'a.b.0' is invalid: message". */
function issueText(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  const issue = issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(the whole record)';
  return `field '${field}' is invalid: ${issue?.message ?? 'unknown problem'}`;
}

/**
 * Removes what a crash mid-save left in a run folder: temporaries of writes that never finished, and then the folder itself
 * if they were all it held. A folder that was already empty stays: a save may have just made it.
 */
async function removeUnfinishedWrites(folder: string): Promise<void> {
  await removeStaleTemporaries(join(folder, IMAGES_FOLDER));
  if (await removeStaleTemporaries(folder) === 0) return;
  await fs.rmdir(folder).catch(() => undefined);
}

const storedSummary = z.object({ schemaVersion: z.number(), id: z.string(), analysis: z.string(), createdAt: z.string(), models: z.array(z.string()) });

/** summary.json of the run in `name` when it is readable and names that run; else null. */
async function readSummary(runsFolder: string, name: string): Promise<StoredSummary | null> {
  try {
    const parsed = storedSummary.safeParse(JSON.parse(await fs.readFile(join(runFolder(runsFolder, name), SUMMARY_FILE), 'utf8')));
    if (!parsed.success || parsed.data.id !== name || parsed.data.schemaVersion > RUN_RECORD_SCHEMA_VERSION) return null;
    const { schemaVersion: _, ...summary } = parsed.data;
    return summary;
  } catch {
    return null;
  }
}

/**
 * The run in folder `name`: from its summary.json while its record exists; a record saved before summaries (or whose summary
 * was lost) is read whole once and its summary written beside it. Null for a half-deleted or foreign folder.
 */
async function listedRun(runsFolder: string, name: string): Promise<RunSummary | null> {
  await removeUnfinishedWrites(runFolder(runsFolder, name));
  const file = recordFilePath(runsFolder, name);
  if (!(await fs.stat(file).then((s) => s.isFile(), () => false))) return null;
  const stored = await readSummary(runsFolder, name);
  if (stored) return { ...stored, file };
  try {
    const summary = summaryOf(await readRunRecord(file));
    if (summary.id === name) await writeSummary(runsFolder, summary).catch(() => undefined);
    return { ...summary, file };
  } catch {
    return null;
  }
}

/** Every readable run under the runs folder, newest first; unreadable folders are skipped, and a crashed save's leftovers removed. */
export async function listRuns(runsFolder: string): Promise<RunSummary[]> {
  let names: string[];
  try {
    names = await fs.readdir(runsFolder);
  } catch {
    return [];
  }
  const listed = await mapWithConcurrency(names, FILE_CONCURRENCY, (name) => listedRun(runsFolder, name));
  return listed.filter((run): run is RunSummary => run !== null).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
