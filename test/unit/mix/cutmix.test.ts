// CutMix over pairs (definitions.md §6): boxes from λ, clipped, λ recomputed as 1 − area/(W·H) from a replayed generator state.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { selectBackend } from '../../../src/engine/backend';
import { cutMixPairs } from '../../../src/engine/mix/cutmix';
import { sampleCutMixBox } from '../../../src/engine/mix/cutmixBox';
import { gatherPairBatch } from '../../../src/engine/mix/pairBatch';
import { SeededRandom } from '../../../src/engine/random';

before(async () => {
  await selectBackend('wasm');
});

/** Two constant 8×8 images: image 0 all 0.25 (class 1), image 1 all 1 (class 0). */
function twoImages(): tf.Tensor4D {
  return tf.concat([tf.fill([1, 8, 8, 3], 0.25), tf.ones([1, 8, 8, 3])]) as tf.Tensor4D;
}

test('fixed λ = 0.75 with seed 5: centre (7, 1), cut 8·√0.25 = 4, box x 5–7 × y 0–2 (3×3 after clipping), λ = 1 − 9/64 = 55/64', async () => {
  const replay = SeededRandom.fromSeed(5);
  assert.deepEqual([replay.int(8), replay.int(8)], [7, 1], 'the centre is drawn x first, then y');
  const images = twoImages();
  const pairs = gatherPairBatch(images, [1, 0], 2, [{ first: 0, second: 1 }]);
  const before = tf.memory().numTensors;
  const mixed = cutMixPairs(SeededRandom.fromSeed(5), pairs, { kind: 'fixed', value: 0.75 });
  assert.deepEqual(mixed.boxes, [{ x0: 5, y0: 0, x1: 8, y1: 3, lambda: 55 / 64 }]);
  assert.deepEqual(mixed.lambdas, [55 / 64]);
  const pixels = await mixed.images.data();
  let pasted = 0;
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) {
      const inside = x >= 5 && y < 3;
      assert.equal(pixels[(y * 8 + x) * 3], inside ? 1 : 0.25, `pixel ${x},${y}`);
      if (inside) pasted++;
    }
  }
  assert.equal(pasted, 9);
  const target = await mixed.targets.data();
  assert.ok(Math.abs(target[1] - 55 / 64) < 1e-6 && Math.abs(target[0] - 9 / 64) < 1e-6, `target ${target}`);
  tf.dispose([mixed.images, mixed.targets]);
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  tf.dispose([images, pairs.first, pairs.second]);
});

test('λ ~ Beta(β, β): each pair\'s box is the one sampleCutMixBox draws from the same generator state', async () => {
  const replay = SeededRandom.fromSeed(12);
  const expected = [sampleCutMixBox(replay, 8, 8, 1), sampleCutMixBox(replay, 8, 8, 1)];
  const images = twoImages();
  const pairs = gatherPairBatch(images, [1, 0], 2, [{ first: 0, second: 1 }, { first: 1, second: 0 }]);
  const mixed = cutMixPairs(SeededRandom.fromSeed(12), pairs);
  assert.deepEqual(mixed.boxes, expected);
  assert.deepEqual(mixed.lambdas, expected.map((b) => b.lambda));
  const sums = await mixed.images.sum([1, 2, 3]).data();
  const area = (b: (typeof expected)[number]): number => (b.x1 - b.x0) * (b.y1 - b.y0);
  assert.ok(Math.abs(sums[0] - 3 * (0.25 * (64 - area(expected[0])) + area(expected[0]))) < 1e-4);
  assert.ok(Math.abs(sums[1] - 3 * ((64 - area(expected[1])) + 0.25 * area(expected[1]))) < 1e-4);
  tf.dispose([images, pairs.first, pairs.second, mixed.images, mixed.targets]);
});
