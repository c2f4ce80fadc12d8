// Hand-worked checks of the weather definitions (definitions.md §1.1–1.2): HSV brightness, the plasma map,
// and the direction each layer moves the mean brightness.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src/engine/backend';
import { type CorruptionName, type Severity } from '../../../src/engine/corruptions';
import { plasmaFractal } from '../../../src/engine/corruptions/ops/plasmaFractal';
import { frostTexture } from '../../../src/engine/corruptions/weather/frostTexture';
import { SeededRandom } from '../../../src/engine/random';
import { mean, naturalBatch, std, values, corruptUnquantised } from './testImages';

before(async () => {
  await selectBackend('wasm');
});

async function meanShift(name: CorruptionName, severity: Severity, images: tf.Tensor4D): Promise<number> {
  const out = await corruptUnquantised(images, name, severity, SeededRandom.fromSeed(21).fork(name), { parameterSet: 'imagenet-c' });
  const shift = mean(out) - mean(images);
  out.dispose();
  return shift;
}

test('brightness: RGB (.4, .2, .2) is HSV (0, .5, .4); V + .1 gives (.5, .25, .25)', async () => {
  const pixel = tf.tensor4d([0.4, 0.2, 0.2], [1, 1, 1, 3]);
  const out = await corruptUnquantised(pixel, 'brightness', 1, SeededRandom.fromSeed(0), { parameterSet: 'imagenet-c' });
  values(out).forEach((v, c) => assert.ok(Math.abs(v - [0.5, 0.25, 0.25][c]) < 1e-6, `channel ${c}: ${v}`));
  tf.dispose([pixel, out]);
});

test('brightness: V is clipped at 1, so a white pixel stays white', async () => {
  const pixel = tf.tensor4d([1, 1, 1], [1, 1, 1, 3]);
  const out = await corruptUnquantised(pixel, 'brightness', 5, SeededRandom.fromSeed(0), { parameterSet: 'imagenet-c' });
  assert.deepEqual(Array.from(values(out)), [1, 1, 1]);
  tf.dispose([pixel, out]);
});

test('plasma fractal: a seeded map scaled to exactly [0, 1]', () => {
  const map = plasmaFractal(32, 2, SeededRandom.fromSeed(3));
  assert.equal(map.length, 32 * 32);
  assert.equal(Math.min(...map), 0);
  assert.equal(Math.max(...map), 1);
  assert.deepEqual(map, plasmaFractal(32, 2, SeededRandom.fromSeed(3)));
  assert.throws(() => plasmaFractal(48, 2, SeededRandom.fromSeed(3)), /power of two/);
});

// Fog gives (x + c·plasma)·m/(m + c), m the image's peak: a haze of mean ≈ m/2 over a dimmed image. A dark scene
// with a white highlight (m = 1) must get brighter.
test('fog: brightens a dark scene that has a white highlight', async () => {
  const dark = tf.tidy(() => {
    const dimmed = tf.mul(naturalBatch(32), 0.35);
    const highlight = tf.pad(tf.ones([2, 1, 1, 3]), [[0, 0], [0, 31], [0, 31], [0, 0]]);
    return tf.maximum(dimmed, highlight) as tf.Tensor4D;
  });
  for (const severity of [1, 5] as const) {
    const out = await corruptUnquantised(dark, 'fog', severity, SeededRandom.fromSeed(4), { parameterSet: 'imagenet-c' });
    assert.ok(mean(out) > mean(dark), `severity ${severity}: mean ${mean(out)} ≤ ${mean(dark)}`);
    out.dispose();
  }
  dark.dispose();
});

test('frost texture: light and bluish with mean near .5 like the photographs; frost brightens the image', async () => {
  const texture = frostTexture(64, 64, SeededRandom.fromSeed(6));
  const [r, , b] = tf.split(texture, 3, 3).map((t) => mean(t));
  assert.ok(mean(texture) > 0.4 && mean(texture) < 0.7, `mean ${mean(texture)}`);
  assert.ok(b > r, 'bluish');
  assert.ok(std(texture) > 0.05, 'has streaks and patches');
  texture.dispose();
  const images = naturalBatch(32);
  for (const severity of [1, 3, 5] as const) assert.ok((await meanShift('frost', severity, images)) > 0);
  images.dispose();
});

test('snow brightens the image at every severity', async () => {
  const images = naturalBatch(32);
  for (const severity of [1, 2, 3, 4, 5] as const) assert.ok((await meanShift('snow', severity, images)) > 0, `severity ${severity}`);
  images.dispose();
});

test('spatter: water drops brighten (severities 1–3), mud darkens (4–5)', async () => {
  const images = naturalBatch(64);
  for (const severity of [1, 2, 3] as const) assert.ok((await meanShift('spatter', severity, images)) > 0, `water, severity ${severity}`);
  for (const severity of [4, 5] as const) assert.ok((await meanShift('spatter', severity, images)) < 0, `mud, severity ${severity}`);
  images.dispose();
});
