// Zooming into the centre of an image by a factor ≥ 1 with bilinear sampling (imagecorruptions'
// clipped_zoom: centre crop of size/zoom scaled back to size), batched with tf.image.cropAndResize.
import * as tf from '@tensorflow/tfjs';

/** [b, H, W, c] images, each zoomed by `factor` about its centre. */
export function centreZoom(images: tf.Tensor4D, factor: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [batch, height, width] = images.shape;
    // cropAndResize samples y1·(H−1) + i·(y2−y1)·(H−1)/(H−1): the box [½ − ½/f, ½ + ½/f] steps by 1/f pixel about the centre.
    const lo = 0.5 - 0.5 / factor;
    const hi = 0.5 + 0.5 / factor;
    const boxes = tf.tensor2d(Array.from({ length: batch }, () => [lo, lo, hi, hi]), [batch, 4]);
    const boxIndices = tf.tensor1d(Array.from({ length: batch }, (_, i) => i), 'int32');
    return tf.image.cropAndResize(images, boxes, boxIndices, [height, width], 'bilinear');
  });
}
