import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { selectBackend } from '../../../src/engine/backend';
import { loadLabels } from '../../../src/engine/model/labels';
import { withTempDir } from '../../fixtures/model/tempDir';

test('labels come from labels.txt, a labels.json list or index map, ImageFolder names, or are generated', async () => {
  await selectBackend('wasm');
  const before = tf.memory().numTensors;
  await withTempDir(async (dir) => {
    const model = join(dir, 'model.json');
    assert.deepEqual(await loadLabels(model, 2), { names: ['class 0', 'class 1'], source: 'generated', warnings: [] });
    assert.deepEqual(await loadLabels(model, 2, { classNames: ['cat', 'dog'], imageFolderDir: '/data/train' }), { names: ['cat', 'dog'], source: 'imagefolder:/data/train', warnings: [] });

    await writeFile(join(dir, 'labels.txt'), 'cat\r\ndog\n\n');
    assert.deepEqual(await loadLabels(model, 2, { classNames: ['x', 'y'] }), { names: ['cat', 'dog'], source: join(dir, 'labels.txt'), warnings: [] });

    const list = join(dir, 'list.json');
    await writeFile(list, JSON.stringify(['plane', 'car']));
    assert.deepEqual((await loadLabels(model, 2, { labelsPath: list })).names, ['plane', 'car']);

    const map = join(dir, 'map.json');
    await writeFile(map, JSON.stringify({ 1: 'dog', 0: 'cat', 3: 'bird' }));
    assert.deepEqual((await loadLabels(model, 4, { labelsPath: map })).names, ['cat', 'dog', 'class 2', 'bird']);

    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ cat: 0 }));
    await assert.rejects(loadLabels(model, 2, { labelsPath: bad }), /JSON list of class names or an object mapping class indices to names/);
  });
  assert.equal(tf.memory().numTensors, before);
});

test('a label count that disagrees with the model is padded or truncated with a warning', async () => {
  await withTempDir(async (dir) => {
    const labels = join(dir, 'labels.txt');
    await writeFile(labels, 'a\nb\nc\n');
    const padded = await loadLabels(join(dir, 'm.h5'), 5);
    assert.deepEqual(padded.names, ['a', 'b', 'c', 'class 3', 'class 4']);
    assert.match(padded.warnings[0], /labels.txt lists 3 class names but the model has 5 outputs; .*padded/);
    const truncated = await loadLabels(join(dir, 'm.h5'), 2);
    assert.deepEqual(truncated.names, ['a', 'b']);
    assert.match(truncated.warnings[0], /lists 3 class names but the model has 2 outputs; the last 1 names are ignored \(truncated\)/);
  });
});
