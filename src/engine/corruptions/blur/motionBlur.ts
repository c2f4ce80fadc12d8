import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random';
import { motionShifts, sumOfShiftedCopies, type WeightedShift } from '../ops/motionShifts';
import { runOnHost, shiftedCopiesSum, type ImageShape } from '../ops/hostKernels';
import { onHostBackend } from '../../hostBackend';
import { severityRow } from '../parameterSets';
import type { CorruptionParameters, CorruptionSpec, NumericKey, Severity } from '../types';
import { clipToUnit } from '../ops/clip';

export type MotionBlurRow = { radius: number; sigma: number };

const pixelFields = (): NumericKey<MotionBlurRow>[] => ['radius', 'sigma'];

/** Each image of host pixels [b, H, W, c] as the sum of its own shifted copies into `out` (shiftedCopiesSum image by image). */
function shiftedCopiesPerImage(pixels: Float32Array, [batch, height, width, channels]: ImageShape, shiftsPerImage: readonly WeightedShift[][], out: Float32Array): void {
  const imageSize = height * width * channels;
  for (let i = 0; i < batch; i++) {
    const start = i * imageSize;
    shiftedCopiesSum(pixels.subarray(start, start + imageSize), [1, height, width, channels], shiftsPerImage[i], out.subarray(start, start + imageSize));
  }
}

// definitions.md §1.1 motion_blur (imagecorruptions re-implementation): per image, an angle U(-45°, 45°) and
// the Gaussian-weighted sum of copies shifted along it, edges replicated; the scaled radius is rounded to whole pixels.
export function motionBlur(images: tf.Tensor4D, severity: Severity, rng: SeededRandom, params: CorruptionParameters<MotionBlurRow>): tf.Tensor4D {
  const { radius, sigma } = severityRow(params, severity, pixelFields);
  const [batch, height, width] = images.shape;
  const taps = Math.max(1, Math.round(radius));
  const shiftsPerImage = Array.from({ length: batch }, () => motionShifts(taps, sigma, rng.uniformIn(-45, 45), height, width));
  return tf.tidy(() => {
    // On host backends one read of the batch, not a slice per image and a concat.
    const blurred = onHostBackend()
      ? runOnHost(images, images.shape, (pixels, out) => shiftedCopiesPerImage(pixels, images.shape, shiftsPerImage, out))
      : tf.concat(shiftsPerImage.map((shifts, i) => sumOfShiftedCopies(tf.slice(images, [i, 0, 0, 0], [1, -1, -1, -1]), shifts)), 0);
    // The clip stays a tensor op on every backend: XNNPACK's clamp costs less than a separate pass in JavaScript.
    return clipToUnit(blurred);
  });
}

export const motionBlurSpec: CorruptionSpec<MotionBlurRow> = {
  name: 'motion_blur', family: 'blur', kind: 'benchmark', displayName: 'Motion blur',
  variant: 'imagecorruptions re-implementation of ImageMagick motion blur',
  tables: {
    'imagenet-c': {
      source: 'definitions.md §1.1',
      rows: [{ radius: 10, sigma: 3 }, { radius: 15, sigma: 5 }, { radius: 15, sigma: 8 }, { radius: 15, sigma: 12 }, { radius: 20, sigma: 15 }],
    },
    'cifar-10-c': {
      source: 'definitions.md §1.3',
      rows: [{ radius: 6, sigma: 1 }, { radius: 6, sigma: 1.5 }, { radius: 6, sigma: 2 }, { radius: 8, sigma: 2 }, { radius: 9, sigma: 2.5 }],
    },
  },
  pixelFields,
  apply: motionBlur,
};
