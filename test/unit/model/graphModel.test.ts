import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { selectBackend } from '../../../src/engine/backend';
import { loadClassifier } from '../../../src/engine/model/classifier';
import { graphLogitsAtHalf, writeGraphModel } from '../../fixtures/model/graphModelWriter';
import { withTempDir } from '../../fixtures/model/tempDir';

test('a hand-written graph model.json is inspected and runs with the hand-computed logits', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const path = await writeGraphModel(dir);
    const before = tf.memory().numTensors;
    const classifier = await loadClassifier(path);
    const { inspection } = classifier;
    assert.equal(inspection.format, 'tfjs-graph');
    assert.deepEqual(inspection.inputShape, [4, 4, 3]);
    assert.equal(inspection.numClasses, 2);
    assert.equal(inspection.outputKind, 'softmax');
    assert.equal(inspection.logitsSource, 'logits');
    assert.deepEqual(inspection.lastConvLayer, { name: 'relu', shape: [4, 4, 2] });
    assert.deepEqual(inspection.camHead, { applicable: true, denseLayer: 'logits', reason: inspection.camHead.reason });
    assert.equal(inspection.parameterCount, 10);
    assert.deepEqual(inspection.layers.map((l) => [l.name, l.className, l.parameterCount]), [['conv', 'Conv2D', 6], ['relu', 'Relu', 0], ['mean', 'Mean', 0], ['logits', 'MatMul', 4], ['probabilities', 'Softmax', 0]]);

    const x = tf.fill([2, 4, 4, 3], 0.5) as tf.Tensor4D;
    const logits = classifier.logits(x);
    assert.deepEqual(Array.from(await logits.data()), [...graphLogitsAtHalf, ...graphLogitsAtHalf]);
    const probabilities = classifier.probabilities(x);
    const expected = 1 / (1 + Math.exp(-3));
    (await probabilities.data()).forEach((p, i) => assert.ok(Math.abs(p - (i % 2 === 0 ? expected : 1 - expected)) < 1e-6));
    const { features, logits: sameLogits } = classifier.featuresAndLogits(x);
    assert.deepEqual(features.shape, [2, 4, 4, 2]);
    assert.deepEqual(Array.from(await sameLogits.data()), Array.from(await logits.data()));
    const gradient = tf.grad((input) => classifier.logits(input as tf.Tensor4D).slice([0, 0], [-1, 1]).sum())(x);
    assert.deepEqual(gradient.shape, [2, 4, 4, 3]);
    // d logit0 / dx[h,w,c] = K[c,0] · W[0,0] / 16 through the active filter 0 (filter 1 sits at relu's zero): [1, 2, 0] / 16.
    const perPixel = Array.from((await gradient.data()).slice(0, 3));
    perPixel.forEach((g, c) => assert.ok(Math.abs(g - [1, 2, 0][c] / 16) < 1e-6, `channel ${c}: ${g}`));
    tf.dispose([x, logits, probabilities, features, sameLogits, gradient]);
    classifier.dispose();
    assert.equal(tf.memory().numTensors, before);
  });
});

test('a graph without softmax is reported as logits', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const path = await writeGraphModel(dir, false);
    const classifier = await loadClassifier(path);
    assert.equal(classifier.inspection.outputKind, 'logits');
    assert.equal(classifier.inspection.logitsSource, null);
    classifier.dispose();
  });
});

test('a folder holding model.json is opened as that model', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const folder = join(dir, 'exported');
    await mkdir(folder);
    await writeGraphModel(folder);
    const classifier = await loadClassifier(folder);
    assert.equal(classifier.inspection.format, 'tfjs-graph');
    classifier.dispose();
  });
});
