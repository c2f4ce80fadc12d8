// The demo report's layout and honesty: it leads with what was run and a table of contents, keeps per-image detail
// collapsed, says which images the sweep ran on, counts mix pairs as the statistics do, gives each model one colour
// everywhere; the demo's sweep subset covers every class; the gallery's examples spread over classes.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { MixPairResult, MixResults } from '../../../src/protocol/mix';
import { RUN_RECORD_SCHEMA_VERSION, type RunRecord } from '../../../src/protocol/records';
import { firstImagesPerClass } from '../../../src/cli/commands/demo';
import { mixSection } from '../../../src/present/report/mixSection';
import { reportModelColor } from '../../../src/present/charts/modelPalette';
import { renderOverviewReport } from '../../../src/present/report/overviewReport';
import { spreadOverClasses } from '../../../src/engine/sweep/gallery';
import { sampleBackend, sampleOverviewInputs } from '../../fixtures/report/sampleOverview';
import { temporaryFolder } from '../../fixtures/temporaryFolders';
import { results } from './sweepFixture';

const IMAGE = 'data:image/jpeg;base64,AA==';

function pair(first: number, second: number): MixPairResult {
  return {
    first: { id: `a${first}`, label: first, image: IMAGE }, second: { id: `b${second}`, label: second, image: IMAGE }, mixed: IMAGE, lambda: 0.6,
    target: [{ index: first, name: `c${first}`, probability: 0.6 }], predictions: ['baseline', 'cutmix'].map((name) => ({ modelPath: `/m/${name}/model.json`, top: [{ index: first, name: `c${first}`, probability: 0.5 }] })),
  };
}

function mixRecord(pairs: MixPairResult[]): RunRecord<MixResults> {
  const statistic = (modelPath: string) => ({ modelPath, pairCount: pairs.filter((p) => p.first.label !== p.second?.label).length, sameClassPairs: 1, topTwoMatchRate: 0.5, meanGapFirst: 0.1, meanGapSecond: 0.2 });
  return {
    schemaVersion: RUN_RECORD_SCHEMA_VERSION, id: 'mix', createdAt: 'now', spec: { analysis: 'mix', models: [], data: null, params: {}, seed: 0 },
    results: {
      settings: { method: 'cutmix', pairing: { kind: 'random', count: pairs.length }, lambda: { kind: 'beta', concentration: 1 }, cutoutSide: null, puzzle: null, seed: 0, inputSize: [64, 64] },
      classNames: ['zero', 'one', 'two'], pairs, statistics: [statistic('/m/baseline/model.json'), statistic('/m/cutmix/model.json')], warnings: [],
    },
    timings: { totalMs: 1, imagesPerSecond: null }, backend: sampleBackend, versions: { robustnessLens: '0', tfjs: '4.22.0' }, attachments: [],
  };
}

test('the mix header counts the pairs as the statistics do and says a same-class pair was left out', () => {
  const page = mixSection([mixRecord([pair(0, 1), pair(1, 2), pair(2, 2)])]).text;
  assert.match(page, /3 pairs, 2 of two classes in the statistics \(1 same-class pair left out\)/);
  assert.match(page, /Both images are two: shown, but not counted/);
  assert.doesNotMatch(mixSection([mixRecord([pair(0, 1), pair(1, 2)])]).text, /left out/);
  assert.match(page, new RegExp(`--bar-color: ${reportModelColor(1)}`), 'the second model in its palette colour');
});

test('the overview leads with what was run and a table of contents, and keeps each image\'s predictions collapsed', async () => {
  const input = await sampleOverviewInputs();
  // The fixture predicts 30 images; the sweep ran on 20 of them.
  const page = renderOverviewReport({ ...input, sweep: { ...results(), imageCount: 20 }, sweepImages: 'the first 2 images of each of the 10 classes, 20 of the 30' });
  const order = ['id="run"', 'aria-label="Contents"', 'id="comparison"', 'id="sweep"', 'id="model-1"'].map((marker) => page.indexOf(marker));
  assert.ok(order.every((at) => at >= 0), `every section present: ${order}`);
  assert.deepEqual([...order].sort((a, b) => a - b), order, 'summary first, per-model detail last');
  for (const anchor of ['sweep-summary', 'sweep-calibration', 'sweep-gallery', 'model-1', 'model-2']) assert.match(page, new RegExp(`href="#${anchor}"`));
  const grid = page.indexOf('class="image-grid"');
  const details = page.lastIndexOf('<details class="per-image">', grid);
  assert.ok(details >= 0 && page.indexOf('</details>', details) > grid, 'the image grid sits inside a closed <details>');
  assert.doesNotMatch(page, /<details class="per-image" open/);
  assert.match(page, /on 20 images — the first 2 images of each of the 10 classes, 20 of the 30 the comparison above uses, so its clean error is not 1 − the top-1 accuracy there/);
  // One colour per checkpoint: the comparison table's swatch and the sweep's curves use the same palette entry.
  assert.ok(page.includes(`background: ${reportModelColor(1)}`) && page.includes(`stroke="${reportModelColor(1)}"`));
});

test('the gallery\'s examples spread over the batch\'s classes and move on for each corruption', () => {
  const labels = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2];
  const first = spreadOverClasses(labels, 3, 0);
  assert.deepEqual(first.map((i) => labels[i]), [0, 1, 2], 'one image of each class');
  const second = spreadOverClasses(labels, 3, 1);
  assert.deepEqual(second.map((i) => labels[i]), [0, 1, 2]);
  assert.equal(new Set([...first, ...second]).size, 6, 'the next corruption shows other images');
  assert.deepEqual(spreadOverClasses([5, 5], 3, 4).sort(), [0, 1], 'no more images than the batch holds');
  assert.deepEqual(spreadOverClasses([], 3, 0), []);
});

test('the demo\'s sweep subset takes the first images of every class, with its metadata', async () => {
  const samples = resolve(__dirname, '..', '..', '..', '..', 'samples', 'data');
  const dir = temporaryFolder('rl-subset-');
  const subset = await firstImagesPerClass(samples, dir, 2);
  assert.equal(subset.classCount, 10);
  assert.equal(subset.imageCount, 20);
  const labels = (await readFile(join(dir, 'metadata', 'class_labels.txt'), 'utf8')).trim().split('\n').map((line) => line.split(',')[1]);
  assert.deepEqual([...new Set(labels)].sort(), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  assert.equal(labels.length, 20);
  for (const name of ['image_ids.txt', 'image_sizes.txt', 'localization.txt']) {
    const ids = new Set((await readFile(join(dir, 'metadata', name), 'utf8')).trim().split('\n').map((line) => line.split(',')[0]));
    assert.equal(ids.size, 20, name);
  }
  assert.equal((await readdir(join(dir, 'images'))).length, 20);
});
