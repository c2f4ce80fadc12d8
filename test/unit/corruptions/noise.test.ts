// Hand-worked checks of the noise definitions (definitions.md §1.1–1.2) on constant images.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src/engine/backend';
import { SeededRandom } from '../../../src/engine/random';
import { constantImage, mean, std, values, corruptUnquantised } from './testImages';

before(async () => {
  await selectBackend('wasm');
});

test('gaussian noise: sample std is σ (ImageNet-C severity 1, σ = .08) and the mean is kept', async () => {
  const clean = constantImage(64, 64, 0.5);
  const out = await corruptUnquantised(clean, 'gaussian_noise', 1, SeededRandom.fromSeed(1), { parameterSet: 'imagenet-c' });
  assert.ok(Math.abs(std(out) - 0.08) < 0.08 * 0.03, `std ${std(out)}`);
  assert.ok(Math.abs(mean(out) - 0.5) < 0.003, `mean ${mean(out)}`);
  tf.dispose([clean, out]);
});

test('shot noise: Poisson(x·c)/c has mean x and variance x/c (x = .5, c = 60)', async () => {
  const clean = constantImage(64, 64, 0.5);
  const out = await corruptUnquantised(clean, 'shot_noise', 1, SeededRandom.fromSeed(2), { parameterSet: 'imagenet-c' });
  const variance = std(out) ** 2;
  assert.ok(Math.abs(mean(out) - 0.5) < 0.003, `mean ${mean(out)}`);
  assert.ok(Math.abs(variance - 0.5 / 60) < (0.5 / 60) * 0.06, `variance ${variance}, expected ${0.5 / 60}`);
  // Every value is a whole number of photons over c.
  for (const v of values(out).slice(0, 200)) assert.ok(Math.abs(v * 60 - Math.round(v * 60)) < 1e-4);
  tf.dispose([clean, out]);
});

test('impulse noise: a fraction `amount` of values becomes 0 or 1, half each (severity 5, amount .27)', async () => {
  const clean = constantImage(64, 64, 0.5);
  const out = await corruptUnquantised(clean, 'impulse_noise', 5, SeededRandom.fromSeed(3), { parameterSet: 'imagenet-c' });
  const all = values(out);
  const salt = all.filter((v) => v === 1).length / all.length;
  const pepper = all.filter((v) => v === 0).length / all.length;
  const untouched = all.filter((v) => v === 0.5).length / all.length;
  assert.ok(Math.abs(salt + pepper - 0.27) < 0.015, `flipped ${salt + pepper}`);
  assert.ok(Math.abs(salt - pepper) < 0.02, `salt ${salt}, pepper ${pepper}`);
  assert.ok(Math.abs(salt + pepper + untouched - 1) < 1e-9);
  tf.dispose([clean, out]);
});

test('speckle noise: x + x·N(0, σ) has std x·σ (x = .5, σ = .15)', async () => {
  const clean = constantImage(64, 64, 0.5);
  const out = await corruptUnquantised(clean, 'speckle_noise', 1, SeededRandom.fromSeed(4), { parameterSet: 'imagenet-c' });
  assert.ok(Math.abs(std(out) - 0.075) < 0.075 * 0.03, `std ${std(out)}`);
  tf.dispose([clean, out]);
});
