// Separable resampling by two weight matrices (one per spatial axis), done as two matrix products on the backend.
import * as tf from '@tensorflow/tfjs';
import { resampleOnHost, runOnHost } from './hostKernels';
import { onHostBackend } from '../../hostBackend';

/** Row-major [outSize, inSize] weights: output sample i is Σ_j weights[i·inSize + j] · input sample j. */
export interface AxisWeights {
  inSize: number;
  outSize: number;
  weights: Float32Array;
}

/** [b, H, W, c] → [b, rows.outSize, columns.outSize, c]; `rows` acts on H, `columns` on W. */
export function resampleAxes(images: tf.Tensor4D, rows: AxisWeights, columns: AxisWeights): tf.Tensor4D {
  const [batch, height, width, channels] = images.shape;
  if (rows.inSize !== height || columns.inSize !== width) throw new RangeError(`Resampling weights for ${rows.inSize}×${columns.inSize} applied to ${height}×${width} images.`);
  if (onHostBackend()) return runOnHost(images, [batch, rows.outSize, columns.outSize, channels], (pixels, out) => resampleOnHost(pixels, images.shape, rows, columns, out));
  return tf.tidy(() => {
    const rowMatrix = tf.tensor2d(rows.weights, [rows.outSize, rows.inSize]);
    const columnMatrix = tf.tensor2d(columns.weights, [columns.outSize, columns.inSize]);
    const columnsFirst = tf.reshape(tf.transpose(images, [0, 2, 3, 1]), [batch * width * channels, height]);
    const rowsDone = tf.matMul(columnsFirst, rowMatrix, false, true);
    const rowsFirst = tf.reshape(tf.transpose(tf.reshape(rowsDone, [batch, width, channels, rows.outSize]), [0, 3, 2, 1]), [batch * rows.outSize * channels, width]);
    const bothDone = tf.matMul(rowsFirst, columnMatrix, false, true);
    return tf.transpose(tf.reshape(bothDone, [batch, rows.outSize, channels, columns.outSize]), [0, 1, 3, 2]) as tf.Tensor4D;
  });
}
