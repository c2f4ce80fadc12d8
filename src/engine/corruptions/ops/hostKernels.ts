// The corruptions' linear image kernels on host memory: shifted-copy sums, convolutions and separable resampling of
// [b, H, W, c] float32 images held as typed arrays. On the CPU backends (wasm, cpu) a tensor already lives in host
// memory, so one loop over a typed array beats dozens of one-thread tfjs dispatches (a 21-tap motion blur was 60+
// ops); GPU backends keep the tensor path. Sums accumulate in float32, as the tensor path does. The shifted-copy sums,
// the symmetric separable filter and linear resampling run in the SIMD kernels (wasm/kernels.ts), which compute every
// value exactly as the JavaScript loops did; convolutions and resampling with more taps stay here.
import * as tf from '@tensorflow/tfjs';
import { borderIndex, type BorderMode } from './borders';
import { MemoryLayout, wasmKernels } from '../../simd/wasmKernels';
import { hostValuesView, tensor4dFilledOnHost } from '../../hostBackend';

/** [b, H, W, c] of an image batch. */
export type ImageShape = readonly [number, number, number, number];

/**
 * A new tensor of shape `outShape` whose every value `kernel` writes into `out` from the values of `images`, both in
 * place in the backend's memory (hostValuesView, tensor4dFilledOnHost: `pixels` is read-only, `out` starts with any
 * values, and the kernel must not call tfjs).
 */
