// The built-in out-of-distribution sets: uniform noise and clipped Gaussian noise (definitions.md §5, OOD sets).
import * as tf from '@tensorflow/tfjs';
import { normalTensor, uniformTensor } from '../corruptions/ops/seededDraws';
import { UserFacingError } from '../errors';
import type { SeededRandom } from '../random';

export type SyntheticOodKind = 'uniform-noise' | 'gaussian-noise';
export const SYNTHETIC_OOD_KINDS: readonly SyntheticOodKind[] = ['uniform-noise', 'gaussian-noise'];

/** §5 gives no parameters for the Gaussian set; we use ODIN's (Liang et al. 2018): N(0.5, 1) per value, clipped to [0, 1]. */
export const GAUSSIAN_OOD_MEAN = 0.5;
export const GAUSSIAN_OOD_STD = 1;

/** What a report says about a built-in OOD set. */
export const SYNTHETIC_OOD_DESCRIPTIONS: Readonly<Record<SyntheticOodKind, string>> = {
  'uniform-noise': 'uniform noise: every RGB value U(0, 1), drawn from the run seed',
  'gaussian-noise': `Gaussian noise: every RGB value N(${GAUSSIAN_OOD_MEAN}, ${GAUSSIAN_OOD_STD}) clipped to [0, 1], drawn from the run seed`,
};

// definitions.md §5: synthetic OOD images [count, height, width, 3] in [0, 1], drawn in JS from `rng` so every backend gets the same pixels.
export function syntheticOodImages(kind: SyntheticOodKind, rng: SeededRandom, count: number, height: number, width: number): tf.Tensor4D {
  for (const [name, value] of [['count', count], ['height', height], ['width', width]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new UserFacingError(`The synthetic OOD ${name} must be a whole number of at least 1, got ${value}.`, 'bad-input');
  }
  const shape: [number, number, number, number] = [count, height, width, 3];
  if (kind === 'uniform-noise') return uniformTensor<tf.Rank.R4>(rng, shape, 0, 1);
  return tf.tidy(() => tf.clipByValue(normalTensor<tf.Rank.R4>(rng, shape, GAUSSIAN_OOD_MEAN, GAUSSIAN_OOD_STD), 0, 1));
}
