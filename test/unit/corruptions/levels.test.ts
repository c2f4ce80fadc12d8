import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src/engine/backend';
import { roundHalfToEven, roundedBytes, unitByte, unitValues } from '../../../src/engine/corruptions/ops/levels';

test('roundHalfToEven is tf.round on [0, 2³¹): every half from 0 to 1 000 goes to the even neighbour', async () => {
  await selectBackend('wasm');
  const values = Float32Array.from({ length: 2001 }, (_, i) => i / 2);
  const expected = tf.tidy(() => tf.round(tf.tensor1d(values)).dataSync());
  assert.deepEqual(Array.from(values, roundHalfToEven), Array.from(expected));
  assert.deepEqual([0.5, 1.5, 2.5, 2.4999998, 254.5].map(roundHalfToEven), [0, 2, 2, 2, 254]);
});

test('roundedBytes and unitValues equal the tensor ops: clipByValue, ×255, round, then /255 in float32', async () => {
  await selectBackend('wasm');
  // Values off the levels, outside [0, 1], and on exact halves after ×255.
  const values = Float32Array.from({ length: 3000 }, (_, i) => (i % 7 === 0 ? (i % 511) / 510 : ((i * 7919) % 1300) / 1000 - 0.15));
  const expected = tf.tidy(() => tf.round(tf.mul(tf.clipByValue(tf.tensor1d(values), 0, 1), 255)).dataSync());
  const bytes = roundedBytes(values);
  assert.deepEqual(Array.from(bytes), Array.from(expected));
  assert.deepEqual(unitValues(bytes), Float32Array.from(bytes, (b) => b / 255));
});

test('unitByte is Math.round(clip(v)·255) for float32 values: every half after ×255 and its float32 neighbours, outside [0, 1] and NaN', () => {
  const values: number[] = [Number.NaN, -0, -1e-30, 1e-30, 1, 1.0000001, 7, -Infinity, Infinity];
  const next = new Float32Array(1);
  const bits = new Uint32Array(next.buffer);
  for (let k = 0; k < 255; k++) {
    next[0] = (k + 0.5) / 255;
    const centre = bits[0];
    for (const step of [-2, -1, 0, 1, 2]) {
      bits[0] = centre + step;
      values.push(next[0]);
    }
  }
  for (let i = 0; i < 20000; i++) values.push(Math.fround(((i * 7919) % 12007) / 10000 - 0.1));
  const mathRound = (v: number): number => Math.round(Math.min(1, Math.max(0, Number.isNaN(v) ? 0 : v)) * 255);
  assert.deepEqual(values.map(unitByte), values.map(mathRound));
});
