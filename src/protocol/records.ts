// Run specs and run records: every analysis is saved as one JSON record under the runs folder.
import type { BackendInfo } from './backend';
import type { PreprocessingProfile } from './model';

export const RUN_RECORD_SCHEMA_VERSION = 1;

export interface RunModelSpec {
  path: string;
  profile: PreprocessingProfile;
}

export interface RunSpec {
  analysis: string;
  models: RunModelSpec[];
  data: string | null;
  params: Record<string, unknown>;
  seed: number;
}

export interface RunRecord<Results = unknown> {
  schemaVersion: typeof RUN_RECORD_SCHEMA_VERSION;
  id: string;
  createdAt: string;
  spec: RunSpec;
  results: Results;
  /** `workers`: engine processes that shared the work (sweeps), when more than this one could. */
  timings: { totalMs: number; imagesPerSecond: number | null; workers?: number };
  backend: BackendInfo;
  versions: { robustnessLens: string; tfjs: string };
  /** Files written beside the record (images, maps), relative to the record's folder. */
  attachments: string[];
}

export interface RunSummary {
  id: string;
  analysis: string;
  createdAt: string;
  models: string[];
  file: string;
}
