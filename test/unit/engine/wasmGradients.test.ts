// The Conv2DBackpropFilter kernel registered for wasm must equal tfjs's cpu kernel, and training must work on wasm.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src/engine/backend';

type Case = { size: number; kernel: number; stride: number; pad: 'same' | 'valid'; cin: number; cout: number };

const cases: Case[] = [
  { size: 8, kernel: 3, stride: 1, pad: 'same', cin: 3, cout: 4 },
  { size: 8, kernel: 3, stride: 2, pad: 'same', cin: 3, cout: 4 }, // even size: padding only at the bottom and right
  { size: 9, kernel: 3, stride: 2, pad: 'same', cin: 2, cout: 5 },
  { size: 10, kernel: 3, stride: 2, pad: 'valid', cin: 3, cout: 2 },
  { size: 7, kernel: 5, stride: 3, pad: 'valid', cin: 1, cout: 1 },
  { size: 11, kernel: 4, stride: 2, pad: 'same', cin: 2, cout: 2 },
  { size: 16, kernel: 1, stride: 2, pad: 'same', cin: 4, cout: 3 },
];

async function filterGradient(c: Case): Promise<Float32Array> {
  const x = tf.tensor4d(Array.from({ length: 2 * c.size * c.size * c.cin }, (_, i) => Math.sin(i * 0.37)), [2, c.size, c.size, c.cin]);
  const w = tf.tensor4d(Array.from({ length: c.kernel * c.kernel * c.cin * c.cout }, (_, i) => Math.cos(i * 0.21)), [c.kernel, c.kernel, c.cin, c.cout]);
  const g = tf.grad((filter: tf.Tensor) => tf.conv2d(x, filter as tf.Tensor4D, c.stride, c.pad).square().sum())(w);
  const values = (await g.data()) as Float32Array;
  tf.dispose([x, w, g]);
  return values;
}

test('wasm Conv2DBackpropFilter equals the cpu kernel', async () => {
  await selectBackend('wasm');
  const before = tf.memory().numTensors;
  for (const c of cases) {
    const wasm = await filterGradient(c);
    await tf.setBackend('cpu');
    const cpu = await filterGradient(c);
    await tf.setBackend('wasm');
    const scale = Math.max(...cpu.map(Math.abs));
    const worst = Math.max(...wasm.map((v, i) => Math.abs(v - cpu[i])));
    assert.ok(worst <= 1e-5 * Math.max(1, scale), `${JSON.stringify(c)}: max |Δ| ${worst} at scale ${scale}`);
  }
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
});

test('a conv net trains on wasm (loss falls)', async () => {
  await selectBackend('wasm');
  assert.equal(tf.getBackend(), 'wasm');
  const model = tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
    tf.layers.globalAveragePooling2d({}),
    tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
  ] });
  model.compile({ optimizer: tf.train.adam(0.05), loss: tf.losses.softmaxCrossEntropy });
  // Class 0: bright left half; class 1: bright right half.
  const images = tf.tidy(() => {
    const left = tf.concat([tf.ones([8, 8, 4, 1]), tf.zeros([8, 8, 4, 1])], 2);
    return tf.concat([left, tf.reverse(left, 2)], 0);
  });
  const labels = tf.oneHot(tf.tensor1d([...Array(8).fill(0), ...Array(8).fill(1)], 'int32'), 2);
  const history = await model.fit(images, labels, { epochs: 30, verbose: 0, batchSize: 16 });
  const losses = history.history.loss as number[];
  assert.ok(losses[losses.length - 1] < losses[0] * 0.5, `loss ${losses[0]} → ${losses[losses.length - 1]}`);
  tf.dispose([images, labels]);
  model.dispose();
});

async function onBothBackends(compute: () => Promise<Float32Array>): Promise<{ wasm: Float32Array; cpu: Float32Array }> {
  await selectBackend('wasm');
  const wasm = await compute();
  await tf.setBackend('cpu');
  const cpu = await compute();
  await tf.setBackend('wasm');
  return { wasm, cpu };
}

function assertSame({ wasm, cpu }: { wasm: Float32Array; cpu: Float32Array }, what: string): void {
  const scale = Math.max(1, ...cpu.map(Math.abs));
  const worst = Math.max(...wasm.map((v, i) => Math.abs(v - cpu[i])));
  assert.ok(worst <= 1e-5 * scale, `${what}: max |Δ| ${worst} at scale ${scale}`);
}

/** ∂/∂x of Σ y·r for a fixed pseudo-random r, so every output's gradient differs. */
async function inputGradient(shape: [number, number, number, number], op: (x: tf.Tensor4D) => tf.Tensor): Promise<Float32Array> {
  const size = shape.reduce((a, b) => a * b, 1);
  const x = tf.tensor4d(Array.from({ length: size }, (_, i) => Math.sin(i * 0.731) + 0.01 * Math.cos(i * 1.3)), shape);
  const g = tf.grad((input: tf.Tensor) => {
    const y = op(input as tf.Tensor4D);
    const r = tf.tensor(Array.from({ length: y.size }, (_, i) => Math.cos(i * 0.57)), y.shape);
    return tf.sum(tf.mul(y, r));
  })(x);
  const values = (await g.data()) as Float32Array;
  tf.dispose([x, g]);
  return values;
}

test('wasm MaxPoolGrad equals the cpu kernel (tfjs-backend-wasm 4.22 routes 2×2 stride-2 gradients to the wrong pixels)', async () => {
  for (const [kernel, stride, pad] of [[2, 2, 'valid'], [2, 1, 'valid'], [3, 2, 'same'], [3, 2, 'valid'], [3, 1, 'same']] as const) {
    assertSame(await onBothBackends(() => inputGradient([2, 9, 8, 3], (x) => tf.maxPool(x, kernel, stride, pad))), `maxPool ${kernel}/${stride}/${pad}`);
  }
});

// tfjs-core's depthwise gradient refuses dilations > 1 on every backend, so none is tested here.
test('wasm DepthwiseConv2dNativeBackpropInput equals the cpu kernel (strides, multipliers, padding)', async () => {
  const cases = [
    { size: 8, kernel: 3, stride: 1, dilation: 1, pad: 'same', multiplier: 1 },
    { size: 9, kernel: 3, stride: 2, dilation: 1, pad: 'same', multiplier: 1 },
    { size: 8, kernel: 3, stride: 2, dilation: 1, pad: 'same', multiplier: 2 },
    { size: 10, kernel: 5, stride: 2, dilation: 1, pad: 'valid', multiplier: 1 },
    { size: 11, kernel: 7, stride: 1, dilation: 1, pad: [[0, 0], [3, 3], [3, 3], [0, 0]], multiplier: 1 },
    { size: 7, kernel: 3, stride: 3, dilation: 1, pad: 'valid', multiplier: 3 },
  ] as const;
  for (const c of cases) {
    const channels = 4;
    const filter = (): tf.Tensor4D => tf.tensor4d(Array.from({ length: c.kernel * c.kernel * channels * c.multiplier }, (_, i) => Math.cos(i * 0.21)), [c.kernel, c.kernel, channels, c.multiplier]);
    const values = await onBothBackends(() => {
      const w = filter();
      return inputGradient([2, c.size, c.size, channels], (x) => tf.depthwiseConv2d(x, w, c.stride, c.pad as 'same', 'NHWC', c.dilation)).finally(() => w.dispose());
    });
    assertSame(values, `depthwise ${JSON.stringify(c)}`);
  }
});
