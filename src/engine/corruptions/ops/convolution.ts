// Per-channel convolutions (depthwise conv with a padded border) and the Gaussian kernels the blurs use.
import * as tf from '@tensorflow/tfjs';
import { padImages, type BorderMode } from './borders';
import { convolveOnHost, runOnHost, symmetricSeparableOnHost, type ImageShape } from './hostKernels';
import { onHostBackend } from '../../hostBackend';

/** A square or rectangular kernel, row-major, with odd sides. */
export interface Kernel2D {
  height: number;
  width: number;
  weights: Float32Array;
}

/** Normalised 1-D Gaussian of scipy's support: radius ⌊truncate·σ + ½⌋ (a single 1 when that is 0). */
export function gaussianKernel1d(sigma: number, truncate: number): Float32Array {
  const radius = Math.floor(truncate * sigma + 0.5);
  const weights = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const w = radius === 0 ? 1 : Math.exp(-(i * i) / (2 * sigma * sigma));
    weights[i + radius] = w;
    sum += w;
  }
  for (let i = 0; i < weights.length; i++) weights[i] /= sum;
  return weights;
}

/**
 * The same kernel in float64 as scipy.ndimage's _gaussian_kernel1d computes it (exp(−0.5/σ²·x²) over the sum), for the
 * host filter, which sums in float64: its weights add up to 1 within float64 rounding, so a flat region keeps its value.
 */
export function gaussianKernel1dFloat64(sigma: number, truncate: number): Float64Array {
  const radius = Math.floor(truncate * sigma + 0.5);
  if (radius === 0) return Float64Array.of(1);
  const weights = Float64Array.from({ length: 2 * radius + 1 }, (_, k) => Math.exp((-0.5 / (sigma * sigma)) * (k - radius) ** 2));
  const sum = weights.reduce((total, w) => total + w, 0);
  return weights.map((w) => w / sum);
}

/**
 * Whether the host loop beats tfjs wasm's depthwise convolution (XNNPACK) for this kernel: the loop costs its
 * non-zero taps at about twice XNNPACK's cost per tap, which pays every tap; measured on the 17² and 21² defocus disks.
 */
function hostConvolutionPays(kernel: Kernel2D): boolean {
  const nonZero = kernel.weights.reduce((count, w) => count + (w === 0 ? 0 : 1), 0);
  return 2 * nonZero <= kernel.weights.length;
}

/** Convolves every channel of [b, H, W, c] images with `kernel`, extending the border by `mode`. */
export function convolveChannels(images: tf.Tensor4D, kernel: Kernel2D, mode: BorderMode): tf.Tensor4D {
  if (onHostBackend() && hostConvolutionPays(kernel)) return runOnHost(images, images.shape, (pixels, out) => convolveOnHost(pixels, images.shape, kernel, mode, out));
  return tf.tidy(() => {
    const channels = images.shape[3];
    const padded = padImages(images, (kernel.height - 1) / 2, (kernel.width - 1) / 2, mode);
    const filter = tf.tile(tf.tensor4d(kernel.weights, [kernel.height, kernel.width, 1, 1]), [1, 1, channels, 1]) as tf.Tensor4D;
    return tf.depthwiseConv2d(padded, filter, 1, 'valid');
  });
}

/** gaussianFilter on host pixels: scipy's float64 taps, applied as symmetricSeparableOnHost sums them (the CPU backends' path). */
export function gaussianFilterOnHost(pixels: Float32Array, shape: ImageShape, sigmaY: number, sigmaX: number, truncate: number, mode: BorderMode, out: Float32Array = new Float32Array(pixels.length)): Float32Array {
  return symmetricSeparableOnHost(pixels, shape, gaussianKernel1dFloat64(sigmaY, truncate), gaussianKernel1dFloat64(sigmaX, truncate), mode, out);
}

/** Separable Gaussian blur with σ per axis (scipy.ndimage.gaussian_filter semantics). */
export function gaussianFilter(images: tf.Tensor4D, sigmaY: number, sigmaX: number, truncate: number, mode: BorderMode): tf.Tensor4D {
  if (onHostBackend()) return runOnHost(images, images.shape, (pixels, out) => gaussianFilterOnHost(pixels, images.shape, sigmaY, sigmaX, truncate, mode, out));
  const vertical = gaussianKernel1d(sigmaY, truncate);
  const horizontal = gaussianKernel1d(sigmaX, truncate);
  return tf.tidy(() => {
    const rowsBlurred = convolveChannels(images, { height: vertical.length, width: 1, weights: vertical }, mode);
    return convolveChannels(rowsBlurred, { height: 1, width: horizontal.length, weights: horizontal }, mode);
  });
}
