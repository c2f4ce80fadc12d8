// Deletion and insertion (Petsiuk et al. 2018, "RISE", §4.1), as their reference code eclique/RISE evaluation.py
// (CausalMetric) computes them: pixels taken in order of decreasing saliency, `step` at a time; deletion moves from the
// image towards a substrate of zeros, insertion from a blurred copy (gkern(11, 5)) towards the image; the score of the
// class after each step, and the area under that curve over the fraction of pixels changed.

/** RISE's blur for the insertion start image: gkern(klen = 11, nsig = 5). */
export const INSERTION_BLUR = { size: 11, sigma: 5 } as const;

/** Steps of RISE's evaluation at 224×224 (step = 224 pixels, n_steps = 224); other sizes keep the count of steps. */
export const CAUSAL_STEPS = 224;

/** Pixels changed per step for `pixelCount` pixels and `steps` steps; RISE's n_steps is then ⌈pixelCount / step⌉. */
export function causalStepPixels(pixelCount: number, steps: number): number {
  return Math.ceil(pixelCount / steps);
}

/** RISE's n_steps = (HW + step − 1) // step. */
export function causalStepCount(pixelCount: number, stepPixels: number): number {
  return Math.ceil(pixelCount / stepPixels);
}

/** Pixel indices by decreasing saliency, ties by increasing index (a stable order; RISE's flipped argsort leaves ties to the sort). */
export function salienceOrder(map: Float32Array): Int32Array {
  const order = Int32Array.from(map, (_, i) => i);
  return order.sort((a, b) => (map[b] - map[a]) || (a - b));
}

/**
 * RISE's gkern(klen, nsig): scipy.ndimage.gaussian_filter (truncate 4, mode 'reflect') of a klen × klen unit impulse
 * at the centre; the filter is separable, so the kernel is the outer product of the 1-D filtered impulse with itself.
 */
export function riseGaussianKernel(size: number, sigma: number): Float64Array {
  const radius = Math.round(4 * sigma);
  const taps = Array.from({ length: 2 * radius + 1 }, (_, k) => Math.exp(-((k - radius) ** 2) / (2 * sigma * sigma)));
  const total = taps.reduce((sum, tap) => sum + tap, 0);
  // scipy's 'reflect' extends by mirroring about the edge (d c b a | a b c d | d c b a).
  const reflect = (index: number): number => {
    const period = 2 * size;
    const m = ((index % period) + period) % period;
    return m < size ? m : period - 1 - m;
  };
  const centre = Math.floor(size / 2);
  const line = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    for (let k = -radius; k <= radius; k++) if (reflect(i + k) === centre) line[i] += taps[k + radius] / total;
  }
  const kernel = new Float64Array(size * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) kernel[y * size + x] = line[y] * line[x];
  return kernel;
}

/** Each channel convolved with `kernel` (odd side), zero padding: RISE's conv2d(x, kern, padding = klen // 2) with a per-channel kernel. */
export function blurImage(data: Float32Array, height: number, width: number, channels: number, kernel: Float64Array, size: number): Float32Array {
  const half = Math.floor(size / 2);
  const out = new Float32Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let ky = 0; ky < size; ky++) {
          const sy = y + ky - half;
          if (sy < 0 || sy >= height) continue;
          for (let kx = 0; kx < size; kx++) {
            const sx = x + kx - half;
            if (sx >= 0 && sx < width) sum += kernel[ky * size + kx] * data[(sy * width + sx) * channels + c];
          }
        }
        out[(y * width + x) * channels + c] = sum;
      }
    }
  }
  return out;
}

/**
 * The images CausalMetric.single_run scores, steps 0 … n_steps: step i has the first i·stepPixels pixels of `order`
 * taken from `finish`, the rest from `start`. Yields chunks of at most `chunk` images, each image H·W·C values.
 */
export function* causalImages(start: Float32Array, finish: Float32Array, channels: number, order: Int32Array, stepPixels: number, chunk: number): Generator<Float32Array[]> {
  const steps = causalStepCount(order.length, stepPixels);
  const current = Float32Array.from(start);
  let pending: Float32Array[] = [];
  for (let i = 0; i <= steps; i++) {
    pending.push(Float32Array.from(current));
    if (pending.length === chunk || i === steps) {
      yield pending;
      pending = [];
    }
    for (const pixel of order.subarray(i * stepPixels, (i + 1) * stepPixels)) {
      for (let c = 0; c < channels; c++) current[pixel * channels + c] = finish[pixel * channels + c];
    }
  }
}

// RISE evaluation.py auc(arr): the trapezoid rule over the fraction of pixels changed, i/n_steps for i = 0 … n_steps.
export function causalAuc(scores: readonly number[]): number {
  const sum = scores.reduce((total, score) => total + score, 0);
  return (sum - scores[0] / 2 - scores[scores.length - 1] / 2) / (scores.length - 1);
}
