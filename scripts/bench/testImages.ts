// Synthetic images for the analysis benches.
import * as tf from '@tensorflow/tfjs';

/** Smooth coloured test images with edges, so blurs and JPEG have structure to work on. */
export function testImages(batch: number, size: number): tf.Tensor4D {
  return tf.tidy(() => {
    const ramp = tf.linspace(0, 1, size);
    const x = ramp.reshape([1, 1, size, 1]).tile([batch, size, 1, 1]);
    const y = ramp.reshape([1, size, 1, 1]).tile([batch, 1, size, 1]);
    const square = x.greater(0.3).logicalAnd(x.less(0.7)).logicalAnd(y.greater(0.3)).logicalAnd(y.less(0.7)).cast('float32');
    return tf.concat([x, y, square.mul(0.8).add(0.1)], 3) as tf.Tensor4D;
  });
}
