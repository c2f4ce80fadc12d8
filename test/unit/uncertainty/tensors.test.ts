// The tensor-side parts of §5: per-image confidences from a classifier, and the synthetic OOD sets.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src/engine/backend';
import { SeededRandom } from '../../../src/engine/random';
import { summarisePredictions, syntheticOodImages } from '../../../src/engine/uncertainty';

/** A "classifier" whose probabilities are the 1×1 image's three values (each test image sums to 1). */
const pixelProbabilities = { predict: async (x: tf.Tensor4D): Promise<tf.Tensor2D> => x.reshape([x.shape[0], 3]) as tf.Tensor2D };

test('summarisePredictions reads max probability, top-1 and p(y) without leaking', async () => {
  await selectBackend('wasm');
  const images = tf.tensor4d([0.2, 0.5, 0.3, 0.7, 0.1, 0.2], [2, 1, 1, 3]);
  const before = tf.memory().numTensors;
  const summary = await summarisePredictions(pixelProbabilities, images, [2, 0]);
  assert.deepEqual(Array.from(summary.confidence, (v) => Number(v.toFixed(6))), [0.5, 0.7]);
  assert.deepEqual(Array.from(summary.predicted), [1, 0]);
  assert.deepEqual(Array.from(summary.trueClassProbability ?? [], (v) => Number(v.toFixed(6))), [0.3, 0.7]);
  const unlabelled = await summarisePredictions(pixelProbabilities, images, null);
  assert.equal(unlabelled.trueClassProbability, null);
  await assert.rejects(summarisePredictions(pixelProbabilities, images, [3, 0]), /from 0 to 2/);
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  images.dispose();
});

test('synthetic OOD sets: [b, H, W, 3] in [0, 1], repeatable from the seed; the Gaussian set is N(0.5, 1) clipped', async () => {
  await selectBackend('wasm');
  const before = tf.memory().numTensors;
  const uniform = syntheticOodImages('uniform-noise', SeededRandom.fromSeed(7), 2, 8, 8);
  const again = syntheticOodImages('uniform-noise', SeededRandom.fromSeed(7), 2, 8, 8);
  const gaussian = syntheticOodImages('gaussian-noise', SeededRandom.fromSeed(7), 2, 8, 8);
  assert.deepEqual(uniform.shape, [2, 8, 8, 3]);
  assert.deepEqual(await uniform.data(), await again.data(), 'same seed, same pixels');
  const u = await uniform.data();
  const g = await gaussian.data();
  assert.ok(u.every((v) => v >= 0 && v < 1));
  assert.ok(g.every((v) => v >= 0 && v <= 1));
  // P(N(0.5, 1) ≤ 0) = Φ(−0.5) ≈ 0.31 of 384 values are clipped to exactly 0, as many to exactly 1.
  const zeros = g.filter((v) => v === 0).length / g.length;
  const ones = g.filter((v) => v === 1).length / g.length;
  assert.ok(zeros > 0.22 && zeros < 0.4, `fraction clipped to 0: ${zeros}`);
  assert.ok(ones > 0.22 && ones < 0.4, `fraction clipped to 1: ${ones}`);
  tf.dispose([uniform, again, gaussian]);
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  assert.throws(() => syntheticOodImages('uniform-noise', SeededRandom.fromSeed(1), 0, 8, 8), /count/);
});
