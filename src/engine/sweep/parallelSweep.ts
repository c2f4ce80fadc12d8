// A sweep, or a shard of one, split over engine worker processes: the workers' records merged into the one-process
// results (or the one-process shard record), their prediction files joined into the requested one.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { BackendInfo } from '../../protocol/backend';
import type { RunRecord, RunSpec } from '../../protocol/records';
import type { SweepShardParams } from '../../protocol/rpc';
import type { SweepParams, SweepResults, SweepShardResults } from '../../protocol/sweep';
import { UserFacingError } from '../errors';
import type { ProgressSink } from '../session';
import { mergePredictionFiles } from './predictionMerge';
import { combineShardParts, mergeSweepShards } from './shardMerge';
import { removeShardPredictionFiles, runOnWorkers, shardPredictionFile, type WorkerPoolOptions } from './workerPool';

/** Workers a sweep uses unless told: one per core where the backend computes on one CPU thread per process, else one. */
export function defaultSweepWorkers(backend: BackendInfo): number {
  return backend.name === 'wasm' || backend.name === 'cpu' ? availableParallelism() : 1;
}

export function checkedWorkerCount(workers: number): number {
  if (!Number.isInteger(workers) || workers < 1) throw new UserFacingError(`The number of sweep workers must be a whole number of at least 1, got ${workers}.`, 'bad-input');
  return workers;
}

/** Joins the workers' prediction files into `file` (absolute) and removes them. */
async function joinWorkerPredictions(records: readonly RunRecord<SweepShardResults>[], file: string): Promise<void> {
  const groups = records[0].results.groups;
  await mergePredictionFiles(records.map((_, i) => shardPredictionFile(file, i)), file, (modelId) => groups.findIndex((g) => g.modelIds.includes(modelId)));
  await removeShardPredictionFiles(file, records.length);
}

/** Runs the request as `workers` shards on as many engine processes and merges them. */
export async function parallelSweepRequest(params: SweepParams, workers: number, options: WorkerPoolOptions, onProgress: ProgressSink, signal?: AbortSignal): Promise<{ results: SweepResults; spec: RunSpec }> {
  const savePredictions = params.savePredictions ? resolve(params.savePredictions) : undefined;
  const requests = Array.from({ length: workers }, (_, index): SweepShardParams => ({ ...params, savePredictions, shard: { index, count: workers } }));
  const records = await runOnWorkers(requests, options, onProgress, signal);
  if (savePredictions) await joinWorkerPredictions(records, savePredictions);
  return mergeSweepShards(records, savePredictions ?? null, (i) => `worker ${i}`);
}

/** Runs one shard of a request as `workers` parts on as many engine processes and combines them into the shard's record. */
export async function parallelShardRequest(params: SweepShardParams, workers: number, options: WorkerPoolOptions, onProgress: ProgressSink, signal?: AbortSignal): Promise<{ results: SweepShardResults; spec: RunSpec }> {
  const savePredictions = params.savePredictions ? resolve(params.savePredictions) : undefined;
  const requests = Array.from({ length: workers }, (_, index): SweepShardParams => ({ ...params, savePredictions, part: { index, count: workers } }));
  const records = await runOnWorkers(requests, options, onProgress, signal);
  if (savePredictions) await joinWorkerPredictions(records, savePredictions);
  return { results: combineShardParts(records.map((r) => r.results), savePredictions ?? null), spec: { ...records[0].spec, params: { ...records[0].spec.params, savePredictions: savePredictions ?? null } } };
}
