// "In-between" behaviour on mixed images (definitions.md §6): whether the model's top-2 predictions are {y1, y2}, and how close its
// probabilities are to (λ, 1−λ): gaps |p(y1) − λ| and |p(y2) − (1−λ)|, averaged over pairs.
import * as tf from '@tensorflow/tfjs';
import type { Classifier } from '../model/classifier';
import type { MixedBatch } from './pairBatch';

/** What the model makes of one mixed image. */
export interface MixedPrediction {
  firstClass: number;
  secondClass: number;
  /** The weight of firstClass in the target. */
  lambda: number;
  /** The mixed target λ·onehot(y1) + (1−λ)·onehot(y2). */
  target: number[];
  /** The model's softmax probabilities. */
  probabilities: number[];
  /** The two most probable classes, highest first (ties to the lower index). */
  topTwo: [number, number];
}

export interface InBetweenStatistics {
  /** Pairs of two different classes: the ones the statistics are over. */
  pairCount: number;
  /** Pairs with y1 = y2, left out (their top-2 and gaps mean nothing). */
  sameClassPairs: number;
  /** Share of pairs whose top-2 predictions are {y1, y2}, in either order. */
  topTwoMatchRate: number;
  /** Mean |p(y1) − λ|. */
  meanGapFirst: number;
  /** Mean |p(y2) − (1−λ)|. */
  meanGapSecond: number;
}

function topTwo(probabilities: readonly number[]): [number, number] {
  let best = 0;
  let second = -1;
  for (let k = 1; k < probabilities.length; k++) {
    if (probabilities[k] > probabilities[best]) {
      second = best;
      best = k;
    } else if (second < 0 || probabilities[k] > probabilities[second]) {
      second = k;
    }
  }
  return [best, second];
}

/** The model's predictions on a mixed batch (one forward pass), paired with each image's classes, λ and target. */
export async function predictMixed(classifier: Pick<Classifier, 'predict'>, mixed: MixedBatch, firstClasses: readonly number[], secondClasses: readonly number[]): Promise<MixedPrediction[]> {
  const probabilities = await classifier.predict(mixed.images);
  try {
    const [predicted, targets] = await Promise.all([probabilities.array(), mixed.targets.array()]);
    return predicted.map((p, n) => ({ firstClass: firstClasses[n], secondClass: secondClasses[n], lambda: mixed.lambdas[n], target: targets[n], probabilities: p, topTwo: topTwo(p) }));
  } finally {
    tf.dispose(probabilities);
  }
}

/** The in-between statistics over the pairs of two different classes (the rates and means are NaN when there is none). */
export function inBetweenStatistics(predictions: readonly MixedPrediction[]): InBetweenStatistics {
  const mixedPairs = predictions.filter((p) => p.firstClass !== p.secondClass);
  const mean = (values: number[]): number => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : NaN);
  return {
    pairCount: mixedPairs.length,
    sameClassPairs: predictions.length - mixedPairs.length,
    topTwoMatchRate: mean(mixedPairs.map((p) => {
      const [a, b] = p.topTwo;
      return (a === p.firstClass && b === p.secondClass) || (a === p.secondClass && b === p.firstClass) ? 1 : 0;
    })),
    meanGapFirst: mean(mixedPairs.map((p) => Math.abs(p.probabilities[p.firstClass] - p.lambda))),
    meanGapSecond: mean(mixedPairs.map((p) => Math.abs(p.probabilities[p.secondClass] - (1 - p.lambda)))),
  };
}
