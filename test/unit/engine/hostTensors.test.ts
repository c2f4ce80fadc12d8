import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src/engine/backend';
import { hostValuesView, tensor4dFilledOnHost } from '../../../src/engine/hostBackend';
import { runOnHost } from '../../../src/engine/corruptions/ops/hostKernels';

/** The backend's count of live data buffers. */
function dataBuffers(): number {
  return tf.memory().numDataBuffers;
}

for (const backend of ['wasm', 'cpu'] as const) {
  test(`${backend}: hostValuesView reads a tensor's values in place, and tensor4dFilledOnHost makes a tensor of what its fill wrote`, async () => {
    await selectBackend(backend);
    const values = Float32Array.from({ length: 2 * 3 * 4 * 3 }, (_, i) => i / 7);
    const source = tf.tensor4d(values, [2, 3, 4, 3]);
    const before = dataBuffers();
    assert.deepEqual(hostValuesView(source), values);
    const made = tensor4dFilledOnHost([2, 3, 4, 3], (out) => {
      const view = hostValuesView(source);
      for (let i = 0; i < out.length; i++) out[i] = view[i] * 2;
    });
    assert.deepEqual(made.shape, [2, 3, 4, 3]);
    assert.deepEqual(made.dataSync(), values.map((v) => v * 2));
    assert.equal(dataBuffers(), before + 1);
    made.dispose();
    assert.equal(dataBuffers(), before);
    assert.deepEqual(source.dataSync(), values, 'the source is unchanged');
    source.dispose();
  });

  test(`${backend}: a fill that throws leaves no tensor behind, and hostValuesView refuses int32`, async () => {
    await selectBackend(backend);
    const before = dataBuffers();
    const tensorsBefore = tf.memory().numTensors;
    assert.throws(() => tensor4dFilledOnHost([1, 2, 2, 3], () => { throw new Error('bad fill'); }), /bad fill/);
    assert.equal(dataBuffers(), before);
    assert.equal(tf.memory().numTensors, tensorsBefore);
    const ints = tf.tensor1d([1, 2], 'int32');
    assert.throws(() => hostValuesView(ints), /float32/);
    ints.dispose();
  });
}

test('wasm: a host kernel that calls tfjs and grows its heap under the view is an error, not silent garbage', async () => {
  await selectBackend('wasm');
  const images = tf.ones([1, 8, 8, 3]) as tf.Tensor4D;
  const before = dataBuffers();
  assert.throws(() => runOnHost(images, images.shape, (pixels, out) => {
    // 256 MB more than the heap holds now: the wasm memory grows, detaching views made before.
    tf.zeros([64 * 1024 * 1024]).dispose();
    // Indexing a detached array reads undefined and drops writes, without an error of its own.
    for (let i = 0; i < out.length; i++) out[i] = pixels[i];
  }), /heap grew/);
  assert.equal(dataBuffers(), before);
  images.dispose();
});
