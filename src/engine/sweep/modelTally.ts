// One model's running totals over the batches of a sweep that finished every condition: top-1 mistakes per condition,
// the clean confidences for calibration and as in-distribution OOD scores, the OOD sets' scores, FGSM and occlusion tallies.
import { FgsmSweepTally } from '../adversarial';
import { OCCLUSION_MODES, OcclusionRobustnessTally, type HoleSize } from '../occlusion';
import type { ConditionOutputs } from './conditionOutputs';
import { wrongCount } from './conditionOutputs';
import { conditionKey, type SweepConditions } from './sweepConditions';

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
  readonly fgsm: FgsmSweepTally | null;
  readonly occlusion: OcclusionRobustnessTally | null;

  constructor(readonly modelId: string, private readonly conditions: SweepConditions, readonly holeSizes: readonly HoleSize[]) {
    this.fgsm = conditions.epsilons.length ? new FgsmSweepTally(conditions.epsilons) : null;
    this.occlusion = holeSizes.length ? new OcclusionRobustnessTally(holeSizes) : null;
  }

  /** Adds one finished batch: `outputs` holds every condition of the batch. */
  commit(outputs: BatchOutputs, labels: readonly number[]): void {
    const wrongOf = (key: string): number => {
      const found = outputs.get(key);
      if (!found) throw new Error(`The sweep batch has no outputs for condition ${key}.`);
      return wrongCount(found, labels);
    };
    for (const [key, result] of outputs) {
      if (key.startsWith('ood/')) this.addOodScores(key.slice('ood/'.length), result.confidence);
      else this.wrong.set(key, (this.wrong.get(key) ?? 0) + wrongCount(result, labels));
    }
    const clean = outputs.get(conditionKey.clean());
    if (!clean?.trueClassProbability) throw new Error('The sweep batch has no labelled clean outputs.');
    clean.confidence.forEach((c, i) => {
      this.cleanConfidence.push(c);
      this.cleanCorrect.push(clean.predicted[i] === labels[i]);
      this.trueClassProbability.push((clean.trueClassProbability as Float32Array)[i]);
    });
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

  addOodScores(set: string, confidence: Float32Array): void {
    const scores = this.oodScores.get(set) ?? [];
    for (const c of confidence) scores.push(c);
    this.oodScores.set(set, scores);
  }

  /** Top-1 error of a condition over the images committed so far. */
  errorOf(key: string): number {
    return (this.wrong.get(key) ?? 0) / this.imageCount;
  }
}
