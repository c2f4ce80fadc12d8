// Occlusion sensitivity as a localisation map kind (definitions.md §3, §4): the engine's maps against Captum's Occlusion
// on the CAM-oracle ONNX network (scripts/occlusion-oracles/make_occlusion_oracle.py), then through localise() with
// its defaults, progress, cancellation and refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { selectBackend } from '../../../src/engine/backend';
import { localise } from '../../../src/engine/cam/localise';
import { defaultOcclusionWindow, occlusionMaps } from '../../../src/engine/cam/occlusionMaps';
import { readScoremap } from '../../../src/engine/cam/scoremaps';
import { openDataSource } from '../../../src/engine/data/source';
import { isUserFacingError } from '../../../src/engine/errors';
import { loadClassifier } from '../../../src/engine/model/classifier';
import { camMethodNames, hasBoxMetrics } from '../../../src/protocol/cam';
import { type PackedArray, read, unpack } from '../../fixtures/oracleArrays';
import { withTempDir } from '../../fixtures/model/tempDir';

const repo = resolve(__dirname, '..', '..', '..', '..');
interface OcclusionOracle { patch: number; stride: number; classes: number[]; maps: PackedArray }
const camOracle = JSON.parse(readFileSync(join(repo, 'test', 'fixtures', 'cam-oracles', 'twoconv.oracle.json'), 'utf8')) as { x01: PackedArray };
const oracle = JSON.parse(readFileSync(join(repo, 'test', 'fixtures', 'occlusion-oracles', 'twoconv.occlusion.json'), 'utf8')) as OcclusionOracle;

test('occlusion maps of an ONNX network equal Captum\'s Occlusion of the class probability (zero baseline, 8×8 patch, stride 4)', async () => {
  await selectBackend('wasm');
  const classifier = await loadClassifier(join(repo, 'test', 'fixtures', 'cam-oracles', 'twoconv.onnx'), { profileOverrides: { scaling: { kind: 'unit' } } });
  try {
    const x01 = tf.tensor4d(unpack(camOracle.x01), camOracle.x01.shape as [number, number, number, number]);
    const before = tf.memory().numTensors;
    const progress: string[] = [];
    const { maps, classes, logits } = await occlusionMaps(classifier, x01, { kind: 'classes', classes: oracle.classes }, {
      patch: oracle.patch, stride: oracle.stride, batchSize: 7, onProgress: (image, done, count) => progress.push(`${image}:${done}/${count}`),
    });
    assert.deepEqual(maps.shape, [4, 24, 24]);
    assert.deepEqual(Array.from(await read(classes)), oracle.classes);
    logits.dispose();
    const actual = await read(maps);
    assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
    const expected = unpack(oracle.maps);
    const scale = expected.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    assert.ok(scale > 1e-4, 'the oracle\'s maps are not all zero');
    const worst = actual.reduce((m, v, i) => Math.max(m, Math.abs(v - expected[i])), 0);
    assert.ok(worst / scale < 1e-3, `maps differ from Captum's by ${worst} (scale ${scale})`);
    // 5 × 5 windows per image in chunks of 7: 7, 14, 21, 25.
    assert.deepEqual(progress.slice(0, 4), ['0:7/25', '0:14/25', '0:21/25', '0:25/25']);
    assert.equal(progress.length, 16);
    x01.dispose();
  } finally {
    classifier.dispose();
  }
});

test('the default window is a seventh of the input side, the stride half of it', () => {
  assert.deepEqual(defaultOcclusionWindow(224, 224), { patch: 32, stride: 16 });
  assert.deepEqual(defaultOcclusionWindow(24, 32), { patch: 3, stride: 2 });
});

test('localise() with the occlusion method: settings name the window, maps are boxed and scored, progress counts windows, cancel stops it', async () => {
  await selectBackend('wasm');
  const classifier = await loadClassifier(join(repo, 'samples', 'models', 'baseline', 'model.json'));
  try {
    const items = (await openDataSource(join(repo, 'samples', 'data'))).items.slice(0, 2);
    const [height, width] = classifier.inspection.inputShape;
    await withTempDir(async (dir) => {
      const messages: string[] = [];
      const before = tf.memory().numTensors;
      const results = await localise(classifier, items, { method: 'occlusion', normalisation: 'minmax', target: 'gt', batchSize: 16, scoremapFolder: dir, onProgress: (p) => messages.push(p.message) });
      assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
      assert.equal(camMethodNames[results.settings.method], 'Occlusion sensitivity');
      assert.deepEqual(results.settings.occlusion, defaultOcclusionWindow(height, width));
      assert.ok(hasBoxMetrics(results), 'the sample has boxes, so MaxBoxAcc is reported');
      assert.ok(results.maxBoxAcc.maxAccuracy >= 0 && results.maxBoxAcc.maxAccuracy <= 1);
      assert.deepEqual(results.images.map((image) => image.explained), items.map((item) => item.label));
      assert.ok(messages.some((m) => /^Occluding image 2 of 2: \d+ of \d+ windows$/.test(m)), messages.join('\n'));
      for (const image of results.images) {
        const map = await readScoremap(dir, image.id);
        assert.ok(map.data.every((v) => v >= 0 && v <= 1) && Math.max(...map.data) === 1, `${image.id}'s map is min-max normalised`);
      }
    });
    const controller = new AbortController();
    await assert.rejects(localise(classifier, items, { method: 'occlusion', normalisation: 'minmax', target: 'top1', batchSize: 4, signal: controller.signal, onProgress: (p) => { if (p.message.startsWith('Occluding')) controller.abort(); } }),
      (err: unknown) => isUserFacingError(err) && err.code === 'cancelled');
    const refused = async (options: Partial<Parameters<typeof localise>[2]>, pattern: RegExp): Promise<void> => {
      await assert.rejects(localise(classifier, items, { method: 'occlusion', normalisation: 'minmax', target: 'top1', batchSize: 4, ...options }),
        (err: unknown) => isUserFacingError(err) && pattern.test(err.message));
    };
    await refused({ layer: 'stage3_relu' }, /no layer to choose/);
    await refused({ occlusionPatch: 4, occlusionStride: 5 }, /stride must be a whole number of pixels from 1 to the patch \(4\)/);
    await refused({ occlusionPatch: height + 1 }, /patch must be a whole number of pixels from 1 to the input side/);
    await refused({ method: 'gradcam', occlusionPatch: 4 }, /apply only to the occlusion method/);
  } finally {
    classifier.dispose();
  }
});
