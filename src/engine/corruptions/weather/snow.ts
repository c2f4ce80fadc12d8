import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random';
import { clippedZoom } from '../ops/clippedZoom';
import { motionShifts, sumOfShiftedCopies } from '../ops/motionShifts';
import { normalTensor } from '../ops/seededDraws';
import { severityRow } from '../parameterSets';
import type { CorruptionParameters, CorruptionSpec, NumericKey, Severity } from '../types';
import { clipToUnit } from '../ops/clip';

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

// definitions.md §1.1 snow: x ← mix·x + (1−mix)·max(x, 1.5·gray(x) + .5); out = clip(x + snow + snow rotated 180°).
export function snow(images: tf.Tensor4D, severity: Severity, rng: SeededRandom, params: CorruptionParameters<SnowRow>): tf.Tensor4D {
  const row = severityRow(params, severity, pixelFields);
  const [batch, height, width] = images.shape;
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
