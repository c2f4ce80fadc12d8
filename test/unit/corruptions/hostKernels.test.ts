// The host (typed-array) image kernels against direct references on random data: a convolution computed pixel by pixel
// with explicit border reads, shifted sums with clamped reads and dense matrix resampling; the corruptions' own SIMD
// kernels against the JavaScript loops they replaced, value for value.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { borderIndex, type BorderMode } from '../../../src/engine/corruptions/ops/borders';
import { addResampledOnHost, borderTable, convolveOnHost, resampleOnHost, shiftedCopiesSum, symmetricSeparableOnHost, type HostResampling, type ImageShape } from '../../../src/engine/corruptions/ops/hostKernels';
import { gaussianKernel1dFloat64 } from '../../../src/engine/corruptions/ops/convolution';
import { clippedZoomWeights, croppedAxis } from '../../../src/engine/corruptions/ops/clippedZoom';
import { smoothedDisk, smoothedDiskLevelsOnHost, smoothedDiskOnHost } from '../../../src/engine/corruptions/ops/diskConvolution';
import { defocusKernel } from '../../../src/engine/corruptions/blur/defocusBlur';
import { adjustHsvOnHost } from '../../../src/engine/corruptions/ops/hsv';
import { SeededRandom } from '../../../src/engine/random';
import { MemoryLayout, wasmKernels, type WasmKernels } from '../../../src/engine/simd/wasmKernels';
import { clipUnitValue } from '../../../src/engine/corruptions/ops/clip';

function randomImages(shape: ImageShape, seed: number): Float32Array {
  const rng = SeededRandom.fromSeed(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.uniformIn(0, 1));
}

function at(pixels: Float32Array, [, height, width, channels]: ImageShape, b: number, y: number, x: number, c: number): number {
  return pixels[((b * height + y) * width + x) * channels + c];
}

function assertClose(actual: Float32Array, expected: ArrayLike<number>, tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance, `${what}: element ${i} is ${actual[i]}, the reference ${expected[i]}`);
  }
}

/** The correlation of `pixels` with a kernelHeight × kernelWidth kernel centred on each pixel, every read through `mode`'s border table. */
function explicitCorrelation(pixels: Float32Array, shape: ImageShape, kernelHeight: number, kernelWidth: number, weight: (ky: number, kx: number) => number, mode: BorderMode): number[] {
  const [batch, height, width, channels] = shape;
  const [top, left] = [(kernelHeight - 1) / 2, (kernelWidth - 1) / 2];
  const expected: number[] = [];
  for (let b = 0; b < batch; b++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (let c = 0; c < channels; c++) {
          let acc = 0;
          for (let ky = 0; ky < kernelHeight; ky++) {
            for (let kx = 0; kx < kernelWidth; kx++) acc += weight(ky, kx) * at(pixels, shape, b, borderIndex(y + ky - top, height, mode), borderIndex(x + kx - left, width, mode), c);
          }
          expected.push(acc);
        }
      }
    }
  }
  return expected;
}

test('host convolution equals a pixel-by-pixel correlation with explicit border reads, every border mode, zero taps included', () => {
  const shape: ImageShape = [2, 9, 7, 3];
  const pixels = randomImages(shape, 1);
  const rng = SeededRandom.fromSeed(2);
  // 5×3 with some zero taps, to exercise the skip; larger than the 7-wide image's reach on no side.
  const weights = Float32Array.from({ length: 15 }, (_, i) => (i % 4 === 1 ? 0 : rng.uniformIn(-1, 1)));
  const kernel = { height: 5, width: 3, weights };
  for (const mode of ['edge', 'reflect101', 'symmetric'] as BorderMode[]) {
    const expected = explicitCorrelation(pixels, shape, 5, 3, (ky, kx) => weights[ky * 3 + kx], mode);
    assertClose(convolveOnHost(pixels, shape, kernel, mode), expected, 1e-5, mode);
  }
});

