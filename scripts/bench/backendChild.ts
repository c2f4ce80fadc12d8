// What one child process measures on its backend: inference (sample models and ResNet-18) and every corruption.
import type { BackendInfo } from '../../src/protocol/backend';
import { selectBackend } from '../../src/engine/backend';
import { backendRun, mismatch, type BackendRunId } from './backendRuns';
import { measureCorruptions, type Rate } from './corruptionBench';
import { measureInference, type Measurement } from './inferenceBench';

export interface BackendReport { run: BackendRunId; backend: BackendInfo; inference: Measurement[]; corruptions: Rate[] }
export type BackendOutcome = { available: true; report: BackendReport } | { available: false; reason: string };

export interface BackendChildTimes {
  /** Minimum measuring time per inference figure. */
  inferenceSeconds: number;
  /** Minimum measuring time per corruption figure (shorter: 38 figures on every backend). */
  corruptionSeconds: number;
}

export async function measureBackend(runId: string, samplesFolder: string, times: BackendChildTimes): Promise<BackendOutcome> {
  const run = backendRun(runId);
  const backend = await selectBackend(run.backend);
  const reason = mismatch(run, backend);
  if (reason) return { available: false, reason };
  const inference = await measureInference(backend.name, samplesFolder, times.inferenceSeconds);
  const corruptions = await measureCorruptions(times.corruptionSeconds);
  return { available: true, report: { run: run.id, backend, inference, corruptions } };
}
