import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { boxAround, cutMixBatch, sampleCutMixBox } from '../../../src/engine/mix/cutmixBox';
import { SeededRandom } from '../../../src/engine/random';

before(async () => {
  await tf.setBackend('cpu');
});

test('a box inside the image keeps its full area: λ = 1 − 20·10/(64·64)', () => {
  const box = boxAround(30, 20, 10, 5, 64, 64);
  assert.deepEqual({ ...box, lambda: undefined }, { x0: 20, y0: 15, x1: 40, y1: 25, lambda: undefined });
  assert.equal(box.lambda, 1 - 200 / 4096);
});

test('a box clipped at the corner counts only the part inside the image', () => {
  // Centre (2, 60) with half-sizes 8 × 6 on a 64×64 image: x ∈ [0, 10), y ∈ [54, 64) → 10·10 pixels.
  const box = boxAround(2, 60, 8, 6, 64, 64);
  assert.deepEqual([box.x0, box.y0, box.x1, box.y1], [0, 54, 10, 64]);
  assert.equal(box.lambda, 1 - 100 / 4096);
});

test('a non-square image uses H for y and W for x', () => {
  const box = boxAround(0, 0, 4, 4, 10, 40);
  assert.deepEqual([box.x0, box.y0, box.x1, box.y1], [0, 0, 4, 4]);
  assert.equal(box.lambda, 1 - 16 / 400);
});

test('sampleCutMixBox draws λ from Beta(β, β), then int() truncation and the centre from the same generator', () => {
  const replay = SeededRandom.fromSeed(99);
  const lambda = replay.beta(1, 1);
  const cut = Math.trunc(32 * Math.sqrt(1 - lambda));
  const cx = replay.int(32);
  const cy = replay.int(32);
  const expected = boxAround(cx, cy, Math.floor(cut / 2), Math.floor(cut / 2), 32, 32);
  assert.deepEqual(sampleCutMixBox(SeededRandom.fromSeed(99), 32, 32, 1), expected);
});

test('sampled boxes stay inside the image and λ equals 1 − area/(W·H)', () => {
  const rng = SeededRandom.fromSeed(5);
  let meanLambda = 0;
  const n = 4000;
  for (let i = 0; i < n; i++) {
    const b = sampleCutMixBox(rng, 48, 64);
    assert.ok(0 <= b.x0 && b.x0 <= b.x1 && b.x1 <= 64 && 0 <= b.y0 && b.y0 <= b.y1 && b.y1 <= 48);
    assert.equal(b.lambda, 1 - ((b.x1 - b.x0) * (b.y1 - b.y0)) / (48 * 64));
    meanLambda += b.lambda / n;
  }
  // Clipping and truncation only shrink the box, so the recomputed λ is on average above E[Beta(1,1)] = 1/2.
  assert.ok(meanLambda > 0.5 && meanLambda < 0.75, `mean λ ${meanLambda}`);
});

test('cutMixBatch pastes the partner\'s box and mixes labels by the recomputed λ', () => {
  const n = 4, h = 8, w = 8;
  const images = tf.tidy(() => tf.tensor1d([0, 1, 2, 3]).reshape([n, 1, 1, 1]).tile([1, h, w, 3]) as tf.Tensor4D);
  const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), 4).toFloat() as tf.Tensor2D;
  const before = tf.memory().numTensors;
  const mixed = cutMixBatch(SeededRandom.fromSeed(3), images, labels);
  assert.equal(tf.memory().numTensors, before + 2);
  const { box, partner } = mixed;
  const pixels = mixed.images.arraySync();
  const mixedLabels = mixed.labels.arraySync();
  for (let i = 0; i < n; i++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const inside = x >= box.x0 && x < box.x1 && y >= box.y0 && y < box.y1;
        assert.equal(pixels[i][y][x][0], inside ? partner[i] : i);
      }
    }
    const expected = [0, 0, 0, 0];
    expected[i] += box.lambda;
    expected[partner[i]] += 1 - box.lambda;
    mixedLabels[i].forEach((v, k) => assert.ok(Math.abs(v - expected[k]) < 1e-6, `row ${i}: ${mixedLabels[i]} vs ${expected}`));
  }
  tf.dispose([images, labels, mixed.images, mixed.labels]);
});
