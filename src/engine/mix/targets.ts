// Mixed targets of definitions.md §6: y = λ·y1 + (1−λ)·y2 with y1, y2 one-hot.
import * as tf from '@tensorflow/tfjs';

/** [N, classCount] rows λ_n·onehot(first_n) + (1−λ_n)·onehot(second_n); the caller disposes the result. */
export function mixedTargets(firstClasses: readonly number[], secondClasses: readonly number[], lambdas: readonly number[], classCount: number): tf.Tensor2D {
  return tf.tidy(() => {
    const weights = tf.tensor2d([...lambdas], [lambdas.length, 1]);
    const first = tf.oneHot(tf.tensor1d([...firstClasses], 'int32'), classCount).toFloat();
    const second = tf.oneHot(tf.tensor1d([...secondClasses], 'int32'), classCount).toFloat();
    return tf.add(tf.mul(weights, first), tf.mul(tf.sub(1, weights), second)) as tf.Tensor2D;
  });
}
