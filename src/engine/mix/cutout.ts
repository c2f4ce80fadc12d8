// Cutout (DeVries & Taylor 2017), definitions.md §6: zero a square of side L centred uniformly at random, clipped by the border; label unchanged.
import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '../errors';
import type { SeededRandom } from '../random';

/** The zeroed square of one image in pixel coordinates, ends exclusive, after clipping to the image. */
export interface CutoutSquare {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface CutoutBatch {
  /** [N, H, W, 3]: each image with its square set to 0 (pixel value 0 of the [0, 1] image, before the model's normalisation). */
  images: tf.Tensor4D;
  squares: CutoutSquare[];
}

function clip(value: number, lo: number, hi: number): number {
  return Math.min(Math.max(value, lo), hi);
}

/**
 * The square [cx − ⌊L/2⌋, cx − ⌊L/2⌋ + L) × [cy − ⌊L/2⌋, cy − ⌊L/2⌋ + L) clipped to a W×H image: exactly side L before clipping
 * (for even L this is the reference implementation's [c − L/2, c + L/2)).
 */
export function cutoutSquare(centreX: number, centreY: number, side: number, height: number, width: number): CutoutSquare {
  const left = centreX - Math.floor(side / 2);
  const top = centreY - Math.floor(side / 2);
  return { x0: clip(left, 0, width), y0: clip(top, 0, height), x1: clip(left + side, 0, width), y1: clip(top + side, 0, height) };
}

/** Cutout of each image with its own square, the centre a uniform pixel (x drawn before y, one image after another). */
export function cutout(rng: SeededRandom, images: tf.Tensor4D, side: number): CutoutBatch {
  const [count, height, width] = images.shape;
  if (!Number.isInteger(side) || side < 1) throw new UserFacingError(`The Cutout side L must be a whole number of pixels ≥ 1; got ${side}.`, 'bad-input');
  const squares = Array.from({ length: count }, () => {
    const centreX = rng.int(width);
    const centreY = rng.int(height);
    return cutoutSquare(centreX, centreY, side, height, width);
  });
  const keep = new Float32Array(count * height * width).fill(1);
  squares.forEach((s, n) => {
    for (let y = s.y0; y < s.y1; y++) keep.fill(0, (n * height + y) * width + s.x0, (n * height + y) * width + s.x1);
  });
  const zeroed = tf.tidy(() => tf.mul(images, tf.tensor4d(keep, [count, height, width, 1])) as tf.Tensor4D);
  return { images: zeroed, squares };
}
