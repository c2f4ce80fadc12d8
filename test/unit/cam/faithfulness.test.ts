// Faithfulness (definitions.md §4) against the reference code: pytorch-grad-cam's ROAD and confidence-change metrics and
// RISE's deletion / insertion, run by scripts/faithfulness-oracles/make_faithfulness_oracles.py on the CAM oracles' ONNX
// network; and hand-worked cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { selectBackend } from '../../../src/engine/backend';
import { blurImage, causalAuc, causalImages, causalStepCount, causalStepPixels, riseGaussianKernel, salienceOrder } from '../../../src/engine/cam/faithfulness/causal';
import { averageDropPercent, explanationMapImage, increaseInConfidencePercent } from '../../../src/engine/cam/faithfulness/confidenceChange';
import { imputeRemovedPixels, type PixelImage } from '../../../src/engine/cam/faithfulness/imputation';
import { type FaithfulnessSettings, type ImageFaithfulness, imageFaithfulness, summariseFaithfulness } from '../../../src/engine/cam/faithfulness/measure';
import { linearPercentile, roadCombinedScore, roadRemovalMask } from '../../../src/engine/cam/faithfulness/road';
import { loadClassifier } from '../../../src/engine/model/classifier';
import { SeededRandom } from '../../../src/engine/random';
import { type PackedArray, maxAbsDifference, unpack } from '../../fixtures/oracleArrays';

interface Oracle {
  model: string; x01: PackedArray; classes: number[]; explained: number[]; probabilities: PackedArray; maps: PackedArray;
  percentiles: number[]; imputedPercentiles: number[]; imputedMorf: PackedArray; imputedLerf: PackedArray;
  roadMorf: PackedArray; roadLerf: PackedArray; roadCombined: PackedArray; noisyRoadCombinedMean: PackedArray; noisyRoadCombinedStd: PackedArray;
  dropInConfidence: PackedArray; increaseInConfidence: PackedArray; riseStep: number; gkern: PackedArray; blurred: PackedArray;
  deletion: PackedArray; insertion: PackedArray; deletionAuc: PackedArray; insertionAuc: PackedArray;
}

const fixtures = 'test/fixtures/faithfulness-oracles';
const oracle = JSON.parse(readFileSync(`${fixtures}/sharptwoconv.faithfulness.json`, 'utf8')) as Oracle;
const [count, size, , channels] = oracle.x01.shape;
const pixels = size * size;
const x01 = unpack(oracle.x01);
const maps = unpack(oracle.maps);
const imageAt = (i: number): PixelImage => ({ data: x01.slice(i * pixels * channels, (i + 1) * pixels * channels), height: size, width: size, channels });
const mapAt = (i: number): Float32Array => maps.slice(i * pixels, (i + 1) * pixels);
const row = (packed: PackedArray, i: number): Float32Array => {
  const values = unpack(packed);
  const length = values.length / packed.shape[0];
  return values.slice(i * length, (i + 1) * length);
};
const noNoise = { scale: 0, draw: () => 0 };

test('hand-worked: a removed pixel is the weighted mean of its neighbours (1/6 direct, 1/12 diagonal), renormalised at the border', () => {
  // 3×3, one channel, values 1..9; the centre removed: (1/6)(2+4+6+8) + (1/12)(1+3+7+9) = 20/6 + 20/12 = 5.
  const image: PixelImage = { data: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), height: 3, width: 3, channels: 1 };
  const centre = imputeRemovedPixels({ ...image, data: Float32Array.from([1, 2, 3, 4, 100, 6, 7, 8, 9]) }, Uint8Array.from([0, 0, 0, 0, 1, 0, 0, 0, 0]), noNoise);
  assert.ok(Math.abs(centre[4] - 5) < 1e-6, `centre ${centre[4]}`);
  // The top-left corner: neighbours 2 (1/6), 4 (1/6), 5 (1/12) of total weight 5/12 → (2/6 + 4/6 + 5/12) / (5/12) = 17/5.
  const corner = imputeRemovedPixels(image, Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 0, 0]), noNoise);
  assert.ok(Math.abs(corner[0] - 17 / 5) < 1e-6, `corner ${corner[0]}`);
  assert.deepEqual(Array.from(corner.subarray(1)), [2, 3, 4, 5, 6, 7, 8, 9], 'known pixels are kept');
});

test('hand-worked: ROAD removes at or above the percentile of the map (MoRF) or of 1 − map (LeRF), numpy\'s linear percentile', () => {
  const map = Float32Array.from([0, 0.25, 0.5, 0.75, 1]);
  assert.equal(linearPercentile(map, 50), 0.5);
  assert.ok(Math.abs(linearPercentile(map, 10) - 0.1) < 1e-9);
  assert.deepEqual(Array.from(roadRemovalMask(map, 50, 'morf')), [0, 0, 1, 1, 1]);
  assert.deepEqual(Array.from(roadRemovalMask(map, 50, 'lerf')), [1, 1, 1, 0, 0]);
  assert.deepEqual(Array.from(roadRemovalMask(map, 90, 'morf')), [0, 0, 0, 0, 1]);
  // Mean changes: LeRF (−0.1 + 0.1) / 2 = 0, MoRF (−0.6 − 0.4) / 2 = −0.5; combined (0 + 0.5) / 2.
  assert.ok(Math.abs(roadCombinedScore({ original: 0.8, morf: [0.2, 0.4], lerf: [0.7, 0.9] }) - 0.25) < 1e-12);
});

