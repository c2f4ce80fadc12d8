// Worker scaling on the CPU: the same sweep of the two sample models through the CLI (wasm backend) with 1 … N engine
// worker processes, each run's results checked against the 1-worker run's.
import { isDeepStrictEqual } from 'node:util';
import type { RunRecord } from '../../src/protocol/records';
import type { SweepResults } from '../../src/protocol/sweep';
import { runJsonChild } from './childProcess';

export interface ScalingPoint {
  workers: number;
  seconds: number;
  imagesPerSecond: number;
  /** Top-level keys of `results` (predictionsFile aside) that differ from the 1-worker run's; empty when equal. */
  differingKeys: string[];
}

export type ScalingOutcome = { ok: true; points: ScalingPoint[] } | { ok: false; reason: string };

/** About 20 s on one core of the 2-core CI machine: 128 images × (clean, 3 corruptions × 3 severities, 2 FGSM ε) × 2 models. */
export const SCALING_WORKLOAD = ['--limit', '128', '--corruptions', 'gaussian_noise,defocus_blur,jpeg_compression', '--severities', '1,3,5', '--fgsm', '2,8'];

/** Keys of `a` and `b` whose values differ, predictionsFile (a path that names the run) aside. */
function differingResultKeys(a: SweepResults, b: SweepResults): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete('predictionsFile');
  return [...keys].filter((k) => !isDeepStrictEqual(Reflect.get(a, k), Reflect.get(b, k)));
}

export function measureWorkerScaling(cli: string, samplesFolder: string, workerCounts: readonly number[]): ScalingOutcome {
  const models = ['baseline', 'cutmix'].map((m) => `${samplesFolder}/models/${m}/model.json`);
  const points: ScalingPoint[] = [];
  let reference: SweepResults | null = null;
  for (const workers of workerCounts) {
    process.stderr.write(`  sweep with ${workers} worker${workers === 1 ? '' : 's'}…\n`);
    const args = [cli, '--backend', 'wasm', 'sweep', ...models, '--data', `${samplesFolder}/data`, ...SCALING_WORKLOAD, '--workers', String(workers), '--json'];
    const child = runJsonChild<RunRecord<SweepResults>>(process.execPath, args);
    if (!child.ok) return { ok: false, reason: `--workers ${workers}: ${child.reason}` };
    const record = child.value;
    if ((record.timings.workers ?? 1) !== workers) return { ok: false, reason: `--workers ${workers} ran on ${record.timings.workers ?? 1} workers` };
    reference ??= record.results;
    points.push({ workers, seconds: record.timings.totalMs / 1000, imagesPerSecond: record.timings.imagesPerSecond ?? 0, differingKeys: differingResultKeys(reference, record.results) });
  }
  return { ok: true, points };
}
