import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random';
import { clippedZoom, keptZoomAxis } from '../ops/clippedZoom';
import { resampleOnHost, runOnHost, shiftedCopiesSum } from '../ops/hostKernels';
import { onHostBackend } from '../../hostBackend';
import { MemoryLayout, wasmKernels } from '../../simd/wasmKernels';
import { roundHalfToEven } from '../ops/levels';
import { motionShifts, sumOfShiftedCopies } from '../ops/motionShifts';
import { normalTensor, normalValues } from '../ops/seededDraws';
import { severityRow } from '../parameterSets';
import type { CorruptionParameters, CorruptionSpec, NumericKey, Severity } from '../types';
import { clipToUnit, clipUnitValue } from '../ops/clip';

export type SnowRow = { mean: number; std: number; zoom: number; threshold: number; blurRadius: number; blurSigma: number; mix: number };

const pixelFields = (): NumericKey<SnowRow>[] => ['blurRadius', 'blurSigma'];

/** Rec. 601 luma, as OpenCV's RGB2GRAY. */
function gray(images: tf.Tensor4D): tf.Tensor4D {
  return tf.sum(tf.mul(images, tf.tensor1d([0.299, 0.587, 0.114])), 3, true) as tf.Tensor4D;
}

/**
 * definitions.md §1.1 snow layer for one H×W image, as imagecorruptions makes it: N(μ,σ), clipped zoom (at the
 * zoom's own size, a sample or two larger), zero below threshold, clip, motion-blur at U(-135°,-45°), round to 8 bits,
 * then the top-left H×W.
 */
function snowLayer(height: number, width: number, row: SnowRow, rng: SeededRandom): tf.Tensor4D {
  return tf.tidy(() => {
    const noise = clippedZoom(normalTensor<tf.Rank.R4>(rng, [1, height, width, 1], row.mean, row.std), row.zoom);
    const [, zoomedHeight, zoomedWidth] = noise.shape;
    const flakes = clipToUnit(tf.where(tf.less(noise, row.threshold), tf.zerosLike(noise), noise));
    const shifts = motionShifts(Math.max(1, Math.round(row.blurRadius)), row.blurSigma, rng.uniformIn(-135, -45), zoomedHeight, zoomedWidth);
    const blurred = tf.div(tf.round(tf.mul(sumOfShiftedCopies(flakes, shifts), 255)), 255) as tf.Tensor4D;
    return tf.slice(blurred, [0, 0, 0, 0], [1, height, width, 1]);
  });
}

/** Zero below `threshold`, else clipped to [0, 1]: the snow layer's flakes. */
function flakesOf(noise: Float32Array, threshold: number): Float32Array {
  const flakes = new Float32Array(noise.length);
  for (let i = 0; i < noise.length; i++) flakes[i] = noise[i] < threshold ? 0 : clipUnitValue(noise[i]);
  return flakes;
}

/** The top-left H×W of a blurred layer `stride` samples wide, rounded to 8 bits: round(f32(v·255)) / 255. */
function croppedToBytes(blurred: Float32Array, stride: number, height: number, width: number): Float32Array {
  const layer = new Float32Array(height * width);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) layer[y * width + x] = roundHalfToEven(Math.fround(blurred[y * stride + x] * 255)) / 255;
  }
  return layer;
}

/** snowLayer() on the host, the same draws in the same order and the same float32 steps: [H, W] values. */
function snowLayerOnHost(height: number, width: number, row: SnowRow, rng: SeededRandom): Float32Array {
  const rows = keptZoomAxis(height, row.zoom, false);
  const columns = keptZoomAxis(width, row.zoom, false);
  const noise = resampleOnHost(normalValues(rng, height * width, row.mean, row.std), [1, height, width, 1], rows, columns);
  const flakes = flakesOf(noise, row.threshold);
  const shifts = motionShifts(Math.max(1, Math.round(row.blurRadius)), row.blurSigma, rng.uniformIn(-135, -45), rows.outSize, columns.outSize);
  const blurred = shiftedCopiesSum(flakes, [1, rows.outSize, columns.outSize, 1], shifts);
  return croppedToBytes(blurred, columns.outSize, height, width);
}

/**
 * snow() on host pixels: whitening, the layer and the layer rotated 180°, clipped; per pixel in float32 as the tensor
 * path, in the SIMD module (wasm/kernels.ts snowBlend), image by image.
 */
