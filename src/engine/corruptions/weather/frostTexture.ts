// A procedural frost texture (definitions.md §1 note on frost): ice-crystal streaks on a light, patchy bluish
// base, drawn from the seed, in place of the benchmark's frost photographs. Sizes are fractions of the image
// side, so the texture looks the same at every resolution.
import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random';
import { gaussianFilter, gaussianFilterOnHost } from '../ops/convolution';
import { sumOfShiftedCopies, type WeightedShift } from '../ops/motionShifts';
import { nextPowerOfTwo, plasmaFractal } from '../ops/plasmaFractal';
import { uniformTensor } from '../ops/seededDraws';
import { clipUnitValue } from '../ops/clip';

/** Needle orientations per texture; each has its own crystal seeds. */
const ORIENTATIONS = 6;
/** Fraction of pixels that seed a needle, per orientation. */
const SEED_DENSITY = 0.004;
/** Needle half-length as a fraction of the image side. */
const NEEDLE_FRACTION = 0.07;
/** Bluish-white tint of ice (R, G, B). */
const ICE_TINT = [0.84, 0.93, 1.0];

/** A needle through the seed: copies along ±length at `angle`, weight tapering to the tips. */
function needleShifts(length: number, angle: number): WeightedShift[] {
  const shifts: WeightedShift[] = [];
  for (let i = -length; i <= length; i++) {
    shifts.push({ dy: Math.round(i * Math.sin(angle)), dx: Math.round(i * Math.cos(angle)), weight: 1 - Math.abs(i) / (length + 1) });
  }
  return shifts;
}

/** Ice needles in ORIENTATIONS directions (the brightest wins where they cross): [1, H, W, 1] in [0, 1]. */
function needles(height: number, width: number, rng: SeededRandom): tf.Tensor4D {
  const length = Math.max(2, Math.round(NEEDLE_FRACTION * Math.min(height, width)));
  return tf.tidy(() => {
    let brightest = tf.zeros([1, height, width, 1]) as tf.Tensor4D;
    for (let k = 0; k < ORIENTATIONS; k++) {
      const angle = Math.PI * ((k + rng.uniform()) / ORIENTATIONS);
      const draws = uniformTensor<tf.Rank.R4>(rng, [1, height, width, 1], 0, 1);
      const seeds = tf.where(tf.less(draws, SEED_DENSITY), tf.div(draws, SEED_DENSITY), tf.zerosLike(draws));
      const streaks = sumOfShiftedCopies(tf.add(tf.mul(seeds, 0.5), tf.mul(tf.cast(tf.greater(seeds, 0), 'float32'), 0.5)), needleShifts(length, angle));
      brightest = tf.maximum(brightest, tf.clipByValue(streaks, 0, 1));
    }
    return brightest;
  });
}

/** The rows (or columns) t of a line of n samples whose clamped read t + d lands on sample s: [first, last], or none. */
function clampedPreimage(s: number, d: number, n: number): [number, number] | null {
  const first = s === 0 ? 0 : s - d;
  const last = s === n - 1 ? n - 1 : s - d;
  const lo = Math.max(0, first);
  const hi = Math.min(n - 1, last);
  return lo <= hi ? [lo, hi] : null;
}

/** One orientation's streak sums (float32), each pixel they touch listed once, so that only those are folded and cleared. */
class Streaks {
  private readonly sums: Float32Array;
  private readonly listed: Uint8Array;
  private readonly touched: Int32Array;
  private count = 0;

  constructor(size: number) {
    this.sums = new Float32Array(size);
    this.listed = new Uint8Array(size);
    this.touched = new Int32Array(size);
  }

  add(at: number, amount: number): void {
    this.sums[at] += amount;
    if (this.listed[at] === 0) {
      this.listed[at] = 1;
      this.touched[this.count++] = at;
    }
  }

  /**
   * brightest = max(brightest, min(1, streak)) at the touched pixels (elsewhere the streak is 0 and changes nothing), by
   * comparisons (Math.max/min took 13 ns a pixel here; no value is NaN or −0); then every streak is 0 again.
   */
  foldInto(brightest: Float32Array): void {
    for (let t = 0; t < this.count; t++) {
      const p = this.touched[t];
      const streak = this.sums[p] < 1 ? this.sums[p] : 1;
      if (streak > brightest[p]) brightest[p] = streak;
      this.sums[p] = 0;
      this.listed[p] = 0;
    }
    this.count = 0;
  }
}

