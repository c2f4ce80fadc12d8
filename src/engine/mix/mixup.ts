// Mixup (Zhang et al. 2018), definitions.md §6: λ ~ Beta(α, α), α = 1 by default, or λ fixed; x = λx1 + (1−λ)x2, y = λy1 + (1−λ)y2.
import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../random';
import { DEFAULT_LAMBDA, drawLambdas, type LambdaSpec } from './lambda';
import type { MixedBatch, PairBatch } from './pairBatch';
import { mixedTargets } from './targets';

/** Mixup of every pair with its own λ (one draw per pair, in pair order); the caller disposes the result's tensors. */
export function mixup(rng: SeededRandom, pairs: PairBatch, lambda: LambdaSpec = DEFAULT_LAMBDA): MixedBatch {
  const lambdas = drawLambdas(rng, lambda, pairs.first.shape[0]);
  const images = tf.tidy(() => {
    const weights = tf.tensor4d(lambdas, [lambdas.length, 1, 1, 1]);
    return tf.add(tf.mul(weights, pairs.first), tf.mul(tf.sub(1, weights), pairs.second)) as tf.Tensor4D;
  });
  return { images, targets: mixedTargets(pairs.firstClasses, pairs.secondClasses, lambdas, pairs.classCount), lambdas };
}
