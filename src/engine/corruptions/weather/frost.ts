import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random';
import { severityRow } from '../parameterSets';
import type { CorruptionParameters, CorruptionSpec, Severity } from '../types';
import { frostTexture, frostTextureOnHost } from './frostTexture';
import { runOnHost } from '../ops/hostKernels';
import { onHostBackend } from '../../hostBackend';
import { clipToUnit, clipUnitValue } from '../ops/clip';

export type FrostRow = { imageWeight: number; frostWeight: number };

const pixelFields = (): [] => [];

/** out = clip(a·pixels + b·texture) for the image at `offset`. */
function blendOnHost(pixels: Float32Array, texture: Float32Array, out: Float32Array, offset: number, imageWeight: number, frostWeight: number): void {
  for (let i = 0; i < texture.length; i++) out[offset + i] = clipUnitValue(pixels[offset + i] * imageWeight + texture[i] * frostWeight);
}

// definitions.md §1.1 frost: clip(a·x + b·frost), with a procedural frost texture per image (§1 note on frost).
export function frost(images: tf.Tensor4D, severity: Severity, rng: SeededRandom, params: CorruptionParameters<FrostRow>): tf.Tensor4D {
  const { imageWeight, frostWeight } = severityRow(params, severity, pixelFields);
  const [batch, height, width] = images.shape;
  if (onHostBackend()) {
    return runOnHost(images, images.shape, (pixels, out) => {
      const size = height * width * 3;
      for (let b = 0; b < batch; b++) blendOnHost(pixels, frostTextureOnHost(height, width, rng), out, b * size, imageWeight, frostWeight);
    });
  }
  return tf.tidy(() => {
    const textures = tf.concat(Array.from({ length: batch }, () => frostTexture(height, width, rng)), 0);
    return clipToUnit(tf.add(tf.mul(images, imageWeight), tf.mul(textures, frostWeight)));
  });
}

export const frostSpec: CorruptionSpec<FrostRow> = {
  name: 'frost', family: 'weather', kind: 'benchmark', displayName: 'frost (procedural)',
  variant: 'procedural frost texture in place of the benchmark photographs: not comparable with published frost errors',
  tables: {
    'imagenet-c': {
      source: 'definitions.md §1.1',
      rows: [
        { imageWeight: 1, frostWeight: 0.4 }, { imageWeight: 0.8, frostWeight: 0.6 }, { imageWeight: 0.7, frostWeight: 0.7 },
        { imageWeight: 0.65, frostWeight: 0.7 }, { imageWeight: 0.6, frostWeight: 0.75 },
      ],
    },
    'cifar-10-c': {
      source: 'definitions.md §1.3',
      rows: [
        { imageWeight: 1, frostWeight: 0.2 }, { imageWeight: 1, frostWeight: 0.3 }, { imageWeight: 0.9, frostWeight: 0.4 },
        { imageWeight: 0.85, frostWeight: 0.4 }, { imageWeight: 0.75, frostWeight: 0.45 },
      ],
    },
  },
  pixelFields,
  apply: frost,
};
