import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random';
import { motionShifts, sumOfShiftedCopies } from '../ops/motionShifts';
import { severityRow } from '../parameterSets';
import type { CorruptionParameters, CorruptionSpec, NumericKey, Severity } from '../types';
import { clipToUnit } from '../ops/clip';

export type MotionBlurRow = { radius: number; sigma: number };

const pixelFields = (): NumericKey<MotionBlurRow>[] => ['radius', 'sigma'];

// definitions.md §1.1 motion_blur (imagecorruptions re-implementation): per image, an angle U(-45°, 45°) and
// the Gaussian-weighted sum of copies shifted along it, edges replicated; the scaled radius is rounded to whole pixels.
export function motionBlur(images: tf.Tensor4D, severity: Severity, rng: SeededRandom, params: CorruptionParameters<MotionBlurRow>): tf.Tensor4D {
  const { radius, sigma } = severityRow(params, severity, pixelFields);
  const [batch, height, width] = images.shape;
  const taps = Math.max(1, Math.round(radius));
  return tf.tidy(() => {
    const blurred = Array.from({ length: batch }, (_, i) => {
      const shifts = motionShifts(taps, sigma, rng.uniformIn(-45, 45), height, width);
      return sumOfShiftedCopies(tf.slice(images, [i, 0, 0, 0], [1, -1, -1, -1]), shifts);
    });
    return clipToUnit(tf.concat(blurred, 0));
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
