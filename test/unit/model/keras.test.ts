import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { selectBackend } from '../../../src/engine/backend';
import { loadClassifier } from '../../../src/engine/model/classifier';
import { expectedLogitsAtHalf, keras2Layer, keras2SequentialConfig, keras3FunctionalConfig, knownWeights } from '../../fixtures/model/kerasConfigs';
import { writeKerasH5, writeKerasV3 } from '../../fixtures/model/kerasWriters';
import { withTempDir } from '../../fixtures/model/tempDir';

const sequentialLayers = ['conv_input', 'conv', 'gap', 'dense'];

function assertClose(actual: ArrayLike<number>, expected: number[], tolerance = 1e-5): void {
  assert.equal(actual.length, expected.length);
  expected.forEach((e, i) => assert.ok(Math.abs(actual[i] - e) < tolerance, `index ${i}: ${actual[i]} vs ${e}`));
}

async function checkKnownClassifier(path: string, format: string): Promise<void> {
  const before = tf.memory().numTensors;
  const classifier = await loadClassifier(path);
  const { inspection } = classifier;
  assert.equal(inspection.format, format);
  assert.deepEqual(inspection.inputShape, [4, 4, 3]);
  assert.equal(inspection.numClasses, 2);
  assert.equal(inspection.outputKind, 'softmax');
  assert.equal(inspection.logitsSource, 'dense');
  assert.deepEqual(inspection.lastConvLayer, { name: 'conv', shape: [4, 4, 2] });
  assert.equal(inspection.camHead.applicable, true);
  assert.equal(inspection.parameterCount, 8 + 6);
  const x = tf.fill([1, 4, 4, 3], 0.5) as tf.Tensor4D;
  const logits = classifier.logits(x);
  const probabilities = classifier.probabilities(x);
  assertClose(await logits.data(), expectedLogitsAtHalf);
  const p0 = 1 / (1 + Math.exp(-(expectedLogitsAtHalf[0] - expectedLogitsAtHalf[1])));
  assertClose(await probabilities.data(), [p0, 1 - p0]);
  tf.dispose([x, logits, probabilities]);
  classifier.dispose();
  assert.equal(tf.memory().numTensors, before);
}

test('Keras 2 .h5 Sequential loads with its weights and gives the hand-computed logits', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const path = join(dir, 'model.h5');
    await writeKerasH5(path, keras2SequentialConfig(), sequentialLayers, knownWeights);
    await checkKnownClassifier(path, 'keras-h5');
  });
});

test('Keras 3 .keras Functional loads with its weights and gives the hand-computed logits', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const path = join(dir, 'model.keras');
    await writeKerasV3(path, keras3FunctionalConfig(), knownWeights);
    await checkKnownClassifier(path, 'keras-v3');
  });
});

test('Keras files with a Lambda, an unsupported layer, wrong shapes or no image input are refused clearly', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const before = tf.memory().numTensors;
    const lambda = keras2Layer('Lambda', { name: 'my_lambda', trainable: true, dtype: 'float32', function: ['4wEAAAAAAAAAAAAAAAEAAAACAAAAQwAAAHMIAAAAfABkARQAUwApAk7pAgAAAKkAKQHaAXhyAgAAAHICAAAA', null, null], function_type: 'lambda', output_shape: null, arguments: {} });
    const lambdaPath = join(dir, 'lambda.h5');
    await writeKerasH5(lambdaPath, keras2SequentialConfig([lambda]), [...sequentialLayers, 'my_lambda'], knownWeights);
    await assert.rejects(loadClassifier(lambdaPath), /Layer 'my_lambda' \(class Lambda\) runs Python code .* never executes code from a checkpoint/);

    const attention = { name: 'my_attention', entry: { module: 'keras.layers', class_name: 'MultiHeadAttention', config: { name: 'my_attention', num_heads: 2, key_dim: 2 }, registered_name: null, name: 'my_attention', inbound_nodes: [{ args: [{ class_name: '__keras_tensor__', config: { shape: [null, 2], dtype: 'float32', keras_history: ['gap', 0, 0] } }], kwargs: {} }] } };
    const attentionPath = join(dir, 'attention.keras');
    await writeKerasV3(attentionPath, keras3FunctionalConfig(attention), knownWeights);
    await assert.rejects(loadClassifier(attentionPath), /Layer 'my_attention' \(class MultiHeadAttention\) is not supported by TensorFlow.js layers/);

    const wrongShapes = { ...knownWeights, conv: [{ name: 'kernel', shape: [1, 1, 2, 2], values: [1, 2, 3, 4] }, knownWeights.conv[1]] };
    const wrongPath = join(dir, 'wrong.h5');
    await writeKerasH5(wrongPath, keras2SequentialConfig(), sequentialLayers, wrongShapes);
    await assert.rejects(loadClassifier(wrongPath), /Layer 'conv' weight 'kernel' has shape \[1, 1, 2, 2\] .* needs \[1, 1, 3, 2\]/);

    const tabular = { class_name: 'Sequential', config: { name: 'tabular', layers: [keras2Layer('InputLayer', { batch_input_shape: [null, 3], dtype: 'float32', name: 'features' }), keras2Layer('Dense', { name: 'dense', units: 2, activation: 'linear', use_bias: true, dtype: 'float32' })] } };
    const tabularPath = join(dir, 'tabular.h5');
    await writeKerasH5(tabularPath, tabular, ['features', 'dense'], { dense: [{ name: 'kernel', shape: [3, 2], values: [1, 2, 3, 4, 5, 6] }, { name: 'bias', shape: [2], values: [0, 0] }] });
    await assert.rejects(loadClassifier(tabularPath), /takes input of shape \[\?, 3\], not a batch of images/);

    const weightsOnlyPath = join(dir, 'weights-only.keras');
    await writeKerasV3(weightsOnlyPath, { class_name: 'MyModel', config: {} }, knownWeights);
    await assert.rejects(loadClassifier(weightsOnlyPath), /Subclassed models cannot be rebuilt/);
    assert.equal(tf.memory().numTensors, before);
  });
});
