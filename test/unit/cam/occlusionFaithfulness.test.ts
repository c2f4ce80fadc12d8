// Faithfulness of occlusion sensitivity maps (definitions.md §3 map, §4 faithfulness): the engine's occlusion maps of the
// sharpened oracle network, min-max normalised, measured as a localisation run measures them, against the reference
// code run on occlusion maps computed by an explicit loop (scripts/faithfulness-oracles/make_occlusion_faithfulness_oracle.py);
// then localise() with the occlusion method and faithfulness, whose measures must be those of the maps it scored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { selectBackend } from '../../../src/engine/backend';
import { causalAuc } from '../../../src/engine/cam/faithfulness/causal';
import { DEFAULT_FAITHFULNESS, type ImageFaithfulness, imageFaithfulness, summariseFaithfulness } from '../../../src/engine/cam/faithfulness/measure';
import { roadCombinedScore } from '../../../src/engine/cam/faithfulness/road';
import { localise } from '../../../src/engine/cam/localise';
import { minMaxNormalise } from '../../../src/engine/cam/normalise';
import { occlusionMaps } from '../../../src/engine/cam/occlusionMaps';
import { imageBatches } from '../../../src/engine/data/batches';
import { openDataSource } from '../../../src/engine/data/source';
import { loadClassifier } from '../../../src/engine/model/classifier';
import { SeededRandom } from '../../../src/engine/random';
import { type PackedArray, maxAbsDifference, read, unpack } from '../../fixtures/oracleArrays';

const repo = resolve(__dirname, '..', '..', '..', '..');
const fixtures = join(repo, 'test', 'fixtures', 'faithfulness-oracles');
interface Oracle {
  model: string; patch: number; stride: number; explained: number[]; maps: PackedArray; percentiles: number[];
  roadMorf: PackedArray; roadLerf: PackedArray; roadCombined: PackedArray; dropInConfidence: PackedArray; increaseInConfidence: PackedArray;
  riseStep: number; deletion: PackedArray; insertion: PackedArray; deletionAuc: PackedArray; insertionAuc: PackedArray;
}
const oracle = JSON.parse(readFileSync(join(fixtures, 'sharptwoconv.occlusion-faithfulness.json'), 'utf8')) as Oracle;
const images = JSON.parse(readFileSync(join(fixtures, 'sharptwoconv.faithfulness.json'), 'utf8')) as { x01: PackedArray };
const row = (packed: PackedArray, i: number): Float32Array => {
  const values = unpack(packed);
  const length = values.length / packed.shape[0];
  return values.slice(i * length, (i + 1) * length);
};

