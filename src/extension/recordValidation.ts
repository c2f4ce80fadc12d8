// Run records come from disk, possibly from a cloned repository, so the host trusts none of the paths in them: every
// model, data and output path a record names is listed so the caller can apply the workspace check to each one before
// opening anything. readRunRecord has checked the record's shape (protocol/schemas/records.ts: among others, an id that
// is a plain folder name and attachments inside the run folder).
import * as path from 'node:path';
import type { CamResults } from '../protocol/cam';
import type { PredictResults } from '../protocol/predict';
import type { RunRecord } from '../protocol/records';
import { ALEXNET_BASELINE, type SweepResults } from '../protocol/sweep';

/** Every model, data and output path the record names (the ones a panel would open or write to), resolved and each once. */
export function recordPaths(record: RunRecord): string[] {
  const { spec } = record;
  const paths = [...spec.models.map((m) => m.path), ...(spec.data === null ? [] : [spec.data])];
  // The results have the shape of their analysis: readRunRecord checked them against its schema.
  if (spec.analysis === 'predict') {
    paths.push((record.results as PredictResults).modelPath);
  } else if (spec.analysis === 'cam') {
    const results = record.results as CamResults;
    paths.push(results.modelPath, ...[results.scoremapFolder, results.overlayFolder].filter((p): p is string => p !== null));
  } else if (spec.analysis === 'sweep') {
    const { settings, models } = record.results as SweepResults;
    paths.push(settings.data, ...models.map((m) => m.modelId), ...(settings.baseline !== ALEXNET_BASELINE ? [settings.baseline] : []));
  }
  return [...new Set(paths.map((p) => path.resolve(p)))];
}