test('hand-worked: average drop, increase in confidence and RISE\'s AUC', () => {
  // Drops 0.25/0.5 and 0 (an increase): (50% + 0%) / 2; one image of two increased.
  assert.equal(averageDropPercent([0.5, 0.8], [0.25, 0.9]), 25);
  assert.equal(increaseInConfidencePercent([0.5, 0.8], [0.25, 0.9]), 50);
  assert.equal(causalAuc([1, 0.5, 0]), 0.5);
  assert.ok(Math.abs(causalAuc([1, 1, 0.5, 0]) - (1 + 0.75 + 0.25) / 3) < 1e-12);
  assert.deepEqual(Array.from(explanationMapImage(Float32Array.from([1, 2, 3, 4]), Float32Array.from([0.5, 0]), 2)), [0.5, 1, 0, 0]);
  // 10 pixels at 4 per step: steps 0, 4, 8, 10 pixels changed.
  assert.equal(causalStepCount(10, 4), 3);
  assert.equal(causalStepPixels(224 * 224, 224), 224);
  const order = salienceOrder(Float32Array.from([0.1, 0.9, 0.5, 0.9, 0, 0.2, 0.3, 0.4, 0.6, 0.7]));
  assert.deepEqual(Array.from(order.subarray(0, 3)), [1, 3, 9], 'decreasing saliency, ties by index');
  const steps = [...causalImages(new Float32Array(10).fill(1), new Float32Array(10), 1, order, 4, 3)].flat();
  assert.deepEqual(steps.map((image) => image.reduce((sum, v) => sum + v, 0)), [10, 6, 2, 0]);
});

test('RISE\'s gkern(11, 5) and its blur of the images equal scipy\'s / torch\'s', () => {
  const kernel = riseGaussianKernel(11, 5);
  assert.ok(maxAbsDifference(kernel, unpack(oracle.gkern)) < 1e-7, 'gkern');
  const blurred = Array.from({ length: count }, (_, i) => blurImage(imageAt(i).data, size, size, channels, kernel, 11));
  const worst = Math.max(...blurred.map((image, i) => maxAbsDifference(image, row(oracle.blurred, i))));
  assert.ok(worst < 1e-5, `blur differs by ${worst}`);
});

test('noise-free ROAD imputations equal pytorch-grad-cam\'s NoisyLinearImputer (SciPy spsolve) at percentiles 10, 50, 90, MoRF and LeRF', () => {
  let worst = 0;
  for (let i = 0; i < count; i++) {
    for (const [order, packed] of [['morf', oracle.imputedMorf], ['lerf', oracle.imputedLerf]] as const) {
      const expected = row(packed, i);
      oracle.imputedPercentiles.forEach((p, k) => {
        const imputed = imputeRemovedPixels(imageAt(i), roadRemovalMask(mapAt(i), p, order), noNoise);
        worst = Math.max(worst, maxAbsDifference(imputed, expected.subarray(k * pixels * channels, (k + 1) * pixels * channels)));
      });
    }
  }
  assert.ok(worst < 1e-5, `imputed pixels differ by ${worst}`);
});

test('the noisy imputation adds N(0, σ²) to the removed pixels only', () => {
  const image = imputeRemovedPixels(imageAt(0), roadRemovalMask(mapAt(0), 50, 'morf'), noNoise);
  const rng = SeededRandom.fromSeed(3);
  const noisy = imputeRemovedPixels(imageAt(0), roadRemovalMask(mapAt(0), 50, 'morf'), { scale: 0.01, draw: () => rng.normal() });
  const differences = Array.from(noisy, (v, i) => v - image[i]).filter((d) => d !== 0);
  assert.ok(differences.length >= 0.5 * pixels * channels - channels * 2, `${differences.length} values changed`);
  const mean = differences.reduce((s, d) => s + d, 0) / differences.length;
  const std = Math.sqrt(differences.reduce((s, d) => s + (d - mean) ** 2, 0) / differences.length);
  assert.ok(Math.abs(mean) < 0.002 && Math.abs(std - 0.01) < 0.001, `noise mean ${mean}, std ${std}`);
});

