// The classifier's head seen on its own: logits from a feature map (what Grad-CAM differentiates) and the GAP → dense
// weights (what classic CAM reads), for layers and graph models.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { selectBackend } from '../../../src/engine/backend';
import { type Classifier, loadClassifier } from '../../../src/engine/model/classifier';
import { saveLayersModel } from '../../../src/engine/model/tfjsFiles';
import { writeGraphModel } from '../../fixtures/model/graphModelWriter';
import { withTempDir } from '../../fixtures/model/tempDir';

const convKernel = [1, -1, 2, 0.5, 0, 1]; // 1×1 conv, 3 → 2 channels
const denseKernel = [[1, -2, 0.5], [0.25, 1, -1]]; // 2 channels → 3 classes
const denseBias = [0.1, -0.2, 0.3];

/** conv 1×1 (relu) → Dropout → GAP → Dense(3, softmax) with the weights above; input 6×6×3. */
function knownWeightsModel(): tf.LayersModel {
  const model = tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [6, 6, 3], filters: 2, kernelSize: 1, useBias: false, activation: 'relu', name: 'conv' }),
    tf.layers.dropout({ rate: 0.5, name: 'drop' }),
    tf.layers.globalAveragePooling2d({ name: 'gap' }),
    tf.layers.dense({ units: 3, activation: 'softmax', name: 'classifier' }),
  ] });
  tf.tidy(() => {
    model.getLayer('conv').setWeights([tf.tensor4d(convKernel, [1, 1, 3, 2])]);
    model.getLayer('classifier').setWeights([tf.tensor2d(denseKernel), tf.tensor1d(denseBias)]);
  });
  return model;
}

/** conv1 → conv2 → add(conv1, conv2) → GAP → Dense(2): a residual join after conv1. */
function residualModel(): tf.LayersModel {
  const input = tf.input({ shape: [6, 6, 3] });
  const conv1 = tf.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same', name: 'conv1' }).apply(input) as tf.SymbolicTensor;
  const conv2 = tf.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same', name: 'conv2' }).apply(conv1) as tf.SymbolicTensor;
  const joined = tf.layers.add({ name: 'join' }).apply([conv1, conv2]) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(joined) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: tf.layers.dense({ units: 2, name: 'logits' }).apply(pooled) as tf.SymbolicTensor });
}

async function loadSaved(dir: string, build: () => tf.LayersModel): Promise<Classifier> {
  const model = build();
  await saveLayersModel(model, join(dir, 'model'));
  model.dispose();
  return loadClassifier(join(dir, 'model', 'model.json'));
}

function maxAbsDifference(a: tf.Tensor | number[][] | number[], b: tf.Tensor): number {
  return tf.tidy(() => tf.sub(a instanceof tf.Tensor ? a : tf.tensor(a), b).abs().max().dataSync()[0]);
}

/** headFromFeatures(features of x) against logits(x), and d(Σ logits)/d(features) against the hand-derived W·1/(H·W) per position. */
async function assertHeadReproducesLogits(classifier: Classifier, x: tf.Tensor4D, expectedGradient: (features: tf.Tensor4D) => tf.Tensor, layer?: string): Promise<void> {
  const logits = classifier.logits(x);
  const { features, logits: sameLogits } = classifier.featuresAndLogits(x, layer);
  const fromHead = classifier.headFromFeatures(features, layer);
  assert.deepEqual(fromHead.shape, logits.shape);
  assert.ok(maxAbsDifference(fromHead, logits) < 1e-5, 'headFromFeatures(features(x)) equals logits(x)');
  const gradient = tf.grad((a) => classifier.headFromFeatures(a as tf.Tensor4D, layer).sum())(features);
  assert.deepEqual(gradient.shape, features.shape);
  const expected = tf.tidy(() => expectedGradient(features));
  assert.ok(maxAbsDifference(expected, gradient) < 1e-6, 'the gradient flows back to the features');
  tf.dispose([logits, features, sameLogits, fromHead, gradient, expected]);
}

