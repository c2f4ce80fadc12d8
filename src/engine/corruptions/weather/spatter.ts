import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random';
import { gaussianFilter, gaussianKernel1d } from '../ops/convolution';
import { normalTensor } from '../ops/seededDraws';
import { severityRow } from '../parameterSets';
import type { CorruptionParameters, CorruptionSpec, NumericKey, Severity } from '../types';
import { SKIMAGE_TRUNCATE } from '../blur/gaussianBlur';
import { waterDropShading } from './waterDropShading';
import { clipToUnit } from '../ops/clip';

/** For mud rows `intensity` is the σ (pixels) of the blur that rounds the mud mask, as in the ImageNet-C generator. */
export type SpatterRow = { mean: number; std: number; blurSigma: number; threshold: number; intensity: number; liquid: 'water' | 'mud' };

const pixelFields = (row: SpatterRow): NumericKey<SpatterRow>[] => (row.liquid === 'mud' ? ['blurSigma', 'intensity'] : ['blurSigma']);

const WATER = [175 / 255, 238 / 255, 238 / 255];
const MUD = [63 / 255, 42 / 255, 20 / 255];

/** Water: x + m·pale turquoise, m = liquid × embossed drop shading, scaled to max `intensity`. */
async function addWater(images: tf.Tensor4D, liquid: tf.Tensor4D, intensity: number): Promise<tf.Tensor4D> {
  const [batch, height, width] = images.shape;
  const values = (await liquid.data()) as Float32Array;
  const shading = new Float32Array(values.length);
  for (let i = 0; i < batch; i++) {
    const offset = i * height * width;
    shading.set(waterDropShading(values.subarray(offset, offset + height * width), height, width), offset);
  }
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
