// Bilinear resizing of a batch of single-channel maps (definitions.md §4: "Upsample the map to the input size bilinearly").
import * as tf from '@tensorflow/tfjs';

/** Resizes maps [N, h, w] to [N, height, width], bilinear with half-pixel centres (the convention of OpenCV's and PIL's resize). */
export function resizeMapsBilinear(maps: tf.Tensor3D, [height, width]: readonly [number, number]): tf.Tensor3D {
  return tf.tidy(() => {
    if (maps.shape[1] === height && maps.shape[2] === width) return maps.clone();
    const resized = tf.image.resizeBilinear(tf.expandDims(maps, 3) as tf.Tensor4D, [height, width], false, true);
    return tf.squeeze(resized, [3]) as tf.Tensor3D;
  });
}
