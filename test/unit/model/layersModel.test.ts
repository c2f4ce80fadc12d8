import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { selectBackend } from '../../../src/engine/backend';
import { loadClassifier } from '../../../src/engine/model/classifier';
import { saveLayersModel } from '../../../src/engine/model/tfjsFiles';
import { withTempDir } from '../../fixtures/model/tempDir';

/** conv(4) → GAP → dense(3, softmax), input 8×8×`channels`. */
function gapSoftmaxModel(channels = 3): tf.LayersModel {
  return tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [8, 8, channels], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv1' }),
    tf.layers.globalAveragePooling2d({ name: 'gap' }),
    tf.layers.dense({ units: 3, activation: 'softmax', name: 'classifier' }),
  ] });
}

/** conv(2) → flatten → dense(3) → Activation('softmax'), functional. */
function flattenActivationModel(): tf.LayersModel {
  const input = tf.input({ shape: [6, 6, 3], name: 'image' });
  const conv = tf.layers.conv2d({ filters: 2, kernelSize: 3, name: 'conv1' }).apply(input) as tf.SymbolicTensor;
  const flat = tf.layers.flatten({ name: 'flat' }).apply(conv) as tf.SymbolicTensor;
  const dense = tf.layers.dense({ units: 3, name: 'scores' }).apply(flat) as tf.SymbolicTensor;
  const probabilities = tf.layers.activation({ activation: 'softmax', name: 'probs' }).apply(dense) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: probabilities });
}

/** The largest absolute difference between two tensors. */
function maxAbsDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.sub(a, b).abs().max().dataSync()[0]);
}

async function saved(dir: string, name: string, build: () => tf.LayersModel): Promise<string> {
  const model = build();
  await saveLayersModel(model, join(dir, name));
  model.dispose();
  return join(dir, name, 'model.json');
}

test('GAP → Dense(softmax): CAM applies, logits are the dense pre-activation, features and gradients flow', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const path = await saved(dir, 'gap', () => gapSoftmaxModel());
    const before = tf.memory().numTensors;
    const classifier = await loadClassifier(path);
    const { inspection } = classifier;
    assert.equal(inspection.format, 'tfjs-layers');
    assert.deepEqual(inspection.inputShape, [8, 8, 3]);
    assert.equal(inspection.numClasses, 3);
    assert.equal(inspection.outputKind, 'softmax');
    assert.equal(inspection.logitsSource, 'classifier');
    assert.deepEqual(inspection.lastConvLayer, { name: 'conv1', shape: [8, 8, 4] });
    assert.equal(inspection.camHead.applicable, true);
    assert.equal(inspection.camHead.denseLayer, 'classifier');
    assert.match(inspection.camHead.reason, /global average pooling over 'conv1' followed by the single dense layer 'classifier'/);
    assert.equal(inspection.parameterCount, 3 * 3 * 3 * 4 + 4 + 4 * 3 + 3);
    assert.deepEqual(inspection.layers.find((l) => l.name === 'conv1'), { name: 'conv1', className: 'Conv2D', outputShape: [8, 8, 4], parameterCount: 112 });

    const x = tf.randomUniform([5, 8, 8, 3]) as tf.Tensor4D;
    const logits = classifier.logits(x);
    const probabilities = classifier.probabilities(x);
    assert.ok(tf.tidy(() => maxAbsDifference(tf.softmax(logits), probabilities)) < 1e-5, 'probabilities are the softmax of the logits');
    const { features, logits: sameLogits } = classifier.featuresAndLogits(x);
    assert.deepEqual(features.shape, [5, 8, 8, 4]);
    assert.ok(maxAbsDifference(sameLogits, logits) < 1e-5);
    const gradient = tf.grad((input) => classifier.logits(input as tf.Tensor4D).sum())(x);
    assert.deepEqual(gradient.shape, [5, 8, 8, 3]);
    tf.dispose([x, logits, probabilities, features, sameLogits, gradient]);
    classifier.dispose();
    assert.equal(tf.memory().numTensors, before);
  });
});

