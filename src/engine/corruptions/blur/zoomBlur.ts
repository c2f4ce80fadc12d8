import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random';
import { clippedZoomCropped, keptZoomAxis } from '../ops/clippedZoom';
import { addResampledOnHost, runOnHost } from '../ops/hostKernels';
import { onHostBackend } from '../../hostBackend';
import { severityRow } from '../parameterSets';
import type { CorruptionParameters, CorruptionSpec, Severity } from '../types';
import { clipToUnit, clipUnitValue } from '../ops/clip';

/** Zoom factors numpy.arange(1, end, step): 1, 1 + step, … up to ⌈(end − 1)/step⌉ of them. */
export type ZoomBlurRow = { end: number; step: number };

const pixelFields = (): [] => [];

/**
 * numpy.arange(start, stop, step) in float64, value for value: ⌈(stop − start)/step⌉ values (so a float end point
 * can round in), the second start + step and the k-th start + k·((start + step) − start), as numpy fills them.
 */
export function numpyArange(start: number, stop: number, step: number): number[] {
  const count = Math.max(0, Math.ceil((stop - start) / step));
  const delta = start + step - start;
  return Array.from({ length: count }, (_, k) => (k === 0 ? start : k === 1 ? start + step : start + k * delta));
}

/** The zoom factors of a row: exactly numpy.arange(1, end, step). */
export function zoomFactors({ end, step }: ZoomBlurRow): number[] {
  return numpyArange(1, end, step);
}

/** sum / count clipped to [0, 1], in place. */
function clipMeanInPlace(sum: Float32Array, count: number): void {
  for (let i = 0; i < sum.length; i++) sum[i] = clipUnitValue(sum[i] / count);
}

// definitions.md §1.1 zoom_blur: (x + Σ_f clipped-zoom(x, f)) / (count + 1) over the factors (1 included), bilinear.
export function zoomBlur(images: tf.Tensor4D, severity: Severity, _rng: SeededRandom, params: CorruptionParameters<ZoomBlurRow>): tf.Tensor4D {
  const factors = zoomFactors(severityRow(params, severity, pixelFields));
  if (onHostBackend()) {
    const [, height, width] = images.shape;
    // The same float32 sum, in the same order, as the tensor path below, without an upload per factor.
    return runOnHost(images, images.shape, (pixels, out) => {
      addResampledOnHost(pixels, images.shape, factors.map((factor) => ({ rows: keptZoomAxis(height, factor, true), columns: keptZoomAxis(width, factor, true) })), out);
      clipMeanInPlace(out, factors.length + 1);
    });
  }
  return tf.tidy(() => {
    let sum: tf.Tensor4D = images;
    for (const factor of factors) sum = tf.add(sum, clippedZoomCropped(images, factor));
    return clipToUnit(tf.div(sum, factors.length + 1));
  });
}

export const zoomBlurSpec: CorruptionSpec<ZoomBlurRow> = {
  name: 'zoom_blur', family: 'blur', kind: 'benchmark', displayName: 'Zoom blur', variant: null,
  tables: {
    'imagenet-c': {
      source: 'definitions.md §1.1 (factors exactly numpy.arange(1, end, step): 1..1.11 step .01 gives 12)',
      rows: [{ end: 1.11, step: 0.01 }, { end: 1.16, step: 0.01 }, { end: 1.21, step: 0.02 }, { end: 1.26, step: 0.02 }, { end: 1.31, step: 0.03 }],
    },
    'cifar-10-c': {
      source: 'definitions.md §1.3 (factors exactly numpy.arange(1, end, .01), as in ImageNet-C: 1..1.06 gives 7)',
      rows: [{ end: 1.06, step: 0.01 }, { end: 1.11, step: 0.01 }, { end: 1.16, step: 0.01 }, { end: 1.21, step: 0.01 }, { end: 1.26, step: 0.01 }],
    },
  },
  pixelFields,
  apply: zoomBlur,
};
