// The survey behind the wasm gradient kernels: the input gradient through every forward op the engine's supported layers
// (Keras, TF.js graph, interpreted ONNX) emit works on wasm and equals the cpu backend. Ops whose gradient is wrong or
// missing on every backend (tfjs-core limitations, listed in the README) are not here.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src/engine/backend';

/** A deterministic tensor whose values all differ. */
function det(shape: number[], seed: number): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from({ length: size }, (_, i) => Math.sin(i * 0.731 + seed) + 0.01 * Math.cos(i * 1.3 + seed)), shape);
}
type Op = (x: tf.Tensor4D) => tf.Tensor;
const w = (s: number[], seed = 1) => det(s, seed);

/** The forward ops of the supported layers; the gradient is taken with respect to the [2, 9, 8, 3] input only. */
const ops: Record<string, Op> = {
  conv2d: (x) => tf.conv2d(x, w([3, 3, 3, 4]) as tf.Tensor4D, 2, 'same'),
  fusedConv2dReluBias: (x) => tf.fused.conv2d({ x, filter: w([3, 3, 3, 4]) as tf.Tensor4D, strides: 2, pad: 'same', bias: w([4]), activation: 'relu6' }),
  depthwise: (x) => tf.depthwiseConv2d(x, w([3, 3, 3, 2]) as tf.Tensor4D, 2, 'same'),
  fusedConv2dLinearBias: (x) => tf.fused.conv2d({ x, filter: w([3, 3, 3, 4]) as tf.Tensor4D, strides: 1, pad: 'same', bias: w([4]) }),
  fusedDepthwiseLinearBias: (x) => tf.fused.depthwiseConv2d({ x, filter: w([3, 3, 3, 2]) as tf.Tensor4D, strides: 2, pad: 'same', bias: w([6]) }),
  fusedDepthwise: (x) => tf.fused.depthwiseConv2d({ x, filter: w([3, 3, 3, 1]) as tf.Tensor4D, strides: 1, pad: 'same', bias: w([3]), activation: 'relu' }),
  separable: (x) => tf.separableConv2d(x, w([3, 3, 3, 1]) as tf.Tensor4D, w([1, 1, 3, 5]) as tf.Tensor4D, 1, 'same'),
  conv2dTranspose: (x) => tf.conv2dTranspose(x, w([3, 3, 2, 3]) as tf.Tensor4D, [2, 17, 15, 2], 2, 'same'),
  batchNorm: (x) => tf.batchNorm(x, w([3]), tf.abs(w([3], 2)).add(0.5), w([3], 3), w([3], 4), 1e-3),
  maxPool: (x) => tf.maxPool(x, 3, 2, 'same'),
  avgPoolSame: (x) => tf.avgPool(x, 3, 2, 'same'),
  avgPoolValid: (x) => tf.avgPool(x, 2, 2, 'valid'),
  avgPool3s1: (x) => tf.avgPool(x, 3, 1, 'same'),
  globalAvg: (x) => tf.mean(x, [1, 2]),
  globalMax: (x) => tf.max(x, [1, 2]),
  relu6: (x) => tf.relu6(x.mul(3)),
  sigmoid: (x) => tf.sigmoid(x),
  swish: (x) => tf.mul(x, tf.sigmoid(x)),
  hardSigmoid: (x) => tf.clipByValue(tf.add(tf.mul(x, 0.2), 0.5), 0, 1),
  elu: (x) => tf.elu(x),
  selu: (x) => tf.selu(x),
  leakyRelu: (x) => tf.leakyRelu(x, 0.1),
  prelu: (x) => tf.prelu(x, w([3]).mul(0.2)),
  softplus: (x) => tf.softplus(x),
  tanh: (x) => tf.tanh(x),
  erf: (x) => tf.erf(x),
  softmax: (x) => tf.softmax(x),
  logSoftmax: (x) => tf.logSoftmax(x),
  addMulConcat: (x) => tf.concat([tf.add(x, x.square()), tf.mul(x, x.exp())], 3),
  pad: (x) => tf.pad(x, [[0, 0], [1, 2], [2, 1], [0, 0]]),
  mirrorPadReflect: (x) => tf.mirrorPad(x, [[0, 0], [1, 2], [2, 1], [0, 0]], 'reflect'),
  mirrorPadSym: (x) => tf.mirrorPad(x, [[0, 0], [1, 2], [2, 1], [0, 0]], 'symmetric'),
  // The first image only: tfjs-backend-cpu's ResizeNearestNeighborGrad mixes the images of a batch (wasm's is right).
  resizeNearest: (x) => tf.image.resizeNearestNeighbor(x.slice(0, 1), [18, 16]),
  resizeNearestAlign: (x) => tf.image.resizeNearestNeighbor(x.slice(0, 1), [17, 15], true),
  layerNorm: (x) => { const m = tf.moments(x, [3], true); return tf.div(tf.sub(x, m.mean), tf.sqrt(tf.add(m.variance, 1e-3))); },
  matMul: (x) => tf.matMul(tf.reshape(x, [2, -1]), w([9 * 8 * 3, 5]) as tf.Tensor2D),
  gatherMany: (x) => tf.gather(x, tf.tensor1d([0, 2, 1, 0, 2], 'int32'), 3),
  transposeReshape: (x) => tf.reshape(tf.transpose(x, [0, 3, 1, 2]), [2, -1]),
  minMax: (x) => tf.add(tf.maximum(x, 0.1), tf.minimum(x, -0.2)),
  pow: (x) => tf.pow(tf.abs(x).add(0.1), 1.7),
  sqrtDivLog: (x) => tf.div(tf.sqrt(tf.abs(x).add(0.1)), tf.log(tf.abs(x).add(2))),
  tileBroadcast: (x) => tf.tile(tf.broadcastTo(tf.mean(x, 3, true), [2, 9, 8, 3]), [1, 1, 1, 2]),
  split: (x) => tf.split(x, 3, 3)[1],
  abs: (x) => tf.abs(x),
  reciprocal: (x) => tf.reciprocal(tf.abs(x).add(0.5)),
  localResponseNorm: (x) => tf.localResponseNormalization(x, 2),
};
/** ∂/∂x of Σ op(x)·r for a fixed r, so every output's gradient differs. */
async function grad(op: Op): Promise<Float32Array> {
  const g = tf.tidy(() => tf.grad((input: tf.Tensor) => { const y = op(input as tf.Tensor4D); return tf.sum(tf.mul(y, det(y.shape, 7))); })(det([2, 9, 8, 3], 0)));
  const v = (await g.data()) as Float32Array;
  g.dispose();
  return v;
}
test('the input gradient through every supported forward op works on wasm and equals cpu', async () => {
  await selectBackend('wasm');
  const failures: string[] = [];
  for (const [name, op] of Object.entries(ops)) {
    try {
      const wasm = await grad(op);
      await tf.setBackend('cpu');
      const cpu = await grad(op);
      const scale = Math.max(1, ...cpu.map(Math.abs));
      const worst = Math.max(...wasm.map((v, i) => Math.abs(v - cpu[i])));
      if (!(worst <= 1e-4 * scale)) failures.push(`${name}: max |Δ| ${worst} at scale ${scale}`);
    } catch (err) {
      failures.push(`${name}: ${(err as Error).message.split('\n')[0]}`);
    } finally {
      await tf.setBackend('wasm');
    }
  }
  assert.deepEqual(failures, []);
});
