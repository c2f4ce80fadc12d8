import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { selectBackend } from '../../../src/engine/backend';
import { fileLoadHandler, saveLayersModel } from '../../../src/engine/model/tfjsFiles';
import { withTempDir } from '../../fixtures/model/tempDir';

function tinyDense(): tf.LayersModel {
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2, name: 'd' })] });
  tf.tidy(() => model.setWeights([tf.tensor2d([[1, 2], [3, 4], [5, 6]]), tf.tensor1d([0.5, -0.5])]));
  return model;
}

test('saveLayersModel then fileLoadHandler round-trips topology and weights', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const before = tf.memory().numTensors;
    const model = tinyDense();
    await saveLayersModel(model, join(dir, 'nested', 'm'));
    model.dispose();
    const loaded = await tf.loadLayersModel(fileLoadHandler(join(dir, 'nested', 'm', 'model.json')));
    const y = tf.tidy(() => loaded.predict(tf.tensor2d([[1, 1, 1]])) as tf.Tensor);
    assert.deepEqual(Array.from(await y.data()), [9.5, 11.5]);
    y.dispose();
    loaded.dispose();
    assert.equal(tf.memory().numTensors, before);
  });
});

test('fileLoadHandler explains broken files', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const model = tinyDense();
    await saveLayersModel(model, dir);
    model.dispose();
    const jsonPath = join(dir, 'model.json');
    const shard = join(dir, 'group1-shard1of1.bin');
    const bytes = await readFile(shard);
    const before = tf.memory().numTensors;

    await writeFile(shard, bytes.subarray(0, 10));
    await assert.rejects(tf.loadLayersModel(fileLoadHandler(jsonPath)), /group1-shard1of1\.bin" is truncated/);

    await writeFile(shard, Buffer.concat([bytes, bytes]));
    await assert.rejects(tf.loadLayersModel(fileLoadHandler(jsonPath)), /disagree with the sizes declared/);

    await rm(shard);
    await assert.rejects(tf.loadLayersModel(fileLoadHandler(jsonPath)), /Weight shard "group1-shard1of1\.bin" .* is missing/);

    const json = await readFile(jsonPath, 'utf8');
    await writeFile(jsonPath, json.slice(0, json.length / 2));
    await assert.rejects(tf.loadLayersModel(fileLoadHandler(jsonPath)), /is not valid JSON/);

    await writeFile(jsonPath, JSON.stringify({ format: 'layers-model', weightsManifest: [] }));
    await assert.rejects(tf.loadLayersModel(fileLoadHandler(jsonPath)), /has no "modelTopology"/);
    assert.equal(tf.memory().numTensors, before);
  });
});
