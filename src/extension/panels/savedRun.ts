// A run record with the file it is saved in: what a panel shows, and what its webview keeps to reopen it after a reload.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { RunRecord } from '../../protocol/records';
import { errorMessage } from '../../engine/errors';
import { readRunRecord, recordFilePath } from '../../engine/runs/store';
import { recordPaths } from '../recordValidation';

export interface SavedRun<Results> { record: RunRecord<Results>; file: string }

/** How paths that come back in a webview's saved state are checked (workspacePaths.ts): the checked path, or null when not allowed. */
export interface StatePaths {
  /** A model or dataset. */
  file(candidate: string): string | null;
  /** A run record. */
  recordFile(candidate: string): string | null;
}

/** The models and dataset a restored panel's state names, each checked; null when any of them is not allowed. */
export function allowedModelsAndData(state: { modelPaths: readonly string[]; data: string }, paths: StatePaths): { modelPaths: string[]; data: string } | null {
  const modelPaths = state.modelPaths.map((candidate) => paths.file(candidate));
  const data = paths.file(state.data);
  return data !== null && modelPaths.every((p): p is string => p !== null) ? { modelPaths, data } : null;
}

/** The run the engine has just saved under `runsFolder`. */
export function savedRun<Results>(record: RunRecord<Results>, runsFolder: string): SavedRun<Results> {
  return { record, file: recordFilePath(runsFolder, record.id) };
}

/** The saved runs of `analysis` at `candidates`, or a sentence saying which one cannot be reopened and why. */
export async function reopenSavedRuns<Results>(candidates: readonly string[], analysis: string, paths: StatePaths): Promise<SavedRun<Results>[] | { unusable: string }> {
  const runs: SavedRun<Results>[] = [];
  for (const candidate of candidates) {
    const file = paths.recordFile(candidate);
    if (file === null) return { unusable: `The saved run ${candidate} is outside the workspace and the runs folder` };
    const name = path.basename(path.dirname(file));
    if (!existsSync(file)) return { unusable: `The saved run ${name} is gone` };
    // A damaged record is refused naming its first bad field (readRunRecord), which the notice passes on.
    const read = await readRunRecord(file).then((record) => ({ record }), (err: unknown) => ({ problem: errorMessage(err) }));
    if ('problem' in read) return { unusable: `The saved run ${name} is not a valid run record (${read.problem})` };
    const { record } = read;
    // A panel reopens without asking, so a record naming anything outside the allowed places is not reopened.
    const outside = recordPaths(record).find((p) => paths.file(p) === null);
    if (outside !== undefined) return { unusable: `The saved run ${name} names ${outside}, outside the workspace` };
    if (record.spec.analysis !== analysis) return { unusable: `The saved run ${name} is not a ${analysis} run` };
    runs.push({ record: record as RunRecord<Results>, file });
  }
  return runs;
}
