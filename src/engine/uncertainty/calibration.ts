// Expected calibration error and the reliability diagram (definitions.md §5, ECE).
import { UserFacingError } from '../errors';
import { binBounds, binIndex } from './confidenceBins';

/** The benchmark's bin count: 15 equal-width bins over (0, 1]. */
export const ECE_BIN_COUNT = 15;

/** One bar of the reliability diagram: images whose confidence lies in (lower, upper]. */
export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  /** Fraction of the bin's images predicted correctly; null for an empty bin. */
  accuracy: number | null;
  /** Mean confidence of the bin's images; null for an empty bin. */
  meanConfidence: number | null;
}

export interface Calibration {
  /** Σ_b (|B_b|/n)·|acc(B_b) − conf(B_b)|. */
  ece: number;
  bins: ReliabilityBin[];
  imageCount: number;
}

/** Reliability bins over (0, 1] from each image's confidence (max softmax probability) and whether its top-1 was right. */
export function reliabilityBins(confidences: ArrayLike<number>, correct: ArrayLike<boolean>, binCount = ECE_BIN_COUNT): ReliabilityBin[] {
  if (confidences.length !== correct.length) throw new UserFacingError(`Expected one correctness flag per confidence (${confidences.length}), got ${correct.length}.`, 'bad-input');
  const bounds = binBounds(binCount);
  const counts = new Array<number>(binCount).fill(0);
  const rightCounts = new Array<number>(binCount).fill(0);
  const confidenceSums = new Array<number>(binCount).fill(0);
  for (let i = 0; i < confidences.length; i++) {
    const b = binIndex(confidences[i], binCount);
    counts[b]++;
    confidenceSums[b] += confidences[i];
    if (correct[i]) rightCounts[b]++;
  }
  return bounds.map(({ lower, upper }, b) => ({
    lower, upper, count: counts[b],
    accuracy: counts[b] ? rightCounts[b] / counts[b] : null,
    meanConfidence: counts[b] ? confidenceSums[b] / counts[b] : null,
  }));
}

// definitions.md §5: ECE = Σ_b (|B_b|/n)·|acc(B_b) − conf(B_b)|, 15 equal-width bins (lo, hi] over (0, 1].
export function expectedCalibrationError(confidences: ArrayLike<number>, correct: ArrayLike<boolean>, binCount = ECE_BIN_COUNT): Calibration {
  const n = confidences.length;
  if (n === 0) throw new UserFacingError('Calibration needs at least one image.', 'bad-input');
  const bins = reliabilityBins(confidences, correct, binCount);
  const ece = bins.reduce((sum, bin) => sum + (bin.count / n) * Math.abs((bin.accuracy ?? 0) - (bin.meanConfidence ?? 0)), 0);
  return { ece, bins, imageCount: n };
}
