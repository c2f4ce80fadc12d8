// Pairs for the mix previews (definitions.md §6): seeded random pairs of two different items, pairs across two classes, an explicit pair.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { selectBackend } from '../../../src/engine/backend';
import { gatherPairBatch } from '../../../src/engine/mix/pairBatch';
import { crossClassPairs, explicitPair, randomPairs } from '../../../src/engine/mix/pairs';
import { SeededRandom } from '../../../src/engine/random';

before(async () => {
  await selectBackend('wasm');
});

test('random pairs: the same seed gives the same pairs, and the two items of a pair always differ', () => {
  const pairs = randomPairs(SeededRandom.fromSeed(21), 5, 200);
  assert.deepEqual(randomPairs(SeededRandom.fromSeed(21), 5, 200), pairs);
  for (const { first, second } of pairs) assert.ok(first !== second && first >= 0 && first < 5 && second >= 0 && second < 5);
  assert.equal(new Set(pairs.map((p) => `${p.first},${p.second}`)).size, 20, 'all 5·4 ordered pairs turn up in 200 draws');
  assert.throws(() => randomPairs(SeededRandom.fromSeed(1), 1, 1), /at least two images/);
});

test('cross-class pairs take the first item from one class and the second from the other', () => {
  const classes = [3, 1, 3, 0, 1, 3];
  const pairs = crossClassPairs(SeededRandom.fromSeed(2), classes, 3, 1, 50);
  for (const { first, second } of pairs) assert.ok(classes[first] === 3 && classes[second] === 1);
  assert.throws(() => crossClassPairs(SeededRandom.fromSeed(2), classes, 3, 7, 1), /No image of class 7/);
});

test('an explicit pair is checked against the batch, and gathering it gives x1, x2 and their classes', async () => {
  assert.throws(() => explicitPair(0, 4, 4), /Image 4 is not in this batch/);
  const images = tf.tidy(() => tf.tensor1d([0, 1, 2, 3]).reshape([4, 1, 1, 1]).tile([1, 2, 2, 3]) as tf.Tensor4D);
  const batch = gatherPairBatch(images, [2, 0, 1, 2], 3, explicitPair(3, 1, 4));
  assert.deepEqual([batch.firstClasses, batch.secondClasses, batch.classCount], [[2], [0], 3]);
  assert.deepEqual([(await batch.first.data())[0], (await batch.second.data())[0]], [3, 1]);
  tf.dispose([images, batch.first, batch.second]);
});
