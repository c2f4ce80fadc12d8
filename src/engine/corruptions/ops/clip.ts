// Clipping to the image range [0, 1], typed as the 4-D image batch it is applied to.
import * as tf from '@tensorflow/tfjs';

export function clipToUnit(images: tf.Tensor): tf.Tensor4D {
  return tf.clipByValue(images, 0, 1) as tf.Tensor4D;
}
