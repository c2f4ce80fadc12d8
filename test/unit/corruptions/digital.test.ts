// Hand-worked checks of the digital definitions (definitions.md §1.1–1.2): contrast, saturation, pixelate, JPEG, elastic.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src/engine/backend';
import { hsvToRgb, rgbToHsv } from '../../../src/engine/corruptions/ops/hsv';
import { encodeJpeg, jpegRoundTrip } from '../../../src/engine/corruptions/ops/jpeg';
import { pillowBoxResize } from '../../../src/engine/corruptions/ops/pillowBoxResize';
import { SeededRandom } from '../../../src/engine/random';
import { constantImage, naturalImage, psnr, values, corruptUnquantised } from './testImages';

before(async () => {
  await selectBackend('wasm');
});

const rng = (): SeededRandom => SeededRandom.fromSeed(0);

test('contrast on a two-pixel image: (.2, .6), mean .4, c = .4 → (.32, .48)', async () => {
  const image = tf.tensor4d([0.2, 0.2, 0.2, 0.6, 0.6, 0.6], [1, 1, 2, 3]);
  const out = await corruptUnquantised(image, 'contrast', 1, rng(), { parameterSet: 'imagenet-c' });
  values(out).forEach((v, i) => assert.ok(Math.abs(v - (i < 3 ? 0.32 : 0.48)) < 1e-6, `${i}: ${v}`));
  tf.dispose([image, out]);
});

test('saturate: RGB (.4, .2, .2) has S = .5; S·.3 = .15 gives (.4, .34, .34); S·5 + .1 clips to 1 giving (.4, 0, 0)', async () => {
  const pixel = tf.tensor4d([0.4, 0.2, 0.2], [1, 1, 1, 3]);
  const weak = await corruptUnquantised(pixel, 'saturate', 1, rng(), { parameterSet: 'imagenet-c' });
  values(weak).forEach((v, c) => assert.ok(Math.abs(v - [0.4, 0.34, 0.34][c]) < 1e-6, `channel ${c}: ${v}`));
  const strong = await corruptUnquantised(pixel, 'saturate', 4, rng(), { parameterSet: 'imagenet-c' });
  values(strong).forEach((v, c) => assert.ok(Math.abs(v - [0.4, 0, 0][c]) < 1e-6, `channel ${c}: ${v}`));
  tf.dispose([pixel, weak, strong]);
});

test('RGB → HSV → RGB is the identity and matches skimage on known colours', () => {
  const colours = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0.2, 0.4, 0.6], [0.5, 0.5, 0.5], [0, 0, 0], [0.9, 0.1, 0.5]];
  const image = tf.tensor4d(colours.flat(), [1, 1, colours.length, 3]);
  const hsv = rgbToHsv(image);
  const back = hsvToRgb(hsv);
  values(back).forEach((v, i) => assert.ok(Math.abs(v - colours.flat()[i]) < 1e-6));
  assert.deepEqual(Array.from(values(hsv.hue)).slice(0, 3).map((h) => Number(h.toFixed(4))), [0, 0.3333, 0.6667]);
  // (.2, .4, .6): V = .6, S = 2/3, H = (4 + (.2 − .4)/.4)/6 = 7/12.
  assert.ok(Math.abs(values(hsv.hue)[3] - 7 / 12) < 1e-6 && Math.abs(values(hsv.saturation)[3] - 2 / 3) < 1e-6);
  tf.dispose([image, hsv.hue, hsv.saturation, hsv.value, back]);
});

test('pixelate: a 1-px checkerboard averages to flat 128/255 (PIL rounds 127.5 up); a 2-px one survives factor .5 exactly', async () => {
  const board = (cell: number): tf.Tensor4D => {
    const v = Array.from({ length: 64 }, (_, i) => ((Math.floor(i / 8 / cell) + Math.floor((i % 8) / cell)) % 2 ? 1 : 0));
    return tf.tensor4d(v.flatMap((x) => [x, x, x]), [1, 8, 8, 3]);
  };
  const fine = board(1);
  const flat = await corruptUnquantised(fine, 'pixelate', 2, rng(), { parameterSet: 'imagenet-c' });
  for (const v of values(flat)) assert.ok(Math.abs(v - 128 / 255) < 1e-6);
  const coarse = board(2);
  const same = await corruptUnquantised(coarse, 'pixelate', 2, rng(), { parameterSet: 'imagenet-c' });
  values(same).forEach((v, i) => assert.ok(Math.abs(v - values(coarse)[i]) < 1e-6));
  // PIL's BOX is not area coverage: 5 → 2 averages inputs 0–2 and 3–4 with equal weights (the filter is 1 on (−½, ½]),
  // and 2 → 5 repeats 10 twice and 20 three times (values from PIL itself).
  const grey = (levels: number[]): Uint8Array => Uint8Array.from(levels.flatMap((v) => [v, v, v]));
  assert.deepEqual(Array.from(pillowBoxResize(grey([0, 30, 60, 90, 120]), 1, 5, 1, 2)), Array.from(grey([30, 105])));
  assert.deepEqual(Array.from(pillowBoxResize(grey([10, 20]), 1, 2, 1, 5)), Array.from(grey([10, 10, 20, 20, 20])));
  tf.dispose([fine, flat, coarse, same]);
});

// Quality 100 still halves the chroma resolution (4:2:0, as PIL's default save), which bounds the PSNR of a
// colourful image with sharp edges near 31 dB.
test('jpeg: the encoded file shrinks as quality falls (25, 18, 15, 10, 7); quality 100 round-trips closely', async () => {
  const image = naturalImage(64);
  const bytes = Buffer.from(Array.from(values(image), (v) => Math.round(v * 255)));
  const sizes = await Promise.all([25, 18, 15, 10, 7].map(async (q) => (await encodeJpeg(bytes, 64, 64, q)).length));
  for (let i = 1; i < sizes.length; i++) assert.ok(sizes[i] < sizes[i - 1], `sizes ${sizes.join(', ')}`);
  const best = await jpegRoundTrip(image, 100);
  assert.ok(psnr(image, best) > 30, `quality 100 PSNR ${psnr(image, best)}`);
  const worst = await corruptUnquantised(image, 'jpeg_compression', 5, rng(), { parameterSet: 'imagenet-c' });
  assert.ok(psnr(image, worst) < psnr(image, best) - 8);
  tf.dispose([image, best, worst]);
});

test('elastic transform: a constant image stays constant (bilinear weights sum to 1, reflected edges)', async () => {
  const image = constantImage(32, 32, 0.45);
  const out = await corruptUnquantised(image, 'elastic_transform', 5, SeededRandom.fromSeed(8));
  for (const v of values(out)) assert.ok(Math.abs(v - 0.45) < 1e-5);
  tf.dispose([image, out]);
});
