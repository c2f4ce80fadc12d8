// Random tensors drawn from the run's seeded generator in JS and uploaded, so the same seed gives the same
// values on every backend (tf.random* seeds are backend-specific).
import * as tf from '@tensorflow/tfjs';
import { onHostBackend, tensorFilledOnHost } from '../../hostBackend';
import type { SeededRandom } from '../../random';

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** N(mean, std) values of the given shape (drawn into the backend's memory on the CPU backends). */
export function normalTensor<R extends tf.Rank>(rng: SeededRandom, shape: tf.ShapeMap[R], mean: number, std: number): tf.Tensor<R> {
  if (onHostBackend()) return tensorFilledOnHost(shape, (values) => rng.fillNormal(values, mean, std)) as tf.Tensor<R>;
  return tf.tensor(normalValues(rng, sizeOf(shape), mean, std), shape) as tf.Tensor<R>;
}

/** `count` N(mean, std) values, the same draws in the same order as normalTensor's. */
export function normalValues(rng: SeededRandom, count: number, mean: number, std: number): Float32Array {
  const values = new Float32Array(count);
  rng.fillNormal(values, mean, std);
  return values;
}

/** U(lo, hi) values of the given shape (drawn into the backend's memory on the CPU backends). */
export function uniformTensor<R extends tf.Rank>(rng: SeededRandom, shape: tf.ShapeMap[R], lo: number, hi: number): tf.Tensor<R> {
  if (onHostBackend()) return tensorFilledOnHost(shape, (values) => rng.fillUniform(values, lo, hi)) as tf.Tensor<R>;
  return tf.tensor(uniformValues(rng, sizeOf(shape), lo, hi), shape) as tf.Tensor<R>;
}

/** `count` U(lo, hi) values, the same draws in the same order as uniformTensor's. */
export function uniformValues(rng: SeededRandom, count: number, lo: number, hi: number): Float32Array {
  const values = new Float32Array(count);
  rng.fillUniform(values, lo, hi);
  return values;
}