function snowOnHost(pixels: Float32Array, [batch, height, width]: readonly number[], row: SnowRow, rng: SeededRandom, out: Float32Array = new Float32Array(pixels.length)): Float32Array {
  const size = height * width;
  const kernels = wasmKernels();
  const layout = new MemoryLayout<'pixels' | 'layer' | 'out'>().reserve('pixels', size * 3, 'f32').reserve('layer', size, 'f32').reserve('out', size * 3, 'f32');
  for (let b = 0; b < batch; b++) {
    const layer = snowLayerOnHost(height, width, row, rng);
    // Views made after the layer: its kernels use (and may grow) the same memory.
    const views = layout.views(kernels);
    views.f32('pixels').set(pixels.subarray(b * size * 3, (b + 1) * size * 3));
    views.f32('layer').set(layer);
    kernels.snowBlend(layout.at('pixels'), layout.at('layer'), size, row.mix, layout.at('out'));
    out.set(views.f32('out'), b * size * 3);
  }
  return out;
}

// definitions.md §1.1 snow: x ← mix·x + (1−mix)·max(x, 1.5·gray(x) + .5); out = clip(x + snow + snow rotated 180°).
export function snow(images: tf.Tensor4D, severity: Severity, rng: SeededRandom, params: CorruptionParameters<SnowRow>): tf.Tensor4D {
  const row = severityRow(params, severity, pixelFields);
  const [batch, height, width] = images.shape;
  if (onHostBackend()) return runOnHost(images, images.shape, (pixels, out) => snowOnHost(pixels, images.shape, row, rng, out));
  return tf.tidy(() => {
    const layers = tf.concat(Array.from({ length: batch }, () => snowLayer(height, width, row, rng)), 0);
    const rotated = tf.reverse(layers, [1, 2]);
    const whitened = tf.add(tf.mul(images, row.mix), tf.mul(tf.maximum(images, tf.add(tf.mul(gray(images), 1.5), 0.5)), 1 - row.mix));
    return clipToUnit(tf.add(tf.add(whitened, layers), rotated));
  });
}

export const snowSpec: CorruptionSpec<SnowRow> = {
  name: 'snow', family: 'weather', kind: 'benchmark', displayName: 'Snow', variant: 'imagecorruptions motion blur in place of ImageMagick\'s',
  tables: {
    'imagenet-c': {
      source: 'definitions.md §1.1 (snow layer zoomed, blurred and cropped as imagecorruptions does)',
      rows: [
        { mean: 0.1, std: 0.3, zoom: 3, threshold: 0.5, blurRadius: 10, blurSigma: 4, mix: 0.8 },
        { mean: 0.2, std: 0.3, zoom: 2, threshold: 0.5, blurRadius: 12, blurSigma: 4, mix: 0.7 },
        { mean: 0.55, std: 0.3, zoom: 4, threshold: 0.9, blurRadius: 12, blurSigma: 8, mix: 0.7 },
        { mean: 0.55, std: 0.3, zoom: 4.5, threshold: 0.85, blurRadius: 12, blurSigma: 8, mix: 0.65 },
        { mean: 0.55, std: 0.3, zoom: 2.5, threshold: 0.85, blurRadius: 12, blurSigma: 12, mix: 0.55 },
      ],
    },
    'cifar-10-c': {
      source: 'not in definitions.md §1.3: taken from the CIFAR-10-C generator (Hendrycks, make_cifar_c.py)',
      rows: [
        { mean: 0.1, std: 0.2, zoom: 1, threshold: 0.6, blurRadius: 8, blurSigma: 3, mix: 0.95 },
        { mean: 0.1, std: 0.2, zoom: 1, threshold: 0.5, blurRadius: 10, blurSigma: 4, mix: 0.9 },
        { mean: 0.15, std: 0.3, zoom: 1.75, threshold: 0.55, blurRadius: 10, blurSigma: 4, mix: 0.9 },
        { mean: 0.25, std: 0.3, zoom: 2.25, threshold: 0.6, blurRadius: 12, blurSigma: 6, mix: 0.85 },
        { mean: 0.3, std: 0.3, zoom: 1.25, threshold: 0.65, blurRadius: 14, blurSigma: 12, mix: 0.8 },
      ],
    },
  },
  pixelFields,
  apply: snow,
};
