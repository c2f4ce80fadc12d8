// Pixel average precision (PxAP) of score maps against ground-truth masks, as wsolevaluation's MaskEvaluator computes it.
import { UserFacingError } from '../errors';
import { camThresholds } from './metrics';

/** Mask values: 1 object, 0 background; any other value (e.g. 255) marks pixels to ignore. */
export type GroundTruthMask = Uint8Array;

/**
 * Accumulates histograms of object and background scores over bins whose left edges are the CAM thresholds, then
 * 1, 2 (right edge 3), one image at a time; result() gives PxAP = Σ precision·Δrecall over thresholds from high to low
 * (Choe et al., CVPR 2020, §4.1), as a fraction.
 */
export class PxapEvaluator {
  private readonly edges: number[];
  private readonly objectHistogram: Float64Array;
  private readonly backgroundHistogram: Float64Array;

  constructor(thresholdStep = 0.01) {
    this.edges = [...camThresholds(thresholdStep), 1, 2, 3];
    this.objectHistogram = new Float64Array(this.edges.length - 1);
    this.backgroundHistogram = new Float64Array(this.edges.length - 1);
  }

  /** numpy.histogram's bin: [e_i, e_{i+1}), the last bin closed; values outside [e_0, e_last] fall in none. */
  private bin(value: number): number {
    const edges = this.edges;
    if (!(value >= edges[0] && value <= edges[edges.length - 1])) return -1;
    let low = 0;
    let high = edges.length - 1;
    while (high - low > 1) {
      const middle = (low + high) >> 1;
      if (value >= edges[middle]) low = middle; else high = middle;
    }
    return low;
  }

  add(map: Float32Array, mask: GroundTruthMask): void {
    if (map.length !== mask.length) throw new UserFacingError(`A score map has ${map.length} pixels but its mask has ${mask.length}.`);
    for (let i = 0; i < map.length; i++) {
      if (mask[i] !== 0 && mask[i] !== 1) continue;
      const bin = this.bin(map[i]);
      if (bin < 0) continue;
      if (mask[i] === 1) this.objectHistogram[bin] += 1; else this.backgroundHistogram[bin] += 1;
    }
  }

  // wsolevaluation MaskEvaluator.compute: tp, fp accumulate from the highest bin down; precision = tp/(tp+fp),
  // recall = tp/#object; PxAP = Σ_{i≥1, tp_i+fp_i>0} precision_i·(recall_i − recall_{i−1}).
  result(): number {
    const objectTotal = this.objectHistogram.reduce((a, b) => a + b, 0);
    if (objectTotal <= 0) throw new UserFacingError('PxAP needs at least one object pixel in the ground-truth masks.');
    let truePositives = 0;
    let falsePositives = 0;
    let previousRecall = 0;
    let average = 0;
    let anyPrediction = false;
    for (let i = this.objectHistogram.length - 1, step = 0; i >= 0; i--, step++) {
      truePositives += this.objectHistogram[i];
      falsePositives += this.backgroundHistogram[i];
      const recall = truePositives / objectTotal;
      const predicted = truePositives + falsePositives;
      if (predicted > 0) anyPrediction = true;
      if (step > 0 && predicted > 0) average += (truePositives / predicted) * (recall - previousRecall);
      previousRecall = recall;
    }
    if (!anyPrediction) throw new UserFacingError('PxAP needs at least one scored pixel.');
    return average;
  }
}