test('ROAD, deletion / insertion and the confidence changes on an ONNX network equal pytorch-grad-cam\'s and RISE\'s', async (t) => {
  await selectBackend('wasm');
  const classifier = await loadClassifier(`${fixtures}/${oracle.model}`, { profileOverrides: { scaling: { kind: 'unit' } } });
  try {
    const settings = (noise: number): FaithfulnessSettings => ({ percentiles: oracle.percentiles, imputationNoise: noise, seed: 0, causalSteps: 11, batchSize: 7 });
    assert.equal(causalStepPixels(pixels, 11), oracle.riseStep, 'the step the oracle ran');
    // pytorch-grad-cam's metrics explain oracle.explained; RISE scores the top-1 class (oracle.classes).
    const before = tf.memory().numTensors;
    const measured: ImageFaithfulness[] = [];
    const ofTopClass: ImageFaithfulness[] = [];
    for (let i = 0; i < count; i++) {
      measured.push(await imageFaithfulness(classifier, imageAt(i), mapAt(i), oracle.explained[i], settings(0), SeededRandom.fromSeed(0)));
      ofTopClass.push(await imageFaithfulness(classifier, imageAt(i), mapAt(i), oracle.classes[i], settings(0), SeededRandom.fromSeed(0)));
    }
    assert.equal(tf.memory().numTensors, before, 'no tensor leaks');
    const probabilities = unpack(oracle.probabilities);
    const classCount = oracle.probabilities.shape[1];
    const original = oracle.explained.map((c, i) => probabilities[i * classCount + c]);
    const checks: [string, number[], ArrayLike<number>][] = [];
    measured.forEach((m, i) => {
      checks.push([`original ${i}`, [m.road.original], [original[i]]]);
      checks.push([`top-1 probability ${i}`, [ofTopClass[i].deletion[0]], [probabilities[i * classCount + oracle.classes[i]]]]);
      checks.push([`MoRF ${i}`, m.road.morf, row(oracle.roadMorf, i)]);
      checks.push([`LeRF ${i}`, m.road.lerf, row(oracle.roadLerf, i)]);
      checks.push([`ROADCombined ${i}`, [roadCombinedScore(m.road)], [unpack(oracle.roadCombined)[i]]]);
      checks.push([`deletion ${i}`, ofTopClass[i].deletion, row(oracle.deletion, i)]);
      checks.push([`insertion ${i}`, ofTopClass[i].insertion, row(oracle.insertion, i)]);
      checks.push([`deletion AUC ${i}`, [causalAuc(ofTopClass[i].deletion)], [unpack(oracle.deletionAuc)[i]]]);
      checks.push([`insertion AUC ${i}`, [causalAuc(ofTopClass[i].insertion)], [unpack(oracle.insertionAuc)[i]]]);
      checks.push([`DropInConfidence ${i}`, [Math.max(0, m.road.original - m.onMap)], [unpack(oracle.dropInConfidence)[i]]]);
    });
    for (const [name, actual, expected] of checks) {
      assert.equal(actual.length, expected.length, `${name}: length`);
      const error = maxAbsDifference(actual, expected);
      assert.ok(error < 2e-5, `${name}: differs by ${error}`);
    }
    assert.deepEqual(measured.map((m, i) => (m.onMap > m.road.original ? 1 : 0) === unpack(oracle.increaseInConfidence)[i]), measured.map(() => true), 'IncreaseInConfidence');

    const summary = summariseFaithfulness(measured, settings(0), pixels);
    assert.equal(summary.averageIncrease, 50, 'the oracle has images on both sides');
    const drops = unpack(oracle.dropInConfidence);
    const expectedDrop = (100 * original.reduce((s, y, i) => s + drops[i] / y, 0)) / count;
    const expectedIncrease = (100 * unpack(oracle.increaseInConfidence).reduce((s, v) => s + v, 0)) / count;
    assert.ok(Math.abs(summary.averageDrop - expectedDrop) < 1e-3, `average drop ${summary.averageDrop} vs ${expectedDrop}`);
    assert.equal(summary.averageIncrease, expectedIncrease);
    assert.equal(summary.deletion.length, oracle.deletion.shape[1]);
    t.diagnostic(`ROAD combined ${summary.roadCombined.toFixed(4)}, deletion AUC ${summary.deletionAuc.toFixed(4)}, insertion AUC ${summary.insertionAuc.toFixed(4)}, drop ${summary.averageDrop.toFixed(2)}%, increase ${summary.averageIncrease}%`);

    // The noisy path (σ = 0.01) against pytorch-grad-cam's over 40 seeds: within 5 standard deviations of its mean.
    const mean = unpack(oracle.noisyRoadCombinedMean);
    const std = unpack(oracle.noisyRoadCombinedStd);
    const rng = SeededRandom.fromSeed(0);
    for (let i = 0; i < count; i++) {
      const noisy = await imageFaithfulness(classifier, imageAt(i), mapAt(i), oracle.explained[i], { ...settings(0.01), causalSteps: 1 }, rng);
      const z = Math.abs(roadCombinedScore(noisy.road) - mean[i]) / Math.max(std[i], 1e-7);
      assert.ok(z < 5, `noisy ROADCombined of image ${i} is ${z.toFixed(1)} standard deviations from pytorch-grad-cam's mean`);
    }

    const controller = new AbortController();
    controller.abort();
    const tensorsBefore = tf.memory().numTensors;
    await assert.rejects(imageFaithfulness(classifier, imageAt(0), mapAt(0), 0, settings(0), SeededRandom.fromSeed(0), controller.signal), /cancelled/);
    assert.equal(tf.memory().numTensors, tensorsBefore, 'a cancelled measurement leaks no tensor');
  } finally {
    classifier.dispose();
  }
});
