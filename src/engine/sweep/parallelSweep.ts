// A sweep, or a shard of one, split over engine worker processes: the workers' records merged into the one-process
// results (or the one-process shard record), their prediction files joined into the requested one.
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { BackendInfo } from '../../protocol/backend';
import type { RunRecord, RunSpec } from '../../protocol/records';
import type { SweepListing, SweepShardParams } from '../../protocol/rpc';
import type { SweepParams, SweepResults, SweepShardResults } from '../../protocol/sweep';
import { UserFacingError } from '../errors';
import type { ProgressSink } from '../../protocol/progress';
import { mergePredictionFiles } from './predictionMerge';
import { removePredictionFileAndTemporaries } from './predictionWriter';
import { combineShardParts, mergeSweepShards } from './shardMerge';
import { oodFolderSets } from './sweepConditions';
import { runOnWorkers, type WorkerPoolOptions } from './workerPool';

/** Workers a sweep uses unless told: one per core where the backend computes on one CPU thread per process, else one. */
export function defaultSweepWorkers(backend: BackendInfo): number {
  return backend.name === 'wasm' || backend.name === 'cpu' ? availableParallelism() : 1;
}

export function checkedWorkerCount(workers: number): number {
  if (!Number.isInteger(workers) || workers < 1) throw new UserFacingError(`The number of sweep workers must be a whole number of at least 1, got ${workers}.`, 'bad-input');
  return workers;
}

/**
 * The temporary prediction files of one run's `count` workers, hidden beside `file` under a name no other run uses (two sweeps
 * may save to the same file at once), each with `file`'s extension, which chooses CSV or JSON Lines.
 */
export function workerPredictionFiles(file: string, count: number): string[] {
  const extension = extname(file);
  const stem = basename(file, extension);
  const run = randomBytes(6).toString('hex');
  return Array.from({ length: count }, (_, i) => join(dirname(file), `.${stem}.${run}.worker-${i}${extension}`));
}

/**
 * Runs one request per worker, each on its own part of the images; with a prediction file, each worker writes a temporary
 * file that is joined into it, and removed whatever happens (success, failure or cancellation).
 */
async function runParts(requests: SweepShardParams[], savePredictions: string | undefined, options: WorkerPoolOptions, onProgress: ProgressSink, signal?: AbortSignal): Promise<RunRecord<SweepShardResults>[]> {
  const parts = savePredictions ? workerPredictionFiles(savePredictions, requests.length) : null;
  try {
    const records = await runOnWorkers(parts ? requests.map((r, i) => ({ ...r, savePredictions: parts[i] })) : requests, options, onProgress, signal);
    if (savePredictions && parts) {
      const groups = records[0].results.groups;
      await mergePredictionFiles(parts, savePredictions, (modelId) => groups.findIndex((g) => g.modelIds.includes(modelId)), oodFolderSets(records[0].results.request).map((f) => f.set));
    }
    return records;
  } finally {
    if (parts) await Promise.all(parts.map(removePredictionFileAndTemporaries));
  }
}

/** Runs the request as `workers` shards on as many engine processes, each handed the images as `listing` holds them, and merges them. */
export async function parallelSweepRequest(params: SweepParams, listing: SweepListing, workers: number, options: WorkerPoolOptions, onProgress: ProgressSink, signal?: AbortSignal): Promise<{ results: SweepResults; spec: RunSpec }> {
  const savePredictions = params.savePredictions ? resolve(params.savePredictions) : undefined;
  const requests = Array.from({ length: workers }, (_, index): SweepShardParams => ({ ...params, listing, savePredictions, shard: { index, count: workers } }));
  const records = await runParts(requests, savePredictions, options, onProgress, signal);
  return mergeSweepShards(records, savePredictions ?? null, (i) => `worker ${i}`);
}

/** Runs one shard of a request as `workers` parts on as many engine processes (handed its listing) and combines them into the shard's record. */
export async function parallelShardRequest(params: SweepShardParams, workers: number, options: WorkerPoolOptions, onProgress: ProgressSink, signal?: AbortSignal): Promise<{ results: SweepShardResults; spec: RunSpec }> {
  const savePredictions = params.savePredictions ? resolve(params.savePredictions) : undefined;
  const requests = Array.from({ length: workers }, (_, index): SweepShardParams => ({ ...params, savePredictions, part: { index, count: workers } }));
  const records = await runParts(requests, savePredictions, options, onProgress, signal);
  return { results: combineShardParts(records.map((r) => r.results), savePredictions ?? null), spec: { ...records[0].spec, params: { ...records[0].spec.params, savePredictions: savePredictions ?? null } } };
}
