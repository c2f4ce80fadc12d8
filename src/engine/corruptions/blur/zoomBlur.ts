import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random';
import { centreZoom } from '../ops/centreZoom';
import { severityRow } from '../parameterSets';
import type { CorruptionParameters, CorruptionSpec, Severity } from '../types';
import { clipToUnit } from '../ops/clip';

/** Zoom factors 1, 1 + step, … below `end` (numpy.arange(1, end, step)). */
export type ZoomBlurRow = { end: number; step: number };

const pixelFields = (): [] => [];

/** The factors of a row; the count is ⌈(end − 1)/step⌉ computed with a tolerance for float steps. */
export function zoomFactors({ end, step }: ZoomBlurRow): number[] {
  const count = Math.ceil((end - 1) / step - 1e-9);
  return Array.from({ length: count }, (_, k) => 1 + k * step);
}

// definitions.md §1.1 zoom_blur: (x + Σ_f centre-zoom(x, f)) / (count + 1) over the factors (1 included), bilinear.
export function zoomBlur(images: tf.Tensor4D, severity: Severity, _rng: SeededRandom, params: CorruptionParameters<ZoomBlurRow>): tf.Tensor4D {
  const factors = zoomFactors(severityRow(params, severity, pixelFields));
  return tf.tidy(() => {
    let sum: tf.Tensor4D = images;
    for (const factor of factors) sum = tf.add(sum, centreZoom(images, factor));
    return clipToUnit(tf.div(sum, factors.length + 1));
  });
}

export const zoomBlurSpec: CorruptionSpec<ZoomBlurRow> = {
  name: 'zoom_blur', family: 'blur', kind: 'benchmark', displayName: 'Zoom blur', variant: null,
  tables: {
    'imagenet-c': {
      source: 'definitions.md §1.1 (end exclusive)',
      rows: [{ end: 1.11, step: 0.01 }, { end: 1.16, step: 0.01 }, { end: 1.21, step: 0.02 }, { end: 1.26, step: 0.02 }, { end: 1.31, step: 0.03 }],
    },
    'cifar-10-c': {
      source: 'definitions.md §1.3 (arange end, exclusive, as in ImageNet-C)',
      rows: [{ end: 1.06, step: 0.01 }, { end: 1.11, step: 0.01 }, { end: 1.16, step: 0.01 }, { end: 1.21, step: 0.01 }, { end: 1.26, step: 0.01 }],
    },
  },
  pixelFields,
  apply: zoomBlur,
};
