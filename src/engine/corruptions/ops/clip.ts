// Clipping to the image range [0, 1]: a tensor, typed as the 4-D image batch it is applied to, or one host value.
import * as tf from '@tensorflow/tfjs';

export function clipToUnit(images: tf.Tensor): tf.Tensor4D {
  return tf.clipByValue(images, 0, 1) as tf.Tensor4D;
}

/**
 * One value clipped to [0, 1] by comparisons, as Math.min(1, Math.max(0, v)) for every number but NaN (0 here), and
 * several times cheaper in the host kernels' per-pixel loops, where V8 did not reduce Math.min/max to single instructions.
 */
export function clipUnitValue(v: number): number {
  return v > 0 ? (v < 1 ? v : 1) : 0;
}
