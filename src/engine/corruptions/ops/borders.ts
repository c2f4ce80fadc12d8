// Border extension by index gathering: works for any pad width (tf.mirrorPad needs pad < size) and gives the
// replicate-edge mode tf.pad lacks.
import * as tf from '@tensorflow/tfjs';

/**
 * edge: a a | a b c | c c (scipy 'nearest', ImageMagick);
 * reflect101: c b | a b c | b a (OpenCV's default BORDER_REFLECT_101);
 * symmetric: b a | a b c | c b (scipy/skimage 'reflect').
 */
export type BorderMode = 'edge' | 'reflect101' | 'symmetric';

/** The in-range index that position `i` of a line of `n` samples reads under `mode`. */
export function borderIndex(i: number, n: number, mode: BorderMode): number {
  if (mode === 'edge' || n === 1) return Math.min(n - 1, Math.max(0, i));
  const period = mode === 'reflect101' ? 2 * n - 2 : 2 * n;
  const m = ((i % period) + period) % period;
  if (m < n) return m;
  return mode === 'reflect101' ? period - m : period - 1 - m;
}

function paddedIndices(n: number, before: number, after: number, mode: BorderMode): number[] {
  return Array.from({ length: n + before + after }, (_, k) => borderIndex(k - before, n, mode));
}

/** Pads the two spatial axes of [b, H, W, c] images by `padY` rows and `padX` columns on each side. */
export function padImages(images: tf.Tensor4D, padY: number, padX: number, mode: BorderMode): tf.Tensor4D {
  if (padY === 0 && padX === 0) return images.clone();
  return tf.tidy(() => {
    const [, height, width] = images.shape;
    const rows = tf.gather(images, paddedIndices(height, padY, padY, mode), 1);
    return tf.gather(rows, paddedIndices(width, padX, padX, mode), 2) as tf.Tensor4D;
  });
}
