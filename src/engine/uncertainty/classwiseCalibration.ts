// Classwise ECE (definitions.md §5): for each class k, the ECE of p_k(x) against 1[y = k] over 15 equal-width bins (lo, hi],
// then the mean over the classes; kept as per-class bin totals so that a sweep adds batches and merges shards exactly.
import type { ClasswiseEceState } from '../../protocol/sweep';
import { UserFacingError } from '../errors';
import { ECE_BIN_COUNT } from './calibration';
import { binIndex } from './confidenceBins';

/** Probabilities are summed as whole multiples of 2⁻³² (error ≤ 2⁻³³ per image), exact up to 2²¹ images per bin. */
const SUM_UNIT = 2 ** 32;

export class ClasswiseEceTally {
  private readonly counts: number[];
  private readonly hits: number[];
  private readonly sums: number[];
  imageCount = 0;

  constructor(readonly classCount: number) {
    if (!Number.isInteger(classCount) || classCount < 1) throw new UserFacingError(`Classwise ECE needs a whole number of classes, got ${classCount}.`, 'bad-input');
    const size = classCount * ECE_BIN_COUNT;
    this.counts = new Array<number>(size).fill(0);
    this.hits = new Array<number>(size).fill(0);
    this.sums = new Array<number>(size).fill(0);
  }

  /** Adds images given as row-major probability rows [images, classes] and their labels. A probability of exactly 0 is in no bin (as in Mukhoti et al.'s ClasswiseECELoss). */
  add(probabilities: ArrayLike<number>, labels: ArrayLike<number>): void {
    const { classCount } = this;
    if (probabilities.length !== labels.length * classCount) throw new UserFacingError(`Expected ${labels.length} rows of ${classCount} probabilities, got ${probabilities.length} values.`, 'bad-input');
    for (let i = 0; i < labels.length; i++) {
      for (let k = 0; k < classCount; k++) {
        const p = probabilities[i * classCount + k];
        if (p <= 0) continue;
        const slot = k * ECE_BIN_COUNT + binIndex(p, ECE_BIN_COUNT);
        this.counts[slot]++;
        this.sums[slot] += Math.round(p * SUM_UNIT);
        if (labels[i] === k) this.hits[slot]++;
      }
    }
    this.imageCount += labels.length;
  }

  toState(): ClasswiseEceState {
    return { classCount: this.classCount, counts: [...this.counts], hits: [...this.hits], sums: [...this.sums] };
  }

  /** Adds another tally's totals over `imageCount` images. */
  absorb(state: ClasswiseEceState, imageCount: number): void {
    if (state.classCount !== this.classCount) throw new UserFacingError(`Cannot merge classwise ECE totals of ${state.classCount} classes into ${this.classCount}.`, 'bad-input');
    for (let slot = 0; slot < this.counts.length; slot++) {
      this.counts[slot] += state.counts[slot];
      this.hits[slot] += state.hits[slot];
      this.sums[slot] += state.sums[slot];
    }
    this.imageCount += imageCount;
  }

  // definitions.md §5: classwise ECE = (1/K) Σ_k Σ_b (|B_kb|/n)·|acc_k(B_kb) − conf_k(B_kb)|, K the classes with any
  // non-zero probability (a class left out of a restricted evaluation, such as ImageNet-R's 200, has none and is not counted).
  ece(): number {
    if (this.imageCount === 0) throw new UserFacingError('Calibration needs at least one image.', 'bad-input');
    let total = 0;
    let classes = 0;
    for (let k = 0; k < this.classCount; k++) {
      let binned = 0;
      for (let slot = k * ECE_BIN_COUNT; slot < (k + 1) * ECE_BIN_COUNT; slot++) {
        const count = this.counts[slot];
        binned += count;
        if (count) total += (count / this.imageCount) * Math.abs(this.sums[slot] / SUM_UNIT / count - this.hits[slot] / count);
      }
      if (binned) classes++;
    }
    return classes ? total / classes : 0;
  }
}

/** Classwise ECE of row-major probability rows [images, classes] against their labels. */
export function classwiseCalibrationError(probabilities: ArrayLike<number>, labels: ArrayLike<number>, classCount: number): number {
  const tally = new ClasswiseEceTally(classCount);
  tally.add(probabilities, labels);
  return tally.ece();
}
