// Percentiles (numpy's linear interpolation) and the four score-map normalisations, worked by hand on small maps.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src/engine/backend';
import { ivrNormalise, maxNormalise, minMaxNormalise, normaliseMaps, pasNormalise } from '../../../src/engine/cam/normalise';
import { rowPercentiles } from '../../../src/engine/cam/percentile';

function assertClose(actual: ArrayLike<number>, expected: number[], message: string): void {
  assert.equal(actual.length, expected.length, `${message}: length`);
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(actual[i] - expected[i]) <= 1e-6, `${message}: [${i}] is ${actual[i]}, expected ${expected[i]}`);
}

// Three 2×3 maps in one batch: M = [[0, 1, 2], [3, 4, 10]], a constant map, and a map holding a NaN.
const batch = (): tf.Tensor3D => tf.tensor3d([0, 1, 2, 3, 4, 10, 3, 3, 3, 3, 3, 3, NaN, 1, 2, 3, 4, 5], [3, 2, 3]);
const zeros6 = [0, 0, 0, 0, 0, 0];

async function normalised(fn: (maps: tf.Tensor3D) => tf.Tensor3D, maps: tf.Tensor3D): Promise<Float32Array> {
  const before = tf.memory().numTensors;
  const out = fn(maps);
  const values = (await out.data()) as Float32Array;
  out.dispose();
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  return values;
}

test('percentiles interpolate linearly between order statistics, as numpy.percentile does by default', async () => {
  await selectBackend('wasm');
  const rows = tf.tensor2d([[4, 1, 3, 2, 0, 0], [10, 0, 5, 20, 15, 25]]);
  const before = tf.memory().numTensors;
  // Row 1 sorted [0, 0, 1, 2, 3, 4]; row 2 sorted [0, 5, 10, 15, 20, 25]; rank r = q·5.
  const cases: [number, number[]][] = [
    [0.9, [3.5, 22.5]], // r = 4.5: halfway between v_4 and v_5
    [0.6, [2, 15]], // r = 3: exactly v_3
    [0.5, [1.5, 12.5]], // r = 2.5
    [0.25, [0.25, 6.25]], // r = 1.25
    [0, [0, 0]],
    [1, [4, 25]],
  ];
  for (const [q, expected] of cases) {
    const p = rowPercentiles(rows, q);
    assertClose(await p.data(), expected, `q = ${q}`);
    p.dispose();
  }
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  assert.throws(() => rowPercentiles(rows, 60), RangeError);
  rows.dispose();
});

test('min-max: (M − min)/(max − min); constant and NaN maps become zeros', async () => {
  await selectBackend('wasm');
  const maps = batch();
  const values = await normalised(minMaxNormalise, maps);
  assertClose(values, [0, 0.1, 0.2, 0.3, 0.4, 1, ...zeros6, ...zeros6], 'batch');
  const negative = tf.tensor3d([-2, 0, 1, 2, 3, 4], [1, 2, 3]);
  assertClose(await normalised(minMaxNormalise, negative), [0, 2 / 6, 3 / 6, 4 / 6, 5 / 6, 1], 'negative values');
  tf.dispose([maps, negative]);
});

test('max: ReLU(M)/max; a map with no positive value becomes zeros', async () => {
  await selectBackend('wasm');
  const maps = tf.tensor3d([-2, 0, 1, 2, 3, 4, -3, -2, -1, -1, -1, -1, 5, 5, 5, 5, 5, 5], [3, 2, 3]);
  assertClose(await normalised(maxNormalise, maps), [0, 0, 0.25, 0.5, 0.75, 1, ...zeros6, ...zeros6], 'batch');
  const nan = batch();
  assertClose((await normalised(maxNormalise, nan)).slice(12), zeros6, 'NaN map');
  tf.dispose([maps, nan]);
});

test('PaS: (M − min)/P90(M − min) clipped at 1', async () => {
  await selectBackend('wasm');
  const maps = batch();
  // M − min = M; sorted [0, 1, 2, 3, 4, 10], r = 0.9·5 = 4.5 → P90 = 4 + 0.5·6 = 7.
  assertClose(await normalised(pasNormalise, maps), [0, 1 / 7, 2 / 7, 3 / 7, 4 / 7, 1, ...zeros6, ...zeros6], 'batch');
  // A 4×5 map with one peak: r = 0.9·19 = 17.1 falls between two zeros, so P90 = 0 and only the peak is above it.
  const peak = tf.tensor3d([...new Array(13).fill(0), 5, ...new Array(6).fill(0)], [1, 4, 5]);
  assertClose(await normalised(pasNormalise, peak), [...new Array(13).fill(0), 1, ...new Array(6).fill(0)], 'P90 = 0');
  tf.dispose([maps, peak]);
});

test('IVR: ReLU(M − P_p(M)) / its max, p = 0.6 by default and configurable', async () => {
  await selectBackend('wasm');
  const maps = batch();
  // p = 0.6: r = 3 → P = 3; ReLU(M − 3) = [0, 0, 0, 0, 1, 7] → / 7.
  assertClose(await normalised((m) => ivrNormalise(m), maps), [0, 0, 0, 0, 1 / 7, 1, ...zeros6, ...zeros6], 'p = 0.6');
  // p = 0.5: r = 2.5 → P = 2.5; ReLU(M − 2.5) = [0, 0, 0, 0.5, 1.5, 7.5] → / 7.5.
  assertClose(await normalised((m) => ivrNormalise(m, 0.5), maps), [0, 0, 0, 1 / 15, 0.2, 1, ...zeros6, ...zeros6], 'p = 0.5');
  assertClose(await normalised((m) => normaliseMaps(m, { kind: 'ivr', percentile: 0.5 }), maps), [0, 0, 0, 1 / 15, 0.2, 1, ...zeros6, ...zeros6], 'through normaliseMaps');
  maps.dispose();
});
