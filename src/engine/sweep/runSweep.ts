// The robustness sweep: every condition over the same images for every model. Each batch is decoded once per geometry
// group, corrupted once per condition and fed to every model of the group; a batch counts only once every group has run
// every condition on it, so a cancelled run keeps whole batches and every number covers the same images.
import * as tf from '@tensorflow/tfjs';
import type { SkippedFile } from '../../protocol/data';
import type { SweepConditionFailure, SweepGalleryEntry, SweepShard } from '../../protocol/sweep';
import { fgsmGradient, fgsmPerturb, type FgsmGradient } from '../adversarial';
import { GradientUnavailableError } from '../kernels/gradientFailure';
import { imageBatches, type ImageBatch } from '../data/batches';
import { OCCLUSION_MODES, holeMask } from '../occlusion';
import type { ProgressSink } from '../../protocol/progress';
import type { CorruptionName, Severity } from '../corruptions';
import { SYNTHETIC_OOD_KINDS, type SyntheticOodKind } from '../uncertainty';
import { conditionOutputs, withLogitScores, type ConditionOutputs } from './conditionOutputs';
import { SweepGallery, gallerySeverity } from './gallery';
import type { GeometryGroup, SweptModel } from './geometryGroups';
import { ModelTally, type BatchOutputs } from './modelTally';
import { corruptPerImage, syntheticOodBatch } from './perImageRandom';
import { PredictionWriter } from './predictionWriter';
import { releasedConditionBatch } from './releasedImages';
import { nestedShardSlice } from './shard';
import { conditionKey } from './sweepConditions';
import { fitSplitTemperatures } from './splitTemperature';
import { batchCount, calibrationForwardPasses, groupHoleSizes, plannedForwardPasses, type LabelledItem, type OodFolderItems, type SweepSetup } from './sweepSetup';
import { TemperatureScalingTally } from './temperatureTally';

export interface SweepRunOptions {
  /** Images per corruption in the gallery. */
  galleryImages: number;
  /** Where to write per-image probabilities, or null. */
  savePredictions: string | null;
  /** The part of the images to evaluate: a shard, a part of a shard, … (default: all of them). */
  shards?: readonly SweepShard[];
  onProgress: ProgressSink;
  signal?: AbortSignal;
}

export interface SweepOutcome {
  /** One per model, in the setup's order. */
  tallies: ModelTally[];
  partial: boolean;
  imageCount: number;
  forwardPasses: number;
  gallery: SweepGalleryEntry[];
  skipped: SkippedFile[];
}

/** Counts forward passes and reports each one; the calibration split's passes show in the progress but are counted apart. */
class PassCounter {
  done = 0;
  private calibrationDone = 0;
  constructor(private readonly total: number, private readonly onProgress: ProgressSink) {}
  tick(message: string): void {
    this.done++;
    this.report(message);
  }
  tickCalibration(message: string): void {
    this.calibrationDone++;
    this.report(message);
  }
  private report(message: string): void {
    this.onProgress({ done: this.done + this.calibrationDone, total: this.total, message });
  }
}

interface RunContext {
  /** The shard's part of the run's setup. */
  setup: SweepSetup;
  /** Index, in the unsharded run, of the shard's first batch. */
  batchOffset: number;
  counter: PassCounter;
  gallery: SweepGallery;
  /** Conditions that could not run, per model id: they are skipped in later batches and reported as failed. */
  failures: Map<string, SweepConditionFailure>;
  signal?: AbortSignal;
}

/** The model-independent images of a batch under each condition, one at a time, each fed to every model of a group. */
class GroupBatchRun {
  readonly outputs = new Map<string, BatchOutputs>();
  private readonly labels: number[];
  private readonly ids: string[];

  constructor(private readonly ctx: RunContext, private readonly group: GeometryGroup, private readonly batch: ImageBatch, private readonly batchIndex: number) {
    this.labels = (batch.items as LabelledItem[]).map((item) => item.label);
    this.ids = batch.items.map((item) => item.id);
    for (const model of group.models) this.outputs.set(model.modelId, new Map());
  }

  private get aborted(): boolean {
    return this.ctx.signal?.aborted ?? false;
  }

  private progressMessage(label: string): string {
    return `${label} · batch ${this.batchIndex + 1} of ${batchCount(this.ctx.setup.items.length, this.ctx.setup.batchSize)}`;
  }

