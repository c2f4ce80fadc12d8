// Hand-worked checks of the blur definitions (definitions.md §1.1–1.2): kernels, impulse responses, invariants.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src/engine/backend';
import { defocusKernel } from '../../../src/engine/corruptions/blur/defocusBlur';
import { gaussianBlur } from '../../../src/engine/corruptions/blur/gaussianBlur';
import { shufflePixelsLocally } from '../../../src/engine/corruptions/blur/glassBlur';
import { zoomFactors } from '../../../src/engine/corruptions/blur/zoomBlur';
import { gaussianKernel1d } from '../../../src/engine/corruptions/ops/convolution';
import { motionShifts } from '../../../src/engine/corruptions/ops/motionShifts';
import { SeededRandom } from '../../../src/engine/random';
import { constantImage, values, corruptUnquantised } from './testImages';

before(async () => {
  await selectBackend('wasm');
});

test('defocus kernel: disk normalised then smoothed, not renormalised; support [-8, 8] for radius ≤ 8 and [-r, r] above', () => {
  // Sums of the generator's kernels (cv2.GaussianBlur of the normalised disk, reflected border): where the disk
  // reaches the support's edge (radius 8 and 10) the reflection adds mass, and the generator keeps it.
  for (const [radius, alias, expectedSum] of [[3, 0.1, 1], [8, 0.5, 1.0129754543], [10, 0.5, 1.0107858181], [0.3, 0.4, 1]] as const) {
    const kernel = defocusKernel(radius, alias);
    const support = radius <= 8 ? 8 : radius;
    assert.equal(kernel.height, 2 * support + 1);
    const sum = kernel.weights.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - expectedSum) < 1e-6, `radius ${radius}: sum ${sum}, the generator's ${expectedSum}`);
    for (let y = -support; y <= support; y++) {
      for (let x = -support; x <= support; x++) {
        const w = kernel.weights[(y + support) * kernel.width + x + support];
        // The 3×3/5×5 anti-alias blur reaches at most 1–2 pixels beyond the disk.
        if (Math.hypot(y, x) > radius + (radius <= 8 ? 1.5 : 3)) assert.equal(w, 0, `(${y}, ${x}) = ${w}`);
      }
    }
  }
  // Radius 3 with σ = .1: practically the aliased disk, 29 pixels of 1/29.
  const disk = defocusKernel(3, 0.1);
  assert.ok(Math.abs(disk.weights[8 * 17 + 8] - 1 / 29) < 1e-4);
});

test('gaussian blur of an impulse is the Gaussian kernel (σ = 1, truncated at 4σ)', () => {
  const side = 21;
  const impulse = new Float32Array(side * side * 3);
  const centre = (side - 1) / 2;
  for (let c = 0; c < 3; c++) impulse[(centre * side + centre) * 3 + c] = 1;
  const image = tf.tensor4d(impulse, [1, side, side, 3]);
  const rows = [{ sigma: 1 }, { sigma: 2 }, { sigma: 3 }, { sigma: 4 }, { sigma: 6 }] as const;
  const out = gaussianBlur(image, 1, SeededRandom.fromSeed(0), { rows, pixelScale: 1 });
  const kernel = gaussianKernel1d(1, 4);
  assert.equal(kernel.length, 9);
  const got = values(out);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const dy = y - centre + 4;
      const dx = x - centre + 4;
      const expected = dy >= 0 && dy < 9 && dx >= 0 && dx < 9 ? kernel[dy] * kernel[dx] : 0;
      assert.ok(Math.abs(got[(y * side + x) * 3 + 1] - expected) < 1e-6, `(${y}, ${x})`);
    }
  }
  tf.dispose([image, out]);
});

test('zoom blur of a constant image is constant; factor lists are numpy.arange value for value', async () => {
  // numpy.arange(1, 1.11, .01) has 12 values (⌈.11/.01⌉ in float64 rounds the end point in); (1, 1.06, .01) has 7.
  assert.equal(zoomFactors({ end: 1.11, step: 0.01 }).length, 12);
  assert.equal(zoomFactors({ end: 1.06, step: 0.01 }).length, 7);
  // numpy fills start + k·((start + step) − start), so the float64 values carry numpy's own last digits.
  assert.deepEqual(zoomFactors({ end: 1.31, step: 0.03 }), [1, 1.03, 1.06, 1.09, 1.12, 1.1500000000000001, 1.1800000000000002, 1.2100000000000002, 1.2400000000000002, 1.2700000000000002, 1.3000000000000003]);
  const image = constantImage(32, 32, 77 / 255);
  const out = await corruptUnquantised(image, 'zoom_blur', 5, SeededRandom.fromSeed(0), { parameterSet: 'imagenet-c' });
  for (const v of values(out)) assert.ok(Math.abs(v - 77 / 255) < 1e-6);
  tf.dispose([image, out]);
});

test('motion blur: the one-sided kernel sums to 1 and runs along the angle; a constant image stays constant', async () => {
  const level = motionShifts(10, 3, 0, 224, 224);
  assert.equal(level.length, 21);
  assert.ok(Math.abs(level.reduce((a, s) => a + s.weight, 0) - 1) < 1e-9);
  assert.ok(level.every((s, i) => s.dy === 0 && s.dx === i));
  assert.ok(level[0].weight > level[1].weight);
  const diagonal = motionShifts(10, 3, 45, 224, 224);
  assert.ok(diagonal.every((s) => s.dy === s.dx));
  const image = constantImage(32, 32, 179 / 255);
  const out = await corruptUnquantised(image, 'motion_blur', 5, SeededRandom.fromSeed(5));
  for (const v of values(out)) assert.ok(Math.abs(v - 179 / 255) < 1e-5 || Math.abs(v - 178 / 255) < 1e-5);
  tf.dispose([image, out]);
});

test('glass blur moves copy the neighbour (it keeps its value), away from the border', () => {
  const height = 12;
  const width = 10;
  const original = Uint8Array.from({ length: height * width * 3 }, (_, i) => Math.floor(i / 3));
  const pixels = Uint8Array.from(original);
  shufflePixelsLocally(pixels, height, width, 2, 3, SeededRandom.fromSeed(9));
  assert.notDeepEqual(Array.from(pixels), Array.from(original));
  // Copies, not swaps: some value now appears twice and some has gone.
  assert.ok(new Set(pixels).size < new Set(original).size);
  // Row 0 is never reached: the scan stops δ + 1 from the top and offsets reach back at most δ.
  for (let x = 0; x < width; x++) assert.equal(pixels[x * 3], x);
  // The three channels of a pixel always move together.
  for (let i = 0; i < height * width; i++) assert.ok(pixels[i * 3] === pixels[i * 3 + 1] && pixels[i * 3] === pixels[i * 3 + 2]);
});
