// Localisation accuracy from score maps and ground-truth boxes: MaxBoxAcc, MaxBoxAccV2, top-1 and GT-known
// localisation, and the accuracy-versus-threshold curves they come from (definitions.md §4; Choe et al., CVPR 2020).
import type { Box } from '../../protocol/data';
import { bestIou } from './boxGeometry';
import { boxesAtThresholds, type ThresholdBoxes } from './boxes';

export const MAX_BOX_ACC_IOU = 0.5;
export const MAX_BOX_ACC_V2_IOUS = [0.3, 0.5, 0.7] as const;

// definitions.md §4 MaxBoxAcc: τ over [0, 1) with step 0.01 (or 0.001), as numpy.arange(0, 1, step): τ_i = i·step.
export function camThresholds(step = 0.01): number[] {
  if (!(step > 0 && step < 1)) throw new RangeError(`The threshold step must lie in (0, 1), got ${step}.`);
  return Array.from({ length: Math.ceil(1 / step) }, (_, i) => i * step);
}

/** Accuracy at every threshold for one IoU criterion δ, its maximum and the threshold that first reaches it. */
export interface BoxAccuracyCurve {
  iouThreshold: number;
  /** Fraction of images localised at each threshold, aligned with `thresholds`. */
  accuracies: number[];
  maxAccuracy: number;
  bestThreshold: number;
}

export interface LocalisationAtThreshold {
  threshold: number;
  /** Top-1 class right and IoU ≥ 0.5 (largest contour). */
  top1: number;
  /** IoU ≥ 0.5 (largest contour), whatever the class. */
  gtKnown: number;
}

export interface BoxEvaluation {
  imageCount: number;
  thresholds: number[];
  /** MaxBoxAcc: largest contour, δ = 0.5. */
  maxBoxAcc: BoxAccuracyCurve;
  /** MaxBoxAccV2: every contour's box, one curve per δ ∈ {0.3, 0.5, 0.7}, and the mean of their maxima. */
  maxBoxAccV2: { curves: BoxAccuracyCurve[]; mean: number };
  localisation: LocalisationAtThreshold;
}

/** Counts, per IoU criterion and threshold, the images whose box meets it. */
class HitCounter {
  readonly hits: Int32Array[];
  constructor(readonly iouThresholds: readonly number[], thresholdCount: number) {
    this.hits = iouThresholds.map(() => new Int32Array(thresholdCount));
  }

  add(iouAtThreshold: Float64Array): void {
    this.iouThresholds.forEach((delta, d) => {
      iouAtThreshold.forEach((iou, t) => { if (iou >= delta) this.hits[d][t] += 1; });
    });
  }
}

function accuracyCurve(iouThreshold: number, hits: Int32Array, imageCount: number, thresholds: readonly number[]): BoxAccuracyCurve {
  const accuracies = Array.from(hits, (h) => (imageCount > 0 ? h / imageCount : 0));
  const best = accuracies.indexOf(Math.max(...accuracies));
  return { iouThreshold, accuracies, maxAccuracy: accuracies[best], bestThreshold: thresholds[best] };
}

/**
 * Accumulates score maps (normalised to [0, 1], at the evaluation size) with their ground-truth boxes (at the same
 * size) one image at a time, as wsolevaluation's BoxEvaluator does, and reports every box metric at the end.
 */
export class BoxEvaluator {
  readonly thresholds: number[];
  private readonly largest: HitCounter;
  private readonly allContours: HitCounter;
  private readonly top1: HitCounter;
  private imageCount = 0;

  constructor(thresholdStep = 0.01) {
    this.thresholds = camThresholds(thresholdStep);
    this.largest = new HitCounter([MAX_BOX_ACC_IOU], this.thresholds.length);
    this.allContours = new HitCounter(MAX_BOX_ACC_V2_IOUS, this.thresholds.length);
    this.top1 = new HitCounter([MAX_BOX_ACC_IOU], this.thresholds.length);
  }

  /**
   * Adds one image: its score map (height × width, row-major), its ground-truth boxes, and whether its top-1 class is
   * right. Returns the boxes it traced at each threshold, so a caller can show them without tracing again.
   */
  add(map: Float32Array, height: number, width: number, groundTruth: readonly Box[], top1Correct: boolean): ThresholdBoxes[] {
    const perThreshold = boxesAtThresholds(map, height, width, this.thresholds);
    const largestIou = Float64Array.from(perThreshold, (boxes) => bestIou([boxes.largest], groundTruth));
    const allContoursIou = Float64Array.from(perThreshold, (boxes) => bestIou(boxes.all, groundTruth));
    this.largest.add(largestIou);
    this.allContours.add(allContoursIou);
    if (top1Correct) this.top1.add(largestIou);
    this.imageCount += 1;
    return perThreshold;
  }

  /**
   * Every metric so far. Top-1 and GT-known localisation are read at `fixedThreshold` (a threshold of the grid),
   * by default the threshold where MaxBoxAcc peaks.
   */
  result(fixedThreshold?: number): BoxEvaluation {
    const curve = (counter: HitCounter, d: number): BoxAccuracyCurve => accuracyCurve(counter.iouThresholds[d], counter.hits[d], this.imageCount, this.thresholds);
    const maxBoxAcc = curve(this.largest, 0);
    const v2Curves = MAX_BOX_ACC_V2_IOUS.map((_, d) => curve(this.allContours, d));
    const threshold = fixedThreshold ?? maxBoxAcc.bestThreshold;
    const index = this.thresholdIndex(threshold);
    return {
      imageCount: this.imageCount,
      thresholds: this.thresholds,
      maxBoxAcc,
      maxBoxAccV2: { curves: v2Curves, mean: v2Curves.reduce((sum, c) => sum + c.maxAccuracy, 0) / v2Curves.length },
      localisation: { threshold: this.thresholds[index], top1: curve(this.top1, 0).accuracies[index], gtKnown: maxBoxAcc.accuracies[index] },
    };
  }

  private thresholdIndex(threshold: number): number {
    const step = this.thresholds[1] - this.thresholds[0];
    const index = Math.round(threshold / step);
    if (index < 0 || index >= this.thresholds.length || Math.abs(this.thresholds[index] - threshold) > step / 1000) {
      throw new RangeError(`Threshold ${threshold} is not on the evaluation grid (multiples of ${step} below 1).`);
    }
    return index;
  }
}
