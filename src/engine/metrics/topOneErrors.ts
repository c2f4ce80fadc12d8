// Top-1 error counting shared by every robustness condition (definitions.md §1.4: E is the top-1 error).
import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '../errors';

/** Wrong top-1 predictions out of a number of images; the error rate is wrong / total. */
export interface ErrorCount {
  wrong: number;
  total: number;
}

/** Checks that there is one class label in [0, classCount) per image and returns them as an int32 tensor [n]. */
export function labelTensor(labels: ArrayLike<number>, imageCount: number, classCount: number): tf.Tensor1D {
  if (labels.length !== imageCount) throw new UserFacingError(`Expected one class label per image (${imageCount}), got ${labels.length}.`, 'bad-input');
  for (let i = 0; i < labels.length; i++) {
    if (!Number.isInteger(labels[i]) || labels[i] < 0 || labels[i] >= classCount) {
      throw new UserFacingError(`Class labels must be whole numbers from 0 to ${classCount - 1} (the model's classes); label ${i} is ${labels[i]}.`, 'bad-input');
    }
  }
  return tf.tensor1d(Array.from(labels), 'int32');
}

/** How many rows of `logits` [n, classes] have their arg-max different from `targets` [n] (int32); inputs are not disposed. */
export async function countTopOneErrors(logits: tf.Tensor2D, targets: tf.Tensor1D): Promise<number> {
  const wrong = tf.tidy(() => tf.notEqual(tf.argMax(logits, 1), targets).sum());
  try {
    return (await wrong.data())[0];
  } finally {
    wrong.dispose();
  }
}

/** wrong / total; a count of no images has no error rate. */
export function errorRate(count: ErrorCount): number {
  if (count.total === 0) throw new UserFacingError('No image was evaluated, so there is no error rate to report.', 'bad-input');
  return count.wrong / count.total;
}
