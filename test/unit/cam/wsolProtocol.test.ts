// The WSOL protocol and PxAP on wsolevaluation's published layouts: the fixtures of scripts/wsol-fixtures are read as
// wsolevaluation reads them, and every number is checked against what wsolevaluation's own BoxEvaluator and
// MaskEvaluator computed on the same maps (test/fixtures/wsol-splits/expected.json).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openDataSource } from '../../../src/engine/data/source';
import { findWsolSplits, openWsolSplit, type WsolSplitLayout } from '../../../src/engine/data/wsolSplits';
import { parseMaskLocalization } from '../../../src/engine/data/wsolMasks';
import { UserFacingError } from '../../../src/engine/errors';
import { evaluationMask, MASK_IGNORE, MASK_OBJECT } from '../../../src/engine/cam/groundTruthMasks';
import { scoreMapFolderPxap, scoreMapProtocol } from '../../../src/engine/cam/scoreMapProtocol';
import { scoreMapFolder } from '../../../src/engine/cam/scoreMapFolder';
import { writeScoremap } from '../../../src/engine/cam/scoremaps';
import { chooseOnTrainFullsup } from '../../../src/engine/cam/selection';
import { withTempDir } from '../../fixtures/model/tempDir';

const FIXTURE = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'wsol-splits');
const SIZE = 224;

type Blob = [number, number, number, number];
interface BoxScores { maxBoxAcc: number; bestThreshold: number; accuracies: number[] }
interface DatasetExpectation<Scores> {
  maps: Record<string, Record<string, Blob[]>>;
  results: Record<string, { val: Scores; test: Scores }>;
  protocol: { candidate: string; trainFullsup: number; test: number; threshold?: number; testOracle?: number; testOracleThreshold?: number };
}
interface Expected {
  candidates: string[];
  CUB: DatasetExpectation<BoxScores>;
  OpenImages: DatasetExpectation<{ pxap: number }> & { maskPixels: Record<string, { object: number; ignore: number }> };
}

const expected = JSON.parse(readFileSync(join(FIXTURE, 'expected.json'), 'utf8')) as Expected;

/** The script's map: max over blobs of ⌊255·max(0, a²b² − (x−cx)²b² − (y−cy)²a²)/(a²b²)⌋, as float32 k/255. */
function ellipseMap(blobs: readonly Blob[]): Float32Array {
  const map = new Float32Array(SIZE * SIZE);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      let best = 0;
      for (const [cx, cy, a, b] of blobs) {
        const whole = a * a * b * b;
        const inside = whole - (x - cx) ** 2 * b * b - (y - cy) ** 2 * a * a;
        best = Math.max(best, Math.floor(Math.max(0, 255 * inside) / whole));
      }
      map[y * SIZE + x] = best / 255;
    }
  }
  return map;
}

/** Writes every candidate's maps as <dir>/<candidate>/<image_id>.npy. */
async function writeCandidateMaps(dir: string, maps: Record<string, Record<string, Blob[]>>): Promise<Record<string, string>> {
  const folders: Record<string, string> = {};
  for (const [candidate, perImage] of Object.entries(maps)) {
    folders[candidate] = join(dir, candidate);
    for (const [id, blobs] of Object.entries(perImage)) await writeScoremap(folders[candidate], id, { data: ellipseMap(blobs), height: SIZE, width: SIZE });
  }
  return folders;
}

async function layoutOf(dir: string): Promise<WsolSplitLayout> {
  const layout = await findWsolSplits(dir);
  assert.ok(layout, `${dir} is a split dataset`);
  return layout;
}