/**
 * needles() on the host, the same draws in the same order: the seeds are sparse (SEED_DENSITY of the pixels), so
 * each seed is scattered along its needle (edge-clamped reads turned round) instead of summing shifted whole images.
 * A seed off the image's edge rows and columns lands each copy on one pixel; only edge seeds spread over ranges.
 */
function needlesOnHost(height: number, width: number, rng: SeededRandom): Float32Array {
  const length = Math.max(2, Math.round(NEEDLE_FRACTION * Math.min(height, width)));
  const density = Math.fround(SEED_DENSITY);
  const size = height * width;
  const brightest = new Float32Array(size);
  const streaks = new Streaks(size);
  const count = 2 * length + 1;
  const dys = new Int32Array(count);
  const dxs = new Int32Array(count);
  const weights = new Float64Array(count);
  const draws = new Float32Array(size);
  for (let k = 0; k < ORIENTATIONS; k++) {
    needleShifts(length, Math.PI * ((k + rng.uniform()) / ORIENTATIONS)).forEach(({ dy, dx, weight }, i) => {
      dys[i] = dy;
      dxs[i] = dx;
      weights[i] = weight;
    });
    // uniformValues(rng, size, 0, 1)'s draws, into one array for every orientation.
    rng.fillUniform(draws, 0, 1);
    for (let p = 0; p < size; p++) {
      if (!(draws[p] < density)) continue;
      const value = Math.fround(draws[p] / density) * 0.5 + 0.5;
      const sy = Math.floor(p / width);
      const sx = p - sy * width;
      const interior = sy > 0 && sy < height - 1 && sx > 0 && sx < width - 1;
      for (let i = 0; i < count; i++) {
        const y = sy - dys[i];
        const x = sx - dxs[i];
        if (interior) {
          if (y >= 0 && y < height && x >= 0 && x < width) streaks.add(y * width + x, weights[i] * value);
          continue;
        }
        const rows = clampedPreimage(sy, dys[i], height);
        const columns = clampedPreimage(sx, dxs[i], width);
        if (!rows || !columns) continue;
        for (let ry = rows[0]; ry <= rows[1]; ry++) {
          for (let rx = columns[0]; rx <= columns[1]; rx++) streaks.add(ry * width + rx, weights[i] * value);
        }
      }
    }
    streaks.foldInto(brightest);
  }
  return brightest;
}

/** frostTexture() on the host: [H, W, 3] values, the same draws in the same order. */
export function frostTextureOnHost(height: number, width: number, rng: SeededRandom): Float32Array {
  const side = nextPowerOfTwo(Math.max(height, width));
  const map = plasmaFractal(side, 1.8, rng);
  const ice = needlesOnHost(height, width, rng);
  const sharpness = Math.max(0.3, 0.004 * Math.min(height, width));
  const softIce = gaussianFilterOnHost(ice, [1, height, width, 1], sharpness, sharpness, 3, 'edge');
  const texture = new Float32Array(height * width * 3);
  const [red, green, blue] = ICE_TINT;
  for (let y = 0; y < height; y++) {
    for (let x = 0, p = y * width, at = p * 3; x < width; x++, p++, at += 3) {
      const patchiness = map[y * side + x];
      const brightness = 0.3 + patchiness * 0.5 + softIce[p] * (0.1 + patchiness * 0.65);
      texture[at] = clipUnitValue(brightness * red);
      texture[at + 1] = clipUnitValue(brightness * green);
      texture[at + 2] = clipUnitValue(brightness * blue);
    }
  }
  return texture;
}

/** One frost texture: [1, H, W, 3] in [0, 1], mean near .5 like the benchmark photographs. */
export function frostTexture(height: number, width: number, rng: SeededRandom): tf.Tensor4D {
  const side = nextPowerOfTwo(Math.max(height, width));
  const map = plasmaFractal(side, 1.8, rng);
  const patch = new Float32Array(height * width);
  for (let y = 0; y < height; y++) patch.set(map.subarray(y * side, y * side + width), y * width);
  return tf.tidy(() => {
    const patchiness = tf.tensor4d(patch, [1, height, width, 1]);
    const ice = needles(height, width, rng);
    const sharpness = Math.max(0.3, 0.004 * Math.min(height, width));
    const softIce = gaussianFilter(ice, sharpness, sharpness, 3, 'edge');
    const brightness = tf.add(tf.add(0.3, tf.mul(patchiness, 0.5)), tf.mul(softIce, tf.add(0.1, tf.mul(patchiness, 0.65))));
    return tf.clipByValue(tf.mul(brightness, tf.tensor1d(ICE_TINT)), 0, 1) as tf.Tensor4D;
  });
}
