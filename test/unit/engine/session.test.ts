// The engine session end to end on the bundled sample: predictions agree with an independent accuracy count.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { EngineSession } from '../../../src/engine/session';
import { temporaryFolder } from '../../fixtures/temporaryFolders';

const repo = resolve(__dirname, '..', '..', '..', '..');
const sampleModel = join(repo, 'samples', 'models', 'baseline', 'model.json');
const sampleData = join(repo, 'samples', 'data');

test('predict on the sample set: accuracy equals a count from the metadata file, a record is saved, no leak', async () => {
  const engine = await EngineSession.start({ backend: 'wasm', batchSize: 16 });
  assert.equal(engine.backend.name, 'wasm');
  const model = await engine.loadModel({ path: sampleModel });
  const before = tf.memory().numTensors;
  const runs = temporaryFolder('runs-');
  const progress: number[] = [];
  const record = await engine.predict({ modelId: model.modelId, data: sampleData, topK: 3, includeProbabilities: true, includeThumbnails: true, progressToken: 't', runsFolder: runs }, (p) => progress.push(p.done));
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  const labels = new Map(readFileSync(join(sampleData, 'metadata', 'class_labels.txt'), 'utf8').trim().split('\n').map((l) => l.split(',')).map(([id, label]) => [id, Number(label)]));
  assert.equal(record.results.predictions.length, labels.size);
  let correct = 0;
  for (const p of record.results.predictions) {
    const probs = p.probabilities ?? [];
    const argmax = probs.indexOf(Math.max(...probs));
    assert.equal(p.top[0].index, argmax);
    assert.equal(p.top.length, 3);
    // Saved, the thumbnail is a JPEG file beside the record, which lists it.
    assert.match(p.thumbnail ?? '', /^images\/[0-9a-f]{32}\.jpg$/);
    assert.ok(record.attachments.includes(p.thumbnail ?? ''));
    if (argmax === labels.get(p.id)) correct++;
  }
  assert.equal(record.results.top1Accuracy, correct / labels.size);
  assert.ok(progress.length >= 2 && progress[progress.length - 1] === labels.size);
  assert.ok(existsSync(join(runs, record.id, 'record.json')));
  const thumbnail = await sharp(join(runs, record.id, record.results.predictions[0].thumbnail ?? '')).metadata();
  assert.equal(thumbnail.format, 'jpeg');
  assert.ok(Math.max(thumbnail.width ?? 0, thumbnail.height ?? 0) <= 96);
  assert.equal(record.backend.name, 'wasm');
});

test('a second request waits for the first; a loading model is shared', async () => {
  const engine = await EngineSession.start({ backend: 'wasm', batchSize: 16 });
  const [a, b] = await Promise.all([engine.loadModel({ path: sampleModel }), engine.loadModel({ path: sampleModel })]);
  assert.equal(a.modelId, b.modelId);
  const params = { modelId: a.modelId, data: sampleData, topK: 1, limit: 20, includeProbabilities: false, includeThumbnails: false, progressToken: 't' };
  const [first, second] = await Promise.all([engine.predict(params, () => undefined), engine.predict(params, () => undefined)]);
  assert.deepEqual(first.results.predictions.map((p) => p.top[0].index), second.results.predictions.map((p) => p.top[0].index));
});

test('an ImageFolder is labelled by the model\'s class of each folder\'s name; a folder naming no class is an error', async () => {
  const engine = await EngineSession.start({ backend: 'wasm', batchSize: 8 });
  const model = await engine.loadModel({ path: sampleModel });
  const root = temporaryFolder('imagefolder-');
  for (const [cls, image] of [['seven', '0001.png'], ['two', '0002.png']]) {
    mkdirSync(join(root, cls));
    copyFileSync(join(sampleData, 'images', image), join(root, cls, image));
  }
  const params = { modelId: model.modelId, data: root, topK: 1, includeProbabilities: false, includeThumbnails: false, progressToken: 't' };
  const record = await engine.predict(params, () => undefined);
  assert.deepEqual(record.results.predictions.map((p) => [p.id, p.label]), [['seven/0001.png', 7], ['two/0002.png', 2]]);
  assert.deepEqual(record.results.warnings, []);
  mkdirSync(join(root, 'cat'));
  copyFileSync(join(sampleData, 'images', '0001.png'), join(root, 'cat', '0001.png'));
  await assert.rejects(engine.predict(params, () => undefined), /The class folder 'cat' in .* names no class of the model\. Its 10 classes: zero, one, two, three/);
});

test('cancelling stops the run with a cancelled error', async () => {
  const engine = await EngineSession.start({ backend: 'wasm', batchSize: 8 });
  const model = await engine.loadModel({ path: sampleModel });
  const controller = new AbortController();
  await assert.rejects(
    engine.predict({ modelId: model.modelId, data: sampleData, topK: 1, includeProbabilities: false, includeThumbnails: false, progressToken: 't' },
      (p) => { if (p.done > 0) controller.abort(); }, controller.signal),
    /cancelled/);
});