export function runOnHost(images: tf.Tensor4D, outShape: ImageShape, kernel: (pixels: Float32Array, out: Float32Array) => void): tf.Tensor4D {
  return tensor4dFilledOnHost(outShape, (out) => {
    const pixels = hostValuesView(images);
    kernel(pixels, out);
    if (pixels.length !== images.size) throw new Error('A host kernel called tfjs, whose heap grew under the view it was reading.');
  });
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

/** Σ weight · image shifted by (dy, dx), each read clamped to the image (replicated edges), in the SIMD kernel (wasm/kernels.ts). */
export function shiftedCopiesSum(pixels: Float32Array, [batch, height, width, channels]: ImageShape, shifts: readonly HostShift[], sum: Float32Array = new Float32Array(pixels.length)): Float32Array {
  const imageSize = height * width * channels;
  const kernels = wasmKernels();
  const layout = new MemoryLayout<'pixels' | 'dys' | 'dxs' | 'weights' | 'sum'>()
    .reserve('pixels', imageSize, 'f32').reserve('dys', shifts.length, 'i32').reserve('dxs', shifts.length, 'i32')
    .reserve('weights', shifts.length, 'f64').reserve('sum', imageSize, 'f32');
  const views = layout.views(kernels);
  views.i32('dys').set(shifts.map((s) => s.dy));
  views.i32('dxs').set(shifts.map((s) => s.dx));
  views.f64('weights').set(shifts.map((s) => s.weight));
  for (let b = 0; b < batch; b++) {
    views.f32('pixels').set(pixels.subarray(b * imageSize, (b + 1) * imageSize));
    kernels.shiftedCopiesSum(layout.at('pixels'), height, width, channels, layout.at('dys'), layout.at('dxs'), layout.at('weights'), shifts.length, layout.at('sum'));
    sum.set(views.f32('sum'), b * imageSize);
  }
  return sum;
}

/** The index each position −reach … n − 1 + reach of a line of n samples reads under `mode`, offset by reach. */
export function borderTable(n: number, reach: number, mode: BorderMode): Int32Array {
  return Int32Array.from({ length: n + 2 * reach }, (_, k) => borderIndex(k - reach, n, mode));
}

/**
 * Every channel correlated with a kHeight×kWidth kernel (odd sides, centred, row-major: tfjs depthwiseConv2d's and
 * OpenCV filter2D's orientation), the border extended by `mode`; zero taps are skipped, so a disk costs its area.
 */
export function convolveOnHost(pixels: Float32Array, [batch, height, width, channels]: ImageShape, kernel: { height: number; width: number; weights: ArrayLike<number> }, mode: BorderMode, sum: Float32Array = new Float32Array(pixels.length)): Float32Array {
  const reachY = (kernel.height - 1) / 2;
  const reachX = (kernel.width - 1) / 2;
  const rows = borderTable(height, reachY, mode);
  const columns = borderTable(width, reachX, mode);
  sum.fill(0);
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

/**
 * Every channel filtered by a separable symmetric kernel (odd lengths, w[r − k] = w[r + k], e.g. a Gaussian): columns,
 * then rows, each output w[r]·p + Σₖ w[r + k]·(p₋ₖ + p₊ₖ), summed and passed between the axes in float64 as
 * scipy.ndimage does; pairing the mirrored taps halves the multiplications. The border is extended by `mode`. Runs in
 * the SIMD kernel (wasm/kernels.ts), image by image.
 */
export function symmetricSeparableOnHost(pixels: Float32Array, [batch, height, width, channels]: ImageShape, vertical: ArrayLike<number>, horizontal: ArrayLike<number>, mode: BorderMode, out: Float32Array = new Float32Array(pixels.length)): Float32Array {
  const reachY = (vertical.length - 1) / 2;
  const reachX = (horizontal.length - 1) / 2;
  const rows = borderTable(height, reachY, mode);
  const columns = borderTable(width, reachX, mode);
  const imageSize = height * width * channels;
  const kernels = wasmKernels();
  const layout = new MemoryLayout<'pixels' | 'vertical' | 'horizontal' | 'rows' | 'columns' | 'columnsDone' | 'padded' | 'out'>()
    .reserve('pixels', imageSize, 'f32').reserve('vertical', reachY + 1, 'f64').reserve('horizontal', reachX + 1, 'f64')
    .reserve('rows', rows.length, 'i32').reserve('columns', columns.length, 'i32')
    .reserve('columnsDone', imageSize, 'f64').reserve('padded', columns.length * channels, 'f64').reserve('out', imageSize, 'f32');
  const views = layout.views(kernels);
  // The taps from the centre out: w[r], w[r + 1], …
  views.f64('vertical').set(Array.from({ length: reachY + 1 }, (_, k) => vertical[reachY + k]));
  views.f64('horizontal').set(Array.from({ length: reachX + 1 }, (_, k) => horizontal[reachX + k]));
  views.i32('rows').set(rows);
  views.i32('columns').set(columns);
  for (let b = 0; b < batch; b++) {
    views.f32('pixels').set(pixels.subarray(b * imageSize, (b + 1) * imageSize));
    kernels.symmetricSeparable(
      layout.at('pixels'), height, width, channels, layout.at('vertical'), reachY, layout.at('horizontal'), reachX,
      layout.at('rows'), layout.at('columns'), layout.at('columnsDone'), layout.at('padded'), layout.at('out'),
    );
    out.set(views.f32('out'), b * imageSize);
  }
  return out;
}

/** Row-major [outSize, inSize] weights of one axis (as axisResample's AxisWeights). */
export interface HostAxisWeights {
  inSize: number;
  outSize: number;
  weights: Float32Array;
}

/** Per output sample i, its input samples with a non-zero weight, index[start[i]] … index[start[i + 1] − 1], and those weights. */
interface SparseTaps {
  start: Int32Array;
  index: Int32Array;
  weight: Float64Array;
  /** The most taps any output sample has. */
  maxTaps: number;
}

function sparseTaps({ inSize, outSize, weights }: HostAxisWeights): SparseTaps {
  const start = new Int32Array(outSize + 1);
  let count = 0;
  for (let k = 0; k < outSize * inSize; k++) if (weights[k] !== 0) count++;
  const index = new Int32Array(count);
  const weight = new Float64Array(count);
  let t = 0;
  for (let i = 0; i < outSize; i++) {
    start[i] = t;
    for (let j = 0, row = i * inSize; j < inSize; j++) {
      const w = weights[row + j];
      if (w !== 0) {
        index[t] = j;
        weight[t++] = w;
      }
    }
  }
  start[outSize] = t;
  let maxTaps = 0;
  for (let i = 0; i < outSize; i++) maxTaps = Math.max(maxTaps, start[i + 1] - start[i]);
  return { start, index, weight, maxTaps };
}

/** Up to two taps per output sample, as input indices and weights; a missing tap has weight 0. */
interface TapPairs {
  first: Int32Array;
  second: Int32Array;
  firstWeight: Float64Array;
  secondWeight: Float64Array;
}

/**
 * The taps of sparse weights with at most two per output. A missing second tap reads the first with weight 0 and a
 * missing first reads sample 0 with weight 0: (0 + w₀·x₀) + w₁·x₁ then sums exactly as the general loops (adding ±0
 * to a sum begun at +0 leaves it unchanged).
 */
function tapPairs(taps: SparseTaps, outSize: number): TapPairs {
  const pairs = { first: new Int32Array(outSize), second: new Int32Array(outSize), firstWeight: new Float64Array(outSize), secondWeight: new Float64Array(outSize) };
  for (let j = 0; j < outSize; j++) {
    const t = taps.start[j];
    const count = taps.start[j + 1] - t;
    pairs.first[j] = count > 0 ? taps.index[t] : 0;
    pairs.firstWeight[j] = count > 0 ? taps.weight[t] : 0;
    pairs.second[j] = count > 1 ? taps.index[t + 1] : pairs.first[j];
    pairs.secondWeight[j] = count > 1 ? taps.weight[t + 1] : 0;
  }
  return pairs;
}

/** One output row of the row pass: Σ taps · input rows (the row of image offset `image`), in float32 after each tap. */
function accumulateRow(pixels: Float32Array, image: number, rowDone: Float32Array, rowStride: number, { start, index, weight }: SparseTaps, i: number): void {
  rowDone.fill(0, 0, rowStride);
  for (let t = start[i]; t < start[i + 1]; t++) {
    const source = image + index[t] * rowStride;
    const w = weight[t];
    for (let k = 0; k < rowStride; k++) rowDone[k] += w * pixels[source + k];
  }
}

/** One output row of the row pass with at most two taps: float32 after each tap, as accumulateRow. */
function pairRow(pixels: Float32Array, image: number, rowDone: Float32Array, rowStride: number, { first, second, firstWeight, secondWeight }: TapPairs, i: number): void {
  const a = image + first[i] * rowStride;
  const c = image + second[i] * rowStride;
  const wa = firstWeight[i];
  const wc = secondWeight[i];
  for (let k = 0; k < rowStride; k++) rowDone[k] = Math.fround(0 + wa * pixels[a + k]) + wc * pixels[c + k];
}

/** The column pass of one row with at most two taps per output, summed in float64, stored in float32 at `target`. */
function pairColumns(rowDone: Float32Array, channels: number, { first, second, firstWeight, secondWeight }: TapPairs, outWidth: number, out: Float32Array, target: number): void {
  for (let j = 0; j < outWidth; j++) {
    const a = first[j] * channels;
    const b = second[j] * channels;
    const wa = firstWeight[j];
    const wb = secondWeight[j];
    for (let c = 0; c < channels; c++, target++) out[target] = 0 + wa * rowDone[a + c] + wb * rowDone[b + c];
  }
}

/** The general column pass of one row: Σ taps · row samples per output column in float64, stored in float32. */
function accumulateColumns(rowDone: Float32Array, channels: number, { start, index, weight }: SparseTaps, outWidth: number, out: Float32Array, target: number): void {
  for (let j = 0; j < outWidth; j++) {
    for (let c = 0; c < channels; c++, target++) {
      let acc = 0;
      for (let t = start[j]; t < start[j + 1]; t++) acc += weight[t] * rowDone[index[t] * channels + c];
      out[target] = acc;
    }
  }
}

/** The taps of one axis, and their pairs for linear interpolation, kept with its weights array (zoom blur reuses its axes). */
const axisTaps = new WeakMap<Float32Array, { taps: SparseTaps; pairs: TapPairs | null }>();
function tapsOf(axis: HostAxisWeights): { taps: SparseTaps; pairs: TapPairs | null } {
  let found = axisTaps.get(axis.weights);
  if (!found) {
    const taps = sparseTaps(axis);
    found = { taps, pairs: taps.maxTaps <= 2 ? tapPairs(taps, axis.outSize) : null };
    axisTaps.set(axis.weights, found);
  }
  return found;
}

/**
 * [b, H, W, c] → [b, rows.outSize, columns.outSize, c]: output (i, j) = Σ rows[i, y] · columns[j, x] · input (y, x),
 * rows first (summed in float32), then columns (summed in float64, stored in float32), one output row at a time (the
 * row between the passes stays in the cache); linear interpolation (at most two taps per output) takes loops without
 * the tap lists, on both axes the SIMD kernel.
 */
export function resampleOnHost(
  pixels: Float32Array, [batch, height, width, channels]: ImageShape, rows: HostAxisWeights, columns: HostAxisWeights,
  out: Float32Array = new Float32Array(batch * rows.outSize * columns.outSize * channels),
): Float32Array {
  const rowStride = width * channels;
  const rowAxis = tapsOf(rows);
  const columnAxis = tapsOf(columns);
  if (rowAxis.pairs && columnAxis.pairs) {
    bilinearInWasm(pixels, [batch, height, width, channels], [{ rows: rowAxis.pairs, columns: columnAxis.pairs }], out, false);
    return out;
  }
  const rowDone = new Float32Array(rowStride);
  const outRow = columns.outSize * channels;
  for (let b = 0; b < batch; b++) {
    const image = b * height * rowStride;
    for (let i = 0; i < rows.outSize; i++) {
      if (rowAxis.pairs) pairRow(pixels, image, rowDone, rowStride, rowAxis.pairs, i);
      else accumulateRow(pixels, image, rowDone, rowStride, rowAxis.taps, i);
      const target = (b * rows.outSize + i) * outRow;
      if (columnAxis.pairs) pairColumns(rowDone, channels, columnAxis.pairs, columns.outSize, out, target);
      else accumulateColumns(rowDone, channels, columnAxis.taps, columns.outSize, out, target);
    }
  }
  return out;
}

/** One resampling: the weights of its two axes. */
export interface HostResampling {
  rows: HostAxisWeights;
  columns: HostAxisWeights;
}

/**
 * pixels + Σ resampleOnHost(pixels, shape, rows, columns) over `resamplings` (each to the image's own size), each
 * added in turn in float32, as adding the returned arrays one by one would. When every axis interpolates linearly, the
 * SIMD kernel runs them all with the image and the sum kept in its memory.
 */
export function addResampledOnHost(pixels: Float32Array, shape: ImageShape, resamplings: readonly HostResampling[], sum: Float32Array = new Float32Array(pixels.length)): Float32Array {
  const axes = resamplings.map(({ rows, columns }) => ({ rows: tapsOf(rows).pairs, columns: tapsOf(columns).pairs }));
  sum.set(pixels);
  if (axes.every((a) => a.rows && a.columns)) {
    bilinearInWasm(pixels, shape, axes as { rows: TapPairs; columns: TapPairs }[], sum, true);
    return sum;
  }
  for (const { rows, columns } of resamplings) {
    const resampled = resampleOnHost(pixels, shape, rows, columns);
    for (let i = 0; i < sum.length; i++) sum[i] += resampled[i];
  }
  return sum;
}

/** The first and one past the last input sample any output of `axis` reads. */
function pairSpan({ first, second }: TapPairs): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let j = 0; j < first.length; j++) {
    lo = Math.min(lo, first[j], second[j]);
    hi = Math.max(hi, first[j], second[j]);
  }
  return [lo, hi + 1];
}