test('faithfulness of occlusion maps equals pytorch-grad-cam\'s ROAD and confidence changes and RISE\'s deletion / insertion on loop-computed occlusion maps', async () => {
  await selectBackend('wasm');
  const classifier = await loadClassifier(join(fixtures, oracle.model), { profileOverrides: { scaling: { kind: 'unit' } } });
  try {
    const [count, size, , channels] = images.x01.shape;
    const pixels = size * size;
    const x01 = tf.tensor4d(unpack(images.x01), [count, size, size, channels]);
    const raw = await occlusionMaps(classifier, x01, { kind: 'top1' }, { patch: oracle.patch, stride: oracle.stride, batchSize: 9 });
    const normalised = minMaxNormalise(raw.maps);
    const [maps, classes, data] = [await read(normalised), Array.from(await read(raw.classes)), await read(x01)];
    tf.dispose([x01, raw.maps, raw.classes, raw.logits, normalised]);
    assert.deepEqual(classes, oracle.explained, 'the top-1 classes the oracle explained');
    const mapError = maxAbsDifference(maps, unpack(oracle.maps));
    assert.ok(mapError < 1e-4, `normalised occlusion maps differ from the loop's by ${mapError}`);

    const settings = { percentiles: oracle.percentiles, imputationNoise: 0, seed: 0, causalSteps: 11, batchSize: 7 };
    const measured: ImageFaithfulness[] = [];
    for (let i = 0; i < count; i++) {
      const image = { data: data.slice(i * pixels * channels, (i + 1) * pixels * channels), height: size, width: size, channels };
      measured.push(await imageFaithfulness(classifier, image, maps.slice(i * pixels, (i + 1) * pixels), classes[i], settings, SeededRandom.fromSeed(0)));
    }
    const drops = unpack(oracle.dropInConfidence);
    const increases = unpack(oracle.increaseInConfidence);
    measured.forEach((m, i) => {
      const checks: [string, ArrayLike<number>, ArrayLike<number>][] = [
        ['MoRF', m.road.morf, row(oracle.roadMorf, i)],
        ['LeRF', m.road.lerf, row(oracle.roadLerf, i)],
        ['ROADCombined', [roadCombinedScore(m.road)], [unpack(oracle.roadCombined)[i]]],
        ['deletion', m.deletion, row(oracle.deletion, i)],
        ['insertion', m.insertion, row(oracle.insertion, i)],
        ['deletion AUC', [causalAuc(m.deletion)], [unpack(oracle.deletionAuc)[i]]],
        ['insertion AUC', [causalAuc(m.insertion)], [unpack(oracle.insertionAuc)[i]]],
        ['DropInConfidence', [Math.max(0, m.road.original - m.onMap)], [drops[i]]],
      ];
      for (const [name, actual, expected] of checks) {
        assert.equal(actual.length, expected.length, `${name} ${i}: length`);
        const error = maxAbsDifference(actual, expected);
        assert.ok(error < 2e-5, `${name} of image ${i} differs by ${error}`);
      }
      assert.equal(m.onMap > m.road.original ? 1 : 0, increases[i], `IncreaseInConfidence of image ${i}`);
    });
  } finally {
    classifier.dispose();
  }
});

test('localise() measures the faithfulness of the very occlusion maps it scored, read at the input size and normalised as the run normalises', async () => {
  await selectBackend('wasm');
  const classifier = await loadClassifier(join(repo, 'samples', 'models', 'baseline', 'model.json'));
  try {
    const items = (await openDataSource(join(repo, 'samples', 'data'))).items.slice(0, 2);
    const before = tf.memory().numTensors;
    const results = await localise(classifier, items, { method: 'occlusion', normalisation: 'minmax', target: 'gt', batchSize: 16, occlusionPatch: 16, occlusionStride: 8, faithfulness: true });
    assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
    assert.ok(results.faithfulness, 'faithfulness is measured for occlusion maps');

    // The same measurement done by hand from the parts: the images stretched to the input, their occlusion maps for the
    // ground-truth class, min-max normalised, measured with the default settings and one seeded generator.
    const [height, width] = classifier.inspection.inputShape;
    const rng = SeededRandom.fromSeed(DEFAULT_FAITHFULNESS.seed);
    const settings = { ...DEFAULT_FAITHFULNESS, batchSize: 16 };
    const measured: ImageFaithfulness[] = [];
    for await (const batch of imageBatches(items, { height, width, resize: 'stretch', centerCropFraction: 1 }, 16)) {
      const classes = batch.items.map((item) => item.label as number);
      const raw = await occlusionMaps(classifier, batch.images, { kind: 'classes', classes }, { patch: 16, stride: 8, batchSize: 16 });
      const normalised = minMaxNormalise(raw.maps);
      const [maps, data] = [await read(normalised), await read(batch.images)];
      tf.dispose([batch.images, raw.maps, raw.classes, raw.logits, normalised]);
      for (let i = 0; i < batch.items.length; i++) {
        const image = { data: data.slice(i * height * width * 3, (i + 1) * height * width * 3), height, width, channels: 3 };
        measured.push(await imageFaithfulness(classifier, image, maps.slice(i * height * width, (i + 1) * height * width), classes[i], settings, rng));
      }
    }
    assert.deepEqual(results.faithfulness, summariseFaithfulness(measured, settings, height * width));
  } finally {
    classifier.dispose();
  }
});