test('host shifted-copies sum equals the weighted sum of edge-clamped reads, batches of 1 and 3 channels', () => {
  const shifts = [{ dy: 0, dx: 0, weight: 0.5 }, { dy: -3, dx: 2, weight: 0.3 }, { dy: 9, dx: -11, weight: 0.2 }, { dy: 1, dx: 3, weight: 0.1 }];
  // Rows of 10 and 27 values: the SIMD kernel's pairs and its odd last value both run.
  for (const shape of [[1, 8, 10, 1], [2, 7, 9, 3]] as ImageShape[]) {
    const [batch, height, width, channels] = shape;
    const pixels = randomImages(shape, 3);
    const expected: number[] = [];
    for (let b = 0; b < batch; b++) {
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          for (let c = 0; c < channels; c++) {
            expected.push(shifts.reduce((acc, s) => acc + s.weight * at(pixels, shape, b, Math.min(height - 1, Math.max(0, y + s.dy)), Math.min(width - 1, Math.max(0, x + s.dx)), c), 0));
          }
        }
      }
    }
    assertClose(shiftedCopiesSum(pixels, shape, shifts), expected, 1e-6, `shifted sum [${shape.join(', ')}]`);
  }
});

/** Dense axis weights with `taps` non-zero weights per output (random), the first output without any. */
function randomAxisWeights(inSize: number, outSize: number, taps: number, seed: number): { inSize: number; outSize: number; weights: Float32Array } {
  const rng = SeededRandom.fromSeed(seed);
  const weights = new Float32Array(outSize * inSize);
  for (let i = 1; i < outSize; i++) for (let t = 0; t < taps; t++) weights[i * inSize + ((i + 2 * t) % inSize)] = rng.uniformIn(-1, 1);
  return { inSize, outSize, weights };
}

test('host resampling equals the dense product rows · image · columnsᵀ: clipped-zoom weights (output larger than input) and three-tap weights', () => {
  const shape: ImageShape = [2, 11, 13, 3];
  const pixels = randomImages(shape, 4);
  const cases = [
    { what: 'clipped zoom', rows: clippedZoomWeights(11, 1.7), columns: clippedZoomWeights(13, 1.3) },
    { what: 'three taps', rows: randomAxisWeights(11, 9, 3, 7), columns: randomAxisWeights(13, 15, 3, 8) },
  ];
  for (const { what, rows, columns } of cases) {
    const expected: number[] = [];
    for (let b = 0; b < 2; b++) {
      for (let i = 0; i < rows.outSize; i++) {
        for (let j = 0; j < columns.outSize; j++) {
          for (let c = 0; c < 3; c++) {
            let acc = 0;
            for (let y = 0; y < 11; y++) {
              for (let x = 0; x < 13; x++) acc += rows.weights[i * 11 + y] * columns.weights[j * 13 + x] * at(pixels, shape, b, y, x, c);
            }
            expected.push(acc);
          }
        }
      }
    }
    const resampled = resampleOnHost(pixels, shape, rows, columns);
    assertClose(resampled, expected, 1e-5, `resample (${what})`);
  }
});

test('host resampled sums equal adding each resampling to the image in turn, value for value: linear (the SIMD kernel, 1 and 3 channels) and three-tap axes', () => {
  for (const channels of [1, 3]) {
    const shape: ImageShape = [2, 11, 13, channels];
    const pixels = randomImages(shape, 6);
    const zoomed = (factor: number): HostResampling => ({ rows: croppedAxis(clippedZoomWeights(11, factor), 11), columns: croppedAxis(clippedZoomWeights(13, factor), 13) });
    const cases = [
      { what: 'clipped zooms', resamplings: [zoomed(1.1), zoomed(1.3), zoomed(1.7)] },
      { what: 'three taps', resamplings: [{ rows: randomAxisWeights(11, 11, 3, 9), columns: randomAxisWeights(13, 13, 3, 10) }, zoomed(1.2)] },
    ];
    for (const { what, resamplings } of cases) {
      const expected = Float32Array.from(pixels);
      for (const { rows, columns } of resamplings) {
        const resampled = resampleOnHost(pixels, shape, rows, columns);
        for (let i = 0; i < expected.length; i++) expected[i] += resampled[i];
      }
      assert.deepEqual(addResampledOnHost(pixels, shape, resamplings), expected, `${what}, ${channels} channels`);
    }
  }
});

