// ImageFolder labels are the model's class indices, matched by folder name: in predict, mix and sweep (worker processes
// included); by sorted order, with a warning, only for a model without class names; a folder naming no class is an error.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DataSourceInfo } from '../../../src/protocol/data';
import type { LabelSet } from '../../../src/protocol/model';
import { alignToModelClasses } from '../../../src/engine/data/classMapping';
import { EngineSession } from '../../../src/engine/session';
import { withTempDir } from '../../fixtures/model/tempDir';
import { FIXTURE_CLASSES, writeColourDataset, writeTinyModel } from '../../fixtures/model/sweepFixture';

/** An ImageFolder listing with one image per folder, labelled by sorted folder index as the data source labels it. */
function imageFolder(folders: string[]): DataSourceInfo {
  const items = folders.map((folder, label) => ({ id: `${folder}/0.png`, path: `/data/${folder}/0.png`, label, boxes: [], size: null }));
  return { kind: 'imagefolder', root: '/data', items, classNames: folders, skipped: [] };
}

const named = (names: string[]): LabelSet => ({ names, source: '/models/labels.txt', warnings: [] });
const unnamed = (count: number): LabelSet => ({ names: Array.from({ length: count }, (_, i) => `class ${i}`), source: 'generated', warnings: [] });
const labelsOf = (source: DataSourceInfo) => source.items.map((item) => [item.id, item.label]);

test('folders are matched to the model\'s classes by name, a subset and in any order', () => {
  const { source, warnings } = alignToModelClasses(imageFolder(['a', 'c']), named(['a', 'b', 'c']));
  assert.deepEqual(labelsOf(source), [['a/0.png', 0], ['c/0.png', 2]]);
  assert.deepEqual(warnings, []);
});

