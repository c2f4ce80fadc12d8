// Cutout (definitions.md §6): a square of side L centred at a uniform pixel, clipped by the border, zeroed; pixels counted by hand.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { selectBackend } from '../../../src/engine/backend';
import { cutout, cutoutSquare } from '../../../src/engine/mix/cutout';
import { SeededRandom } from '../../../src/engine/random';

before(async () => {
  await selectBackend('wasm');
});

test('a square inside the image has side exactly L, odd or even', () => {
  assert.deepEqual(cutoutSquare(5, 5, 4, 10, 10), { x0: 3, y0: 3, x1: 7, y1: 7 });
  assert.deepEqual(cutoutSquare(5, 5, 3, 10, 10), { x0: 4, y0: 4, x1: 7, y1: 7 });
});

test('seed 1 centres the square at the top-right corner (4, 0) of a 5×5 image: L = 4 keeps columns 2–4 and rows 0–1, 6 pixels', async () => {
  const replay = SeededRandom.fromSeed(1);
  assert.deepEqual([replay.int(5), replay.int(5)], [4, 0], 'the centre is drawn x first, then y');
  const image = tf.fill([1, 5, 5, 3], 0.5) as tf.Tensor4D;
  const before = tf.memory().numTensors;
  const { images, squares } = cutout(SeededRandom.fromSeed(1), image, 4);
  // x ∈ [4 − 2, 4 − 2 + 4) = [2, 6) → [2, 5); y ∈ [0 − 2, 2) → [0, 2).
  assert.deepEqual(squares, [{ x0: 2, y0: 0, x1: 5, y1: 2 }]);
  const pixels = await images.data();
  const zeroed: string[] = [];
  for (let y = 0; y < 5; y++) {
    for (let x = 0; x < 5; x++) {
      const rgb = Array.from(pixels.subarray((y * 5 + x) * 3, (y * 5 + x) * 3 + 3));
      if (rgb.every((v) => v === 0)) zeroed.push(`${x},${y}`);
      else assert.deepEqual(rgb, [0.5, 0.5, 0.5], `pixel ${x},${y} untouched`);
    }
  }
  assert.deepEqual(zeroed, ['2,0', '3,0', '4,0', '2,1', '3,1', '4,1']);
  images.dispose();
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  image.dispose();
});

test('each image of a batch gets its own square from the same generator, one after another', async () => {
  const replay = SeededRandom.fromSeed(4);
  const expected = [0, 1, 2].map(() => {
    const cx = replay.int(8);
    const cy = replay.int(6);
    return cutoutSquare(cx, cy, 3, 6, 8);
  });
  const image = tf.ones([3, 6, 8, 3]) as tf.Tensor4D;
  const { images, squares } = cutout(SeededRandom.fromSeed(4), image, 3);
  assert.deepEqual(squares, expected);
  const sums = await images.sum([1, 2, 3]).data();
  squares.forEach((s, n) => assert.equal(sums[n], 3 * (48 - (s.x1 - s.x0) * (s.y1 - s.y0)), `image ${n}`));
  tf.dispose([image, images]);
});
