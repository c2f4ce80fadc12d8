// The corruptions' linear image kernels on host memory: shifted-copy sums, convolutions and separable resampling of
// [b, H, W, c] float32 images held as typed arrays. On the CPU backends (wasm, cpu) a tensor already lives in host
// memory, so one loop over a typed array beats dozens of one-thread tfjs dispatches (a 21-tap motion blur was 60+
// ops); GPU backends keep the tensor path. Sums accumulate in float32, as the tensor path does.
import * as tf from '@tensorflow/tfjs';
import { borderIndex, type BorderMode } from './borders';

/** [b, H, W, c] of an image batch. */
export type ImageShape = readonly [number, number, number, number];

/** Whether the active tfjs backend keeps tensors in host memory, where these kernels run instead of tensor ops. */
export function onHostBackend(): boolean {
  const backend = tf.getBackend();
  return backend === 'wasm' || backend === 'cpu';
}

/** `kernel` run on a host copy of `images`, its result uploaded as a new tensor of shape `outShape`. */
export function runOnHost(images: tf.Tensor4D, outShape: ImageShape, kernel: (pixels: Float32Array) => Float32Array): tf.Tensor4D {
  const pixels = images.dataSync() as Float32Array;
  return tf.tensor4d(kernel(pixels), [...outShape]);
}

/** A copy read from `dy` rows and `dx` columns away, weighted. */
export interface HostShift {
  dy: number;
  dx: number;
  weight: number;
}

/**
 * sum[row x] += weight · pixels[row column(x)] over one image row of `width` pixels: where column(x) = x + dx lies in
 * the row the reads are one contiguous run (the hot loop); the few pixels outside read `borderColumn(x)`.
 */
function addShiftedRow(sum: Float32Array, targetRow: number, pixels: Float32Array, sourceRow: number, weight: number, dx: number, width: number, channels: number, borderColumn: (x: number) => number): void {
  const lo = Math.min(width, Math.max(0, -dx));
  const hi = Math.max(lo, Math.min(width, width - dx));
  const offset = sourceRow + dx * channels - targetRow;
  for (let t = targetRow + lo * channels, end = targetRow + hi * channels; t < end; t++) sum[t] += weight * pixels[t + offset];
  for (let x = 0; x < width; x++) {
    if (x === lo) x = hi;
    if (x >= width) break;
    const source = sourceRow + borderColumn(x) * channels;
    const target = targetRow + x * channels;
    for (let c = 0; c < channels; c++) sum[target + c] += weight * pixels[source + c];
  }
}

/** Σ weight · image shifted by (dy, dx), each read clamped to the image (replicated edges). */
export function shiftedCopiesSum(pixels: Float32Array, [batch, height, width, channels]: ImageShape, shifts: readonly HostShift[]): Float32Array {
  const sum = new Float32Array(pixels.length);
  const rowStride = width * channels;
  const imageStride = height * rowStride;
  const clamped = shifts.map(({ dx }) => (x: number): number => Math.min(width - 1, Math.max(0, x + dx)));
  // Row by row, every shift into the same target row while it sits in the L1 cache.
  for (let b = 0; b < batch; b++) {
    const base = b * imageStride;
    for (let y = 0; y < height; y++) {
      shifts.forEach(({ dy, dx, weight }, s) => {
        addShiftedRow(sum, base + y * rowStride, pixels, base + Math.min(height - 1, Math.max(0, y + dy)) * rowStride, weight, dx, width, channels, clamped[s]);
      });
    }
  }
  return sum;
}

/** The index each position −reach … n − 1 + reach of a line of n samples reads under `mode`, offset by reach. */
function borderTable(n: number, reach: number, mode: BorderMode): Int32Array {
  return Int32Array.from({ length: n + 2 * reach }, (_, k) => borderIndex(k - reach, n, mode));
}