test('host symmetric separable filter equals a pixel-by-pixel correlation with the outer-product kernel, reach beyond the image, every border mode, 1–3 channels', () => {
  // 13 rows and 11 columns of taps: wider than the image, so reads fold back more than once.
  const vertical = gaussianKernel1dFloat64(1.5, 4);
  const horizontal = gaussianKernel1dFloat64(2.5, 2);
  assert.deepEqual([vertical.length, horizontal.length], [13, 11]);
  // Rows of 5, 10 and 15 values: the SIMD kernel's pairs and its odd last value both run.
  for (const channels of [1, 2, 3]) {
    const shape: ImageShape = [2, 6, 5, channels];
    const pixels = randomImages(shape, 6);
    for (const mode of ['edge', 'reflect101', 'symmetric'] as BorderMode[]) {
      const expected = explicitCorrelation(pixels, shape, 13, 11, (ky, kx) => vertical[ky] * horizontal[kx], mode);
      assertClose(symmetricSeparableOnHost(pixels, shape, vertical, horizontal, mode), expected, 1e-6, `symmetric separable (${mode}, ${channels} channels)`);
    }
  }
});

test('host Gaussian keeps a flat image at exactly its value: scipy\'s float64 weights sum to 1 within float64 rounding', () => {
  const shape: ImageShape = [1, 20, 20, 3];
  for (const level of [1, 102, 254]) {
    const flat = new Float32Array(20 * 20 * 3).fill(level / 255);
    const weights = gaussianKernel1dFloat64(3, 4);
    assert.ok(Math.abs(weights.reduce((a, b) => a + b, 0) - 1) < 1e-15);
    const blurred = symmetricSeparableOnHost(flat, shape, weights, weights, 'edge');
    assert.ok(blurred.every((v) => v === Math.fround(level / 255)), `level ${level}`);
  }
});

test('smoothed-disk decomposition equals the direct correlation with the defocus kernel at every table radius, reflected border', () => {
  // ImageNet-C's radii (the disk reaches the support's edge from radius 8 on: the correction is not empty) and CIFAR-10-C's.
  const cases = [[3, 0.1], [4, 0.5], [6, 0.5], [8, 0.5], [10, 0.5], [0.3, 0.4], [1, 0.2], [1.5, 0.1]];
  const shape: ImageShape = [2, 23, 19, 3];
  const pixels = randomImages(shape, 5);
  for (const [radius, aliasSigma] of cases) {
    const kernel = defocusKernel(radius, aliasSigma);
    const support = (kernel.height - 1) / 2;
    const size = radius <= 8 ? 3 : 5;
    const taps = Array.from({ length: size }, (_, i) => Math.exp(-((i - (size - 1) / 2) ** 2) / (2 * aliasSigma * aliasSigma)));
    const gaussian = Float32Array.from(taps, (t) => t / taps.reduce((a, b) => a + b, 0));
    const disk = smoothedDisk(kernel, radius, support, gaussian);
    const exact = smoothedDiskOnHost(pixels, shape, disk, 'reflect101');
    assertClose(Float32Array.from(exact), convolveOnHost(pixels, shape, kernel, 'reflect101'), 1e-5, `radius ${radius}`);
    // Truncated to levels in the kernel, value for value as ⌊clip(v)·255⌋ / 255 of the float64 result.
    const levels = Float32Array.from(exact, (v) => Math.floor(Math.min(1, Math.max(0, v)) * 255) / 255);
    assert.deepEqual(smoothedDiskLevelsOnHost(pixels, shape, disk, 'reflect101'), levels, `levels, radius ${radius}`);
  }
});

test('host HSV adjustment equals skimage rgb2hsv → change → hsv2rgb on hand-worked pixels', () => {
  // rgb2hsv(0.2, 0.4, 0.8): V 0.8, S 0.75, H (4 + (0.2 − 0.4)/0.6)/6 = 11/18; V + 0.1 = 0.9 → hsv2rgb: (0.225, 0.45, 0.9).
  // Grey (0.5, 0.5, 0.5): S 0, H 0; S·2 + 0.1 = 0.1 → (0.5, 0.45, 0.45). Black stays black at S offset 0.
  const out = adjustHsvOnHost(Float32Array.of(0.2, 0.4, 0.8), { saturationScale: 1, saturationOffset: 0, valueShift: 0.1 });
  assertClose(out, [0.225, 0.45, 0.9], 1e-6, 'brightness');
  assertClose(adjustHsvOnHost(Float32Array.of(0.5, 0.5, 0.5, 0, 0, 0), { saturationScale: 2, saturationOffset: 0.1, valueShift: 0 }), [0.5, 0.45, 0.45, 0, 0, 0], 1e-6, 'saturate');
});

