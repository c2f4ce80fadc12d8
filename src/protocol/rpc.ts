// JSON-RPC between the extension host and the engine process: the requests and notifications, over the types of each analysis.
import { NotificationType, RequestType, RequestType0 } from 'vscode-jsonrpc';
import type { BackendInfo } from './backend';
import type { CamParams, CamResults } from './cam';
import type { InitializeParams, LoadedModel, LoadModelParams, SaveProfileParams } from './engine';
import type { MixParams, MixResults } from './mix';
import type { PredictParams, PredictResults } from './predict';
import type { Progress } from './progress';
import type { RunRecord } from './records';
import type { SweepParams, SweepPlan, SweepResults, SweepShard, SweepShardResults } from './sweep';

/** A sweep request for one shard of its images, or for one part of a shard (what one worker of a sharded run does). */
export interface SweepShardParams extends SweepParams { shard: SweepShard; part?: SweepShard }

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
