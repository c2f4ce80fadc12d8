// The generators' clipped_zoom (definitions.md §1.1 zoom_blur and snow): per axis, the centre crop of
// ⌈n / f⌉ samples starting at ⌊(n − crop)/2⌋, enlarged by scipy.ndimage.zoom(order=1) to round(crop·f) samples
// (Python's round, ties to even), output sample k reading crop position k·(crop − 1)/(out − 1), linearly
// interpolated. The result can be a sample or two longer than n; callers crop its top-left n×n as imagecorruptions
// does (the ImageNet-C generator's centred trim is the same at 224 px, where the excess is at most one sample).
import type * as tf from '@tensorflow/tfjs';
import { resampleAxes, type AxisWeights } from './axisResample';

/** Python 3's round(): nearest integer, ties to the even one. */
function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction !== 0.5) return Math.round(value);
  return floor % 2 === 0 ? floor : floor + 1;
}

/** The interpolation weights of one axis of n samples zoomed by `factor` about its centre. */
export function clippedZoomWeights(n: number, factor: number): AxisWeights {
  const crop = Math.ceil(n / factor);
  const top = Math.floor((n - crop) / 2);
  const outSize = roundHalfEven(crop * factor);
  const stride = outSize > 1 ? (crop - 1) / (outSize - 1) : 1;
  const weights = new Float32Array(outSize * n);
  for (let k = 0; k < outSize; k++) {
    const position = k * stride;
    const left = Math.min(Math.floor(position), crop - 1);
    const t = position - left;
    weights[k * n + top + left] += 1 - t;
    if (t > 0 && left + 1 < crop) weights[k * n + top + left + 1] += t;
  }
  return { inSize: n, outSize, weights };
}

/** The first `keep` output samples of `axis` (its top-left crop), without computing the rest. */
export function croppedAxis(axis: AxisWeights, keep: number): AxisWeights {
  const outSize = Math.min(axis.outSize, keep);
  return { inSize: axis.inSize, outSize, weights: axis.weights.subarray(0, outSize * axis.inSize) };
}

const keptAxes = new Map<string, AxisWeights>();

/**
 * clippedZoomWeights(n, factor), or with `cropped` its first n output samples (croppedAxis), made once per (n, factor,
 * cropped) and kept: the host kernels keep an axis's taps with its weights array, so the same array each time spares
 * remaking both (a few factors per severity table).
 */
export function keptZoomAxis(n: number, factor: number, cropped: boolean): AxisWeights {
  const key = `${n}/${factor}/${cropped}`;
  let axis = keptAxes.get(key);
  if (!axis) {
    const whole = clippedZoomWeights(n, factor);
    axis = cropped ? croppedAxis(whole, n) : whole;
    keptAxes.set(key, axis);
  }
  return axis;
}

/** [b, H, W, c] images zoomed by `factor` (≥ 1) about their centre, cropped to their top-left H×W, as imagecorruptions does. */
export function clippedZoomCropped(images: tf.Tensor4D, factor: number): tf.Tensor4D {
  const [, height, width] = images.shape;
  return resampleAxes(images, croppedAxis(clippedZoomWeights(height, factor), height), croppedAxis(clippedZoomWeights(width, factor), width));
}

/** [b, H, W, c] images zoomed by `factor` (≥ 1) about their centre, at the zoom's own (possibly larger) size. */
export function clippedZoom(images: tf.Tensor4D, factor: number): tf.Tensor4D {
  const [, height, width] = images.shape;
  return resampleAxes(images, clippedZoomWeights(height, factor), clippedZoomWeights(width, factor));
}
