import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random';
import { hostValuesView, onHostBackend, tensor4dFilledOnHost } from '../../hostBackend';
import { PoissonSampler } from '../ops/poissonDraws';
import { severityRow } from '../parameterSets';
import type { CorruptionParameters, CorruptionSpec, Severity } from '../types';

export type ShotNoiseRow = { photons: number };

const pixelFields = (): [] => [];

/** clip(Poisson(x·c)/c) of every value into `noisy`. */
function drawShotNoise(values: Float32Array, noisy: Float32Array, photons: number, rng: SeededRandom): void {
  const sampler = new PoissonSampler(photons);
  for (let i = 0; i < values.length; i++) noisy[i] = Math.min(1, sampler.draw(rng, values[i]) / photons);
}

// definitions.md §1.1 shot_noise: clip(Poisson(x·c)/c). Each draw needs its pixel's λ, so the draws are made in JS from
// the seeded generator (by inversion, ops/poissonDraws): on the CPU backends in the backend's memory, else on a read-back.
export async function shotNoise(images: tf.Tensor4D, severity: Severity, rng: SeededRandom, params: CorruptionParameters<ShotNoiseRow>): Promise<tf.Tensor4D> {
  const { photons } = severityRow(params, severity, pixelFields);
  if (onHostBackend()) return tensor4dFilledOnHost(images.shape, (noisy) => drawShotNoise(hostValuesView(images), noisy, photons, rng));
  const values = (await images.data()) as Float32Array;
  const noisy = new Float32Array(values.length);
  drawShotNoise(values, noisy, photons, rng);
  return tf.tensor4d(noisy, images.shape);
}

export const shotNoiseSpec: CorruptionSpec<ShotNoiseRow> = {
  name: 'shot_noise', family: 'noise', kind: 'benchmark', displayName: 'Shot noise', variant: null,
  tables: {
    'imagenet-c': { source: 'definitions.md §1.1', rows: [{ photons: 60 }, { photons: 25 }, { photons: 12 }, { photons: 5 }, { photons: 3 }] },
    'cifar-10-c': { source: 'definitions.md §1.3', rows: [{ photons: 500 }, { photons: 250 }, { photons: 100 }, { photons: 75 }, { photons: 50 }] },
  },
  pixelFields,
  apply: shotNoise,
};