test('Flatten → Dense → Activation(softmax): no classic CAM, logits come from the dense layer', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const path = await saved(dir, 'flatten', flattenActivationModel);
    const before = tf.memory().numTensors;
    const classifier = await loadClassifier(path);
    const { inspection } = classifier;
    assert.equal(inspection.outputKind, 'softmax');
    assert.equal(inspection.logitsSource, 'scores');
    assert.deepEqual(inspection.lastConvLayer, { name: 'conv1', shape: [4, 4, 2] });
    assert.equal(inspection.camHead.applicable, false);
    assert.match(inspection.camHead.reason, /flattens the feature map/);
    const x = tf.randomUniform([2, 6, 6, 3]) as tf.Tensor4D;
    const logits = classifier.logits(x);
    const probabilities = classifier.probabilities(x);
    assert.ok(tf.tidy(() => maxAbsDifference(tf.softmax(logits), probabilities)) < 1e-5);
    tf.dispose([x, logits, probabilities]);
    classifier.dispose();
    assert.equal(tf.memory().numTensors, before);
  });
});

test('a model ending in a linear dense layer is reported as logits; a grey model takes RGB input', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const path = await saved(dir, 'grey', () => tf.sequential({ layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 1, name: 'conv1' }),
      tf.layers.globalAveragePooling2d({ name: 'gap' }),
      tf.layers.dense({ units: 2, name: 'logits' }),
    ] }));
    const before = tf.memory().numTensors;
    const classifier = await loadClassifier(path);
    assert.equal(classifier.inspection.outputKind, 'logits');
    assert.equal(classifier.inspection.logitsSource, null);
    const x = tf.randomUniform([3, 8, 8, 3]) as tf.Tensor4D;
    const logits = classifier.logits(x);
    assert.deepEqual(logits.shape, [3, 2]);
    tf.dispose([x, logits]);
    classifier.dispose();
    assert.equal(tf.memory().numTensors, before);
  });
});

test('non-image inputs and unsupported channel counts are refused', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const tabular = await saved(dir, 'tabular', () => tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 2 })] }));
    const fourChannels = await saved(dir, 'rgba', () => gapSoftmaxModel(4));
    const before = tf.memory().numTensors;
    await assert.rejects(loadClassifier(tabular), /takes input of shape \[\?, 4\], not a batch of images/);
    await assert.rejects(loadClassifier(fourChannels), /images with 4 channels; .* 1 \(grey\) or 3 \(RGB\)/);
    assert.equal(tf.memory().numTensors, before);
  });
});

test('a model.json whose weights do not fit the architecture, or with an unknown file type, is refused', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const path = await saved(dir, 'gap', () => gapSoftmaxModel());
    const other = await saved(dir, 'other', () => gapSoftmaxModel(1));
    await copyFile(join(dir, 'other', 'group1-shard1of1.bin'), join(dir, 'gap', 'group1-shard1of1.bin'));
    const json = JSON.parse(await readFile(other, 'utf8'));
    const mixed = JSON.parse(await readFile(path, 'utf8'));
    mixed.weightsManifest = json.weightsManifest;
    await writeFile(path, JSON.stringify(mixed));
    await assert.rejects(loadClassifier(path), /could not be loaded: .*weights probably do not match the architecture/);
    await writeFile(join(dir, 'model.pkl'), 'x');
    await assert.rejects(loadClassifier(join(dir, 'model.pkl')), /not a model file Robustness Lens can read/);
    await assert.rejects(loadClassifier(join(dir, 'missing.h5')), /No model found at/);
  });
});

test('a SavedModel folder explains that it needs the tensorflow backend', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    await writeFile(join(dir, 'saved_model.pb'), '');
    await assert.rejects(loadClassifier(dir), /TensorFlow SavedModel.*Install @tensorflow\/tfjs-node-gpu.*tensorflowjs_converter/s);
  });
});
