// Temperature scaling in a sweep (definitions.md §5): the T fitted on the calibration split, and the evaluated clean images
// under softmax(z/T) kept per image (lists that concatenate across shards), from which ECE, adaptive ECE, classwise ECE and
// NLL after scaling are computed as before scaling.
import { isDeepStrictEqual } from 'node:util';
import type { SweepLogitKind, SweepTemperatureFit, SweepTemperatureScaling, TemperatureScalingState } from '../../protocol/sweep';
import { UserFacingError } from '../errors';
import { ClasswiseEceTally } from '../uncertainty/classwiseCalibration';
import { adaptiveCalibrationError, expectedCalibrationError } from '../uncertainty/calibration';
import { negativeLogLikelihood } from '../uncertainty/negativeLogLikelihood';
import { temperatureScaledProbabilities } from '../uncertainty/temperatureScaling';

/** One batch's logits (or log-probabilities), row-major [images, classes]. */
export interface BatchLogits {
  kind: SweepLogitKind;
  values: ArrayLike<number>;
}

function fitOf(state: TemperatureScalingState): SweepTemperatureFit {
  const { temperature, atRangeEdge, logitKind, split, splitImageCount, splitNllBefore, splitNllAfter } = state;
  return { temperature, atRangeEdge, logitKind, split, splitImageCount, splitNllBefore, splitNllAfter };
}

export class TemperatureScalingTally {
  readonly confidence: number[] = [];
  readonly correct: boolean[] = [];
  readonly trueClassProbability: number[] = [];
  private readonly classwise: ClasswiseEceTally;

  constructor(readonly fit: SweepTemperatureFit, readonly classCount: number) {
    this.classwise = new ClasswiseEceTally(classCount);
  }

  // definitions.md §5, temperature scaling: each evaluated image's softmax(z/T) with the split's T.
  add(logits: BatchLogits, labels: readonly number[]): void {
    if (logits.kind !== this.fit.logitKind) throw new Error(`Temperature scaling was fitted on ${this.fit.logitKind} but the clean pass gave ${logits.kind}.`);
    const k = this.classCount;
    const scaled = temperatureScaledProbabilities(logits.values, k, this.fit.temperature);
    if (scaled.length !== labels.length * k) throw new Error(`Expected ${labels.length} rows of ${k} logits, got ${scaled.length} values.`);
    labels.forEach((label, i) => {
      let best = 0;
      for (let c = 1; c < k; c++) if (scaled[i * k + c] > scaled[i * k + best]) best = c;
      this.confidence.push(scaled[i * k + best]);
      this.correct.push(best === label);
      this.trueClassProbability.push(scaled[i * k + label]);
    });
    this.classwise.add(scaled, labels);
  }

  toState(): TemperatureScalingState {
    return {
      ...this.fit, confidence: [...this.confidence], correct: [...this.correct], trueClassProbability: [...this.trueClassProbability],
      classwiseBins: this.classwise.toState(),
    };
  }

  /** Appends a shard's images; every shard fitted T on the whole split, so their fits must agree to the bit. */
  absorb(state: TemperatureScalingState): void {
    if (!isDeepStrictEqual(fitOf(state), this.fit)) {
      throw new UserFacingError(`The shards fitted different temperatures on the calibration split (T = ${this.fit.temperature} and ${state.temperature}); run every shard on the same backend.`, 'bad-input');
    }
    this.confidence.push(...state.confidence);
    this.correct.push(...state.correct);
    this.trueClassProbability.push(...state.trueClassProbability);
    this.classwise.absorb(state.classwiseBins, state.confidence.length);
  }

  get imageCount(): number {
    return this.confidence.length;
  }

  /** The fit and the evaluated images' metrics after scaling; null before any image. */
  result(): SweepTemperatureScaling | null {
    if (this.imageCount === 0) return null;
    const calibration = expectedCalibrationError(this.confidence, this.correct);
    return {
      ...this.fit, ece: calibration.ece, adaptiveEce: adaptiveCalibrationError(this.confidence, this.correct), classwiseEce: this.classwise.ece(),
      nll: negativeLogLikelihood(this.trueClassProbability), bins: calibration.bins,
    };
  }
}

/** A tally that starts from a shard record's state. */
export function temperatureTallyOf(state: TemperatureScalingState): TemperatureScalingTally {
  return new TemperatureScalingTally(fitOf(state), state.classwiseBins.classCount);
}