test('a wsolevaluation checkout is read as wsolevaluation reads it: val is train-fullsup, images under dataset/<DATASET>', async () => {
  const layout = await layoutOf(join(FIXTURE, 'metadata', 'CUB'));
  assert.equal(layout.root, join(FIXTURE, 'dataset', 'CUB'));
  assert.equal(layout.metadata['train-fullsup'], join(FIXTURE, 'metadata', 'CUB', 'val'));
  const trainFullsup = await openWsolSplit(layout, 'train-fullsup');
  assert.deepEqual(trainFullsup.items.map((item) => item.id).sort(), Object.keys(expected.CUB.maps['cam-max']).filter((id) => id.includes('/val_')).sort());
  assert.equal(trainFullsup.skipped.length, 0);
  // One split's metadata folder opens as an ordinary dataset, with its paths relative to the images folder.
  const test = await openDataSource(join(FIXTURE, 'metadata', 'OpenImages', 'test'));
  assert.ok(test.items.every((item) => item.masks !== undefined && item.path.startsWith(join(FIXTURE, 'dataset', 'OpenImages', 'test'))));
  const twoInstances = test.items.find((item) => item.masks && item.masks.paths.length === 2);
  assert.ok(twoInstances?.masks?.ignore?.endsWith('_ignore.png'));
});

test('a checkout with metadata for several datasets, or a whole split dataset given where one split is read, is refused by name', async () => {
  await assert.rejects(findWsolSplits(FIXTURE), (err: unknown) => err instanceof UserFacingError && /several datasets \(CUB, OpenImages\)/.test(err.message));
  await assert.rejects(openDataSource(join(FIXTURE, 'metadata', 'CUB')), (err: unknown) => err instanceof UserFacingError && /train-fullsup and test splits/.test(err.message));
  await withTempDir(async (dir) => {
    await cp(join(FIXTURE, 'metadata', 'CUB', 'test'), join(dir, 'metadata', 'test'), { recursive: true });
    await cp(join(FIXTURE, 'metadata', 'CUB', 'val'), join(dir, 'metadata', 'train-fullsup'), { recursive: true });
    await cp(join(FIXTURE, 'metadata', 'CUB', 'val'), join(dir, 'metadata', 'val'), { recursive: true });
    await assert.rejects(findWsolSplits(dir), /has both train-fullsup and val/);
  });
});

test('mask localization.txt: a second ignore mask or a short line is an error naming the file and the line', () => {
  assert.throws(() => parseMaskLocalization('a.jpg,a_m1.png,a_ignore.png\na.jpg,a_m2.png,a_ignore.png\n', '/d/localization.txt'),
    /\/d\/localization.txt, line 2: "a.jpg" already has its ignore mask on line 1/);
  assert.throws(() => parseMaskLocalization('a.jpg,a_m1.png\n', '/d/localization.txt'), /line 1: expected 3 comma-separated fields, found 2/);
  assert.deepEqual(parseMaskLocalization('a.jpg,a_m1.png,a_ignore.png\na.jpg,a_m2.png,\nb.jpg,b_m.png,\n', 'f'), new Map([
    ['a.jpg', { masks: ['a_m1.png', 'a_m2.png'], ignore: 'a_ignore.png', lines: [1, 2] }],
    ['b.jpg', { masks: ['b_m.png'], ignore: null, lines: [3] }],
  ]));
});

test('ground-truth masks at 224×224 have the object and ignore pixels of wsolevaluation\'s get_mask', async () => {
  const layout = await layoutOf(join(FIXTURE, 'metadata', 'OpenImages'));
  for (const split of ['train-fullsup', 'test'] as const) {
    for (const item of (await openWsolSplit(layout, split)).items) {
      const mask = await evaluationMask(item, SIZE);
      const count = (value: number): number => mask.reduce((n, v) => n + (v === value ? 1 : 0), 0);
      assert.deepEqual({ object: count(MASK_OBJECT), ignore: count(MASK_IGNORE) }, expected.OpenImages.maskPixels[item.id], item.id);
    }
  }
});

