// Run specs and run records: every analysis is saved as one JSON record under the runs folder.
import type { BackendInfo } from './backend';
import type { PreprocessingProfile } from './model';

/** 2: saved records may name their images as files beside them (attachments); 1 held every image as a data: URI. */
export const RUN_RECORD_SCHEMA_VERSION = 2;

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
  /**
   * Files written beside the record, relative to the record's folder (images/<hash>.png|jpg): a saved record's results name
   * its images by these paths; a record not saved (or saved before schema 2) holds data: URIs instead and lists none.
   */
  attachments: string[];
}

export interface RunSummary {
  id: string;
  analysis: string;
  createdAt: string;
  models: string[];
  file: string;
}