  private record(model: SweptModel, key: string, outputs: ConditionOutputs, label: string): void {
    this.outputs.get(model.modelId)?.set(key, outputs);
    this.ctx.counter.tick(this.progressMessage(label));
  }

  /** Feeds `images` to every model of the group under condition `key`; `scored`: the OOD scores' logits too (clean and OOD sets). */
  private async feed(key: string, label: string, images: tf.Tensor4D, labelled = true, scored = false): Promise<void> {
    for (const model of this.group.models) {
      const outputs = await conditionOutputs(model.classifier, images, labelled ? this.labels : null);
      this.record(model, key, scored ? await withLogitScores(model.classifier, images, outputs) : outputs, label);
    }
  }

  /** Runs every condition, one step (a condition for every model) at a time; false when cancelled before a step (the outputs are then incomplete). */
  async run(): Promise<boolean> {
    const steps = [() => this.feed(conditionKey.clean(), 'clean', this.batch.images, true, true), ...this.corruptionSteps(), ...this.fgsmSteps(), ...this.occlusionSteps(), ...this.oodSteps()];
    for (const step of steps) {
      if (this.aborted) return false;
      await step();
    }
    return !this.aborted;
  }

  /** The batch under a corruption: read from the released set's files when there is one, else generated; null when cancelled. */
  private corruptedImages(name: CorruptionName, severity: Severity): Promise<tf.Tensor4D | null> {
    const { conditions, parameterSet, released } = this.ctx.setup;
    if (released) return releasedConditionBatch(released.set, name, severity, this.batch.items, this.group.geometry, this.ctx.signal);
    return corruptPerImage(this.batch.images, this.ids, name, severity, conditions.seed, { parameterSet, jpegRoundTrip: conditions.jpegRoundTrip });
  }

  private corruptionSteps(): Array<() => Promise<void>> {
    const { conditions } = this.ctx.setup;
    return conditions.corruptions.flatMap((name) => conditions.severities.map((severity) => async () => {
      const corrupted = await this.corruptedImages(name, severity);
      if (!corrupted) return;
      try {
        await this.feed(conditionKey.corruption(name, severity), `${name} severity ${severity}`, corrupted);
        if (this.ctx.gallery.wants(this.ctx.batchOffset + this.batchIndex, severity)) await this.ctx.gallery.addImages(this.batch.items, this.batch.images, corrupted, name);
      } finally {
        corrupted.dispose();
      }
    }));
  }

  // definitions.md §2: one gradient per model and batch, then one forward pass per ε.
  private fgsmSteps(): Array<() => Promise<void>> {
    const { epsilons } = this.ctx.setup.conditions;
    if (epsilons.length === 0) return [];
    return this.group.models.map((model) => async () => {
      if (this.ctx.failures.has(model.modelId)) return;
      const gradient = this.fgsmGradientOrFailure(model);
      if (!gradient) return;
      const { sign, cleanLogits, targets } = gradient;
      tf.dispose([cleanLogits, targets]);
      this.ctx.counter.tick(this.progressMessage('FGSM gradient'));
      try {
        for (const epsilon of epsilons) {
          const adversarial = fgsmPerturb(this.batch.images, sign, epsilon);
          try {
            this.record(model, conditionKey.fgsm(epsilon), await conditionOutputs(model.classifier, adversarial, this.labels), `FGSM ε = ${Number((epsilon * 255).toFixed(3))}/255`);
          } finally {
            adversarial.dispose();
          }
        }
      } finally {
        sign.dispose();
      }
    });
  }

  /** FGSM's gradient for `model`, or null when the backend cannot take it: FGSM then fails for that model only. */
  private fgsmGradientOrFailure(model: SweptModel): FgsmGradient | null {
    try {
      return fgsmGradient(model.classifier, this.batch.images, this.labels);
    } catch (err) {
      if (!(err instanceof GradientUnavailableError)) throw err;
      this.ctx.failures.set(model.modelId, { condition: 'fgsm', message: err.message });
      return null;
    }
  }

