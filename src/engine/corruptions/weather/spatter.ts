import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random';
import { gaussianFilter, gaussianFilterOnHost, gaussianKernel1d } from '../ops/convolution';
import { normalTensor, normalValues } from '../ops/seededDraws';
import { runOnHost, type ImageShape } from '../ops/hostKernels';
import { onHostBackend } from '../../hostBackend';
import { severityRow } from '../parameterSets';
import type { CorruptionParameters, CorruptionSpec, NumericKey, Severity } from '../types';
import { SKIMAGE_TRUNCATE } from '../blur/gaussianBlur';
import { waterDropShading } from './waterDropShading';
import { clipToUnit, clipUnitValue } from '../ops/clip';

/** For mud rows `intensity` is the σ (pixels) of the blur that rounds the mud mask, as in the ImageNet-C generator. */
export type SpatterRow = { mean: number; std: number; blurSigma: number; threshold: number; intensity: number; liquid: 'water' | 'mud' };

const pixelFields = (row: SpatterRow): NumericKey<SpatterRow>[] => (row.liquid === 'mud' ? ['blurSigma', 'intensity'] : ['blurSigma']);

const WATER = [175 / 255, 238 / 255, 238 / 255];
const MUD = [63 / 255, 42 / 255, 20 / 255];

/** The drop shading of every image of a [b, H, W] liquid layer. */
function shadingOf(liquid: Float32Array, batch: number, height: number, width: number): Float32Array {
  const shading = new Float32Array(liquid.length);
  for (let i = 0; i < batch; i++) {
    const offset = i * height * width;
    shading.set(waterDropShading(liquid.subarray(offset, offset + height * width), height, width), offset);
  }
  return shading;
}

/** Water: x + m·pale turquoise, m = liquid × embossed drop shading, scaled to max `intensity`. */
async function addWater(images: tf.Tensor4D, liquid: tf.Tensor4D, intensity: number): Promise<tf.Tensor4D> {
  const [batch, height, width] = images.shape;
  const shading = shadingOf((await liquid.data()) as Float32Array, batch, height, width);
  return tf.tidy(() => {
    const m = tf.mul(tf.floor(tf.mul(liquid, 255)), tf.tensor4d(shading, liquid.shape));
    const peak = tf.maximum(tf.max(m, [1, 2, 3], true), 1e-12);
    return clipToUnit(tf.add(images, tf.mul(tf.mul(tf.div(m, peak), intensity), tf.tensor1d(WATER))));
  });
}

/** Mud: the drop mask blurred by σ, zeroed below .8, blends the image towards brown. */
function addMud(images: tf.Tensor4D, liquid: tf.Tensor4D, threshold: number, sigma: number): tf.Tensor4D {
  return tf.tidy(() => {
    const mask = tf.cast(tf.greater(liquid, threshold), 'float32') as tf.Tensor4D;
    const soft = gaussianFilter(mask, sigma, sigma, SKIMAGE_TRUNCATE, 'edge');
    const m = tf.where(tf.less(soft, 0.8), tf.zerosLike(soft), soft);
    return clipToUnit(tf.add(tf.mul(images, tf.sub(1, m)), tf.mul(m, tf.tensor1d(MUD))));
  });
}

/** addWater on host pixels [b, H, W, c] and liquid [b, H, W], one pass per image, each step rounded to float32 as its op was. */
function addWaterOnHost(pixels: Float32Array, [batch, height, width, channels]: ImageShape, liquid: Float32Array, intensity: number, out: Float32Array = new Float32Array(pixels.length)): Float32Array {
  const shading = shadingOf(liquid, batch, height, width);
  const m = new Float32Array(liquid.length);
  const scale = Math.fround(intensity);
  const water = Float32Array.from(WATER);
  const floor = Math.fround(1e-12);
  const area = height * width;
  for (let b = 0; b < batch; b++) {
    let peak = -Infinity;
    for (let p = b * area; p < (b + 1) * area; p++) {
      m[p] = Math.floor(Math.fround(liquid[p] * 255)) * shading[p];
      if (m[p] > peak) peak = m[p];
    }
    if (peak < floor) peak = floor;
    for (let p = b * area, i = p * channels; p < (b + 1) * area; p++) {
      const tint = Math.fround(Math.fround(m[p] / peak) * scale);
      for (let c = 0; c < channels; c++, i++) out[i] = clipUnitValue(pixels[i] + Math.fround(tint * water[c]));
    }
  }
  return out;
}

/** addMud on host pixels [b, H, W, c] and liquid [b, H, W]: the mask's blur, then one pass rounded to float32 as the ops were. */
function addMudOnHost(pixels: Float32Array, [batch, height, width, channels]: ImageShape, liquid: Float32Array, threshold: number, sigma: number, out: Float32Array = new Float32Array(pixels.length)): Float32Array {
  const above = Math.fround(threshold);
  const mask = new Float32Array(liquid.length);
  for (let p = 0; p < liquid.length; p++) mask[p] = liquid[p] > above ? 1 : 0;
  const soft = gaussianFilterOnHost(mask, [batch, height, width, 1], sigma, sigma, SKIMAGE_TRUNCATE, 'edge');
  const cut = Math.fround(0.8);
  const mud = Float32Array.from(MUD);
  for (let p = 0, i = 0; p < soft.length; p++) {
    const m = soft[p] < cut ? 0 : soft[p];
    const keep = Math.fround(1 - m);
    for (let c = 0; c < channels; c++, i++) out[i] = clipUnitValue(Math.fround(pixels[i] * keep) + Math.fround(m * mud[c]));
  }
  return out;
}

