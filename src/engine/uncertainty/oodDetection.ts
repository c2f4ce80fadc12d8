// Out-of-distribution detection metrics with in-distribution as the positive class (definitions.md §5, OOD detection).
// A sample counts as "in" when its score ≥ the threshold; the thresholds are the distinct observed scores.
import { UserFacingError } from '../errors';

/** The benchmark's true-positive rate for TNR at TPR 95%. */
export const TARGET_TPR = 0.95;

export interface OodDetection {
  auroc: number;
  /** 1 − FPR at the first threshold (high to low) where TPR ≥ 0.95. */
  tnrAtTpr95: number;
  /** The threshold that achieved it. */
  tnrThreshold: number;
  /** max over thresholds of 1 − ½(FNR + FPR). */
  detectionAccuracy: number;
  inCount: number;
  outCount: number;
}

/** One operating point: everything with score ≥ threshold is called in-distribution. */
interface OperatingPoint {
  threshold: number;
  tpr: number;
  fpr: number;
}

function checkScores(inScores: ArrayLike<number>, outScores: ArrayLike<number>): void {
  if (inScores.length === 0 || outScores.length === 0) throw new UserFacingError('OOD detection needs at least one in-distribution and one out-of-distribution score.', 'bad-input');
  for (const scores of [inScores, outScores]) {
    for (let i = 0; i < scores.length; i++) if (!Number.isFinite(scores[i])) throw new UserFacingError(`OOD scores must be finite numbers; got ${scores[i]}.`, 'bad-input');
  }
}

/** The operating points at every distinct score, highest threshold first. */
function operatingPoints(inScores: ArrayLike<number>, outScores: ArrayLike<number>): OperatingPoint[] {
  const labelled = [...Array.from(inScores, (score) => ({ score, positive: true })), ...Array.from(outScores, (score) => ({ score, positive: false }))];
  labelled.sort((a, b) => b.score - a.score);
  const points: OperatingPoint[] = [];
  let truePositives = 0;
  let falsePositives = 0;
  for (let i = 0; i < labelled.length; i++) {
    if (labelled[i].positive) truePositives++;
    else falsePositives++;
    // Tied scores pass or fail a threshold together, so a point is recorded only after the last of a tie.
    if (i === labelled.length - 1 || labelled[i + 1].score !== labelled[i].score) {
      points.push({ threshold: labelled[i].score, tpr: truePositives / inScores.length, fpr: falsePositives / outScores.length });
    }
  }
  return points;
}

// definitions.md §5: AUROC with ties counting half — the Mann–Whitney form P(s_in > s_out) + ½·P(s_in = s_out).
export function auroc(inScores: ArrayLike<number>, outScores: ArrayLike<number>): number {
  checkScores(inScores, outScores);
  const out = Float64Array.from(outScores).sort();
  let wins = 0;
  for (let i = 0; i < inScores.length; i++) {
    const below = lowerBound(out, inScores[i]);
    const notAbove = upperBound(out, inScores[i]);
    wins += below + 0.5 * (notAbove - below);
  }
  return wins / (inScores.length * outScores.length);
}

/** Number of entries of ascending `sorted` that are < value. */
function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of entries of ascending `sorted` that are ≤ value. */
function upperBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// definitions.md §5: TNR at TPR 95% = 1 − FPR at the first threshold, scanning from high to low, where TPR ≥ 0.95.
export function tnrAtTpr(inScores: ArrayLike<number>, outScores: ArrayLike<number>, targetTpr = TARGET_TPR): { tnr: number; threshold: number } {
  checkScores(inScores, outScores);
  // The lowest threshold has TPR = 1, so a point is always found.
  const point = operatingPoints(inScores, outScores).find((p) => p.tpr >= targetTpr) as OperatingPoint;
  return { tnr: 1 - point.fpr, threshold: point.threshold };
}

// definitions.md §5: detection accuracy = max over thresholds of 1 − ½(FNR + FPR); the thresholds are every observed
// score plus one above them all (nothing called "in": FNR = 1, FPR = 0, accuracy ½).
export function detectionAccuracy(inScores: ArrayLike<number>, outScores: ArrayLike<number>): number {
  checkScores(inScores, outScores);
  return operatingPoints(inScores, outScores).reduce((best, p) => Math.max(best, 1 - 0.5 * ((1 - p.tpr) + p.fpr)), 0.5);
}

/** All three metrics for max-softmax scores of in-distribution (positive) and OOD images. */
export function oodDetection(inScores: ArrayLike<number>, outScores: ArrayLike<number>): OodDetection {
  const { tnr, threshold } = tnrAtTpr(inScores, outScores);
  return {
    auroc: auroc(inScores, outScores), tnrAtTpr95: tnr, tnrThreshold: threshold,
    detectionAccuracy: detectionAccuracy(inScores, outScores), inCount: inScores.length, outCount: outScores.length,
  };
}
