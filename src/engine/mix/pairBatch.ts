// The two sides of a list of pairs as tensors (x1, x2 of definitions.md §6), and the shape every pair-mixing method returns.
import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '../errors';
import type { ImagePair } from './pairs';

/** x1 and x2 of every pair, [N, H, W, 3] each, with their class labels; the caller owns and disposes the tensors. */
export interface PairBatch {
  first: tf.Tensor4D;
  second: tf.Tensor4D;
  firstClasses: number[];
  secondClasses: number[];
  classCount: number;
}

/** A batch of mixed images with their targets; the caller disposes `images` and `targets`. */
export interface MixedBatch {
  /** [N, H, W, 3]. */
  images: tf.Tensor4D;
  /** [N, classCount]: λ_n·onehot(y1) + (1−λ_n)·onehot(y2). */
  targets: tf.Tensor2D;
  /** The weight of x1's class in each target (for CutMix and Puzzle Mix, the one recomputed from the mask). */
  lambdas: number[];
}

/** Gathers both sides of `pairs` from a batch of images [n, H, W, 3] with one class label each. */
export function gatherPairBatch(images: tf.Tensor4D, classes: ArrayLike<number>, classCount: number, pairs: readonly ImagePair[]): PairBatch {
  const itemCount = images.shape[0];
  if (classes.length !== itemCount) throw new UserFacingError(`Expected one class label per image (${itemCount}), got ${classes.length}.`, 'bad-input');
  for (const index of pairs.flatMap((p) => [p.first, p.second])) {
    if (!Number.isInteger(index) || index < 0 || index >= itemCount) throw new UserFacingError(`Image ${index} is not in this batch of ${itemCount} images.`, 'bad-input');
    const label = classes[index];
    if (!Number.isInteger(label) || label < 0 || label >= classCount) throw new UserFacingError(`Class labels must be whole numbers from 0 to ${classCount - 1}; image ${index} has ${label}.`, 'bad-input');
  }
  const firstIndices = pairs.map((p) => p.first);
  const secondIndices = pairs.map((p) => p.second);
  const [first, second] = tf.tidy(() => [tf.gather(images, firstIndices) as tf.Tensor4D, tf.gather(images, secondIndices) as tf.Tensor4D]);
  return { first, second, firstClasses: firstIndices.map((i) => classes[i]), secondClasses: secondIndices.map((i) => classes[i]), classCount };
}
