import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random';
import { onHostBackend } from '../../hostBackend';
import { runOnHost } from '../ops/hostKernels';
import { severityRow } from '../parameterSets';
import type { CorruptionParameters, CorruptionSpec, Severity } from '../types';
import { clipToUnit, clipUnitValue } from '../ops/clip';

export type ContrastRow = { factor: number };

const pixelFields = (): [] => [];

/**
 * The tensor path's (x − mean)·c + mean, clipped, in one loop over host pixels [.., channels]: each step rounded to
 * float32 as its op was (c a float32 scalar); `means` [b, channels] holds the batch's per-image channel means.
 */
function contrastOnHost(pixels: Float32Array, means: Float32Array, channels: number, factor: number, out: Float32Array = new Float32Array(pixels.length)): Float32Array {
  const scale = Math.fround(factor);
  const imageSize = (pixels.length * channels) / means.length;
  for (let image = 0; image < means.length; image += channels) {
    for (let c = 0; c < channels; c++) {
      const mean = means[image + c];
      for (let i = image / channels * imageSize + c, end = i + imageSize; i < end; i += channels) {
        out[i] = clipUnitValue(Math.fround(Math.fround(pixels[i] - mean) * scale) + mean);
      }
    }
  }
  return out;
}

// definitions.md §1.1 contrast: (x − per-channel mean)·c + mean, clipped.
export function contrast(images: tf.Tensor4D, severity: Severity, _rng: SeededRandom, params: CorruptionParameters<ContrastRow>): tf.Tensor4D {
  const { factor } = severityRow(params, severity, pixelFields);
  if (onHostBackend()) {
    // The means stay tfjs's reduction (its summation order); the elementwise rest is one host pass.
    const meanTensor = tf.mean(images, [1, 2]);
    const means = meanTensor.dataSync() as Float32Array;
    meanTensor.dispose();
    return runOnHost(images, images.shape, (pixels, out) => contrastOnHost(pixels, means, images.shape[3], factor, out));
  }
  return tf.tidy(() => {
    const means = tf.mean(images, [1, 2], true);
    return clipToUnit(tf.add(tf.mul(tf.sub(images, means), factor), means));
  });
}

export const contrastSpec: CorruptionSpec<ContrastRow> = {
  name: 'contrast', family: 'digital', kind: 'benchmark', displayName: 'Contrast', variant: null,
  tables: {
    'imagenet-c': { source: 'definitions.md §1.1', rows: [{ factor: 0.4 }, { factor: 0.3 }, { factor: 0.2 }, { factor: 0.1 }, { factor: 0.05 }] },
    'cifar-10-c': { source: 'definitions.md §1.3', rows: [{ factor: 0.75 }, { factor: 0.5 }, { factor: 0.4 }, { factor: 0.3 }, { factor: 0.15 }] },
  },
  pixelFields,
  apply: contrast,
};
