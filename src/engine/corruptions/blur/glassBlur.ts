import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random';
import { gaussianFilter, gaussianFilterOnHost } from '../ops/convolution';
import { type ImageShape } from '../ops/hostKernels';
import { hostValuesView, onHostBackend, tensor4dFilledOnHost } from '../../hostBackend';
import { severityRow } from '../parameterSets';
import type { CorruptionParameters, CorruptionSpec, NumericKey, Severity } from '../types';
import { SKIMAGE_TRUNCATE } from './gaussianBlur';
import { clipToUnit, clipUnitValue } from '../ops/clip';
import { unitValues } from '../ops/levels';

export type GlassBlurRow = { sigma: number; delta: number; iterations: number };

const pixelFields = (): NumericKey<GlassBlurRow>[] => ['sigma', 'delta'];

/** Where the pixel moves draw their offsets: `fillInt(values, n)` fills values with uniform integers in [0, n). */
export type OffsetDraws = Pick<SeededRandom, 'fillInt'>;

/**
 * definitions.md §1.1 glass_blur's pixel moves, in place on one H×W×3 byte image: `iterations` passes scanning from
 * the bottom-right, δ away from the border, each pixel (h, w) taking the current value of its neighbour
 * (h + dy, w + dx), dx then dy drawn from [-δ, δ); the neighbour keeps its value (the generator's numpy-view "swap"
 * is a copy). Each move sees the earlier ones, so this is a sequential loop on the quantised image, not a tensor op;
 * the offsets do not depend on the pixels, so a pass draws all of its own first, in the order the moves use them.
 */
export function shufflePixelsLocally(pixels: Uint8Array, height: number, width: number, delta: number, iterations: number, draws: OffsetDraws): void {
  const offsets = new Int32Array(2 * Math.max(0, height - 2 * delta) * Math.max(0, width - 2 * delta));
  for (let pass = 0; pass < iterations; pass++) {
    draws.fillInt(offsets, 2 * delta);
    let next = 0;
    for (let h = height - delta; h > delta; h--) {
      for (let w = width - delta; w > delta; w--) {
        const dx = offsets[next++] - delta;
        const dy = offsets[next++] - delta;
        const here = (h * width + w) * 3;
        const there = ((h + dy) * width + (w + dx)) * 3;
        for (let c = 0; c < 3; c++) pixels[here + c] = pixels[there + c];
      }
    }
  }
}

/** One Gaussian blur of σ on host pixels, as the tensor path's (skimage: truncate 4σ, replicated border). */
function blurOnHost(pixels: Float32Array, shape: ImageShape, sigma: number, out?: Float32Array): Float32Array {
  return gaussianFilterOnHost(pixels, shape, sigma, sigma, SKIMAGE_TRUNCATE, 'edge', out);
}

/** floor(f32(clip(v)·255)) per value, as bytes (the tensor path's quantisation; `| 0` floors what clipping left ≥ 0). */
function quantised(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) bytes[i] = Math.fround(clipUnitValue(values[i]) * 255) | 0;
  return bytes;
}

/** Every value clipped to [0, 1], in place (as clipUnitValue: NaN and −0 become 0), written only where it changes. */
function clippedInPlace(values: Float32Array): Float32Array {
  for (let i = 0; i < values.length; i++) {
    if (!(values[i] > 0)) values[i] = 0;
    else if (!(values[i] < 1)) values[i] = 1;
  }
  return values;
}

/**
 * definitions.md §1.1 glass_blur on host pixels, every step the tensor path's in float32: blur, clip, ×255 and floor to
 * bytes, the moves, /255, blur, clip; the input read and the result written where the backend keeps them.
 */
function glassBlurOnHost(images: tf.Tensor4D, sigma: number, delta: number, iterations: number, rng: SeededRandom): tf.Tensor4D {
  const [batch, height, width] = images.shape;
  const pixels = quantised(blurOnHost(hostValuesView(images), images.shape, sigma));
  const perImage = height * width * 3;
  for (let i = 0; i < batch; i++) shufflePixelsLocally(pixels.subarray(i * perImage, (i + 1) * perImage), height, width, delta, iterations, rng);
  const shuffled = unitValues(pixels);
  return tensor4dFilledOnHost(images.shape, (out) => clippedInPlace(blurOnHost(shuffled, images.shape, sigma, out)));
}

// definitions.md §1.1 glass_blur: Gaussian blur σ, quantise to uint8 (truncating), local pixel moves (copies), Gaussian blur σ again.
export async function glassBlur(images: tf.Tensor4D, severity: Severity, rng: SeededRandom, params: CorruptionParameters<GlassBlurRow>): Promise<tf.Tensor4D> {
  const { sigma, delta: scaledDelta, iterations } = severityRow(params, severity, pixelFields);
  const delta = Math.max(1, Math.round(scaledDelta));
  if (onHostBackend()) return glassBlurOnHost(images, sigma, delta, iterations, rng);
  const [batch, height, width] = images.shape;
  const quantised = tf.tidy(() => tf.cast(tf.floor(tf.mul(clipToUnit(gaussianFilter(images, sigma, sigma, SKIMAGE_TRUNCATE, 'edge')), 255)), 'int32'));
  const pixels = Uint8Array.from((await quantised.data()) as Int32Array);
  quantised.dispose();
  const perImage = height * width * 3;
  for (let i = 0; i < batch; i++) shufflePixelsLocally(pixels.subarray(i * perImage, (i + 1) * perImage), height, width, delta, iterations, rng);
  return tf.tidy(() => {
    const shuffled = tf.div(tf.tensor4d(Float32Array.from(pixels), images.shape), 255) as tf.Tensor4D;
    return clipToUnit(gaussianFilter(shuffled, sigma, sigma, SKIMAGE_TRUNCATE, 'edge'));
  });
}

export const glassBlurSpec: CorruptionSpec<GlassBlurRow> = {
  name: 'glass_blur', family: 'blur', kind: 'benchmark', displayName: 'Glass blur', variant: null,
  tables: {
    'imagenet-c': {
      source: 'definitions.md §1.1 (each move copies the neighbour, as the generator; scaled δ rounded to a whole pixel, at least 1)',
      rows: [
        { sigma: 0.7, delta: 1, iterations: 2 }, { sigma: 0.9, delta: 2, iterations: 1 }, { sigma: 1, delta: 2, iterations: 3 },
        { sigma: 1.1, delta: 3, iterations: 2 }, { sigma: 1.5, delta: 4, iterations: 2 },
      ],
    },
    'cifar-10-c': {
      source: 'definitions.md §1.3 (each move copies the neighbour, as the generator; scaled δ rounded to a whole pixel, at least 1)',
      rows: [
        { sigma: 0.05, delta: 1, iterations: 1 }, { sigma: 0.25, delta: 1, iterations: 1 }, { sigma: 0.4, delta: 1, iterations: 1 },
        { sigma: 0.25, delta: 1, iterations: 2 }, { sigma: 0.4, delta: 1, iterations: 2 },
      ],
    },
  },
  pixelFields,
  apply: glassBlur,
};
