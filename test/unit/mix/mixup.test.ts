// Mixup (definitions.md §6) worked by hand on 2×2 images: x = λx1 + (1−λ)x2, y = λy1 + (1−λ)y2.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { selectBackend } from '../../../src/engine/backend';
import { gatherPairBatch } from '../../../src/engine/mix/pairBatch';
import { mixup } from '../../../src/engine/mix/mixup';
import { SeededRandom } from '../../../src/engine/random';

before(async () => {
  await selectBackend('wasm');
});

function assertClose(got: ArrayLike<number>, expected: number[], message: string): void {
  assert.equal(got.length, expected.length, message);
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(got[i] - expected[i]) < 1e-6, `${message}: value ${i} is ${got[i]}, expected ${expected[i]}`);
}

// Image A (class 0): red channel 0, 0.4, 0.8, 1 over the four pixels; green 1; blue 0. Image B (class 2): red 1, 0, 0.2, 0.6; green 0; blue 0.5.
const imageA = [0, 1, 0, 0.4, 1, 0, 0.8, 1, 0, 1, 1, 0];
const imageB = [1, 0, 0.5, 0, 0, 0.5, 0.2, 0, 0.5, 0.6, 0, 0.5];

test('fixed λ = 0.25: red = 0.25·A + 0.75·B = 0.75, 0.1, 0.35, 0.7; green 0.25; blue 0.375; target (0.25, 0, 0.75)', async () => {
  const images = tf.tensor4d([...imageA, ...imageB], [2, 2, 2, 3]);
  const pairs = gatherPairBatch(images, [0, 2], 3, [{ first: 0, second: 1 }]);
  const before = tf.memory().numTensors;
  const mixed = mixup(SeededRandom.fromSeed(1), pairs, { kind: 'fixed', value: 0.25 });
  assert.deepEqual(mixed.lambdas, [0.25]);
  assertClose(await mixed.images.data(), [0.75, 0.25, 0.375, 0.1, 0.25, 0.375, 0.35, 0.25, 0.375, 0.7, 0.25, 0.375], 'pixels');
  assertClose(await mixed.targets.data(), [0.25, 0, 0.75], 'target');
  tf.dispose([mixed.images, mixed.targets]);
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  tf.dispose([images, pairs.first, pairs.second]);
});

test('λ ~ Beta(α, α): one draw per pair from the generator, in pair order, and each pair mixed by its own λ', async () => {
  const images = tf.tensor4d([...imageA, ...imageB], [2, 2, 2, 3]);
  const pairs = gatherPairBatch(images, [0, 2], 3, [{ first: 0, second: 1 }, { first: 1, second: 0 }]);
  const replay = SeededRandom.fromSeed(8);
  const expectedLambdas = [replay.beta(0.4, 0.4), replay.beta(0.4, 0.4)];
  const mixed = mixup(SeededRandom.fromSeed(8), pairs, { kind: 'beta', concentration: 0.4 });
  assert.deepEqual(mixed.lambdas, expectedLambdas);
  const [l0, l1] = expectedLambdas;
  const pixels = await mixed.images.data();
  assertClose(pixels.subarray(0, 12), imageA.map((a, i) => l0 * a + (1 - l0) * imageB[i]), 'pair 0');
  assertClose(pixels.subarray(12), imageB.map((b, i) => l1 * b + (1 - l1) * imageA[i]), 'pair 1');
  assertClose(await mixed.targets.data(), [l0, 0, 1 - l0, 1 - l1, 0, l1], 'targets');
  tf.dispose([images, pairs.first, pairs.second, mixed.images, mixed.targets]);
});

test('a fixed λ outside [0, 1] is refused with a message', () => {
  const images = tf.zeros([2, 2, 2, 3]) as tf.Tensor4D;
  const pairs = gatherPairBatch(images, [0, 1], 2, [{ first: 0, second: 1 }]);
  assert.throws(() => mixup(SeededRandom.fromSeed(1), pairs, { kind: 'fixed', value: 1.5 }), /between 0 and 1/);
  tf.dispose([images, pairs.first, pairs.second]);
});
