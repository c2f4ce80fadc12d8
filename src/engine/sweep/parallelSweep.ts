// A sweep split over engine worker processes: the shards' records merged into the one-process results, their prediction
// files joined into the requested one.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { BackendInfo } from '../../protocol/backend';
import type { RunSpec } from '../../protocol/records';
import type { SweepParams, SweepResults } from '../../protocol/sweep';
import { UserFacingError } from '../errors';
import type { ProgressSink } from '../session';
import { mergePredictionFiles } from './predictionMerge';
import { mergeSweepShards } from './shardMerge';
import { removeShardPredictionFiles, runShardsOnWorkers, shardPredictionFile, type WorkerPoolOptions } from './workerPool';

/** Workers a sweep uses unless told: one per core where the backend computes on one CPU thread per process, else one. */
export function defaultSweepWorkers(backend: BackendInfo): number {
  return backend.name === 'wasm' || backend.name === 'cpu' ? availableParallelism() : 1;
}

export function checkedWorkerCount(workers: number): number {
  if (!Number.isInteger(workers) || workers < 1) throw new UserFacingError(`The number of sweep workers must be a whole number of at least 1, got ${workers}.`, 'bad-input');
  return workers;
}

/** Runs the request as `workers` shards on as many engine processes and merges them. */
export async function parallelSweepRequest(params: SweepParams, workers: number, options: WorkerPoolOptions, onProgress: ProgressSink, signal?: AbortSignal): Promise<{ results: SweepResults; spec: RunSpec }> {
  const savePredictions = params.savePredictions ? resolve(params.savePredictions) : null;
  const records = await runShardsOnWorkers({ ...params, savePredictions: savePredictions ?? undefined }, workers, options, onProgress, signal);
  if (savePredictions) {
    const groupOf = (modelId: string): number => records[0].results.groups.findIndex((g) => g.modelIds.includes(modelId));
    await mergePredictionFiles(records.map((_, i) => shardPredictionFile(savePredictions, i)), savePredictions, groupOf);
    await removeShardPredictionFiles(savePredictions, workers);
  }
  return mergeSweepShards(records, savePredictions, (i) => `worker ${i}`);
}
