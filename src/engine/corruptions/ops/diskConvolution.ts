// Correlation with a smoothed disk (defocus blur's kernel) on host pixels in a few reads per pixel instead of one per
// tap: a disk's rows are runs of equal weight, so each row costs two reads of per-row prefix sums; the smoothing is a
// separable Gaussian afterwards; and what the kernel's truncation and reflected support add or remove (non-zero only
// where the disk reaches the support's edge) is a sparse correction convolved directly.
import { borderIndex, type BorderMode } from './borders';
import type { ImageShape } from './hostKernels';
import { MemoryLayout, wasmKernels } from '../../simd/wasmKernels';

/** A kernel of side 2·support + 1 equal to disk ⊛ (gaussian ⊗ gaussian) up to a sparse correction. */
export interface SmoothedDisk {
  /** Half-widths of the disk's rows, dy = −support … support (−1: the row is empty). */
  rowHalfWidths: Int32Array;
  /** The disk's weight: 1 / its pixel count, scaled so that disk, Gaussian and correction keep the kernel's sum. */
  weight: number;
  support: number;
  /** The smoothing Gaussian's taps (odd length, symmetric). */
  gaussian: Float32Array;
  /** kernel − disk ⊛ gaussian², on the support widened by the Gaussian's reach; mostly zeros. */
  correction: { height: number; width: number; weights: Float32Array };
}

/** The half-width of each disk row, x² + dy² ≤ radius² as the kernel's own test. */
function diskRowHalfWidths(radius: number, support: number): Int32Array {
  return Int32Array.from({ length: 2 * support + 1 }, (_, k) => {
    const dy = k - support;
    let half = -1;
    while (half + 1 <= support && (half + 1) ** 2 + dy * dy <= radius * radius) half++;
    return half;
  });
}

/**
 * Correction taps smaller than this are left out (the disk weight absorbs their sum, so flat regions keep their value):
 * at radius 10, 104 of the 160 taps, 6·10⁻⁵ altogether, so with the disk's rescaling no output moves by more than
 * 2 · 6·10⁻⁵ · 255 ≈ 0.03 of a level; they cost two thirds of the correction's time. Radius 8's 48 taps are all above
 * 10⁻⁵; smaller radii have none.
 */
const CORRECTION_FLOOR = 1e-6;

/**
 * The decomposition of `kernel` (side 2·support + 1) as the normalised disk of `radius` smoothed by `gaussian` plus a
 * correction; correction taps below CORRECTION_FLOOR are zero.
 */
export function smoothedDisk(kernel: { height: number; weights: Float32Array }, radius: number, support: number, gaussian: Float32Array): SmoothedDisk {
  const rowHalfWidths = diskRowHalfWidths(radius, support);
  const count = rowHalfWidths.reduce((sum, half) => sum + (half >= 0 ? 2 * half + 1 : 0), 0);
  const weight = 1 / count;
  const side = kernel.height;
  const reach = (gaussian.length - 1) / 2;
  const wide = side + 2 * reach;
  const inDisk = (y: number, x: number): boolean => y >= 0 && y < side && Math.abs(x - support) <= rowHalfWidths[y] && rowHalfWidths[y] >= 0;
  const correction = new Float32Array(wide * wide);
  for (let u = 0; u < wide; u++) {
    for (let v = 0; v < wide; v++) {
      const ky = u - reach;
      const kx = v - reach;
      let smoothed = 0;
      for (let i = -reach; i <= reach; i++) {
        for (let j = -reach; j <= reach; j++) if (inDisk(ky + i, kx + j)) smoothed += gaussian[i + reach] * gaussian[j + reach] * weight;
      }
      const own = ky >= 0 && ky < side && kx >= 0 && kx < side ? kernel.weights[ky * side + kx] : 0;
      const difference = own - smoothed;
      correction[u * wide + v] = Math.abs(difference) < CORRECTION_FLOOR ? 0 : difference;
    }
  }
  // Keep the kernel's own (float32) sum: it sums to just under 1, which decides how flat regions truncate to levels.
  const sum = (values: Float32Array): number => values.reduce((a, b) => a + b, 0);
  const scaledWeight = (sum(kernel.weights) - sum(correction)) / (count * sum(gaussian) ** 2);
  return { rowHalfWidths, weight: scaledWeight, support, gaussian, correction: { height: wide, width: wide, weights: correction } };
}

/** One image [H, W, c] extended by `pad` on every side under `mode`, written to `out`: each row's middle as one copy, its border pixels through the table. */
function padInto(pixels: Float32Array, offset: number, height: number, width: number, channels: number, pad: number, mode: BorderMode, out: Float32Array): void {
  const outWidth = width + 2 * pad;
  const rowLength = width * channels;
  const columns = Int32Array.from({ length: outWidth }, (_, k) => borderIndex(k - pad, width, mode));
  for (let y = 0; y < height + 2 * pad; y++) {
    const source = offset + borderIndex(y - pad, height, mode) * rowLength;
    const target = y * outWidth * channels;
    out.set(pixels.subarray(source, source + rowLength), target + pad * channels);
    for (let x = 0; x < outWidth; x++) {
      if (x === pad) x += width;
      if (x >= outWidth) break;
      for (let c = 0; c < channels; c++) out[target + x * channels + c] = pixels[source + columns[x] * channels + c];
    }
  }
}

