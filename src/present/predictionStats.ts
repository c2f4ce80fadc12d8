// Summary numbers and the confidence histogram of one prediction run, shared by the webview and the HTML report.
import type { ImagePrediction, PredictResults } from '../protocol/predict';

export type Outcome = 'correct' | 'incorrect' | 'unlabelled';

/** Whether the top-1 class matches the true label. */
export function predictionOutcome(prediction: ImagePrediction): Outcome {
  if (prediction.label === null || prediction.top.length === 0) return 'unlabelled';
  return prediction.top[0].index === prediction.label ? 'correct' : 'incorrect';
}

/** Probability of the top-1 class (0 when the engine returned no scores). */
export function topConfidence(prediction: ImagePrediction): number {
  return prediction.top.length === 0 ? 0 : prediction.top[0].probability;
}

export interface PredictionSummary {
  imageCount: number;
  labelledCount: number;
  /** Top-1 accuracy over the labelled images, null when none is labelled. */
  top1Accuracy: number | null;
  /** Mean top-1 probability over all images, null when there are none. */
  meanConfidence: number | null;
  skippedCount: number;
}

export function summarisePredictions(results: PredictResults): PredictionSummary {
  const { predictions } = results;
  const confidenceSum = predictions.reduce((sum, prediction) => sum + topConfidence(prediction), 0);
  return {
    imageCount: predictions.length,
    labelledCount: results.labelledCount,
    top1Accuracy: results.top1Accuracy,
    meanConfidence: predictions.length === 0 ? null : confidenceSum / predictions.length,
    skippedCount: results.skipped.length,
  };
}

export interface ConfidenceHistogram {
  /** Bin i covers [edges[i], edges[i+1]); the last bin includes 1. */
  edges: number[];
  counts: Record<Outcome, number[]>;
}

/** Top-1 confidence in `binCount` equal bins over [0, 1], split by outcome. */
export function confidenceHistogram(predictions: readonly ImagePrediction[], binCount = 10): ConfidenceHistogram {
  const edges = Array.from({ length: binCount + 1 }, (_, i) => i / binCount);
  const emptyBins = () => new Array<number>(binCount).fill(0);
  const counts: Record<Outcome, number[]> = { correct: emptyBins(), incorrect: emptyBins(), unlabelled: emptyBins() };
  for (const prediction of predictions) {
    const bin = Math.min(binCount - 1, Math.floor(topConfidence(prediction) * binCount));
    counts[predictionOutcome(prediction)][bin] += 1;
  }
  return { edges, counts };
}

/** "0–10%", "10–20%", … for each bin. */
export function histogramBinLabels(histogram: ConfidenceHistogram): string[] {
  return histogram.edges.slice(0, -1).map((low, i) => `${Math.round(low * 100)}–${Math.round(histogram.edges[i + 1] * 100)}%`);
}

/** The outcomes that occur at least once, in display order. */
export function presentOutcomes(histogram: ConfidenceHistogram): Outcome[] {
  const order: Outcome[] = ['correct', 'incorrect', 'unlabelled'];
  return order.filter((outcome) => histogram.counts[outcome].some((count) => count > 0));
}

export const outcomeLabels: Record<Outcome, string> = {
  correct: 'Correct',
  incorrect: 'Incorrect',
  unlabelled: 'Unlabelled',
};

/** One sentence a screen reader can say instead of looking at the bars. */
export function describeHistogram(histogram: ConfidenceHistogram): string {
  const labels = histogramBinLabels(histogram);
  const parts = presentOutcomes(histogram).map((outcome) => {
    const bins = histogram.counts[outcome].flatMap((count, i) => (count > 0 ? [`${count} in ${labels[i]}`] : []));
    return `${outcomeLabels[outcome]}: ${bins.join(', ')}`;
  });
  return `Histogram of top-1 confidence. ${parts.join('. ')}.`;
}
