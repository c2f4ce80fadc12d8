// Every CAM method end to end: through localise() on the bundled TF.js sample (box metrics, .npy maps) and on a Keras
// .h5 model (raw maps at the input size), finite and of the right shape, no tensor leaked.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { selectBackend } from '../../../src/engine/backend';
import { localise } from '../../../src/engine/cam/localise';
import { CAM_METHODS } from '../../../src/engine/cam/methods';
import { readScoremap } from '../../../src/engine/cam/scoremaps';
import { openDataSource } from '../../../src/engine/data/source';
import { isUserFacingError } from '../../../src/engine/errors';
import { loadClassifier } from '../../../src/engine/model/classifier';
import { hasBoxMetrics } from '../../../src/protocol/cam';
import { type PackedArray, read, unpack } from '../../fixtures/oracleArrays';
import { withTempDir } from '../../fixtures/model/tempDir';

const repo = resolve(__dirname, '..', '..', '..', '..');

test('every method localises the TF.js sample through localise(): box metrics are fractions, maps are finite 224×224 in [0, 1]', async () => {
  await selectBackend('wasm');
  const classifier = await loadClassifier(join(repo, 'samples', 'models', 'baseline', 'model.json'));
  try {
    const items = (await openDataSource(join(repo, 'samples', 'data'))).items.slice(0, 6);
    for (const { name } of CAM_METHODS) {
      await withTempDir(async (dir) => {
        const before = tf.memory().numTensors;
        const results = await localise(classifier, items, { method: name, normalisation: 'minmax', target: 'gt', batchSize: 4, scoremapFolder: dir });
        assert.equal(tf.memory().numTensors, before, `${name} leaks tensors`);
        assert.equal(results.settings.method, name);
        assert.equal(results.imageCount, items.length);
        assert.ok(hasBoxMetrics(results), `${name} has box metrics`);
        for (const value of [results.maxBoxAcc.maxAccuracy, results.maxBoxAccV2.mean, results.localisation.gtKnown]) {
          assert.ok(value >= 0 && value <= 1, `${name}: ${value} is a fraction`);
        }
        for (const image of results.images) {
          const map = await readScoremap(dir, image.id);
          assert.deepEqual([map.height, map.width], [224, 224]);
          assert.ok(map.data.every((v) => Number.isFinite(v) && v >= 0 && v <= 1), `${name}: ${image.id}'s map is finite, in [0, 1]`);
        }
      });
    }
  } finally {
    classifier.dispose();
  }
});

test('a layer can be chosen for every method but classic CAM, which says why not', async () => {
  await selectBackend('wasm');
  const classifier = await loadClassifier(join(repo, 'samples', 'models', 'baseline', 'model.json'));
  try {
    const items = (await openDataSource(join(repo, 'samples', 'data'))).items.slice(0, 1);
    const other = classifier.inspection.layers.find((layer) => layer.name === 'stage3_relu');
    assert.ok(other && other.name !== classifier.inspection.lastConvLayer?.name, 'the sample has an earlier feature map');
    await assert.rejects(localise(classifier, items, { method: 'cam', normalisation: 'minmax', target: 'top1', batchSize: 1, layer: other.name }),
      (err: unknown) => isUserFacingError(err) && /a layer can be chosen for every other method/.test(err.message));
    const results = await localise(classifier, items, { method: 'layercam', normalisation: 'minmax', target: 'top1', batchSize: 1, layer: other.name });
    assert.equal(results.settings.layer, other.name);
  } finally {
    classifier.dispose();
  }
});

test('every method maps a Keras .h5 model: finite maps at the input size, the classes asked for', async () => {
  await selectBackend('wasm');
  const oracle = JSON.parse(readFileSync(join(repo, 'test', 'fixtures', 'keras', 'plaincnn.oracle.json'), 'utf8')) as { x01: PackedArray };
  const classifier = await loadClassifier(join(repo, 'test', 'fixtures', 'keras', 'plaincnn.h5'));
  try {
    const x01 = tf.tidy(() => tf.slice(tf.tensor4d(unpack(oracle.x01), oracle.x01.shape as [number, number, number, number]), [0, 0, 0, 0], [2, -1, -1, -1])) as tf.Tensor4D;
    const layer = classifier.inspection.lastConvLayer?.name;
    assert.ok(layer);
    assert.ok(classifier.inspection.camHead.applicable, 'plaincnn ends in GAP → dense, so classic CAM applies');
    for (const method of CAM_METHODS) {
      const before = tf.memory().numTensors;
      const { maps, classes, logits } = method.maps(classifier, x01, { kind: 'classes', classes: [3, 7] }, layer);
      assert.deepEqual(maps.shape, [2, x01.shape[1], x01.shape[2]]);
      assert.deepEqual(Array.from(await read(classes)), [3, 7]);
      logits.dispose();
      const values = await read(maps);
      assert.equal(tf.memory().numTensors, before, `${method.name} leaks tensors`);
      assert.ok(values.every(Number.isFinite), `${method.name}: maps are finite`);
      // Classic CAM is Σ_k w_k·A_k without a ReLU; every other method ends in one.
      if (method.name !== 'cam') assert.ok(values.every((v) => v >= 0), `${method.name}: maps are non-negative after the ReLU`);
    }
    x01.dispose();
  } finally {
    classifier.dispose();
  }
});
