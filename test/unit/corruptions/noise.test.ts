// Hand-worked checks of the noise definitions (definitions.md §1.1–1.2) on constant images.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { selectBackend } from '../../../src/engine/backend';
import { corrupt, SEVERITIES } from '../../../src/engine/corruptions';
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

test('shot noise on the reference photos has imagecorruptions\' strength (mean |change| within 3 % over seeds, every severity)', async () => {
  // imagecorruptions' shot_noise on inputs/imagenet-{0,1,2}.png, numpy seeds 0–5, mean |np.uint8(out) − clean| in grey
  // levels (computed with /usr/bin/python3, numpy 1.24, when the sampler moved to inversion; pasted here).
  const reference = [14.685657596371884, 21.820335382416857, 30.300046060090697, 44.707471551988846, 54.70683010617441];
  const inputs = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'corruptions', 'reference', 'inputs');
  const photos = await Promise.all([0, 1, 2].map((i) => sharp(join(inputs, `imagenet-${i}.png`)).removeAlpha().raw().toBuffer()));
  const clean = tf.tensor4d(Float32Array.from(Buffer.concat(photos), (v) => v / 255), [3, 224, 224, 3]);
  const cleanValues = values(clean);
  for (const severity of SEVERITIES) {
    let total = 0;
    for (const seed of [0, 1, 2, 3, 4, 5]) {
      const out = await corrupt(clean, 'shot_noise', severity, SeededRandom.fromSeed(seed), { parameterSet: 'imagenet-c' });
      const noisy = values(out);
      let change = 0;
      for (let i = 0; i < noisy.length; i++) change += Math.abs(Math.round(noisy[i] * 255) - Math.round(cleanValues[i] * 255));
      total += change / noisy.length;
      out.dispose();
    }
    const ours = total / 6;
    assert.ok(Math.abs(ours / reference[severity - 1] - 1) <= 0.03, `severity ${severity}: ${ours} vs ${reference[severity - 1]}`);
  }
  clean.dispose();
});