/**
 * resampleOnHost's loops for linear interpolation on both axes, image by image in the SIMD kernel (wasm/kernels.ts):
 * each of `resamplings` into `out` or, with `add`, added to it in turn (the image and `out` copied in once an image).
 */
function bilinearInWasm(pixels: Float32Array, [batch, height, width, channels]: ImageShape, resamplings: readonly { rows: TapPairs; columns: TapPairs }[], out: Float32Array, add: boolean): void {
  const imageSize = height * width * channels;
  const outHeight = resamplings[0].rows.first.length;
  const outWidth = resamplings[0].columns.first.length;
  const outSize = outHeight * outWidth * channels;
  const maxRows = Math.max(...resamplings.map((r) => r.rows.first.length));
  const maxColumns = Math.max(...resamplings.map((r) => r.columns.first.length));
  const kernels = wasmKernels();
  type Region = 'pixels' | 'rowFirst' | 'rowSecond' | 'rowFirstWeight' | 'rowSecondWeight' | 'columnFirst' | 'columnSecond' | 'columnFirstWeight' | 'columnSecondWeight' | 'rowDone' | 'out';
  // rowDone and out one value longer: the kernel reads (never writes) a fourth value after a pixel's three.
  const layout = new MemoryLayout<Region>().reserve('pixels', imageSize, 'f32')
    .reserve('rowFirst', maxRows, 'i32').reserve('rowSecond', maxRows, 'i32')
    .reserve('rowFirstWeight', maxRows, 'f64').reserve('rowSecondWeight', maxRows, 'f64')
    .reserve('columnFirst', maxColumns, 'i32').reserve('columnSecond', maxColumns, 'i32')
    .reserve('columnFirstWeight', maxColumns, 'f64').reserve('columnSecondWeight', maxColumns, 'f64')
    .reserve('rowDone', width * channels + 1, 'f32').reserve('out', outSize + 1, 'f32');
  const views = layout.views(kernels);
  const outView = views.f32('out').subarray(0, outSize);
  const spans = resamplings.map(({ columns }) => pairSpan(columns));
  for (let b = 0; b < batch; b++) {
    views.f32('pixels').set(pixels.subarray(b * imageSize, (b + 1) * imageSize));
    if (add) outView.set(out.subarray(b * outSize, (b + 1) * outSize));
    resamplings.forEach(({ rows, columns }, r) => {
      views.i32('rowFirst').set(rows.first);
      views.i32('rowSecond').set(rows.second);
      views.f64('rowFirstWeight').set(rows.firstWeight);
      views.f64('rowSecondWeight').set(rows.secondWeight);
      views.i32('columnFirst').set(columns.first);
      views.i32('columnSecond').set(columns.second);
      views.f64('columnFirstWeight').set(columns.firstWeight);
      views.f64('columnSecondWeight').set(columns.secondWeight);
      kernels.bilinearResample(
        layout.at('pixels'), width, channels,
        layout.at('rowFirst'), layout.at('rowSecond'), layout.at('rowFirstWeight'), layout.at('rowSecondWeight'), rows.first.length,
        layout.at('columnFirst'), layout.at('columnSecond'), layout.at('columnFirstWeight'), layout.at('columnSecondWeight'), columns.first.length,
        spans[r][0], spans[r][1], layout.at('rowDone'), layout.at('out'), add ? 1 : 0,
      );
    });
    out.set(outView, b * outSize);
  }
}
