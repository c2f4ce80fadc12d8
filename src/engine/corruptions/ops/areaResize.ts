// Area (box-filter) downscaling, as PIL's Image.BOX: each output pixel averages the input pixels it covers,
// weighted by the covered fraction. Done as two matrix products on the backend.
import * as tf from '@tensorflow/tfjs';

/** The [outSize, inSize] matrix whose row i holds the coverage weights of output pixel i. */
export function areaWeights(inSize: number, outSize: number): tf.Tensor2D {
  const weights = new Float32Array(outSize * inSize);
  const scale = inSize / outSize;
  for (let i = 0; i < outSize; i++) {
    const start = i * scale;
    const end = (i + 1) * scale;
    for (let j = Math.floor(start); j < Math.min(inSize, Math.ceil(end)); j++) {
      weights[i * inSize + j] = (Math.min(end, j + 1) - Math.max(start, j)) / scale;
    }
  }
  return tf.tensor2d(weights, [outSize, inSize]);
}

/** [b, H, W, c] → [b, outHeight, outWidth, c] by area averaging. */
export function areaDownscale(images: tf.Tensor4D, outHeight: number, outWidth: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [batch, height, width, channels] = images.shape;
    const columnsFirst = tf.reshape(tf.transpose(images, [0, 2, 3, 1]), [batch * width * channels, height]);
    const rowsDone = tf.matMul(columnsFirst, areaWeights(height, outHeight), false, true);
    const rowsFirst = tf.reshape(tf.transpose(tf.reshape(rowsDone, [batch, width, channels, outHeight]), [0, 3, 2, 1]), [batch * outHeight * channels, width]);
    const bothDone = tf.matMul(rowsFirst, areaWeights(width, outWidth), false, true);
    return tf.transpose(tf.reshape(bothDone, [batch, outHeight, channels, outWidth]), [0, 1, 3, 2]) as tf.Tensor4D;
  });
}

/** [b, h, w, c] → [b, outHeight, outWidth, c] by nearest neighbour with PIL's pixel centres: ⌊(i + ½)·in/out⌋. */
export function nearestUpscale(images: tf.Tensor4D, outHeight: number, outWidth: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [, height, width] = images.shape;
    const rows = Array.from({ length: outHeight }, (_, i) => Math.min(height - 1, Math.floor(((i + 0.5) * height) / outHeight)));
    const cols = Array.from({ length: outWidth }, (_, i) => Math.min(width - 1, Math.floor(((i + 0.5) * width) / outWidth)));
    return tf.gather(tf.gather(images, rows, 1), cols, 2) as tf.Tensor4D;
  });
}
