// The engine's in-process API: loaded models, backend, and the analyses. The JSON-RPC server, the CLI
// and the unit tests all drive the engine through this one class, so every front end takes the same path.
import * as tf from '@tensorflow/tfjs';
import { resolve } from 'node:path';
import type { BackendInfo, BackendPreference } from '../protocol/backend';
import type { RunRecord, RunSpec } from '../protocol/records';
import { RUN_RECORD_SCHEMA_VERSION } from '../protocol/records';
import type { ProgressSink } from '../protocol/progress';
import type { CamParams, CamResults } from '../protocol/cam';
import type { LoadModelParams, LoadedModel, SaveProfileParams } from '../protocol/engine';
import type { PredictParams, PredictResults } from '../protocol/predict';
import type { SweepListing, SweepShardParams } from '../protocol/rpc';
import { selectBackend } from './backend';
import { camRequest } from './cam/camRequest';
import { ALEXNET_BASELINE, SWEEP_SHARD_ANALYSIS, type SweepParams, type SweepPlan, type SweepResults, type SweepShard, type SweepShardResults } from '../protocol/sweep';
import type { MixParams, MixResults } from '../protocol/mix';
import { mixRequest } from './mix/mixRequest';
import { checkedWorkerCount, defaultSweepWorkers, parallelShardRequest, parallelSweepRequest } from './sweep/parallelSweep';
import { WHOLE_RUN, shardBatchCount } from './sweep/shard';
import { listSweep, planSweepRequest, sweepRequest, sweepShardRequest } from './sweep/sweepRequest';
import { OutOfMemoryError, UserFacingError, isWasmAbort, outOfMemoryAtBatch } from './errors';
import { loadClassifier, saveProfile, type Classifier } from './model/classifier';
import { predictRequest } from './predict/predictRequest';
import { inlineImages, RunFolderImages, type ImageSink } from './runs/imageSink';
import { newRunId, runFolder, saveRunRecord } from './runs/store';
import { ROBUSTNESS_LENS_VERSION } from './version';
import { WorkQueue } from './workQueue';


export interface EngineOptions { backend: BackendPreference; batchSize: number }

export class EngineSession {
  private readonly models = new Map<string, Promise<Classifier>>();
  /** How each model was loaded, so sweep workers load it the same way. */
  private readonly loads = new Map<string, LoadModelParams>();
  private readonly queue = new WorkQueue();

  private constructor(readonly backend: BackendInfo, private readonly batchSize: number) {}

  static async start(options: EngineOptions): Promise<EngineSession> {
    const backend = await selectBackend(options.backend);
    return new EngineSession(backend, options.batchSize);
  }

  /** Loads a checkpoint once; a request for a model that is still loading waits for the same load. */
  async loadModel(params: LoadModelParams): Promise<LoadedModel> {
    const modelId = resolve(params.path);
    const cached = this.models.get(modelId);
    const preprocessingPath = params.preprocessingPath ? resolve(params.preprocessingPath) : undefined;
    const { labelsPath, preprocessingOverrides } = params;
    const loading = cached && !labelsPath && !preprocessingPath && !preprocessingOverrides ? cached
      : guardedMemory(`out of memory while loading ${modelId}: the model does not fit in the engine's memory`,
        () => loadClassifier(modelId, { labelsPath, profilePath: preprocessingPath, profileOverrides: preprocessingOverrides }));
    if (loading !== cached) {
      this.models.set(modelId, loading);
      this.loads.set(modelId, { path: modelId, labelsPath, preprocessingPath, preprocessingOverrides });
      loading.catch(() => this.models.delete(modelId));
    }
    return describe(modelId, await loading);
  }

  async saveProfile(params: SaveProfileParams): Promise<LoadedModel> {
    const classifier = await this.classifier(params.modelId);
    await saveProfile(params.modelId, params.profile);
    classifier.setProfile({ ...params.profile, guessed: false });
    return describe(params.modelId, classifier);
  }

