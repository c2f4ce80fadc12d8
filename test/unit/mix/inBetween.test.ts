// In-between statistics (definitions.md §6) on a constructed set of predictions: top-2 = {y1, y2} and the gaps |p(y1) − λ|, |p(y2) − (1−λ)|.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { selectBackend } from '../../../src/engine/backend';
import { inBetweenStatistics, predictMixed } from '../../../src/engine/mix/inBetween';
import { mixedTargets } from '../../../src/engine/mix/targets';

before(async () => {
  await selectBackend('wasm');
});

// Four mixed images over 4 classes, as (y1, y2, λ) and the model's probabilities:
//   0: (0, 1, 0.6) p = (0.5, 0.3, 0.1, 0.1)   top-2 {0, 1} ✓  gaps |0.5 − 0.6| = 0.1, |0.3 − 0.4| = 0.1
//   1: (2, 3, 0.5) p = (0.1, 0.1, 0.3, 0.5)   top-2 {3, 2} ✓  gaps 0.2, 0
//   2: (0, 2, 0.7) p = (0.4, 0.45, 0.1, 0.05) top-2 {1, 0} ✗  gaps 0.3, 0.2
//   3: (1, 1, 0.3) same class: left out.
// Over the three mixed pairs: match rate 2/3, mean gap for y1 (0.1 + 0.2 + 0.3)/3 = 0.2, for y2 (0.1 + 0 + 0.2)/3 = 0.1.
const firstClasses = [0, 2, 0, 1];
const secondClasses = [1, 3, 2, 1];
const lambdas = [0.6, 0.5, 0.7, 0.3];
const predicted = [[0.5, 0.3, 0.1, 0.1], [0.1, 0.1, 0.3, 0.5], [0.4, 0.45, 0.1, 0.05], [0.2, 0.6, 0.1, 0.1]];

test('predictMixed pairs each image\'s target with the model\'s distribution and top-2; the statistics are worked by hand', async () => {
  let forwardPasses = 0;
  const classifier = { predict: async (x: tf.Tensor4D) => { forwardPasses++; return tf.tensor2d(predicted.slice(0, x.shape[0])); } };
  const images = tf.zeros([4, 2, 2, 3]) as tf.Tensor4D;
  const targets = mixedTargets(firstClasses, secondClasses, lambdas, 4);
  const before = tf.memory().numTensors;
  const predictions = await predictMixed(classifier, { images, targets, lambdas }, firstClasses, secondClasses);
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  assert.equal(forwardPasses, 1);
  assert.deepEqual(predictions.map((p) => p.topTwo), [[0, 1], [3, 2], [1, 0], [1, 0]]);
  const row0 = predictions[0].target;
  [0.6, 0.4, 0, 0].forEach((v, k) => assert.ok(Math.abs(row0[k] - v) < 1e-6, `target ${row0}`));
  const stats = inBetweenStatistics(predictions);
  assert.equal(stats.pairCount, 3);
  assert.equal(stats.sameClassPairs, 1);
  assert.ok(Math.abs(stats.topTwoMatchRate - 2 / 3) < 1e-9);
  assert.ok(Math.abs(stats.meanGapFirst - 0.2) < 1e-6, `${stats.meanGapFirst}`);
  assert.ok(Math.abs(stats.meanGapSecond - 0.1) < 1e-6, `${stats.meanGapSecond}`);
  tf.dispose([images, targets]);
});

test('ties in the top-2 go to the lower class index', async () => {
  const classifier = { predict: async () => tf.tensor2d([[0.25, 0.25, 0.25, 0.25]]) };
  const images = tf.zeros([1, 2, 2, 3]) as tf.Tensor4D;
  const targets = mixedTargets([3], [2], [0.5], 4);
  const [prediction] = await predictMixed(classifier, { images, targets, lambdas: [0.5] }, [3], [2]);
  assert.deepEqual(prediction.topTwo, [0, 1]);
  assert.equal(inBetweenStatistics([prediction]).topTwoMatchRate, 0);
  tf.dispose([images, targets]);
});
