// Merging the records of a sharded sweep into the record one unsharded run gives: each model's shard totals are absorbed in
// shard order (counts add, per-image lists concatenate in dataset order) and the results are built by the same code.
import { isDeepStrictEqual } from 'node:util';
import type { RunRecord, RunSpec } from '../../protocol/records';
import { SWEEP_SHARD_ANALYSIS, type SweepResults, type SweepShardResults } from '../../protocol/sweep';
import { UserFacingError } from '../errors';
import { ModelTally } from './modelTally';
import type { SweepOutcome } from './runSweep';
import { sweepConditions } from './sweepConditions';
import { sweepResults } from './sweepResults';
import { holeSizesFor, type SweepLayout } from './sweepSetup';

export interface MergedSweep {
  results: SweepResults;
  spec: RunSpec;
}

/** The spec and request without the per-shard prediction file, which is all that may differ between a run's shards. */
function runIdentity(record: RunRecord<SweepShardResults>): unknown {
  const { savePredictions: _file, ...request } = record.results.request;
  return { spec: { ...record.spec, params: { ...record.spec.params, savePredictions: null } }, request, shardCount: record.results.shard.count };
}

/** The records sorted by shard index, after checking they are every shard of one run, each once. */
export function orderedShards(records: readonly RunRecord<SweepShardResults>[], sourceOf: (i: number) => string): RunRecord<SweepShardResults>[] {
  if (records.length === 0) throw new UserFacingError('Name the shard records to merge.', 'bad-input');
  records.forEach((r, i) => {
    if (r.spec.analysis !== SWEEP_SHARD_ANALYSIS) throw new UserFacingError(`${sourceOf(i)} is a '${r.spec.analysis}' record, not a sweep shard (run the sweep with --shard i/N).`, 'bad-input');
  });
  const count = records[0].results.shard.count;
  const first = runIdentity(records[0]);
  records.forEach((r, i) => {
    if (!isDeepStrictEqual(runIdentity(r), first)) throw new UserFacingError(`${sourceOf(i)} belongs to a different sweep than ${sourceOf(0)} (its models, data, conditions, seed, batch size or shard count differ).`, 'bad-input');
  });
  const byIndex = new Map<number, number>();
  records.forEach((r, i) => {
    const seen = byIndex.get(r.results.shard.index);
    if (seen !== undefined) throw new UserFacingError(`${sourceOf(i)} and ${sourceOf(seen)} are both shard ${r.results.shard.index}/${count}.`, 'bad-input');
    byIndex.set(r.results.shard.index, i);
  });
  const missing = Array.from({ length: count }, (_, k) => k).filter((k) => !byIndex.has(k));
  if (missing.length) throw new UserFacingError(`Shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${count}`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing; a merged sweep needs all ${count}.`, 'bad-input');
  return Array.from({ length: count }, (_, k) => records[byIndex.get(k) as number]);
}

function layoutOf(shard: SweepShardResults): SweepLayout {
  return {
    groups: shard.groups, conditions: sweepConditions(shard.request), parameterSet: shard.parameterSet, classCount: shard.classCount,
    batchSize: shard.batchSize, imageCount: shard.plannedImageCount,
    // A clean set is accepted only beside a released corruption set, so it marks one.
    corruptionSource: shard.request.clean ? { kind: 'released', root: shard.request.data, clean: shard.request.clean } : { kind: 'generated' },
    calibrationSplit: shard.request.calibrationSplit ?? null,
  };
}

/** The outcome the unsharded run would have reached, from the shards in index order. */
function mergedOutcome(layout: SweepLayout, shards: readonly SweepShardResults[]): SweepOutcome {
  const tallies = shards[0].tallies.map(({ modelId }) => {
    const group = layout.groups.find((g) => g.modelIds.includes(modelId));
    if (!group) throw new UserFacingError(`The shard records name model ${modelId} in no input group.`, 'bad-input');
    const tally = new ModelTally(modelId, layout.conditions, holeSizesFor(layout.conditions, group.geometry));
    for (const shard of shards) {
      const state = shard.tallies.find((t) => t.modelId === modelId);
      if (!state) throw new UserFacingError(`Shard ${shard.shard.index}/${shard.shard.count} has no totals for model ${modelId}.`, 'bad-input');
      tally.absorb(state);
    }
    return tally;
  });
  return {
    tallies, partial: shards.some((s) => s.partial), imageCount: tallies[0]?.imageCount ?? 0,
    forwardPasses: shards.reduce((n, s) => n + s.forwardPasses, 0), gallery: shards.flatMap((s) => s.gallery), skipped: shards.flatMap((s) => s.skipped),
  };
}

/** A shard's results from its parts (run by workers, in part order), as if the shard had run in one process. */
export function combineShardParts(parts: readonly SweepShardResults[], predictionsFile: string | null): SweepShardResults {
  const outcome = mergedOutcome(layoutOf(parts[0]), parts);
  const { savePredictions: _file, ...request } = parts[0].request;
  return {
    ...parts[0], request: { ...request, ...(predictionsFile ? { savePredictions: predictionsFile } : {}) }, partial: outcome.partial, imageCount: outcome.imageCount,
    forwardPasses: outcome.forwardPasses, tallies: outcome.tallies.map((t) => t.toState()), gallery: outcome.gallery, skipped: outcome.skipped, predictionsFile,
  };
}

/** The unsharded run's results and spec from every shard's record; `predictionsFile` is the merged prediction file, if any. */
export function mergeSweepShards(records: readonly RunRecord<SweepShardResults>[], predictionsFile: string | null, sourceOf: (i: number) => string = (i) => `record ${i + 1}`): MergedSweep {
  const ordered = orderedShards(records, sourceOf);
  const shards = ordered.map((r) => r.results);
  const first = shards[0];
  const layout = layoutOf(first);
  const results = sweepResults({
    layout, outcome: mergedOutcome(layout, shards), baseline: first.baseline, data: first.request.data,
    names: new Map(Object.entries(first.names)), predictionsFile, warnings: first.warnings, benchmark: first.request.dataset ?? null,
    classNames: first.classNames ?? null,
  });
  const spec = ordered[0].spec;
  return { results, spec: { ...spec, analysis: 'sweep', params: { ...spec.params, savePredictions: predictionsFile } } };
}
