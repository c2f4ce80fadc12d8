// Splitting a sweep's images into shards at batch boundaries, so that shard i of N evaluates exactly the batches an
// unsharded run would give it, and the shards' tallies, concatenated in order, are the unsharded run's.
import type { SweepShard } from '../../protocol/sweep';
import { UserFacingError } from '../errors';

/** The whole run as one shard. */
export const WHOLE_RUN: SweepShard = { index: 0, count: 1 };

/** "i/N" (0-based i, as Slurm's SLURM_ARRAY_TASK_ID and Kubernetes' JOB_COMPLETION_INDEX count) → { index: i, count: N }. */
export function parseShard(text: string): SweepShard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw new UserFacingError(`A shard is written i/N with 0 ≤ i < N (e.g. 0/8); got "${text}".`, 'bad-input');
  return checkedShard({ index: Number(match[1]), count: Number(match[2]) });
}

export function checkedShard(shard: SweepShard): SweepShard {
  const { index, count } = shard;
  if (!Number.isInteger(count) || count < 1) throw new UserFacingError(`The shard count must be a whole number of at least 1, got ${count}.`, 'bad-input');
  if (!Number.isInteger(index) || index < 0 || index >= count) throw new UserFacingError(`The shard index must be a whole number from 0 to ${count - 1}, got ${index}.`, 'bad-input');
  return shard;
}

export interface ShardSlice<T> {
  items: T[];
  /** Index, in the unsharded run, of the shard's first batch. */
  batchOffset: number;
}

/** Batches shard `index` of `count` gets of `batches`. */
export function shardBatchCount(batches: number, shard: SweepShard): number {
  return Math.floor(((shard.index + 1) * batches) / shard.count) - Math.floor((shard.index * batches) / shard.count);
}

/** Shard `index` of `count` gets batches [⌊index·B/count⌋, ⌊(index+1)·B/count⌋) of the B batches of `batchSize` items. */
export function shardSlice<T>(items: readonly T[], batchSize: number, shard: SweepShard): ShardSlice<T> {
  const batches = Math.ceil(items.length / batchSize);
  const first = Math.floor((shard.index * batches) / shard.count);
  const end = Math.floor(((shard.index + 1) * batches) / shard.count);
  return { items: items.slice(first * batchSize, end * batchSize), batchOffset: first };
}

/** Shards of shards: `path[0]` of the items, then `path[1]` of that, and so on (a shard's part run by one worker). */
export function nestedShardSlice<T>(items: readonly T[], batchSize: number, path: readonly SweepShard[]): ShardSlice<T> {
  return path.reduce<ShardSlice<T>>((outer, shard) => {
    const inner = shardSlice(outer.items, batchSize, shard);
    return { items: inner.items, batchOffset: outer.batchOffset + inner.batchOffset };
  }, { items: [...items], batchOffset: 0 });
}
