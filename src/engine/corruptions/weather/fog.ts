import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random';
import { nextPowerOfTwo, plasmaFractal } from '../ops/plasmaFractal';
import { severityRow } from '../parameterSets';
import type { CorruptionParameters, CorruptionSpec, Severity } from '../types';
import { clipToUnit, clipUnitValue } from '../ops/clip';
import { runOnHost, type ImageShape } from '../ops/hostKernels';
import { onHostBackend } from '../../hostBackend';

export type FogRow = { strength: number; wibbleDecay: number };

const pixelFields = (): [] => [];

/** One plasma map per image, cropped to H×W: [b, H, W] row-major. */
function fogLayers(batch: number, height: number, width: number, wibbleDecay: number, rng: SeededRandom): Float32Array {
  const side = nextPowerOfTwo(Math.max(height, width));
  const layers = new Float32Array(batch * height * width);
  for (let i = 0; i < batch; i++) {
    const map = plasmaFractal(side, wibbleDecay, rng);
    for (let y = 0; y < height; y++) layers.set(map.subarray(y * side, y * side + width), (i * height + y) * width);
  }
  return layers;
}

/**
 * The tensor path on host pixels [b, H, W, c], per image a scan for its peak, then one pass computing (x + c·plasma)·peak
 * / (peak + c), clipped, each step rounded to float32 as its op was (c a float32 scalar).
 */
function fogOnHost(pixels: Float32Array, [batch, height, width, channels]: ImageShape, layers: Float32Array, strength: number, out: Float32Array = new Float32Array(pixels.length)): Float32Array {
  const c = Math.fround(strength);
  const imageSize = height * width * channels;
  for (let b = 0; b < batch; b++) {
    const start = b * imageSize;
    let peak = -Infinity;
    for (let i = start; i < start + imageSize; i++) if (pixels[i] > peak) peak = pixels[i];
    const denominator = Math.fround(peak + c);
    for (let p = b * height * width, i = start; i < start + imageSize; p++) {
      const fog = Math.fround(layers[p] * c);
      for (let k = 0; k < channels; k++, i++) out[i] = clipUnitValue(Math.fround(Math.fround(pixels[i] + fog) * peak) / denominator);
    }
  }
  return out;
}

// definitions.md §1.1 fog: x + c·plasma, then ·max(x)/(max(x) + c) with max(x) the clean image's maximum, clipped.
export function fog(images: tf.Tensor4D, severity: Severity, rng: SeededRandom, params: CorruptionParameters<FogRow>): tf.Tensor4D {
  const { strength, wibbleDecay } = severityRow(params, severity, pixelFields);
  const [batch, height, width] = images.shape;
  const layers = fogLayers(batch, height, width, wibbleDecay, rng);
  if (onHostBackend()) return runOnHost(images, images.shape, (pixels, out) => fogOnHost(pixels, images.shape, layers, strength, out));
  return tf.tidy(() => {
    const peak = tf.max(images, [1, 2, 3], true);
    const fogged = tf.add(images, tf.mul(tf.tensor4d(layers, [batch, height, width, 1]), strength));
    return clipToUnit(tf.div(tf.mul(fogged, peak), tf.add(peak, strength)));
  });
}

export const fogSpec: CorruptionSpec<FogRow> = {
  name: 'fog', family: 'weather', kind: 'benchmark', displayName: 'Fog', variant: null,
  tables: {
    'imagenet-c': {
      source: 'definitions.md §1.1',
      rows: [{ strength: 1.5, wibbleDecay: 2 }, { strength: 2, wibbleDecay: 2 }, { strength: 2.5, wibbleDecay: 1.7 }, { strength: 2.5, wibbleDecay: 1.5 }, { strength: 3, wibbleDecay: 1.4 }],
    },
    'cifar-10-c': {
      source: 'definitions.md §1.3',
      rows: [{ strength: 0.2, wibbleDecay: 3 }, { strength: 0.5, wibbleDecay: 3 }, { strength: 0.75, wibbleDecay: 2.5 }, { strength: 1, wibbleDecay: 2 }, { strength: 1.5, wibbleDecay: 1.75 }],
    },
  },
  pixelFields,
  apply: fog,
};
