// Histograms of in-distribution and OOD max-softmax scores on the same (lo, hi] bins (definitions.md §5, OOD detection).
import { binBounds, binIndex } from './confidenceBins';

export const SCORE_HISTOGRAM_BIN_COUNT = 20;

export interface ScoreHistogramBin {
  lower: number;
  upper: number;
  inCount: number;
  outCount: number;
}

/** Counts of in- and out-of-distribution scores per equal-width bin (lo, hi] over (0, 1]. */
export function scoreHistograms(inScores: ArrayLike<number>, outScores: ArrayLike<number>, binCount = SCORE_HISTOGRAM_BIN_COUNT): ScoreHistogramBin[] {
  const bins = binBounds(binCount).map(({ lower, upper }) => ({ lower, upper, inCount: 0, outCount: 0 }));
  for (let i = 0; i < inScores.length; i++) bins[binIndex(inScores[i], binCount)].inCount++;
  for (let i = 0; i < outScores.length; i++) bins[binIndex(outScores[i], binCount)].outCount++;
  return bins;
}

/**
 * Counts per equal-width bin over the observed range [min, max] of both sets, for scores without a fixed range (max logit,
 * energy): each score goes in the (lo, hi] bin of (s − min)/(max − min), the minimum in the first bin.
 */
export function rangeScoreHistograms(inScores: ArrayLike<number>, outScores: ArrayLike<number>, binCount = SCORE_HISTOGRAM_BIN_COUNT): ScoreHistogramBin[] {
  let min = Infinity;
  let max = -Infinity;
  for (const scores of [inScores, outScores]) for (let i = 0; i < scores.length; i++) [min, max] = [Math.min(min, scores[i]), Math.max(max, scores[i])];
  const width = max > min ? max - min : 1;
  const bins = binBounds(binCount).map(({ lower, upper }) => ({ lower: min + lower * width, upper: min + upper * width, inCount: 0, outCount: 0 }));
  for (let i = 0; i < inScores.length; i++) bins[binIndex((inScores[i] - min) / width, binCount)].inCount++;
  for (let i = 0; i < outScores.length; i++) bins[binIndex((outScores[i] - min) / width, binCount)].outCount++;
  return bins;
}