/**
 * Every channel correlated with a kHeight×kWidth kernel (odd sides, centred, row-major: tfjs depthwiseConv2d's and
 * OpenCV filter2D's orientation), the border extended by `mode`; zero taps are skipped, so a disk costs its area.
 */
export function convolveOnHost(pixels: Float32Array, [batch, height, width, channels]: ImageShape, kernel: { height: number; width: number; weights: ArrayLike<number> }, mode: BorderMode): Float32Array {
  const reachY = (kernel.height - 1) / 2;
  const reachX = (kernel.width - 1) / 2;
  const rows = borderTable(height, reachY, mode);
  const columns = borderTable(width, reachX, mode);
  const sum = new Float32Array(pixels.length);
  const rowStride = width * channels;
  const imageStride = height * rowStride;
  const taps: { ky: number; kx: number; weight: number; bordered: (x: number) => number }[] = [];
  for (let ky = 0; ky < kernel.height; ky++) {
    for (let kx = 0; kx < kernel.width; kx++) {
      const weight = kernel.weights[ky * kernel.width + kx];
      if (weight !== 0) taps.push({ ky, kx, weight, bordered: (x: number): number => columns[x + kx] });
    }
  }
  // Row by row, every tap into the same target row while it sits in the L1 cache.
  for (let b = 0; b < batch; b++) {
    const base = b * imageStride;
    for (let y = 0; y < height; y++) {
      for (const { ky, kx, weight, bordered } of taps) addShiftedRow(sum, base + y * rowStride, pixels, base + rows[y + ky] * rowStride, weight, kx - reachX, width, channels, bordered);
    }
  }
  return sum;
}

/** Row-major [outSize, inSize] weights of one axis (as axisResample's AxisWeights). */
export interface HostAxisWeights {
  inSize: number;
  outSize: number;
  weights: Float32Array;
}

/** Per output sample, the input samples with a non-zero weight and those weights. */
function sparseTaps({ inSize, outSize, weights }: HostAxisWeights): { index: Int32Array; weight: Float64Array }[] {
  return Array.from({ length: outSize }, (_, i) => {
    const index: number[] = [];
    const weight: number[] = [];
    for (let j = 0; j < inSize; j++) {
      const w = weights[i * inSize + j];
      if (w !== 0) {
        index.push(j);
        weight.push(w);
      }
    }
    return { index: Int32Array.from(index), weight: Float64Array.from(weight) };
  });
}

/** [b, H, W, c] → [b, rows.outSize, columns.outSize, c]: output (i, j) = Σ rows[i, y] · columns[j, x] · input (y, x). */
export function resampleOnHost(pixels: Float32Array, [batch, height, width, channels]: ImageShape, rows: HostAxisWeights, columns: HostAxisWeights): Float32Array {
  const rowTaps = sparseTaps(rows);
  const columnTaps = sparseTaps(columns);
  const outHeight = rows.outSize;
  const outWidth = columns.outSize;
  // Rows first (H → outHeight), then columns.
  const rowsDone = new Float32Array(batch * outHeight * width * channels);
  const rowStride = width * channels;
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < outHeight; i++) {
      const { index, weight } = rowTaps[i];
      const target = (b * outHeight + i) * rowStride;
      for (let t = 0; t < index.length; t++) {
        const source = (b * height + index[t]) * rowStride;
        const w = weight[t];
        for (let k = 0; k < rowStride; k++) rowsDone[target + k] += w * pixels[source + k];
      }
    }
  }
  const out = new Float32Array(batch * outHeight * outWidth * channels);
  for (let r = 0; r < batch * outHeight; r++) {
    for (let j = 0; j < outWidth; j++) {
      const { index, weight } = columnTaps[j];
      const target = (r * outWidth + j) * channels;
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (let t = 0; t < index.length; t++) acc += weight[t] * rowsDone[r * rowStride + index[t] * channels + c];
        out[target + c] = acc;
      }
    }
  }
  return out;
}