/** The liquid layer [b, H, W] on host: N(μ, σ) noise blurred, zero below the threshold. */
function liquidOnHost(rng: SeededRandom, [batch, height, width]: ImageShape, row: SpatterRow, noiseStd: number): Float32Array {
  const noise = normalValues(rng, batch * height * width, row.mean, noiseStd);
  const liquid = gaussianFilterOnHost(noise, [batch, height, width, 1], row.blurSigma, row.blurSigma, SKIMAGE_TRUNCATE, 'edge');
  const threshold = Math.fround(row.threshold);
  for (let p = 0; p < liquid.length; p++) if (liquid[p] < threshold) liquid[p] = 0;
  return liquid;
}

/** The std of white noise after a 2-D Gaussian blur of σ, relative to before: Σ w² of the 1-D kernel. */
function blurredNoiseGain(sigma: number): number {
  return gaussianKernel1d(sigma, SKIMAGE_TRUNCATE).reduce((sum, w) => sum + w * w, 0);
}

/**
 * The noise std that gives the blurred liquid layer the spread it has at the table's reference size: the blur σ
 * is scaled with the image, which changes how much it averages the per-pixel noise away.
 */
function scaledNoiseStd(row: SpatterRow, referenceBlurSigma: number): number {
  return (row.std * blurredNoiseGain(referenceBlurSigma)) / blurredNoiseGain(row.blurSigma);
}

// definitions.md §1.2 spatter: liquid layer = Gaussian blur σ of N(μ, σ) noise, zero below threshold; water drops
// tint pale turquoise (175,238,238), mud darkens to brown (63,42,20).
export async function spatter(images: tf.Tensor4D, severity: Severity, rng: SeededRandom, params: CorruptionParameters<SpatterRow>): Promise<tf.Tensor4D> {
  const row = severityRow(params, severity, pixelFields);
  const noiseStd = scaledNoiseStd(row, params.rows[severity - 1].blurSigma);
  const [batch, height, width] = images.shape;
  if (onHostBackend()) {
    const liquid = liquidOnHost(rng, images.shape, row, noiseStd);
    return runOnHost(images, images.shape, (pixels, out) =>
      row.liquid === 'water' ? addWaterOnHost(pixels, images.shape, liquid, row.intensity, out) : addMudOnHost(pixels, images.shape, liquid, row.threshold, row.intensity, out));
  }
  const liquid = tf.tidy(() => {
    const blurred = gaussianFilter(normalTensor<tf.Rank.R4>(rng, [batch, height, width, 1], row.mean, noiseStd), row.blurSigma, row.blurSigma, SKIMAGE_TRUNCATE, 'edge');
    return tf.where(tf.less(blurred, row.threshold), tf.zerosLike(blurred), blurred) as tf.Tensor4D;
  });
  try {
    return row.liquid === 'water' ? await addWater(images, liquid, row.intensity) : addMud(images, liquid, row.threshold, row.intensity);
  } finally {
    liquid.dispose();
  }
}

export const spatterSpec: CorruptionSpec<SpatterRow> = {
  name: 'spatter', family: 'weather', kind: 'extra', displayName: 'Spatter',
  variant: 'water-drop edges from the drop mask and a chamfer distance in place of Canny + OpenCV distance transform; at other sizes the noise std is rescaled so the blurred layer keeps its reference spread',
  tables: {
    'imagenet-c': {
      source: 'definitions.md §1.2',
      rows: [
        { mean: 0.65, std: 0.3, blurSigma: 4, threshold: 0.69, intensity: 0.6, liquid: 'water' },
        { mean: 0.65, std: 0.3, blurSigma: 3, threshold: 0.68, intensity: 0.6, liquid: 'water' },
        { mean: 0.65, std: 0.3, blurSigma: 2, threshold: 0.68, intensity: 0.5, liquid: 'water' },
        { mean: 0.65, std: 0.3, blurSigma: 1, threshold: 0.65, intensity: 1.5, liquid: 'mud' },
        { mean: 0.67, std: 0.4, blurSigma: 1, threshold: 0.65, intensity: 1.5, liquid: 'mud' },
      ],
    },
    'cifar-10-c': {
      source: 'not in definitions.md §1.3: taken from the CIFAR-10-C generator (Hendrycks, make_cifar_c.py)',
      rows: [
        { mean: 0.62, std: 0.1, blurSigma: 0.7, threshold: 0.7, intensity: 0.5, liquid: 'water' },
        { mean: 0.65, std: 0.1, blurSigma: 0.8, threshold: 0.7, intensity: 0.5, liquid: 'water' },
        { mean: 0.65, std: 0.3, blurSigma: 1, threshold: 0.69, intensity: 0.5, liquid: 'water' },
        { mean: 0.65, std: 0.1, blurSigma: 0.7, threshold: 0.69, intensity: 0.6, liquid: 'mud' },
        { mean: 0.65, std: 0.1, blurSigma: 0.5, threshold: 0.68, intensity: 0.6, liquid: 'mud' },
      ],
    },
  },
  pixelFields,
  apply: spatter,
};