test('an exact name wins; otherwise letter case and _, -, space are ignored', () => {
  const { source } = alignToModelClasses(imageFolder(['Golden-Retriever', 'tabby cat', 'tabby_cat']), named(['tabby cat', 'golden retriever', 'tabby_cat']));
  assert.deepEqual(labelsOf(source), [['Golden-Retriever/0.png', 1], ['tabby cat/0.png', 0], ['tabby_cat/0.png', 2]]);
  assert.throws(() => alignToModelClasses(imageFolder(['TABBY-CAT']), named(['tabby cat', 'Tabby_Cat'])), /'TABBY-CAT' could be any of the model's classes 'tabby cat', 'Tabby_Cat'/);
});

test('a folder that names no class is an error listing the class names, a long list cut short', () => {
  assert.throws(() => alignToModelClasses(imageFolder(['drawings', 'neutral']), named(['drawings', 'hentai', 'porn'])),
    (err: Error) => err.name === 'UserFacingError' && /The class folder 'neutral' in \/data names no class of the model\. Its 3 classes: drawings, hentai, porn\./.test(err.message));
  const many = Array.from({ length: 25 }, (_, i) => `n${i}`);
  assert.throws(() => alignToModelClasses(imageFolder(['x', 'y']), named(many)), /folders 'x', 'y' in \/data name no class of the model\. Its 25 classes: n0, n1, .*n19, … \(5 more\)\./);
});

test('a model without class names takes the folders in sorted order, and says so', () => {
  const { source, warnings } = alignToModelClasses(imageFolder(['b', 'c']), unnamed(3));
  assert.deepEqual(labelsOf(source), [['b/0.png', 0], ['c/0.png', 1]]);
  assert.deepEqual(warnings, ['The model has no class names, so the class folders are matched by sorted order (b → class 0, c → class 1). Give the model a labels.txt (or --labels) to match folders by name.']);
  assert.throws(() => alignToModelClasses(imageFolder(['a', 'b', 'c']), unnamed(2)), /has 3 class folders but the model has only 2 outputs and no class names/);
});

test('wsolevaluation labels stay class indices, with a warning where class_names.txt disagrees; unlabelled folders pass', () => {
  const wsol: DataSourceInfo = { ...imageFolder(['a', 'b']), kind: 'wsol', classNames: ['a', 'x'] };
  const aligned = alignToModelClasses(wsol, named(['a', 'b']));
  assert.deepEqual(labelsOf(aligned.source), [['a/0.png', 0], ['b/0.png', 1]]);
  assert.deepEqual(aligned.warnings, ['1 dataset class name(s) differ from the model\'s (class 1: \'x\' vs \'b\'); labels are read as the model\'s class indices.']);
  const folder: DataSourceInfo = { kind: 'folder', root: '/data', items: [{ id: 'x.png', path: '/data/x.png', label: null, boxes: [], size: null }], classNames: null, skipped: [] };
  assert.deepEqual(alignToModelClasses(folder, named(['a'])), { source: folder, warnings: [] });
});

/** The tiny colour model (classes blue, green, red) with or without a labels.txt, and a colour ImageFolder of `folders`. */
async function colourFixture(dir: string, options: { labelled: boolean; folders: Record<string, string | null> }) {
  const engine = await EngineSession.start({ backend: 'wasm', batchSize: 2 });
  const model = await writeTinyModel(dir, 'm', 3);
  if (options.labelled) writeFileSync(join(dirname(model), 'labels.txt'), `${FIXTURE_CLASSES.join('\n')}\n`);
  const data = await writeColourDataset(dir, 2);
  // Each fixture class folder is kept, renamed, or removed (null).
  for (const [folder, renamed] of Object.entries(options.folders)) {
    if (renamed === null) rmSync(join(data, folder), { recursive: true });
    else if (renamed !== folder) renameSync(join(data, folder), join(data, renamed));
  }
  const { modelId } = await engine.loadModel({ path: model });
  return { engine, modelId, data };
}

const predictParams = (modelId: string, data: string) => ({ modelId, data, topK: 1, includeProbabilities: false, includeThumbnails: false, progressToken: 't' });
const classOfId = (id: string) => FIXTURE_CLASSES.indexOf(id.split('/')[0]);

test('predict labels red/ and blue/ as the model\'s classes red and blue, not as folders 1 and 0', async () => {
  await withTempDir(async (dir) => {
    const { engine, modelId, data } = await colourFixture(dir, { labelled: true, folders: { blue: 'blue', green: null, red: 'red' } });
    const record = await engine.predict(predictParams(modelId, data), () => undefined);
    const { predictions, warnings } = record.results;
    assert.equal(predictions.length, 4);
    for (const p of predictions) assert.equal(p.label, classOfId(p.id), p.id);
    assert.deepEqual(warnings, []);
  });
});

test('predict on a folder that names no class fails with the model\'s class names', async () => {
  await withTempDir(async (dir) => {
    const { engine, modelId, data } = await colourFixture(dir, { labelled: true, folders: { blue: 'blue', green: 'neutral', red: 'red' } });
    await assert.rejects(engine.predict(predictParams(modelId, data), () => undefined),
      (err: Error) => err.name === 'UserFacingError' && /'neutral' in .* names no class of the model\. Its 3 classes: blue, green, red\./.test(err.message));
  });
});

test('predict with a model without class names uses sorted folder order and warns', async () => {
  await withTempDir(async (dir) => {
    const { engine, modelId, data } = await colourFixture(dir, { labelled: false, folders: { blue: 'blue', green: 'green', red: 'red' } });
    const record = await engine.predict(predictParams(modelId, data), () => undefined);
    for (const p of record.results.predictions) assert.equal(p.label, classOfId(p.id), p.id);
    assert.equal(record.results.warnings.length, 1);
    assert.match(record.results.warnings[0], /no class names, so the class folders are matched by sorted order \(blue → class 0, green → class 1, red → class 2\)/);
  });
});

test('mix pairs classes by the model\'s indices, refuses an unknown folder, and warns for a model without names', async () => {
  await withTempDir(async (dir) => {
    const { engine, modelId, data } = await colourFixture(dir, { labelled: true, folders: { blue: 'blue', green: null, red: 'red' } });
    const mixParams = { modelIds: [modelId], data, method: 'mixup' as const, pairing: { kind: 'classes' as const, firstClass: 2, secondClass: 0, count: 2 }, lambda: { kind: 'fixed' as const, value: 0.5 }, seed: 1, progressToken: 't' };
    const record = await engine.mix(mixParams, () => undefined);
    for (const pair of record.results.pairs) {
      assert.deepEqual([pair.first.label, pair.second?.label], [2, 0]);
      assert.deepEqual([classOfId(pair.first.id), classOfId(pair.second?.id ?? '')], [2, 0]);
    }
    assert.deepEqual(record.results.warnings, []);
    renameSync(join(data, 'blue'), join(data, 'neutral'));
    await assert.rejects(engine.mix(mixParams, () => undefined), /'neutral' in .* names no class of the model/);
  });
  await withTempDir(async (dir) => {
    const { engine, modelId, data } = await colourFixture(dir, { labelled: false, folders: { blue: 'blue', green: 'green', red: 'red' } });
    const record = await engine.mix({ modelIds: [modelId], data, method: 'mixup', pairing: { kind: 'random', count: 1 }, lambda: { kind: 'fixed', value: 0.5 }, seed: 1, progressToken: 't' }, () => undefined);
    assert.match(record.results.warnings.join('\n'), /no class names, so the class folders are matched by sorted order/);
  });
});

test('a sweep on worker processes labels each image with the model\'s class of its folder', async () => {
  await withTempDir(async (dir) => {
    const { engine, modelId, data } = await colourFixture(dir, { labelled: true, folders: { blue: null, green: 'green', red: 'red' } });
    const predictions = join(dir, 'predictions.jsonl');
    const record = await engine.sweep({ modelIds: [modelId], data, corruptions: ['contrast'], severities: [1], seed: 2, progressToken: 't', workers: 2, savePredictions: predictions }, () => undefined);
    assert.equal(record.timings.workers, 2);
    const rows = readFileSync(predictions, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { image: string; label: number });
    assert.deepEqual(new Set(rows.map((row) => row.image)).size, 4);
    for (const row of rows) assert.equal(row.label, classOfId(row.image), row.image);
    assert.deepEqual(record.results.warnings, []);
  });
});