  predict(params: PredictParams, onProgress: ProgressSink, signal?: AbortSignal): Promise<RunRecord<PredictResults>> {
    return this.run(async () => {
      const started = performance.now();
      const classifier = await this.classifier(params.modelId);
      return this.savedAsItGoes('predict', params.runsFolder, started, (images) => predictRequest(params, classifier, this.batchSize, onProgress, signal, images));
    });
  }

  /** CAM localisation accuracy on a wsolevaluation dataset (MaxBoxAcc, MaxBoxAccV2, top-1 / GT-known localisation). */
  localise(params: CamParams, onProgress: ProgressSink, signal?: AbortSignal): Promise<RunRecord<CamResults>> {
    return this.run(async () => {
      const started = performance.now();
      const classifier = await this.classifier(params.modelId);
      return this.savedAsItGoes('cam', params.runsFolder, started, (images) => camRequest(params, classifier, this.batchSize, onProgress, signal, images));
    });
  }

  /** What a sweep will do: images, conditions, forward passes and a time estimate from one measured pass per model. */
  planSweep(params: SweepParams): Promise<SweepPlan> {
    return this.run(() => planSweepRequest(params, (id) => this.classifier(id), this.batchSize));
  }

  /** The robustness sweep over loaded models on the same images, split over worker processes where that helps; a cancelled sweep returns what finished, marked partial. */
  sweep(params: SweepParams, onProgress: ProgressSink, signal?: AbortSignal): Promise<RunRecord<SweepResults>> {
    return this.run(async () => {
      const started = performance.now();
      const { workers, listing } = await this.sweepWorkers(params);
      const { results, spec } = listing && workers > 1
        ? await parallelSweepRequest(params, listing, workers, { backend: this.backend.name, batchSize: this.batchSize, models: this.sweepLoads(params) }, onProgress, signal)
        : await sweepRequest(params, (id) => this.classifier(id), this.batchSize, onProgress, signal, listing);
      return this.saved(params.runsFolder, this.record(spec, results, results.imageCount, started, workers));
    });
  }

  /** One shard of a sweep (images split at batch boundaries), for `merge` to combine with the others. */
  sweepShard(params: SweepShardParams, onProgress: ProgressSink, signal?: AbortSignal): Promise<RunRecord<SweepShardResults>> {
    return this.run(async () => {
      const started = performance.now();
      const { workers, listing } = params.part ? { workers: 1, listing: params.listing } : await this.sweepWorkers(params, params.shard);
      const { results, spec } = listing && workers > 1
        ? await parallelShardRequest({ ...params, listing }, workers, { backend: this.backend.name, batchSize: this.batchSize, models: this.sweepLoads(params) }, onProgress, signal)
        : await sweepShardRequest({ ...params, listing }, (id) => this.classifier(id), this.batchSize, onProgress, signal);
      return this.saved(params.runsFolder, this.record({ ...spec, analysis: SWEEP_SHARD_ANALYSIS }, results, results.imageCount, started, workers));
    });
  }

  /** Queues an analysis; a wasm abort in it becomes an OutOfMemoryError naming the batch size. */
  private run<T>(work: () => Promise<T>): Promise<T> {
    return guardedMemory(outOfMemoryAtBatch(this.batchSize), () => this.queue.run(work));
  }

  /**
   * The workers a sweep request (or a shard of it) runs on: as asked, else one per core on CPU backends; never more than its
   * batches. With more than one wanted, the images are listed and checked here, once, and handed to the workers (or to this process).
   */
  private async sweepWorkers(params: SweepParams, shard: SweepShard = WHOLE_RUN): Promise<{ workers: number; listing?: SweepListing }> {
    const wanted = params.workers === undefined ? defaultSweepWorkers(this.backend) : checkedWorkerCount(params.workers);
    if (wanted === 1) return { workers: 1 };
    const listing = await listSweep(params, (id) => this.classifier(id), this.batchSize);
    const batches = Math.ceil(listing.items.length / this.batchSize);
    return { workers: Math.max(1, Math.min(wanted, shardBatchCount(batches, shard))), listing };
  }

