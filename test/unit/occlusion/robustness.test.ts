// Occlusion robustness on 4×4 images (definitions.md §3; CutMix paper): centred holes, centre and boundary modes, their mean.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src/engine/backend';
import { OcclusionRobustnessTally, holeMask, holeSizes, occlusionRobustnessBatch } from '../../../src/engine/occlusion';

test('hole sizes run from 0 to the full side in even steps', () => {
  assert.deepEqual(holeSizes(4, 4, 5).map((h) => [h.fraction, h.height, h.width]), [[0, 0, 0], [0.25, 1, 1], [0.5, 2, 2], [0.75, 3, 3], [1, 4, 4]]);
  assert.deepEqual(holeSizes(224, 224).map((h) => h.height), [0, 28, 56, 84, 112, 140, 168, 196, 224]);
  assert.throws(() => holeSizes(4, 4, 1), /≥ 2/);
});

test('masks on a 4×4 image: centre zeroes the centred square, boundary everything outside it', async () => {
  await selectBackend('wasm');
  const before = tf.memory().numTensors;
  const [, one, two, three] = holeSizes(4, 4, 5);
  const read = async (mask: tf.Tensor4D): Promise<number[]> => {
    const values = Array.from(await mask.data());
    mask.dispose();
    return values;
  };
  assert.deepEqual(await read(holeMask(4, 4, two, 'centre')), [1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 1]);
  assert.deepEqual(await read(holeMask(4, 4, two, 'boundary')), [0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0]);
  // Odd holes on an even side start at floor((4 − h)/2): a 1-pixel hole at (1, 1), a 3-pixel one at rows and columns 0..2.
  assert.deepEqual(await read(holeMask(4, 4, one, 'centre')), [1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
  assert.deepEqual(await read(holeMask(4, 4, three, 'boundary')), [1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0]);
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
});

// z0 = sum of channel 0 over the centre 2×2 (rows and columns 1..2), z1 = 0.5.
// Image A: all ones, label 0 (z0 = 4, right). Image B: ones with the centre 2×2 zero, label 1 (z0 = 0, right).
// Centre mode, sizes 0..4: hole 0 → both right; hole 1 zeroes (1,1) → A: z0 = 3, right; holes 2, 3, 4 cover the centre → A: z0 = 0, wrong.
//   Errors 0, 0, ½, ½, ½. B never changes (its centre is already 0).
// Boundary mode: hole 0 zeroes all → A wrong; hole 1 keeps (1,1) → A: z0 = 1 > 0.5, right; larger holes keep the whole centre → right.
//   Errors ½, 0, 0, 0, 0. Occlusion = (1.5 + 0.5)/10 = 0.2.
const centreModel = {
  predict: async (x: tf.Tensor4D): Promise<tf.Tensor2D> => tf.tidy(() => {
    const z0 = tf.sum(tf.slice(x, [0, 1, 1, 0], [-1, 2, 2, 1]), [1, 2, 3]).reshape([-1, 1]);
    return tf.softmax(tf.concat([z0, tf.fill([x.shape[0], 1], 0.5)], 1)) as tf.Tensor2D;
  }),
};

test('error against hole size per mode and the single Occlusion number, summed over batches', async () => {
  await selectBackend('wasm');
  const sizes = holeSizes(4, 4, 5);
  const imageA = tf.ones([1, 4, 4, 3]) as tf.Tensor4D;
  const imageB = tf.tidy(() => tf.mul(imageA, holeMask(4, 4, sizes[2], 'centre')) as tf.Tensor4D);
  const before = tf.memory().numTensors;
  const tally = new OcclusionRobustnessTally(sizes);
  const batchA = await occlusionRobustnessBatch(centreModel, imageA, [0], sizes);
  assert.deepEqual(batchA, { centre: [0, 0, 1, 1, 1], boundary: [1, 0, 0, 0, 0] });
  tally.add(batchA, 1);
  tally.add(await occlusionRobustnessBatch(centreModel, imageB, [1], sizes), 1);
  const result = tally.result();
  assert.equal(result.imageCount, 2);
  assert.deepEqual(result.curves, [{ mode: 'centre', errors: [0, 0, 0.5, 0.5, 0.5] }, { mode: 'boundary', errors: [0.5, 0, 0, 0, 0] }]);
  assert.ok(Math.abs(result.occlusion - 0.2) < 1e-12, `Occlusion ${result.occlusion}`);
  assert.match(result.note, /before the model's normalisation/);
  await assert.rejects(occlusionRobustnessBatch(centreModel, imageA, [2], sizes), /from 0 to 1/);
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  tf.dispose([imageA, imageB]);
});
