// CutMix (Yun et al. 2019), definitions.md §6, over a list of pairs: one box per pair from λ (fixed, or ~ Beta(β, β) as in cutmixBox.ts),
// x2's box pasted into x1, λ recomputed as 1 − clipped box area/(W·H), y = λy1 + (1−λ)y2.
import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../random';
import { boxAround, sampleCutMixBox, type CutMixBox } from './cutmixBox';
import { checkLambdaSpec, DEFAULT_LAMBDA, type LambdaSpec } from './lambda';
import type { MixedBatch, PairBatch } from './pairBatch';
import { mixedTargets } from './targets';

export interface CutMixPairsBatch extends MixedBatch {
  /** One clipped box per pair; box.lambda equals lambdas[n]. */
  boxes: CutMixBox[];
}

/** A box for a fixed λ, drawn exactly as sampleCutMixBox draws one after its λ: cut ⌊side·√(1−λ)⌋, half-extent ⌊cut/2⌋, centre x then y. */
function boxForFixedLambda(rng: SeededRandom, lambda: number, height: number, width: number): CutMixBox {
  const cutRatio = Math.sqrt(1 - lambda);
  const halfWidth = Math.floor(Math.trunc(width * cutRatio) / 2);
  const halfHeight = Math.floor(Math.trunc(height * cutRatio) / 2);
  const centreX = rng.int(width);
  const centreY = rng.int(height);
  return boxAround(centreX, centreY, halfWidth, halfHeight, height, width);
}

/** CutMix of every pair with its own box (pair order); the caller disposes the result's tensors. */
export function cutMixPairs(rng: SeededRandom, pairs: PairBatch, lambda: LambdaSpec = DEFAULT_LAMBDA): CutMixPairsBatch {
  checkLambdaSpec(lambda);
  const [count, height, width] = pairs.first.shape;
  const boxes = Array.from({ length: count }, () =>
    lambda.kind === 'beta' ? sampleCutMixBox(rng, height, width, lambda.concentration) : boxForFixedLambda(rng, lambda.value, height, width));
  const pasted = new Float32Array(count * height * width);
  boxes.forEach((b, n) => {
    for (let y = b.y0; y < b.y1; y++) pasted.fill(1, (n * height + y) * width + b.x0, (n * height + y) * width + b.x1);
  });
  const images = tf.tidy(() => {
    const mask = tf.tensor4d(pasted, [count, height, width, 1]);
    return tf.add(tf.mul(pairs.first, tf.sub(1, mask)), tf.mul(pairs.second, mask)) as tf.Tensor4D;
  });
  const lambdas = boxes.map((b) => b.lambda);
  return { images, targets: mixedTargets(pairs.firstClasses, pairs.secondClasses, lambdas, pairs.classCount), lambdas, boxes };
}
