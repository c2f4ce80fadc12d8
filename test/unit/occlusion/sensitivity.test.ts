// Occlusion sensitivity on a model whose answer is known (definitions.md §3): p(class 0) = mean of the top-left 2×2 quadrant
// (all channels), p(class 1) = 1 − that, so each window's drop is the sum of the quadrant values it hides, divided by 4.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src/engine/backend';
import { occlusionSensitivity, occlusionWindows } from '../../../src/engine/occlusion';

const quadrantModel = {
  predict: async (x: tf.Tensor4D): Promise<tf.Tensor2D> => tf.tidy(() => {
    const q = tf.mean(tf.slice(x, [0, 0, 0, 0], [-1, 2, 2, 3]), [1, 2, 3]).reshape([-1, 1]);
    return tf.concat([q, tf.sub(1, q)], 1) as tf.Tensor2D;
  }),
};

// 4×4 grey image (0.5), quadrant pixels (0,0) = 0.9, (0,1) = 0.5, (1,0) = 0.3, (1,1) = 0.7, equal in every channel: p0 = 2.4/4 = 0.6.
function quadrantImage(): tf.Tensor3D {
  const values = new Array<number>(16).fill(0.5);
  [values[0], values[1], values[4], values[5]] = [0.9, 0.5, 0.3, 0.7];
  return tf.tidy(() => tf.tile(tf.tensor3d(values, [4, 4, 1]), [1, 1, 3]) as tf.Tensor3D);
}

const assertMap = (actual: ArrayLike<number>, expected: number[], message: string): void => {
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(actual[i] - expected[i]) < 1e-6, `${message}: pixel ${i} is ${actual[i]}, expected ${expected[i]}`);
};

// Window 2, stride 1: starts 0, 1, 2 per axis, 9 windows. Zero-filled drops D(r, c): D(0,0) = 2.4/4 = 0.6, D(0,1) = (0.5 + 0.7)/4 = 0.3,
// D(1,0) = (0.3 + 0.7)/4 = 0.25, D(1,1) = 0.7/4 = 0.175, all others 0. Each pixel averages the windows covering it, e.g.
// (1,1): (0.6 + 0.3 + 0.25 + 0.175)/4 = 0.33125; (0,1): (0.6 + 0.3)/2 = 0.45; (2,1): (0.25 + 0.175 + 0 + 0)/4 = 0.10625.
test('zero baseline, overlapping windows: the map is the hand-computed mean drop; copies batched with progress', async () => {
  await selectBackend('wasm');
  const image = quadrantImage();
  const before = tf.memory().numTensors;
  const progress: number[] = [];
  let forwardPasses = 0;
  const counting = { predict: (x: tf.Tensor4D) => { forwardPasses++; return quadrantModel.predict(x); } };
  const result = await occlusionSensitivity(counting, image, { window: 2, stride: 1, baseline: { kind: 'zero' }, batchSize: 4, onProgress: (done) => progress.push(done) });
  assert.equal(result.target, 0, 'default target is the top-1 class');
  assert.ok(Math.abs(result.baseProbability - 0.6) < 1e-6);
  assert.equal(result.windowCount, 9);
  assert.deepEqual(progress, [4, 8, 9]);
  assert.equal(forwardPasses, 1 + 3, 'one pass for the unoccluded image, then 9 copies in batches of 4');
  assertMap(await result.map.data(), [
    0.6, 0.45, 0.15, 0,
    0.425, 0.33125, 0.11875, 0,
    0.125, 0.10625, 0.04375, 0,
    0, 0, 0, 0,
  ], 'map');
  result.map.dispose();
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  image.dispose();
});

// Mean colour (0.1, 0.2, 0.3), window 2, stride 2: only the top-left window touches the quadrant; it becomes mean 0.2: drop 0.6 − 0.2 = 0.4.
// Target class 1 is the mirror image: its probability rises by 0.4, a drop of −0.4.
test('mean-colour baseline and an explicit target class', async () => {
  await selectBackend('wasm');
  const image = quadrantImage();
  const before = tf.memory().numTensors;
  const forClass0 = await occlusionSensitivity(quadrantModel, image, { window: 2, stride: 2, baseline: { kind: 'mean', colour: [0.1, 0.2, 0.3] } });
  const q = [0.4, 0.4, 0, 0, 0.4, 0.4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  assertMap(await forClass0.map.data(), q, 'class 0');
  const forClass1 = await occlusionSensitivity(quadrantModel, image, { window: 2, stride: 2, baseline: { kind: 'mean', colour: [0.1, 0.2, 0.3] }, target: 1 });
  assert.equal(forClass1.target, 1);
  assertMap(await forClass1.map.data(), q.map((v) => -v), 'class 1');
  tf.dispose([forClass0.map, forClass1.map]);
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  image.dispose();
});

test('blur baseline: blurring a flat image changes nothing, so the map is zero; its σ defaults to half the window', async () => {
  await selectBackend('wasm');
  const flat = tf.fill([6, 6, 3], 0.4) as tf.Tensor3D;
  const before = tf.memory().numTensors;
  const result = await occlusionSensitivity(quadrantModel, flat, { window: 4, stride: 2, baseline: { kind: 'blur' } });
  assertMap(await result.map.data(), new Array(36).fill(0), 'map');
  assert.match(result.baseline, /σ = 2 px/);
  result.map.dispose();
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  flat.dispose();
});

test('windows follow Captum: ceil((L − k)/s) + 1 starts per axis, the last clipped; stride above the window is refused', async () => {
  assert.deepEqual(occlusionWindows(5, 5, 2, 2).map((w) => [w.top, w.left, w.height, w.width]).slice(0, 3), [[0, 0, 2, 2], [0, 2, 2, 2], [0, 4, 2, 1]]);
  assert.equal(occlusionWindows(5, 5, 2, 2).length, 9);
  assert.equal(occlusionWindows(4, 4, 8, 1).length, 1, 'a window larger than the image covers it once');
  assert.throws(() => occlusionWindows(4, 4, 2, 3), /stride/);
  await selectBackend('wasm');
  const image = quadrantImage();
  const before = tf.memory().numTensors;
  await assert.rejects(occlusionSensitivity(quadrantModel, image, { window: 2, stride: 1, baseline: { kind: 'zero' }, target: 5 }), /target class/);
  const cancelled = new AbortController();
  cancelled.abort();
  await assert.rejects(occlusionSensitivity(quadrantModel, image, { window: 2, stride: 1, baseline: { kind: 'zero' }, signal: cancelled.signal }), /cancelled/);
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked on refusal or cancel');
  image.dispose();
});
