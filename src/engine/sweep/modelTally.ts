// One model's running totals over the batches of a sweep that finished every condition: top-1 mistakes per condition,
// the clean confidences for calibration and as in-distribution OOD scores, the OOD sets' scores, FGSM and occlusion tallies.
import { FgsmSweepTally } from '../adversarial';
import { OCCLUSION_MODES, OcclusionRobustnessTally, type HoleSize } from '../occlusion';
import type { SweepConditionFailure, SweepLogitKind, SweepLogitScoreLists, SweepTallyState } from '../../protocol/sweep';
import { ClasswiseEceTally } from '../uncertainty/classwiseCalibration';
import type { ConditionOutputs } from './conditionOutputs';
import { wrongCount } from './conditionOutputs';
import { conditionKey, type SweepConditions } from './sweepConditions';
import { temperatureLogitsOf } from './temperatureLogits';
import { TemperatureScalingTally, temperatureTallyOf } from './temperatureTally';

/** Max logit and energy per image, as a batch or a shard record holds them. */
interface LogitScoreArrays {
  maxLogit: ArrayLike<number>;
  energy: ArrayLike<number>;
}

function appendLists(lists: SweepLogitScoreLists, scores: LogitScoreArrays): void {
  for (let i = 0; i < scores.maxLogit.length; i++) lists.maxLogit.push(scores.maxLogit[i]);
  for (let i = 0; i < scores.energy.length; i++) lists.energy.push(scores.energy[i]);
}

function copyLists(lists: SweepLogitScoreLists): SweepLogitScoreLists {
  return { maxLogit: [...lists.maxLogit], energy: [...lists.energy] };
}

/** Every condition's outputs of one batch for one model, by condition key. */
export type BatchOutputs = Map<string, ConditionOutputs>;

export class ModelTally {
  imageCount = 0;
  readonly wrong = new Map<string, number>();
  readonly cleanConfidence: number[] = [];
  readonly cleanCorrect: boolean[] = [];
  readonly trueClassProbability: number[] = [];
  /** Max softmax probability of each out-of-distribution image, per set. */
  readonly oodScores = new Map<string, number[]>();
  /** What the max logit and energy scores were taken on; null until a batch brought them. */
  logitKind: SweepLogitKind | null = null;
  /** Max logit and energy of each clean image and of each OOD image per set (definitions.md §5, OOD scores). */
  readonly cleanLogitScores: SweepLogitScoreLists = { maxLogit: [], energy: [] };
  readonly oodLogitScores = new Map<string, SweepLogitScoreLists>();
  /** Classwise ECE's bin totals over the clean images; null until the first batch. */
  classwise: ClasswiseEceTally | null = null;
  /** Null when the sweep has no FGSM, or when FGSM failed for this model. */
  fgsm: FgsmSweepTally | null;
  readonly occlusion: OcclusionRobustnessTally | null;
  /** Conditions that could not run for this model, with why. */
  readonly failures: SweepConditionFailure[] = [];
  /** The clean images under softmax(z/T) with T fitted on the calibration split; null without one. */
  temperature: TemperatureScalingTally | null = null;

  constructor(readonly modelId: string, private readonly conditions: SweepConditions, readonly holeSizes: readonly HoleSize[]) {
    this.fgsm = conditions.epsilons.length ? new FgsmSweepTally(conditions.epsilons) : null;
    this.occlusion = holeSizes.length ? new OcclusionRobustnessTally(holeSizes) : null;
  }

  /** Drops a condition that could not run for this model: its totals so far are discarded and it reports no number. */
  fail(failure: SweepConditionFailure): void {
    if (this.failures.some((f) => f.condition === failure.condition)) return;
    this.failures.push(failure);
    if (failure.condition === 'fgsm') this.fgsm = null;
    for (const key of this.failedKeys()) this.wrong.delete(key);
  }

  /** The condition keys of the failed conditions, whose counts are not kept. */
  private failedKeys(): Set<string> {
    return new Set(this.failures.flatMap((f) => (f.condition === 'fgsm' ? this.conditions.epsilons.map((e) => conditionKey.fgsm(e)) : [])));
  }