  // definitions.md §3: centred holes zeroed on the [0, 1] image, centre and boundary modes.
  private occlusionSteps(): Array<() => Promise<void>> {
    const [, height, width] = this.batch.images.shape;
    return OCCLUSION_MODES.flatMap((mode) => groupHoleSizes(this.ctx.setup, this.group).map((hole) => async () => {
      const occluded = tf.tidy(() => tf.mul(this.batch.images, holeMask(height, width, hole, mode)) as tf.Tensor4D);
      try {
        await this.feed(conditionKey.occlusion(mode, hole.fraction), `occlusion ${mode} ${Math.round(hole.fraction * 100)}%`, occluded);
      } finally {
        occluded.dispose();
      }
    }));
  }

  private oodSteps(): Array<() => Promise<void>> {
    const [, height, width] = this.batch.images.shape;
    const synthetic = this.ctx.setup.conditions.oodSets.filter((s): s is SyntheticOodKind => (SYNTHETIC_OOD_KINDS as readonly string[]).includes(s));
    return synthetic.map((kind) => async () => {
      const images = syntheticOodBatch(kind, this.ids, height, width, this.ctx.setup.conditions.seed);
      try {
        await this.feed(conditionKey.ood(kind), `OOD ${kind}`, images, false, true);
      } finally {
        images.dispose();
      }
    });
  }
}

/**
 * One turn of the event loop: a batch's own awaits may all be microtasks (wasm), so between batches the process reads its
 * channel here, where a cancellation, or an engine's parent going away, is seen before the next batch starts.
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolveTurn) => setImmediate(resolveTurn));
}

/** The next batch of every group's stream, or null when any stream has ended. */
async function nextOfEach(streams: AsyncGenerator<ImageBatch>[]): Promise<ImageBatch[] | null> {
  const results = await Promise.all(streams.map((s) => s.next()));
  const batches = results.flatMap((r) => (r.done ? [] : [r.value]));
  if (batches.length === streams.length) return batches;
  tf.dispose(batches.map((b) => b.images));
  return null;
}

/** Adds a finished batch to every model's tally, the prediction file and the gallery. */
async function commitBatch(ctx: RunContext, tallies: Map<string, ModelTally>, runs: GroupBatchRun[], batches: ImageBatch[], writer: PredictionWriter | null): Promise<void> {
  const severity = gallerySeverity(ctx.setup.conditions.severities);
  for (const [g, run] of runs.entries()) {
    const items = batches[g].items as LabelledItem[];
    const labels = items.map((item) => item.label);
    for (const [modelId, outputs] of run.outputs) {
      const failure = ctx.failures.get(modelId);
      if (failure) tallies.get(modelId)?.fail(failure);
      tallies.get(modelId)?.commit(outputs, labels);
      const clean = outputs.get(conditionKey.clean());
      for (const name of ctx.setup.conditions.corruptions) {
        const corrupted = outputs.get(conditionKey.corruption(name, severity));
        if (clean && corrupted) ctx.gallery.addPredictions(modelId, items, name, clean, corrupted);
      }
      await writer?.append([...outputs].map(([condition, result]) => ({ modelId, condition, items, outputs: result })));
    }
  }
}

/** Scores one of the user's OOD folders with every model; a cancelled group leaves its models without the folder's scores. */
async function scoreOodFolder(ctx: RunContext, folder: OodFolderItems, tallies: Map<string, ModelTally>, writer: PredictionWriter | null): Promise<void> {
  const { setup } = ctx;
  for (const group of setup.groups) {
    // Only the per-image scores are kept until the folder is done, not the probability rows.
    const scores = new Map(group.models.map((m) => [m.modelId, [] as Array<Pick<ConditionOutputs, 'confidence' | 'logitScores'>>]));
    for await (const batch of imageBatches(folder.items, group.geometry, setup.batchSize, ctx.signal)) {
      try {
        for (const model of group.models) {
          if (ctx.signal?.aborted) return;
          if (batch.items.length === 0) continue;
          const outputs = await withLogitScores(model.classifier, batch.images, await conditionOutputs(model.classifier, batch.images, null));
          scores.get(model.modelId)?.push({ confidence: outputs.confidence, logitScores: outputs.logitScores });
          await writer?.append([{ modelId: model.modelId, condition: conditionKey.ood(folder.set), items: batch.items, outputs }]);
          ctx.counter.tick(`OOD ${folder.set} · ${group.models.length > 1 ? model.modelId : 'batch'}`);
        }
      } finally {
        batch.images.dispose();
      }
    }
    if (ctx.signal?.aborted) return;
    for (const [modelId, batches] of scores) for (const outputs of batches) tallies.get(modelId)?.addOodScores(folder.set, outputs.confidence, outputs.logitScores);
  }
}