  /** The loads of the models a sweep names, its baseline checkpoint included. */
  private sweepLoads(params: SweepParams): LoadModelParams[] {
    const ids = [...params.modelIds, ...(params.baseline && params.baseline !== ALEXNET_BASELINE ? [params.baseline] : [])].map((id) => resolve(id));
    return [...new Set(ids)].map((id) => {
      const load = this.loads.get(id);
      if (!load) throw new UserFacingError(`The model ${id} is not loaded; open it first.`, 'not-found');
      return load;
    });
  }

  /** Every analysis's record, built here: its id from the spec's analysis, its timings from `started`; `workers` for sweeps. */
  private record<R>(spec: RunSpec, results: R, imageCount: number, started: number, workers?: number): RunRecord<R> {
    const totalMs = performance.now() - started;
    return {
      schemaVersion: RUN_RECORD_SCHEMA_VERSION, id: newRunId(spec.analysis), createdAt: new Date().toISOString(), spec, results,
      timings: { totalMs, imagesPerSecond: imageCount / (totalMs / 1000), ...(workers === undefined ? {} : { workers }) },
      backend: this.backend, versions: { robustnessLens: ROBUSTNESS_LENS_VERSION, tfjs: tf.version.tfjs }, attachments: [],
    };
  }

  /** The record as saved under `runsFolder` (images as files, attachments.ts), or as made when there is none. */
  private async saved<R>(runsFolder: string | undefined, record: RunRecord<R>): Promise<RunRecord<R>> {
    return runsFolder ? (await saveRunRecord(runsFolder, record)).record : record;
  }

  /**
   * A run whose images grow with its dataset (predict's thumbnails, cam's overlays): saved under `runsFolder`, its images are
   * written into its folder as `work` makes them, so none is held in memory; the folder is removed if the run fails.
   */
  private async savedAsItGoes<R>(analysis: string, runsFolder: string | undefined, started: number, work: (images: ImageSink) => Promise<{ results: R; spec: RunSpec; imageCount: number }>): Promise<RunRecord<R>> {
    if (!runsFolder) {
      const { results, spec, imageCount } = await work(inlineImages);
      return this.record(spec, results, imageCount, started);
    }
    const id = newRunId(analysis);
    const images = new RunFolderImages(runFolder(runsFolder, id));
    let done: { results: R; spec: RunSpec; imageCount: number };
    try {
      done = await work(images);
    } catch (err) {
      await images.discard();
      throw err;
    }
    return this.saved(runsFolder, { ...this.record(done.spec, done.results, done.imageCount, started), id, attachments: images.files });
  }

  /** A mix preview (definitions.md §6): pairs mixed with Mixup, Cutout, CutMix or Puzzle Mix, every model's predictions and in-between statistics. */
  mix(params: MixParams, onProgress: ProgressSink, signal?: AbortSignal): Promise<RunRecord<MixResults>> {
    return this.run(async () => {
      const started = performance.now();
      const { results, spec } = await mixRequest(params, (id) => this.classifier(id), onProgress, signal);
      return this.saved(params.runsFolder, this.record(spec, results, results.pairs.length, started));
    });
  }

  private async classifier(modelId: string): Promise<Classifier> {
    const loading = this.models.get(resolve(modelId));
    if (!loading) throw new UserFacingError(`The model ${modelId} is not loaded; open it first.`, 'not-found');
    return loading;
  }
}

/** Runs `work`, turning a wasm abort (after which the process must not go on) into an OutOfMemoryError with `summary`. */
async function guardedMemory<T>(summary: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw isWasmAbort(err) ? new OutOfMemoryError(summary, err) : err;
  }
}

function describe(modelId: string, classifier: Classifier): LoadedModel {
  return { modelId, inspection: classifier.inspection, profile: classifier.profile, labels: classifier.labels };
}
