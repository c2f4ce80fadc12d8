import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random';
import { severityRow } from '../parameterSets';
import type { CorruptionParameters, CorruptionSpec, Severity } from '../types';
import { clipToUnit } from '../ops/clip';

export type ContrastRow = { factor: number };

const pixelFields = (): [] => [];

// definitions.md §1.1 contrast: (x − per-channel mean)·c + mean, clipped.
export function contrast(images: tf.Tensor4D, severity: Severity, _rng: SeededRandom, params: CorruptionParameters<ContrastRow>): tf.Tensor4D {
  const { factor } = severityRow(params, severity, pixelFields);
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