/** Runs a kernel of the SIMD module on `inputs` (float32 arrays copied in, in order) and returns its float32 output of `outLength` values. */
function runKernel(inputs: Float32Array[], tables: Int32Array[], outLength: number, call: (kernels: WasmKernels, at: (name: string) => number) => void): Float32Array {
  const kernels = wasmKernels();
  const layout = new MemoryLayout<string>();
  inputs.forEach((values, k) => layout.reserve(`in${k}`, values.length, 'f32'));
  tables.forEach((values, k) => layout.reserve(`table${k}`, values.length, 'i32'));
  layout.reserve('out', outLength, 'f32');
  const views = layout.views(kernels);
  inputs.forEach((values, k) => views.f32(`in${k}`).set(values));
  tables.forEach((values, k) => views.i32(`table${k}`).set(values));
  call(kernels, (name) => layout.at(name));
  return Float32Array.from(views.f32('out'));
}

test('snowBlend equals the JavaScript float32 steps value for value (odd pixel count: the pair loop and its tail)', () => {
  const size = 7 * 5;
  const pixels = randomImages([1, 7, 5, 3], 11);
  // Layer values 0 or up to 1.2, so that some sums clip.
  const layer = Float32Array.from(randomImages([1, 7, 5, 1], 12), (v) => (v < 0.5 ? 0 : 2.4 * (v - 0.5)));
  for (const mix of [0.8, 0.55]) {
    const expected = new Float32Array(size * 3);
    for (let p = 0; p < size; p++) {
      const i = p * 3;
      const luma = Math.fround(Math.fround(Math.fround(pixels[i] * 0.299) + Math.fround(pixels[i + 1] * 0.587)) + Math.fround(pixels[i + 2] * 0.114));
      for (let c = 0; c < 3; c++) {
        const x = pixels[i + c];
        const whitened = Math.fround(Math.fround(x * mix) + Math.fround(Math.max(x, Math.fround(Math.fround(luma * 1.5) + 0.5)) * (1 - mix)));
        expected[i + c] = clipUnitValue(Math.fround(whitened + layer[p]) + layer[size - 1 - p]);
      }
    }
    const out = runKernel([pixels, layer], [], size * 3, (kernels, at) => kernels.snowBlend(at('in0'), at('in1'), size, mix, at('out')));
    assert.deepEqual(out, expected, `mix ${mix}`);
  }
});

test('displacedBilinear equals the JavaScript gather (float32 coordinates, reflected reads) value for value, displacements past the border', () => {
  const [height, width, channels] = [9, 11, 3];
  const pixels = randomImages([1, height, width, channels], 13);
  const field = Float32Array.from(randomImages([1, height, width, 2], 14), (v) => 8 * v - 4);
  const reach = 6;
  const expected = new Float32Array(height * width * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const row = Math.fround(y + field[2 * p + 1]);
      const column = Math.fround(x + field[2 * p]);
      const [y0, x0] = [Math.floor(row), Math.floor(column)];
      const [wy, wx] = [Math.fround(row - y0), Math.fround(column - x0)];
      const [top, bottom] = [borderIndex(y0, height, 'symmetric') * width, borderIndex(y0 + 1, height, 'symmetric') * width];
      const [left, right] = [borderIndex(x0, width, 'symmetric'), borderIndex(x0 + 1, width, 'symmetric')];
      for (let c = 0; c < channels; c++) {
        const upper = pixels[(top + left) * channels + c] * (1 - wx) + pixels[(top + right) * channels + c] * wx;
        const lower = pixels[(bottom + left) * channels + c] * (1 - wx) + pixels[(bottom + right) * channels + c] * wx;
        expected[p * channels + c] = clipUnitValue(upper * (1 - wy) + lower * wy);
      }
    }
  }
  const out = runKernel([pixels, field], [borderTable(height, reach, 'symmetric'), borderTable(width, reach, 'symmetric')], expected.length, (kernels, at) =>
    kernels.displacedBilinear(at('in0'), height, width, channels, at('in1'), at('table0'), at('table1'), reach, at('out')));
  assert.deepEqual(out, expected);
});
