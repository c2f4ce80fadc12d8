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
  /** FPR at that same threshold: 1 − tnrAtTpr95 (OpenOOD's FPR@95). */
  fprAtTpr95: number;
  /** Average precision with in-distribution as the positive class. */
  auprIn: number;
  /** Average precision with OOD as the positive class and the scores negated. */
  auprOut: number;
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
  /** Positives and negatives with score ≥ threshold. */
  truePositives: number;
  falsePositives: number;
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
      points.push({ threshold: labelled[i].score, tpr: truePositives / inScores.length, fpr: falsePositives / outScores.length, truePositives, falsePositives });
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

// definitions.md §5: FPR at TPR 95% = the FPR at the same threshold as TNR at TPR 95% (OpenOOD's fpr_recall), 1 − TNR.
export function fprAtTpr(inScores: ArrayLike<number>, outScores: ArrayLike<number>, targetTpr = TARGET_TPR): { fpr: number; threshold: number } {
  const { tnr, threshold } = tnrAtTpr(inScores, outScores, targetTpr);
  return { fpr: 1 - tnr, threshold };
}

// definitions.md §5: average precision as scikit-learn's average_precision_score computes it, step-wise without
// interpolation: AP = Σ_k (R_k − R_{k−1})·P_k over the distinct thresholds from high to low, R_0 = 0, P_k = TP/(TP+FP).
export function averagePrecision(positiveScores: ArrayLike<number>, negativeScores: ArrayLike<number>): number {
  checkScores(positiveScores, negativeScores);
  let sum = 0;
  let previousRecall = 0;
  for (const point of operatingPoints(positiveScores, negativeScores)) {
    if (point.tpr > previousRecall) sum += (point.tpr - previousRecall) * (point.truePositives / (point.truePositives + point.falsePositives));
    previousRecall = point.tpr;
  }
  return sum;
}

// definitions.md §5: AUPR-In = average precision with in-distribution positive and the scores as they are.
export function auprIn(inScores: ArrayLike<number>, outScores: ArrayLike<number>): number {
  return averagePrecision(inScores, outScores);
}

// definitions.md §5: AUPR-Out = average precision with OOD positive and the scores negated (low score = OOD).
export function auprOut(inScores: ArrayLike<number>, outScores: ArrayLike<number>): number {
  return averagePrecision(Array.from(outScores, (s) => -s), Array.from(inScores, (s) => -s));
}

/** All the metrics for scores of in-distribution (positive) and OOD images; a higher score means more in-distribution. */
export function oodDetection(inScores: ArrayLike<number>, outScores: ArrayLike<number>): OodDetection {
  const { tnr, threshold } = tnrAtTpr(inScores, outScores);
  return {
    auroc: auroc(inScores, outScores), tnrAtTpr95: tnr, tnrThreshold: threshold, fprAtTpr95: 1 - tnr,
    auprIn: auprIn(inScores, outScores), auprOut: auprOut(inScores, outScores),
    detectionAccuracy: detectionAccuracy(inScores, outScores), inCount: inScores.length, outCount: outScores.length,
  };
}
