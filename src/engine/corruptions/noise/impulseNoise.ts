import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random';
import { onHostBackend } from '../../hostBackend';
import { runOnHost } from '../ops/hostKernels';
import { uniformTensor, uniformValues } from '../ops/seededDraws';
import { severityRow } from '../parameterSets';
import type { CorruptionParameters, CorruptionSpec, Severity } from '../types';

export type ImpulseNoiseRow = { amount: number };

const pixelFields = (): [] => [];

// definitions.md §1.1 impulse_noise: each value, with probability `amount`, set to 0 or 1 with equal odds.
export function impulseNoise(images: tf.Tensor4D, severity: Severity, rng: SeededRandom, params: CorruptionParameters<ImpulseNoiseRow>): tf.Tensor4D {
  const { amount } = severityRow(params, severity, pixelFields);
  // On the CPU backends one pass over the values, with the same two float32 draws per value and the float32 threshold.
  if (onHostBackend()) {
    return runOnHost(images, images.shape, (pixels, out) => {
      const flips = uniformValues(rng, pixels.length, 0, 1);
      const salts = uniformValues(rng, pixels.length, 0, 1);
      const threshold = Math.fround(amount);
      for (let i = 0; i < flips.length; i++) out[i] = flips[i] < threshold ? (salts[i] < 0.5 ? 1 : 0) : pixels[i];
    });
  }
  return tf.tidy(() => {
    const flipped = tf.less(uniformTensor<tf.Rank.R4>(rng, images.shape, 0, 1), amount);
    const salt = tf.cast(tf.less(uniformTensor<tf.Rank.R4>(rng, images.shape, 0, 1), 0.5), 'float32');
    return tf.where(flipped, salt, images) as tf.Tensor4D;
  });
}

export const impulseNoiseSpec: CorruptionSpec<ImpulseNoiseRow> = {
  name: 'impulse_noise', family: 'noise', kind: 'benchmark', displayName: 'Impulse noise', variant: null,
  tables: {
    'imagenet-c': { source: 'definitions.md §1.1', rows: [{ amount: 0.03 }, { amount: 0.06 }, { amount: 0.09 }, { amount: 0.17 }, { amount: 0.27 }] },
    'cifar-10-c': { source: 'definitions.md §1.3', rows: [{ amount: 0.01 }, { amount: 0.02 }, { amount: 0.03 }, { amount: 0.05 }, { amount: 0.07 }] },
  },
  pixelFields,
  apply: impulseNoise,
};
