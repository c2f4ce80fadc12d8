// A gradient that a backend cannot take becomes a GradientUnavailableError naming the analysis, what is missing and what
// to do: FGSM and Puzzle Mix's saliency say so instead of a stack trace, and leave no tensor behind.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src/engine/backend';
import { GradientUnavailableError, gradientFailure } from '../../../src/engine/kernels/gradientFailure';
import { fgsmGradient } from '../../../src/engine/adversarial';
import { blockSaliency } from '../../../src/engine/mix/puzzle/saliency';

test('missing kernels and missing gradients are recognised; other errors are not', () => {
  const kernel = gradientFailure('FGSM', new Error("Kernel 'DepthwiseConv2dNativeBackpropFilter' not registered for backend 'wasm'"));
  assert.ok(kernel instanceof GradientUnavailableError);
  assert.equal(kernel.missing, 'DepthwiseConv2dNativeBackpropFilter');
  assert.equal(kernel.message, "FGSM could not run on the wasm backend: the gradient kernel 'DepthwiseConv2dNativeBackpropFilter' is missing there; choose the cpu backend (--backend cpu, or the robustnessLens.backend setting).");
  assert.equal(gradientFailure('FGSM', new Error("Kernel 'X' not registered for backend 'cpu'"))?.message, "FGSM could not run on the cpu backend: the gradient kernel 'X' is missing there.");
  assert.equal(gradientFailure('FGSM', new Error('Cannot compute gradient: gradient function not found for StridedSlice.'))?.message, "FGSM could not run: TF.js has no gradient for the 'StridedSlice' operation this model uses, on any backend.");
  assert.equal(gradientFailure('FGSM', new Error("Error in gradient of conv2D: dilation rates greater than 1 are not yet supported in gradients. Got dilations '2,2'"))?.message, 'FGSM could not run: TF.js has no gradient for dilated convolutions (conv2D), which this model uses, on any backend.');
  assert.equal(gradientFailure('FGSM', new Error('out of memory')), null);
});

/** A classifier whose logits go through a convolution, so its input gradient needs Conv2DBackpropInput. */
function convClassifier(): { logits: (x: tf.Tensor4D) => tf.Tensor2D; dispose: () => void } {
  const filter = tf.randomNormal([3, 3, 3, 2], 0, 1, 'float32', 1) as tf.Tensor4D;
  return { logits: (x) => tf.mean(tf.conv2d(x, filter, 1, 'same'), [1, 2]) as tf.Tensor2D, dispose: () => filter.dispose() };
}

async function withoutWasmKernel(kernelName: string, body: () => void): Promise<void> {
  await selectBackend('wasm');
  const kernel = tf.getKernel(kernelName, 'wasm');
  assert.ok(kernel);
  tf.unregisterKernel(kernelName, 'wasm');
  try {
    body();
  } finally {
    tf.registerKernel(kernel);
  }
}

test('FGSM and Puzzle Mix saliency without a gradient kernel throw a clear error and leak nothing', async () => {
  const classifier = convClassifier();
  const images = tf.randomUniform([2, 8, 8, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
  const before = tf.memory().numTensors;
  await withoutWasmKernel('Conv2DBackpropInput', () => {
    assert.throws(() => fgsmGradient(classifier, images, [0, 1]), { name: 'GradientUnavailableError', message: /^FGSM could not run on the wasm backend: the gradient kernel 'Conv2DBackpropInput' is missing there/ });
    assert.throws(() => blockSaliency(classifier, images, [0, 1], 2), { name: 'GradientUnavailableError', message: /^Puzzle Mix saliency could not run on the wasm backend: the gradient kernel 'Conv2DBackpropInput'/ });
  });
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  const saliency = blockSaliency(classifier, images, [0, 1], 2);
  assert.deepEqual(saliency.shape, [2, 2, 2], 'the kernel is back');
  tf.dispose([saliency, images]);
  classifier.dispose();
});
