import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random';
import { normalTensor } from '../ops/seededDraws';
import { severityRow } from '../parameterSets';
import type { CorruptionParameters, CorruptionSpec, Severity } from '../types';
import { clipToUnit } from '../ops/clip';

export type SpeckleNoiseRow = { sigma: number };

const pixelFields = (): [] => [];

// definitions.md §1.2 speckle_noise: clip(x + x·N(0, σ)).
export function speckleNoise(images: tf.Tensor4D, severity: Severity, rng: SeededRandom, params: CorruptionParameters<SpeckleNoiseRow>): tf.Tensor4D {
  const { sigma } = severityRow(params, severity, pixelFields);
  return tf.tidy(() => clipToUnit(tf.add(images, tf.mul(images, normalTensor<tf.Rank.R4>(rng, images.shape, 0, sigma)))));
}

export const speckleNoiseSpec: CorruptionSpec<SpeckleNoiseRow> = {
  name: 'speckle_noise', family: 'noise', kind: 'extra', displayName: 'Speckle noise', variant: null,
  tables: {
    'imagenet-c': { source: 'definitions.md §1.2', rows: [{ sigma: 0.15 }, { sigma: 0.2 }, { sigma: 0.35 }, { sigma: 0.45 }, { sigma: 0.6 }] },
    'cifar-10-c': { source: 'definitions.md §1.3', rows: [{ sigma: 0.06 }, { sigma: 0.1 }, { sigma: 0.12 }, { sigma: 0.16 }, { sigma: 0.2 }] },
  },
  pixelFields,
  apply: speckleNoise,
};