test('PxAP and MaxBoxAcc of every candidate on both splits equal wsolevaluation\'s MaskEvaluator and BoxEvaluator', async () => {
  await withTempDir(async (dir) => {
    const pxapFolders = await writeCandidateMaps(join(dir, 'openimages'), expected.OpenImages.maps);
    const boxFolders = await writeCandidateMaps(join(dir, 'cub'), expected.CUB.maps);
    const masks = await layoutOf(join(FIXTURE, 'metadata', 'OpenImages'));
    const boxes = await layoutOf(join(FIXTURE, 'metadata', 'CUB'));
    for (const candidate of expected.candidates) {
      for (const [split, name] of [['train-fullsup', 'val'], ['test', 'test']] as const) {
        const pxap = await scoreMapFolderPxap(pxapFolders[candidate], (await openWsolSplit(masks, split)).items);
        assert.ok(Math.abs(pxap.pxap - expected.OpenImages.results[candidate][name].pxap) < 1e-12, `${candidate} ${split}: PxAP ${pxap.pxap}`);
        const box = await scoreMapFolder(boxFolders[candidate], (await openWsolSplit(boxes, split)).items);
        const reference = expected.CUB.results[candidate][name];
        assert.deepEqual(box.evaluation.maxBoxAcc.accuracies, reference.accuracies, `${candidate} ${split}: MaxBoxAcc curve`);
        assert.equal(box.evaluation.maxBoxAcc.bestThreshold, reference.bestThreshold);
      }
    }
  });
});

test('the protocol chooses on train-fullsup and reports test once, at the τ chosen on train-fullsup, as applied to wsolevaluation\'s numbers', async () => {
  await withTempDir(async (dir) => {
    for (const dataset of ['CUB', 'OpenImages'] as const) {
      const folders = await writeCandidateMaps(join(dir, dataset), expected[dataset].maps);
      const { protocol } = await scoreMapProtocol(await layoutOf(join(FIXTURE, 'metadata', dataset)), expected.candidates.map((c) => folders[c]));
      const reference = expected[dataset].protocol;
      assert.equal(protocol.candidates[protocol.chosen].label, folders[reference.candidate], dataset);
      assert.ok(Math.abs(protocol.candidates[protocol.chosen].trainFullsup - reference.trainFullsup) < 1e-12);
      assert.ok(Math.abs(protocol.test - reference.test) < 1e-12, `${dataset}: test ${protocol.test} vs ${reference.test}`);
      if (dataset === 'CUB') {
        assert.deepEqual(protocol.chosenBy, { setting: 'train-fullsup', threshold: 'train-fullsup' });
        assert.equal(protocol.candidates[protocol.chosen].threshold, reference.threshold);
        assert.deepEqual(protocol.chosenOnTest, { value: reference.testOracle, threshold: reference.testOracleThreshold });
        // The fixture is built so that choosing τ on test would have reported more: the protocol must not.
        assert.ok(protocol.test < (protocol.chosenOnTest?.value ?? 0));
      } else {
        assert.equal(protocol.metric, 'pxap');
        assert.equal(protocol.chosenOnTest, null);
      }
    }
  });
});

test('ties on train-fullsup go to the first candidate; τ is the first where train-fullsup MaxBoxAcc peaks', () => {
  const thresholds = [0, 0.5];
  const { candidates, chosen } = chooseOnTrainFullsup(['a', 'b'], [
    { metric: 'maxBoxAcc', thresholds, accuracies: [0.2, 0.6] },
    { metric: 'maxBoxAcc', thresholds, accuracies: [0.6, 0.6] },
  ]);
  assert.equal(chosen, 0);
  assert.deepEqual(candidates.map((c) => c.threshold), [0.5, 0]);
});

test('a mask file that cannot be read is named with its localization.txt line', async () => {
  await withTempDir(async (dir) => {
    const bad = join(dir, 'broken.png');
    await writeFile(bad, 'not a png');
    await assert.rejects(evaluationMask({ id: 'x.jpg', path: join(dir, 'x.jpg'), label: null, boxes: [], size: null, masks: { paths: [bad], ignore: null, lines: [7] } }, SIZE),
      (err: unknown) => err instanceof UserFacingError && err.message.includes(`${bad} (localization.txt line 7)`));
  });
});