  /** Adds one finished batch: `outputs` holds every condition of the batch except failed ones. */
  commit(outputs: BatchOutputs, labels: readonly number[]): void {
    const wrongOf = (key: string): number => {
      const found = outputs.get(key);
      if (!found) throw new Error(`The sweep batch has no outputs for condition ${key}.`);
      return wrongCount(found, labels);
    };
    const failed = this.failedKeys();
    for (const [key, result] of outputs) {
      if (failed.has(key)) continue;
      if (key.startsWith('ood/')) this.addOodScores(key.slice('ood/'.length), result.confidence, result.logitScores);
      else this.wrong.set(key, (this.wrong.get(key) ?? 0) + wrongCount(result, labels));
    }
    const clean = outputs.get(conditionKey.clean());
    if (!clean?.trueClassProbability) throw new Error('The sweep batch has no labelled clean outputs.');
    clean.confidence.forEach((c, i) => {
      this.cleanConfidence.push(c);
      this.cleanCorrect.push(clean.predicted[i] === labels[i]);
      this.trueClassProbability.push((clean.trueClassProbability as Float32Array)[i]);
    });
    if (clean.logitScores) this.addCleanLogitScores(clean.logitScores.kind, clean.logitScores);
    (this.classwise ??= new ClasswiseEceTally(clean.classCount)).add(clean.probabilities, labels);
    this.temperature?.add(temperatureLogitsOf(clean), labels);
    this.fgsm?.add({
      target: 'label', imageCount: labels.length, cleanWrong: wrongOf(conditionKey.clean()),
      wrongAtEpsilon: this.conditions.epsilons.map((e) => wrongOf(conditionKey.fgsm(e))), gallery: [],
    });
    if (this.occlusion) {
      const counts = { centre: [] as number[], boundary: [] as number[] };
      for (const mode of OCCLUSION_MODES) counts[mode] = this.holeSizes.map((h) => wrongOf(conditionKey.occlusion(mode, h.fraction)));
      this.occlusion.add(counts, labels.length);
    }
    this.imageCount += labels.length;
  }

  /** The totals as plain data, for a shard record. */
  toState(): SweepTallyState {
    return {
      modelId: this.modelId, imageCount: this.imageCount, wrong: Object.fromEntries(this.wrong),
      cleanConfidence: [...this.cleanConfidence], cleanCorrect: [...this.cleanCorrect], trueClassProbability: [...this.trueClassProbability],
      oodScores: Object.fromEntries([...this.oodScores].map(([set, scores]) => [set, [...scores]])),
      failedConditions: [...this.failures],
      ...(this.logitKind ? {
        logitScores: {
          kind: this.logitKind, clean: copyLists(this.cleanLogitScores),
          ood: Object.fromEntries([...this.oodLogitScores].map(([set, lists]) => [set, copyLists(lists)])),
        },
      } : {}),
      ...(this.classwise ? { classwiseBins: this.classwise.toState() } : {}),
      ...(this.temperature ? { temperatureScaling: this.temperature.toState() } : {}),
    };
  }

  /** Adds a shard's totals as if its batches had been committed here: counts add, per-image lists append. */
  absorb(state: SweepTallyState): void {
    if (state.modelId !== this.modelId) throw new Error(`Cannot merge the totals of ${state.modelId} into those of ${this.modelId}.`);
    for (const failure of state.failedConditions ?? []) this.fail(failure);
    if (state.imageCount === 0) return;
    const wrongOf = (key: string): number => state.wrong[key] ?? 0;
    const failed = this.failedKeys();
    for (const [key, count] of Object.entries(state.wrong)) if (!failed.has(key)) this.wrong.set(key, (this.wrong.get(key) ?? 0) + count);
    this.cleanConfidence.push(...state.cleanConfidence);
    this.cleanCorrect.push(...state.cleanCorrect);
    this.trueClassProbability.push(...state.trueClassProbability);
    for (const [set, scores] of Object.entries(state.oodScores)) this.addOodScores(set, scores, state.logitScores?.ood[set]);
    if (state.logitScores) this.addCleanLogitScores(state.logitScores.kind, state.logitScores.clean);
    if (state.classwiseBins) (this.classwise ??= new ClasswiseEceTally(state.classwiseBins.classCount)).absorb(state.classwiseBins, state.imageCount);
    if (state.temperatureScaling) (this.temperature ??= temperatureTallyOf(state.temperatureScaling)).absorb(state.temperatureScaling);
    this.fgsm?.add({
      target: 'label', imageCount: state.imageCount, cleanWrong: wrongOf(conditionKey.clean()),
      wrongAtEpsilon: this.conditions.epsilons.map((e) => wrongOf(conditionKey.fgsm(e))), gallery: [],
    });
    this.occlusion?.add({
      centre: this.holeSizes.map((h) => wrongOf(conditionKey.occlusion('centre', h.fraction))),
      boundary: this.holeSizes.map((h) => wrongOf(conditionKey.occlusion('boundary', h.fraction))),
    }, state.imageCount);
    this.imageCount += state.imageCount;
  }

  /** Appends a set's OOD scores: max softmax probability, and max logit and energy when they were computed. */
  addOodScores(set: string, confidence: ArrayLike<number>, logitScores?: LogitScoreArrays): void {
    const scores = this.oodScores.get(set) ?? [];
    for (let i = 0; i < confidence.length; i++) scores.push(confidence[i]);
    this.oodScores.set(set, scores);
    if (logitScores) {
      const lists = this.oodLogitScores.get(set) ?? { maxLogit: [], energy: [] };
      appendLists(lists, logitScores);
      this.oodLogitScores.set(set, lists);
    }
  }

  private addCleanLogitScores(kind: SweepLogitKind, scores: LogitScoreArrays): void {
    this.logitKind = kind;
    appendLists(this.cleanLogitScores, scores);
  }

  /** Top-1 error of a condition over the images committed so far. */
  errorOf(key: string): number {
    return (this.wrong.get(key) ?? 0) / this.imageCount;
  }
}