/** The correction's non-zero taps in row-major order: where each starts in the padded image (`paddedStride` values a row) and its weight. */
function correctionTaps(correction: SmoothedDisk['correction'], paddedStride: number, channels: number): { starts: number[]; weights: number[] } {
  const starts: number[] = [];
  const weights: number[] = [];
  for (let u = 0; u < correction.height; u++) {
    for (let v = 0; v < correction.width; v++) {
      const weight = correction.weights[u * correction.width + v];
      if (weight !== 0) {
        starts.push(u * paddedStride + v * channels);
        weights.push(weight);
      }
    }
  }
  return { starts, weights };
}

type DiskRegion = 'image' | 'prefix' | 'halfWidths' | 'sums' | 'gaussian' | 'column' | 'out' | 'starts' | 'weights';

/**
 * [b, H, W, c] correlated with the smoothed disk's kernel, the border extended by `mode`, in float64 (the generator's
 * precision: its kernel sums to 1 − 4·10⁻⁹, which float32 would round away before the truncation to levels). Per image:
 * the padded image's row prefix sums, the disk's row runs from them (weighted), the Gaussian smoothing along both axes,
 * then the correction added tap by tap, each output adding its taps in row-major order; all but the padding run in the
 * SIMD kernels (wasm/kernels.ts). `take` receives each image's result, the float64 region 'out' (and 'image', free by
 * then, as scratch), with the image's offset.
 */
function correlateImages(
  pixels: Float32Array, [batch, height, width, channels]: ImageShape, disk: SmoothedDisk, mode: BorderMode,
  take: (layout: MemoryLayout<DiskRegion>, offset: number) => void,
): void {
  const { rowHalfWidths, weight, support, gaussian, correction } = disk;
  const reach = (gaussian.length - 1) / 2;
  const pad = support + reach;
  const paddedHeight = height + 2 * pad;
  const paddedWidth = width + 2 * pad;
  const prefixStride = (paddedWidth + 1) * channels;
  // The disk sums cover the image widened by the Gaussian's reach.
  const sumHeight = height + 2 * reach;
  const sumLength = (width + 2 * reach) * channels;
  const rowLength = width * channels;
  const taps = correctionTaps(correction, paddedWidth * channels, channels);
  const kernels = wasmKernels();
  const layout = new MemoryLayout<DiskRegion>()
    .reserve('image', paddedHeight * paddedWidth * channels, 'f32').reserve('prefix', paddedHeight * prefixStride, 'f64')
    .reserve('halfWidths', rowHalfWidths.length, 'i32').reserve('sums', sumHeight * sumLength, 'f64')
    .reserve('gaussian', gaussian.length, 'f64').reserve('column', sumLength, 'f64')
    .reserve('out', height * rowLength, 'f64').reserve('starts', taps.starts.length, 'i32').reserve('weights', taps.weights.length, 'f64');
  const views = layout.views(kernels);
  views.i32('halfWidths').set(rowHalfWidths);
  views.f64('gaussian').set(gaussian);
  views.i32('starts').set(taps.starts);
  views.f64('weights').set(taps.weights);
  for (let b = 0; b < batch; b++) {
    const offset = b * height * rowLength;
    padInto(pixels, offset, height, width, channels, pad, mode, views.f32('image'));
    kernels.rowPrefixSums(layout.at('image'), paddedHeight, paddedWidth, channels, layout.at('prefix'));
    kernels.diskRowSums(layout.at('prefix'), prefixStride, layout.at('halfWidths'), rowHalfWidths.length, support, channels, sumHeight, sumLength, weight, layout.at('sums'));
    kernels.smoothCentre(layout.at('sums'), height, width, channels, layout.at('gaussian'), gaussian.length, layout.at('column'), layout.at('out'));
    kernels.addWeightedTaps(layout.at('out'), height, rowLength, layout.at('image'), paddedWidth * channels, layout.at('starts'), layout.at('weights'), taps.starts.length);
    take(layout, offset);
  }
}

/** [b, H, W, c] correlated with the smoothed disk's kernel in float64 (correlateImages). */
export function smoothedDiskOnHost(pixels: Float32Array, shape: ImageShape, disk: SmoothedDisk, mode: BorderMode): Float64Array {
  const out = new Float64Array(pixels.length);
  const kernels = wasmKernels();
  correlateImages(pixels, shape, disk, mode, (layout, offset) => out.set(layout.views(kernels).f64('out').subarray(0, out.length / shape[0]), offset));
  return out;
}

/**
 * The same correlation truncated to 8-bit levels, ⌊clip(v)·255⌋ / 255 in float32 (definitions.md §1 notes,
 * quantisation: np.uint8 of the generator's clipped float64 result), in the kernel (wasm/kernels.ts truncateToLevels).
 */
export function smoothedDiskLevelsOnHost(pixels: Float32Array, shape: ImageShape, disk: SmoothedDisk, mode: BorderMode, levels: Float32Array = new Float32Array(pixels.length)): Float32Array {
  const perImage = levels.length / shape[0];
  const kernels = wasmKernels();
  correlateImages(pixels, shape, disk, mode, (layout, offset) => {
    kernels.truncateToLevels(layout.at('out'), perImage, layout.at('image'));
    levels.set(layout.views(kernels).f32('image').subarray(0, perImage), offset);
  });
  return levels;
}
