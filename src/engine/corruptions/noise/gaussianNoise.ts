import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random';
import { normalTensor } from '../ops/seededDraws';
import { severityRow } from '../parameterSets';
import type { CorruptionParameters, CorruptionSpec, Severity } from '../types';
import { clipToUnit } from '../ops/clip';

export type GaussianNoiseRow = { sigma: number };

const pixelFields = (): [] => [];

// definitions.md §1.1 gaussian_noise: clip(x + N(0, σ)).
export function gaussianNoise(images: tf.Tensor4D, severity: Severity, rng: SeededRandom, params: CorruptionParameters<GaussianNoiseRow>): tf.Tensor4D {
  const { sigma } = severityRow(params, severity, pixelFields);
  return tf.tidy(() => clipToUnit(tf.add(images, normalTensor<tf.Rank.R4>(rng, images.shape, 0, sigma))));
}

export const gaussianNoiseSpec: CorruptionSpec<GaussianNoiseRow> = {
  name: 'gaussian_noise', family: 'noise', kind: 'benchmark', displayName: 'Gaussian noise', variant: null,
  tables: {
    'imagenet-c': { source: 'definitions.md §1.1', rows: [{ sigma: 0.08 }, { sigma: 0.12 }, { sigma: 0.18 }, { sigma: 0.26 }, { sigma: 0.38 }] },
    'cifar-10-c': { source: 'definitions.md §1.3', rows: [{ sigma: 0.04 }, { sigma: 0.06 }, { sigma: 0.08 }, { sigma: 0.09 }, { sigma: 0.1 }] },
  },
  pixelFields,
  apply: gaussianNoise,
};
