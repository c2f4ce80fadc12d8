// `robustness-lens merge SHARD...`: the records of a sweep run as shards (`sweep --shard i/N`, e.g. a Slurm array job)
// merged into the record one unsharded run gives, then reported like `sweep`. It needs no models, data or backend.
import { resolve } from 'node:path';
import type { RunRecord } from '../../protocol/records';
import type { SweepResults } from '../../protocol/sweep';
import { UserFacingError } from '../../engine/errors';
import { newRunId, saveRunRecord } from '../../engine/runs/store';
import { mergePredictionFiles } from '../../engine/sweep/predictionMerge';
import { mergeSweepShards, orderedShards } from '../../engine/sweep/shardMerge';
import { readShardRecord } from '../../engine/sweep/shardRecordFile';
import { oodFolderSets } from '../../engine/sweep/sweepConditions';
import type { OodScoreChoice } from '../../present/calibrationFigures';
import { printSweepRecord, type SweepExportFormat } from './sweep';

export interface MergeOptions {
  savePredictions?: string;
  runs?: string;
  export?: SweepExportFormat[];
  out?: string;
  json?: boolean;
  oodScore?: OodScoreChoice;
}

export async function mergeCommand(paths: string[], options: MergeOptions): Promise<RunRecord<SweepResults>> {
  if (options.export?.length && !options.out) throw new UserFacingError('--export needs --out DIR to write the report files into.', 'bad-input');
  const records = [];
  for (const path of paths) records.push(await readShardRecord(path));
  const ordered = orderedShards(records, (i) => paths[i]);
  const predictionFiles = ordered.map((r) => r.results.predictionsFile);
  let predictionsFile: string | null = null;
  if (options.savePredictions) {
    const missing = ordered.filter((r) => !r.results.predictionsFile).map((r) => `${r.results.shard.index}/${r.results.shard.count}`);
    if (missing.length) throw new UserFacingError(`--save-predictions needs every shard's prediction file, but shard(s) ${missing.join(', ')} saved none.`, 'bad-input');
    predictionsFile = resolve(options.savePredictions);
    const groups = ordered[0].results.groups;
    await mergePredictionFiles(predictionFiles as string[], predictionsFile, (modelId) => groups.findIndex((g) => g.modelIds.includes(modelId)), oodFolderSets(ordered[0].results.request).map((f) => f.set));
  }
  const { results, spec } = mergeSweepShards(ordered, predictionsFile, (i) => `shard ${i}`);
  const totalMs = ordered.reduce((ms, r) => ms + r.timings.totalMs, 0);
  const first = ordered[0];
  const record: RunRecord<SweepResults> = {
    schemaVersion: first.schemaVersion, id: newRunId('sweep'), createdAt: new Date().toISOString(), spec, results,
    timings: { totalMs, imagesPerSecond: results.imageCount / (totalMs / 1000), workers: ordered.length },
    backend: first.backend, versions: first.versions, attachments: [],
  };
  const file = options.runs ? (await saveRunRecord(resolve(options.runs), record)).file : null;
  if (!options.json) {
    process.stdout.write(`Merged ${ordered.length} shard${ordered.length === 1 ? '' : 's'}: ${results.imageCount} of ${results.plannedImageCount} images; model time ${(totalMs / 1000).toFixed(1)} s summed over shards.\n`);
    if (!options.savePredictions && predictionFiles.some((f) => f)) process.stdout.write('The shards saved prediction files; pass --save-predictions FILE to join them.\n');
  }
  await printSweepRecord(record, options);
  if (file && !options.json) process.stdout.write(`Record: ${file}\n`);
  return record;
}
