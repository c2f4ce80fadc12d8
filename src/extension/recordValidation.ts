// Run records come from disk, possibly from a cloned repository, so the host trusts none of their fields: a record is
// checked against the shape the panels read, and every file path in it is listed so the caller can apply the
// workspace check to each one before opening anything.
import * as path from 'node:path';
import { z } from 'zod';
import { RUN_RECORD_SCHEMA_VERSION, type RunRecord } from '../protocol/records';
import { ALEXNET_BASELINE } from '../protocol/sweep';

const filePath = z.string().min(1);
/** A file beside the record: relative, and not climbing out of the record's folder. */
const attachment = z.string().min(1).refine((p) => !path.isAbsolute(p) && !path.win32.isAbsolute(p) && !p.split(/[\\/]/).includes('..'), 'must be a path inside the run folder');

const envelope = z.object({
  schemaVersion: z.literal(RUN_RECORD_SCHEMA_VERSION),
  // The id names the run's folder, so it must not climb out of the runs folder.
  id: z.string().regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/, 'must be a plain folder name'),
  createdAt: z.string(),
  spec: z.object({
    analysis: z.string(),
    models: z.array(z.object({ path: filePath, profile: z.object({}).passthrough() }).passthrough()).min(1),
    data: filePath.nullable(),
    params: z.record(z.string(), z.unknown()),
    seed: z.number(),
  }).passthrough(),
  results: z.unknown(),
  attachments: z.array(attachment),
}).passthrough();

const predictResults = z.object({ modelPath: filePath }).passthrough();
const camResults = z.object({ modelPath: filePath, scoremapFolder: filePath.nullable().optional(), overlayFolder: filePath.nullable().optional() }).passthrough();
const sweepResults = z.object({
  settings: z.object({ data: filePath, baseline: z.string().nullable() }).passthrough(),
  models: z.array(z.object({ modelId: filePath }).passthrough()),
}).passthrough();

export type CheckedRecord = { record: RunRecord; paths: string[] } | { problem: string };

/** The record and every model, data and output path it names (the ones a panel would open or write to), or what is wrong with it. */
export function checkRunRecord(parsed: unknown): CheckedRecord {
  const checked = envelope.safeParse(parsed);
  if (!checked.success) return { problem: issueText(checked.error) };
  const { spec, results } = checked.data;
  const paths = [...spec.models.map((m) => m.path), ...(spec.data === null ? [] : [spec.data])];
  if (spec.analysis === 'predict') {
    const r = predictResults.safeParse(results);
    if (!r.success) return { problem: issueText(r.error, 'results') };
    paths.push(r.data.modelPath);
  } else if (spec.analysis === 'cam') {
    const r = camResults.safeParse(results);
    if (!r.success) return { problem: issueText(r.error, 'results') };
    paths.push(r.data.modelPath, ...[r.data.scoremapFolder, r.data.overlayFolder].filter((p): p is string => typeof p === 'string'));
  } else if (spec.analysis === 'sweep') {
    const r = sweepResults.safeParse(results);
    if (!r.success) return { problem: issueText(r.error, 'results') };
    const { baseline, data } = r.data.settings;
    paths.push(data, ...r.data.models.map((m) => m.modelId), ...(baseline !== null && baseline !== ALEXNET_BASELINE ? [baseline] : []));
  }
  return { record: parsed as RunRecord, paths: [...new Set(paths.map((p) => path.resolve(p)))] };
}

function issueText(error: z.ZodError, prefix?: string): string {
  const issue = error.issues[0];
  const where = [...(prefix ? [prefix] : []), ...(issue?.path.map(String) ?? [])].join('.');
  return `${where || 'the record'}: ${issue?.message ?? 'invalid'}`;
}