test('layers model: the head re-applied to the feature map gives the logits, its gradient flows, and the dense weights are the layer\'s', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const before = tf.memory().numTensors;
    const classifier = await loadSaved(dir, knownWeightsModel);
    assert.equal(classifier.inspection.lastConvLayer?.name, 'drop', 'the map feeding the pooling');
    const x = tf.randomUniform([4, 6, 6, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    // Σ_c logit_c = mean(A)·W·1 + const, so ∂/∂A_{hwk} = (Σ_c W_kc)/36 at every position (Dropout is the identity).
    const rowSums = denseKernel.map((row) => row.reduce((a, b) => a + b, 0) / 36);
    await assertHeadReproducesLogits(classifier, x, (features) => tf.mul(tf.onesLike(features), tf.tensor1d(rowSums)));
    await assertHeadReproducesLogits(classifier, x, (features) => tf.mul(tf.onesLike(features), tf.tensor1d(rowSums)), 'conv');
    const head = classifier.denseHeadWeights();
    assert.ok(head && head.bias, 'a GAP → dense head has weights');
    assert.deepEqual(head.kernel.shape, [2, 3]);
    assert.ok(maxAbsDifference(denseKernel, head.kernel) < 1e-7);
    assert.ok(maxAbsDifference(denseBias, head.bias) < 1e-7);
    // The head's weights belong to the model: asking twice neither copies nor leaks.
    const afterFirst = tf.memory().numTensors;
    classifier.denseHeadWeights();
    assert.equal(tf.memory().numTensors, afterFirst);
    x.dispose();
    classifier.dispose();
    assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  });
});

test('graph model: the logits node computed from the fed feature node equals logits(x); dense weights are read off the head', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const before = tf.memory().numTensors;
    const classifier = await loadClassifier(await writeGraphModel(dir));
    assert.equal(classifier.inspection.lastConvLayer?.name, 'relu');
    const x = tf.randomUniform([3, 4, 4, 3], 0, 1, 'float32', 11) as tf.Tensor4D;
    // The fixture's dense kernel is [[1, −1], [0.5, 2]]: Σ_c logit_c has ∂/∂A_{hwk} = (0, 2.5)/16.
    await assertHeadReproducesLogits(classifier, x, (features) => tf.mul(tf.onesLike(features), tf.tensor1d([0, 2.5 / 16])));
    const head = classifier.denseHeadWeights();
    assert.ok(head && head.bias);
    assert.ok(maxAbsDifference([[1, -1], [0.5, 2]], head.kernel) < 1e-6);
    assert.ok(maxAbsDifference([0, 0], head.bias) < 1e-6);
    const afterFirst = tf.memory().numTensors;
    assert.equal(classifier.denseHeadWeights(), head, 'read once, then cached with the model');
    assert.equal(tf.memory().numTensors, afterFirst);
    x.dispose();
    classifier.dispose();
    assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  });
});

test('a head that merges after the chosen layer is refused with a message naming the layer; the last conv layer still works', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const before = tf.memory().numTensors;
    const classifier = await loadSaved(dir, residualModel);
    assert.equal(classifier.inspection.lastConvLayer?.name, 'join');
    const x = tf.randomUniform([2, 6, 6, 3]) as tf.Tensor4D;
    const { features, logits } = classifier.featuresAndLogits(x, 'conv1');
    assert.throws(() => classifier.headFromFeatures(features, 'conv1'), /The layers after 'conv1' branch.*Use the last convolutional layer/);
    assert.throws(() => classifier.headFromFeatures(features, 'missing'), /no layer named 'missing'/);
    await assertHeadReproducesLogits(classifier, x, (lastFeatures) => {
      const kernel = classifier.denseHeadWeights()?.kernel as tf.Tensor2D;
      return tf.mul(tf.onesLike(lastFeatures), tf.div(tf.sum(kernel, 1), 36));
    });
    tf.dispose([x, features, logits]);
    classifier.dispose();
    assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  });
});

test('a flatten → dense head has no CAM weights, but its head still re-applies to the feature map', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const classifier = await loadSaved(dir, () => tf.sequential({ layers: [
      tf.layers.conv2d({ inputShape: [6, 6, 3], filters: 2, kernelSize: 3, name: 'conv' }),
      tf.layers.flatten({ name: 'flat' }),
      tf.layers.dense({ units: 2, name: 'logits' }),
    ] }));
    assert.equal(classifier.denseHeadWeights(), null);
    const x = tf.randomUniform([2, 6, 6, 3]) as tf.Tensor4D;
    const { features, logits } = classifier.featuresAndLogits(x);
    const fromHead = classifier.headFromFeatures(features);
    assert.ok(maxAbsDifference(fromHead, logits) < 1e-5, 'a flatten head is a chain too');
    tf.dispose([x, features, logits, fromHead]);
    classifier.dispose();
  });
});
