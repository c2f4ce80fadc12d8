// `robustness-lens corrupt IMAGE` and `corrupt-dataset DATA`: corrupted copies on disk, with the sweep's per-image streams.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { CORRUPTIONS, SEVERITIES, type CorruptionName, type ParameterSetName, type Severity } from '../../engine/corruptions';
import { hostBackend } from '../../engine/hostBackend';
import { UserFacingError } from '../../engine/errors';
import { type CorruptedDataset, corruptDataset } from '../../engine/sweep/corruptDataset';
import { corruptImageFile } from '../../engine/sweep/corruptedCopies';
import { cancelOnInterrupt } from '../cancellation';
import { formatCount, formatSkipped } from '../format';
import { createProgressBar } from '../progressBar';

export interface CorruptOptions { corruption: string; severity: number; seed: number; out: string; parameterSet?: ParameterSetName }
export interface CorruptDatasetOptions { out: string; corruptions?: string[]; severities?: number[]; seed: number; limit?: number; parameterSet?: ParameterSetName; workers?: number }

function corruptionName(name: string): CorruptionName {
  const found = CORRUPTIONS.find((c) => c.name === name);
  if (!found) throw new UserFacingError(`Unknown corruption "${name}". Known: ${CORRUPTIONS.map((c) => c.name).join(', ')}.`, 'bad-input');
  return found.name;
}

export async function corruptCommand(image: string, options: CorruptOptions): Promise<void> {
  const written = await corruptImageFile(resolve(image), resolve(options.out), corruptionName(options.corruption), options.severity as Severity, { seed: options.seed, parameterSet: options.parameterSet });
  const { applied } = written;
  const parameters = Object.entries(applied.parameters).map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toFixed(4)) : v}`).join(', ');
  process.stdout.write(`Wrote ${written.output} (${written.width}×${written.height}): ${applied.displayName}, severity ${applied.severity}, ${applied.parameterSet} (${parameters}), seed ${options.seed}\n`);
  if (applied.variant) process.stdout.write(`note: ${applied.variant}\n`);
}

export async function corruptDatasetCommand(data: string, options: CorruptDatasetOptions): Promise<void> {
  const bar = createProgressBar('corrupt-dataset');
  let copies: CorruptedDataset;
  try {
    copies = await corruptDataset(resolve(data), resolve(options.out), {
      corruptions: (options.corruptions ?? CORRUPTIONS.map((c) => c.name)).map(corruptionName),
      severities: (options.severities ?? SEVERITIES) as Severity[], seed: options.seed, parameterSet: options.parameterSet, limit: options.limit,
      workers: options.workers ?? (hostBackend() ? availableParallelism() : 1),
      onProgress: (p) => bar.update(p), signal: cancelOnInterrupt(),
    });
  } finally {
    bar.stop();
  }
  if (copies.skipped.length) process.stdout.write(`${formatSkipped(copies.skipped)}\n`);
  process.stdout.write(`Wrote ${formatCount(copies.written)} files under ${resolve(options.out)} (<corruption>/<severity>/<image>.png; jpeg_compression as .jpg), seed ${options.seed}\n`);
}
