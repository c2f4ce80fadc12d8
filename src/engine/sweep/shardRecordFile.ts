// Reading a shard's run record from disk for `merge`: a run folder or its record.json, which readRunRecord checks against
// the shard results' schema (protocol/schemas/sweepShard.ts), so a wrong or damaged file is named in a clear message.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { RunRecord } from '../../protocol/records';
import { SWEEP_SHARD_ANALYSIS, type SweepShardResults } from '../../protocol/sweep';
import { UserFacingError } from '../errors';
import { RECORD_FILE, readRunRecord } from '../runs/store';

/** A shard record from `path`: a run folder (holding record.json) or the record file itself. */
export async function readShardRecord(path: string): Promise<RunRecord<SweepShardResults>> {
  const file = (await fs.stat(path).catch(() => null))?.isDirectory() ? join(path, RECORD_FILE) : path;
  const record = await readRunRecord(file);
  if (record.spec.analysis !== SWEEP_SHARD_ANALYSIS) throw new UserFacingError(`${file} is a '${record.spec.analysis}' record, not a sweep shard (run the sweep with --shard i/N).`, 'bad-input');
  // readRunRecord checked the results against the shard schema, the schema of this analysis.
  return record as RunRecord<SweepShardResults>;
}
