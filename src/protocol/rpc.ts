// JSON-RPC between the extension host and the engine process: the requests and notifications, over the types of each analysis.
import { NotificationType, RequestType, RequestType0 } from 'vscode-jsonrpc';
import type { BackendInfo } from './backend';
import type { CamParams, CamResults } from './cam';
import type { ImageItem } from './data';
import type { InitializeParams, LoadedModel, LoadModelParams, SaveProfileParams } from './engine';
import type { MixParams, MixResults } from './mix';
import type { PredictParams, PredictResults } from './predict';
import type { Progress } from './progress';
import type { RunRecord } from './records';
import type { ImageNetBenchmark, SweepParams, SweepPlan, SweepResults, SweepShard, SweepShardResults } from './sweep';

/**
 * A sweep's images as listed and checked once by the process that splits it over workers: the evaluated images (labelled,
 * limited), each OOD folder's, the checked calibration split, the listing's warnings and the ImageNet benchmark they are read as.
 */
export interface SweepListing {
  items: ImageItem[];
  oodFolders: Array<{ set: string; items: ImageItem[] }>;
  calibration: { path: string; items: ImageItem[] } | null;
  warnings: string[];
  benchmark: ImageNetBenchmark | null;
  /** The classes the benchmark scores (ImageNet-A and -R: 200), null for all the model's. */
  classSubset: number[] | null;
}

/**
 * A sweep request for one shard of its images, or for one part of a shard (what one worker of a sharded run does); `listing`,
 * when the splitting process sends it, spares the worker listing and checking the data again.
 */
export interface SweepShardParams extends SweepParams { shard: SweepShard; part?: SweepShard; listing?: SweepListing }

export interface ProgressParams extends Progress { token: string }

export const Requests = {
  initialize: new RequestType<InitializeParams, BackendInfo, void>('engine/initialize'),
  loadModel: new RequestType<LoadModelParams, LoadedModel, void>('engine/loadModel'),
  saveProfile: new RequestType<SaveProfileParams, LoadedModel, void>('engine/saveProfile'),
  predict: new RequestType<PredictParams, RunRecord<PredictResults>, void>('engine/predict'),
  cam: new RequestType<CamParams, RunRecord<CamResults>, void>('engine/cam'),
  planSweep: new RequestType<SweepParams, SweepPlan, void>('engine/planSweep'),
  mix: new RequestType<MixParams, RunRecord<MixResults>, void>('engine/mix'),
  sweep: new RequestType<SweepParams, RunRecord<SweepResults>, void>('engine/sweep'),
  sweepShard: new RequestType<SweepShardParams, RunRecord<SweepShardResults>, void>('engine/sweepShard'),
  shutdown: new RequestType0<void, void>('engine/shutdown'),
};

export const Notifications = {
  progress: new NotificationType<ProgressParams>('engine/progress'),
  log: new NotificationType<{ level: 'info' | 'warn' | 'error'; message: string }>('engine/log'),
};
