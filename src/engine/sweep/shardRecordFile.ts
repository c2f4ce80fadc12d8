// Reading a shard's run record from disk for `merge`: a run folder or its record.json, checked to be a sweep shard whose
// totals have the shape merging relies on, so a wrong or damaged file is named in a clear message.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { RunRecord } from '../../protocol/records';
import type { SweepShardResults } from '../../protocol/sweep';
import { UserFacingError } from '../errors';
import { RECORD_FILE, readRunRecord } from '../runs/store';
import { SWEEP_SHARD_ANALYSIS } from './shardMerge';

const tallyState = z.object({
  modelId: z.string(), imageCount: z.number().int().nonnegative(), wrong: z.record(z.string(), z.number().int().nonnegative()),
  cleanConfidence: z.array(z.number()), cleanCorrect: z.array(z.boolean()), trueClassProbability: z.array(z.number()),
  oodScores: z.record(z.string(), z.array(z.number())),
}).refine((t) => t.cleanConfidence.length === t.imageCount && t.cleanCorrect.length === t.imageCount && t.trueClassProbability.length === t.imageCount, 'per-image lists must hold one entry per image');

const shardResults = z.object({
  shard: z.object({ index: z.number().int().nonnegative(), count: z.number().int().positive() }),
  request: z.object({ data: z.string(), modelIds: z.array(z.string()) }).passthrough(),
  plannedImageCount: z.number().int().nonnegative(),
  groups: z.array(z.object({ geometry: z.object({ height: z.number().int().positive(), width: z.number().int().positive() }).passthrough(), modelIds: z.array(z.string()) })).min(1),
  tallies: z.array(tallyState).min(1),
}).passthrough();

/** A shard record from `path`: a run folder (holding record.json) or the record file itself. */
export async function readShardRecord(path: string): Promise<RunRecord<SweepShardResults>> {
  const file = (await fs.stat(path).catch(() => null))?.isDirectory() ? join(path, RECORD_FILE) : path;
  const record = await readRunRecord(file);
  if (record.spec.analysis !== SWEEP_SHARD_ANALYSIS) throw new UserFacingError(`${file} is a '${record.spec.analysis}' record, not a sweep shard (run the sweep with --shard i/N).`, 'bad-input');
  const checked = shardResults.safeParse(record.results);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new UserFacingError(`${file} is a damaged sweep shard record (${issue?.path.join('.')}: ${issue?.message}).`, 'bad-input');
  }
  return record as RunRecord<SweepShardResults>;
}