/** Runs the sweep, or one shard of it; on cancellation it returns what whole batches finished, marked partial. */
export async function runSweep(runSetup: SweepSetup, options: SweepRunOptions): Promise<SweepOutcome> {
  const shards = options.shards ?? [];
  const images = nestedShardSlice(runSetup.items, runSetup.batchSize, shards);
  const setup: SweepSetup = { ...runSetup, items: images.items, oodFolders: runSetup.oodFolders.map((f) => ({ set: f.set, items: nestedShardSlice(f.items, runSetup.batchSize, shards).items })) };
  const ctx: RunContext = {
    setup, batchOffset: images.batchOffset, signal: options.signal, counter: new PassCounter(plannedForwardPasses(setup) + calibrationForwardPasses(setup), options.onProgress),
    gallery: new SweepGallery(options.galleryImages, gallerySeverity(setup.conditions.severities)), failures: new Map(),
  };
  const tallies = new Map<string, ModelTally>();
  for (const group of setup.groups) for (const m of group.models) tallies.set(m.modelId, new ModelTally(m.modelId, setup.conditions, groupHoleSizes(setup, group)));
  return PredictionWriter.during(options.savePredictions, setup.classCount, (writer) => sweepImages(ctx, tallies, options, writer));
}

/** Fits T on the calibration split for every model and gives each tally its fit, so the clean pass adds the scaled images. */
async function startTemperatureScaling(ctx: RunContext, tallies: Map<string, ModelTally>): Promise<void> {
  const { calibration } = ctx.setup;
  if (!calibration) return;
  const fits = await fitSplitTemperatures(ctx.setup, calibration, (modelId) => ctx.counter.tickCalibration(`calibration split · ${modelId}`), ctx.signal);
  for (const [modelId, fit] of fits ?? []) {
    const tally = tallies.get(modelId);
    if (tally) tally.temperature = new TemperatureScalingTally(fit, ctx.setup.classCount);
  }
}

/** Runs every batch, then each OOD folder, adding to `tallies` and writing each finished batch's rows to `writer`. */
async function sweepImages(ctx: RunContext, tallies: Map<string, ModelTally>, options: SweepRunOptions, writer: PredictionWriter | null): Promise<SweepOutcome> {
  const { setup } = ctx;
  options.onProgress({ done: 0, total: plannedForwardPasses(setup) + calibrationForwardPasses(setup), message: 'Starting' });
  await startTemperatureScaling(ctx, tallies);
  const skipped: SkippedFile[] = [];
  const streams = setup.groups.map((g) => imageBatches(setup.items, g.geometry, setup.batchSize, options.signal));
  try {
    for (let batchIndex = 0; ; batchIndex++) {
      await yieldToEventLoop();
      if (options.signal?.aborted) break;
      const batches = await nextOfEach(streams);
      if (!batches) break;
      try {
        skipped.push(...batches[0].skipped);
        if (batches[0].items.length === 0) continue;
        const runs = setup.groups.map((group, g) => new GroupBatchRun(ctx, group, batches[g], batchIndex));
        let finished = true;
        for (const run of runs) finished = finished && (await run.run());
        if (!finished) break;
        await commitBatch(ctx, tallies, runs, batches, writer);
      } finally {
        tf.dispose(batches.map((b) => b.images));
      }
    }
  } finally {
    await Promise.all(streams.map((s) => s.return(undefined)));
  }
  for (const [modelId, failure] of ctx.failures) tallies.get(modelId)?.fail(failure);
  for (const folder of setup.oodFolders) if (!options.signal?.aborted && folder.items.length) await scoreOodFolder(ctx, folder, tallies, writer);
  const ordered = setup.models.map((m) => tallies.get(m.modelId) as ModelTally);
  return {
    tallies: ordered, partial: options.signal?.aborted ?? false, imageCount: ordered[0]?.imageCount ?? 0,
    forwardPasses: ctx.counter.done, gallery: ctx.gallery.list(), skipped,
  };
}
