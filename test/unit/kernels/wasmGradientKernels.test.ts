// The gradient kernels registered for wasm that tfjs-backend-wasm 4.22 lacks (DepthwiseConv2dNativeBackpropFilter,
// UnsortedSegmentSum) equal the cpu backend's own kernels, and through them the gradients FGSM and training take work on wasm.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src/engine/backend';

/** A deterministic tensor whose values all differ. */
function wave(shape: number[], phase: number): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from({ length: size }, (_, i) => Math.sin(i * 0.731 + phase) + 0.01 * Math.cos(i * 1.3)), shape);
}

/** `compute` on wasm and on cpu (the backend is wasm again afterwards). */
async function onBothBackends(compute: () => Promise<Float32Array>): Promise<{ wasm: Float32Array; cpu: Float32Array }> {
  await selectBackend('wasm');
  const wasm = await compute();
  await tf.setBackend('cpu');
  try {
    return { wasm, cpu: await compute() };
  } finally {
    await tf.setBackend('wasm');
  }
}

function assertClose(actual: Float32Array, expected: Float32Array, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: sizes`);
  const scale = Math.max(1, ...expected.map(Math.abs));
  const worst = Math.max(...actual.map((v, i) => Math.abs(v - expected[i])));
  assert.ok(worst <= 1e-4 * scale, `${what}: max |Δ| ${worst} at scale ${scale}`);
}

type DepthwiseCase = { size: [number, number]; kernel: [number, number]; stride: number; dilation: number; pad: 'same' | 'valid' | number[][]; multiplier: number };

const depthwiseCases: DepthwiseCase[] = [
  { size: [8, 8], kernel: [3, 3], stride: 1, dilation: 1, pad: 'same', multiplier: 1 },
  { size: [9, 7], kernel: [3, 3], stride: 2, dilation: 1, pad: 'same', multiplier: 1 },
  { size: [8, 8], kernel: [3, 3], stride: 2, dilation: 1, pad: 'same', multiplier: 2 }, // even size: padding at the bottom and right only
  { size: [10, 11], kernel: [5, 3], stride: 2, dilation: 1, pad: 'valid', multiplier: 1 },
  { size: [11, 11], kernel: [7, 7], stride: 1, dilation: 1, pad: [[0, 0], [3, 2], [1, 3], [0, 0]], multiplier: 1 },
  { size: [7, 9], kernel: [3, 3], stride: 3, dilation: 1, pad: 'valid', multiplier: 3 },
  { size: [12, 10], kernel: [3, 3], stride: 1, dilation: 2, pad: 'same', multiplier: 2 },
  { size: [13, 13], kernel: [3, 2], stride: 1, dilation: 3, pad: 'valid', multiplier: 1 },
];

function filterGradientAttrs(c: DepthwiseCase, channels: number) {
  return { strides: [c.stride, c.stride] as [number, number], dilations: [c.dilation, c.dilation] as [number, number], pad: c.pad as 'same', dimRoundingMode: undefined, filterShape: [...c.kernel, channels, c.multiplier] as [number, number, number, number] };
}

/** The filter gradient's inputs for `c`: x [2, h, w, 3], the dy of its output shape, and the kernel attributes. */
function depthwiseFilterInputs(c: DepthwiseCase) {
  const channels = 3;
  const x = wave([2, ...c.size, channels], 0) as tf.Tensor4D;
  const attrs = filterGradientAttrs(c, channels);
  const info = tf.backend_util.computeConv2DInfo(x.shape, attrs.filterShape, attrs.strides, attrs.dilations, attrs.pad, undefined, true);
  const dy = wave([2, info.outHeight, info.outWidth, channels * c.multiplier], 1);
  return { x, dy, attrs, info };
}

/** The kernel itself on the current backend, for x [2, h, w, 3] and the dy of its output shape. */
async function depthwiseFilterKernel(c: DepthwiseCase): Promise<Float32Array> {
  const { x, dy, attrs } = depthwiseFilterInputs(c);
  const dw = tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, attrs as never) as tf.Tensor;
  const values = (await dw.data()) as Float32Array;
  tf.dispose([x, dy, dw]);
  return values;
}

// dW[i, j, c, m] = Σ_{n,p,q} xpad[n, p·s + i·d, q·s + j·d, c] · dy[n, p, q, c·M + m], written out directly.
async function depthwiseFilterDefinition(c: DepthwiseCase): Promise<Float32Array> {
  const { x, dy, attrs, info } = depthwiseFilterInputs(c);
  const channels = x.shape[3];
  const xs = await x.buffer();
  const dys = await dy.buffer();
  const dw = tf.buffer(attrs.filterShape);
  for (let i = 0; i < c.kernel[0]; i++) for (let j = 0; j < c.kernel[1]; j++) for (let ch = 0; ch < channels; ch++) for (let m = 0; m < c.multiplier; m++) {
    let sum = 0;
    for (let n = 0; n < 2; n++) for (let p = 0; p < info.outHeight; p++) for (let q = 0; q < info.outWidth; q++) {
      const h = p * c.stride + i * c.dilation - info.padInfo.top;
      const w = q * c.stride + j * c.dilation - info.padInfo.left;
      if (h >= 0 && h < c.size[0] && w >= 0 && w < c.size[1]) sum += xs.get(n, h, w, ch) * dys.get(n, p, q, ch * c.multiplier + m);
    }
    dw.set(sum, i, j, ch, m);
  }
  tf.dispose([x, dy]);
  return dw.values as Float32Array;
}

test('wasm DepthwiseConv2dNativeBackpropFilter equals the cpu kernel (strides, paddings, multipliers) and the definition (dilations too)', async () => {
  await selectBackend('wasm');
  const before = tf.memory().numTensors;
  for (const c of depthwiseCases) {
    const { wasm, cpu } = await onBothBackends(() => depthwiseFilterKernel(c));
    // tfjs-backend-cpu's kernel ignores dilations (tfjs-core refuses dilated depthwise gradients), so dilated cases check the definition only.
    if (c.dilation === 1) assertClose(wasm, cpu, `depthwise filter vs cpu ${JSON.stringify(c)}`);
    assertClose(wasm, await depthwiseFilterDefinition(c), `depthwise filter vs definition ${JSON.stringify(c)}`);
  }
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
});

test('the input gradient of a fused depthwise convolution with a bias (a converted graph model\'s op) works on wasm and equals cpu', async () => {
  const gradient = async (): Promise<Float32Array> => {
    const x = wave([2, 9, 8, 4], 0) as tf.Tensor4D;
    const filter = wave([3, 3, 4, 1], 2) as tf.Tensor4D;
    const bias = wave([4], 3);
    const g = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.fused.depthwiseConv2d({ x: input as tf.Tensor4D, filter, strides: 2, pad: 'same', bias }), wave([2, 5, 4, 4], 4))))(x);
    const values = (await g.data()) as Float32Array;
    tf.dispose([x, filter, bias, g]);
    return values;
  };
  const { wasm, cpu } = await onBothBackends(gradient);
  assertClose(wasm, cpu, 'fused depthwise input gradient');
});

test('a depthwise-separable net trains on wasm with the same first step as cpu', async () => {
  const firstStepGradients = async (): Promise<Float32Array> => {
    const model = tf.sequential({ layers: [
      tf.layers.depthwiseConv2d({ inputShape: [8, 8, 3], kernelSize: 3, depthMultiplier: 2, strides: 2, padding: 'same', depthwiseInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.separableConv2d({ filters: 4, kernelSize: 3, padding: 'same', depthwiseInitializer: tf.initializers.glorotUniform({ seed: 2 }), pointwiseInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
      tf.layers.globalAveragePooling2d({}),
      tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }),
    ] });
    const x = wave([4, 8, 8, 3], 0);
    const y = tf.oneHot(tf.tensor1d([0, 1, 0, 1], 'int32'), 2);
    const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.predict(x) as tf.Tensor) as tf.Scalar);
    const names = Object.keys(grads).sort();
    const values = Float32Array.from((await Promise.all(names.map((n) => grads[n].data()))).flatMap((d) => Array.from(d)));
    tf.dispose([x, y, value, ...Object.values(grads)]);
    model.dispose();
    return values;
  };
  const { wasm, cpu } = await onBothBackends(firstStepGradients);
  assertClose(wasm, cpu, 'weight gradients of a depthwise-separable net');
});

test('wasm UnsortedSegmentSum equals the cpu kernel, and tf.gather\'s gradient works on wasm', async () => {
  const segmentSum = async (): Promise<Float32Array> => {
    const x = wave([6, 2, 3], 0);
    const ids = tf.tensor1d([2, 0, 2, 4, 0, 2], 'int32'); // repeats and an empty segment (1, 3)
    const out = tf.unsortedSegmentSum(x, ids, 5);
    const values = (await out.data()) as Float32Array;
    tf.dispose([x, ids, out]);
    return values;
  };
  const sums = await onBothBackends(segmentSum);
  assertClose(sums.wasm, sums.cpu, 'unsortedSegmentSum');
  for (const axis of [0, 1, 3]) {
    const gatherGradient = async (): Promise<Float32Array> => {
      const x = wave([3, 4, 5, 6], 0);
      const indices = tf.tensor1d([0, 2, 2, 1, 0, 2], 'int32');
      const g = tf.grad((input: tf.Tensor) => { const y = tf.gather(input, indices, axis); return tf.sum(tf.mul(y, wave(y.shape, 5))); })(x);
      const values = (await g.data()) as Float32Array;
      tf.dispose([x, indices, g]);
      return values;
    };
    const grads = await onBothBackends(gatherGradient);
    assertClose(grads.wasm, grads.cpu, `gather gradient on axis ${axis}`);
  }
});
