import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random';
import { areaDownscale, nearestUpscale } from '../ops/areaResize';
import { severityRow } from '../parameterSets';
import type { CorruptionParameters, CorruptionSpec, Severity } from '../types';

export type PixelateRow = { factor: number };

const pixelFields = (): [] => [];

// definitions.md §1.1 pixelate: box-filter (area) downscale to ⌊factor·size⌋, nearest-neighbour upscale back.
export function pixelate(images: tf.Tensor4D, severity: Severity, _rng: SeededRandom, params: CorruptionParameters<PixelateRow>): tf.Tensor4D {
  const { factor } = severityRow(params, severity, pixelFields);
  const [, height, width] = images.shape;
  return tf.tidy(() => {
    const small = areaDownscale(images, Math.max(1, Math.floor(factor * height)), Math.max(1, Math.floor(factor * width)));
    return nearestUpscale(small, height, width);
  });
}

export const pixelateSpec: CorruptionSpec<PixelateRow> = {
  name: 'pixelate', family: 'digital', kind: 'benchmark', displayName: 'Pixelate', variant: null,
  tables: {
    'imagenet-c': { source: 'definitions.md §1.1', rows: [{ factor: 0.6 }, { factor: 0.5 }, { factor: 0.4 }, { factor: 0.3 }, { factor: 0.25 }] },
    'cifar-10-c': { source: 'definitions.md §1.3', rows: [{ factor: 0.95 }, { factor: 0.9 }, { factor: 0.85 }, { factor: 0.75 }, { factor: 0.65 }] },
  },
  pixelFields,
  apply: pixelate,
};
