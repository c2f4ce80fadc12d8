// What fills an occluding window (definitions.md §3: "0, the dataset mean, or blur of the region").
import * as tf from '@tensorflow/tfjs';
import { gaussianFilter } from '../corruptions/ops/convolution';
import { UserFacingError } from '../errors';

export type OcclusionBaseline =
  | { kind: 'zero' }
  /** The dataset's mean RGB colour in [0, 1]. */
  | { kind: 'mean'; colour: readonly [number, number, number] }
  /** The image itself Gaussian-blurred (σ in pixels; default half the window), so the window shows a blur of its own region. */
  | { kind: 'blur'; sigma?: number };

/** Gaussian support of the blur baseline: ±4σ, border replicated (skimage's default). */
const BLUR_TRUNCATE = 4;

/** The blur σ actually used for a window size. */
export function blurSigmaFor(baseline: Extract<OcclusionBaseline, { kind: 'blur' }>, window: number): number {
  const sigma = baseline.sigma ?? window / 2;
  if (!Number.isFinite(sigma) || sigma <= 0) throw new UserFacingError(`The blur baseline's σ must be a positive number of pixels, got ${sigma}.`, 'bad-input');
  return sigma;
}

/** A one-line statement of the baseline for reports. */
export function describeBaseline(baseline: OcclusionBaseline, window: number): string {
  if (baseline.kind === 'zero') return 'zero (black, pixel value 0 before the model\'s normalisation)';
  if (baseline.kind === 'mean') return `dataset mean colour (${baseline.colour.map((c) => c.toFixed(3)).join(', ')})`;
  return `Gaussian blur of the region, σ = ${blurSigmaFor(baseline, window)} px`;
}

/** The image [1, H, W, 3] whose pixels fill a window at the same place; the caller disposes it. */
export function baselineImage(image: tf.Tensor4D, baseline: OcclusionBaseline, window: number): tf.Tensor4D {
  if (baseline.kind === 'zero') return tf.zerosLike(image);
  if (baseline.kind === 'mean') {
    if (baseline.colour.length !== 3 || baseline.colour.some((c) => !Number.isFinite(c) || c < 0 || c > 1)) {
      throw new UserFacingError(`The mean colour must be three RGB values in [0, 1], got (${baseline.colour.join(', ')}).`, 'bad-input');
    }
    return tf.tidy(() => tf.mul(tf.onesLike(image), tf.tensor1d(Array.from(baseline.colour))) as tf.Tensor4D);
  }
  const sigma = blurSigmaFor(baseline, window);
  return gaussianFilter(image, sigma, sigma, BLUR_TRUNCATE, 'edge');
}
