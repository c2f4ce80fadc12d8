// Test images and measures shared by the corruption tests: a natural-looking gradient-with-shapes image,
// constant images, PSNR and tensor readback.
import * as tf from '@tensorflow/tfjs';
import { describeCorruption, type CorruptionName, type CorruptOptions, type Severity } from '../../../src/engine/corruptions';
import { REGISTERED_CORRUPTIONS } from '../../../src/engine/corruptions/registry';
import type { SeededRandom } from '../../../src/engine/random';

/** A smooth colour gradient with a bright disc, a dark square and a fine stripe texture, values in [.05, .95]. */
export function naturalImage(side: number, variant = 0): tf.Tensor4D {
  const pixels = new Float32Array(side * side * 3);
  const cx = side * (0.4 + 0.1 * variant);
  const cy = side * 0.45;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const u = x / (side - 1);
      const v = y / (side - 1);
      let rgb = [0.2 + 0.5 * u, 0.3 + 0.4 * v, 0.6 - 0.3 * u * v];
      rgb = rgb.map((c) => c + 0.06 * Math.sin(((x + 2 * y) * 0.35 * 32) / side));
      if ((x - cx) ** 2 + (y - cy) ** 2 < (side * 0.22) ** 2) rgb = [0.9, 0.8, 0.3];
      if (x > side * 0.62 && x < side * 0.88 && y > side * 0.6 && y < side * 0.86) rgb = [0.1, 0.15, 0.35];
      const at = (y * side + x) * 3;
      for (let c = 0; c < 3; c++) pixels[at + c] = Math.min(0.95, Math.max(0.05, rgb[c]));
    }
  }
  return tf.tensor4d(pixels, [1, side, side, 3]);
}

/** Two different natural images in one batch. */
export function naturalBatch(side: number): tf.Tensor4D {
  return tf.tidy(() => tf.concat([naturalImage(side, 0), naturalImage(side, 1)], 0));
}

export function constantImage(height: number, width: number, value: number, batch = 1): tf.Tensor4D {
  return tf.fill([batch, height, width, 3], value) as tf.Tensor4D;
}

/** Peak signal-to-noise ratio in dB of b against a (peak 1). */
export function psnr(a: tf.Tensor4D, b: tf.Tensor4D): number {
  const mse = tf.tidy(() => tf.mean(tf.squaredDifference(a, b)).dataSync()[0]);
  return mse === 0 ? Infinity : 10 * Math.log10(1 / mse);
}

export function values(t: tf.Tensor): Float32Array {
  return t.dataSync() as Float32Array;
}

export function mean(t: tf.Tensor): number {
  return tf.tidy(() => tf.mean(t).dataSync()[0]);
}

export function std(t: tf.Tensor): number {
  return tf.tidy(() => Math.sqrt(tf.moments(t).variance.dataSync()[0]));
}

/** Pearson correlation of all values of a and b. */
export function correlation(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => {
    const da = tf.sub(a, tf.mean(a));
    const db = tf.sub(b, tf.mean(b));
    return tf.div(tf.sum(tf.mul(da, db)), tf.sqrt(tf.mul(tf.sum(tf.square(da)), tf.sum(tf.square(db))))).dataSync()[0];
  });
}

/** A corruption's own arithmetic before corrupt() truncates it to 8-bit levels: for hand-worked checks of the formulas. */
export async function corruptUnquantised(images: tf.Tensor4D, name: CorruptionName, severity: Severity, rng: SeededRandom, options: CorruptOptions = {}): Promise<tf.Tensor4D> {
  const [, height, width] = images.shape;
  const applied = describeCorruption(name, severity, height, width, options);
  const corruption = REGISTERED_CORRUPTIONS.find((c) => c.name === name);
  if (!corruption) throw new Error(`No corruption ${name}`);
  return corruption.run(images, applied.parameterSet, applied.severity, rng, applied.pixelScale);
}
