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

/**
 * The 15 + 1 edges of equal-count bins as Mukhoti et al. (2020, torrvision/focal_calibration, AdaptiveECELoss.histedges_equalN)
 * place them: np.interp(np.linspace(0, n, 16), np.arange(n), np.sort(confidences)), i.e. the sorted confidences linearly
 * interpolated at positions i·n/15; positions past the last index take the largest confidence.
 */
export function equalCountEdges(sortedConfidences: ArrayLike<number>, binCount = ECE_BIN_COUNT): number[] {
  const n = sortedConfidences.length;
  const step = n / binCount;
  return Array.from({ length: binCount + 1 }, (_, i) => {
    const position = i === binCount ? n : i * step;
    if (position >= n - 1) return sortedConfidences[n - 1];
    const j = Math.floor(position);
    // np.interp's formula: slope·(x − x_j) + y_j.
    return (sortedConfidences[j + 1] - sortedConfidences[j]) * (position - j) + sortedConfidences[j];
  });
}

// definitions.md §5, adaptive ECE: ECE over 15 equal-count bins, with AdaptiveECELoss's edges (equalCountEdges) and its
// membership rule lower < c ≤ upper, edges compared in float32 as torch compares them with float32 confidences. As there,
// images whose confidence equals the smallest one fall in no bin and add nothing (their weight still counts in n).
export function adaptiveCalibrationError(confidences: ArrayLike<number>, correct: ArrayLike<boolean>, binCount = ECE_BIN_COUNT): number {
  const n = confidences.length;
  if (n === 0) throw new UserFacingError('Calibration needs at least one image.', 'bad-input');
  if (correct.length !== n) throw new UserFacingError(`Expected one correctness flag per confidence (${n}), got ${correct.length}.`, 'bad-input');
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => confidences[a] - confidences[b]);
  const edges = equalCountEdges(order.map((i) => confidences[i]), binCount).map(Math.fround);
  let ece = 0;
  for (let b = 0; b < binCount; b++) {
    let count = 0;
    let right = 0;
    let confidenceSum = 0;
    for (const i of order) {
      if (confidences[i] > edges[b] && confidences[i] <= edges[b + 1]) {
        count++;
        confidenceSum += confidences[i];
        if (correct[i]) right++;
      }
    }
    if (count) ece += (count / n) * Math.abs(confidenceSum / count - right / count);
  }
  return ece;
}
