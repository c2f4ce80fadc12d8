// Sharding a sweep: shards split at batch boundaries (worked out by hand), tallies absorbed shard by shard equal the tally of
// one pass over every batch, merging refuses incomplete or mixed shard sets, and prediction files join in the unsharded order.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunRecord } from '../../../src/protocol/records';
import { SWEEP_SHARD_ANALYSIS, type SweepShardResults, type SweepTallyState } from '../../../src/protocol/sweep';
import { holeSizes } from '../../../src/engine/occlusion';
import { ModelTally, type BatchOutputs } from '../../../src/engine/sweep/modelTally';
import { leadingCsvFields, mergePredictionFiles } from '../../../src/engine/sweep/predictionMerge';
import { parseShard, shardSlice } from '../../../src/engine/sweep/shard';
import { mergeSweepShards } from '../../../src/engine/sweep/shardMerge';
import { conditionKey, type SweepConditions } from '../../../src/engine/sweep/sweepConditions';
import { TemperatureScalingTally } from '../../../src/engine/sweep/temperatureTally';
import { withTempDir } from '../../fixtures/model/tempDir';
import { writeFile } from 'node:fs/promises';

test('parseShard reads 0-based i/N and refuses anything else', () => {
  assert.deepEqual(parseShard('0/8'), { index: 0, count: 8 });
  assert.deepEqual(parseShard(' 7 / 8 '), { index: 7, count: 8 });
  for (const bad of ['8/8', '-1/8', '1/0', '1', 'a/b', '1.5/4', '']) assert.throws(() => parseShard(bad), /shard/i, bad);
});

test('shards take whole batches: 10 items in batches of 3 (4 batches) over 3 shards → batches {0}, {1}, {2, 3}', () => {
  const items = Array.from({ length: 10 }, (_, i) => i);
  // ⌊0·4/3⌋ = 0, ⌊1·4/3⌋ = 1, ⌊2·4/3⌋ = 2, ⌊3·4/3⌋ = 4.
  assert.deepEqual(shardSlice(items, 3, { index: 0, count: 3 }), { items: [0, 1, 2], batchOffset: 0 });
  assert.deepEqual(shardSlice(items, 3, { index: 1, count: 3 }), { items: [3, 4, 5], batchOffset: 1 });
  assert.deepEqual(shardSlice(items, 3, { index: 2, count: 3 }), { items: [6, 7, 8, 9], batchOffset: 2 });
  // More shards than batches: some shards are empty, and together they still hold every item once, in order.
  const six = Array.from({ length: 6 }, (_, index) => shardSlice(items, 3, { index, count: 6 }).items);
  assert.deepEqual(six.map((s) => s.length), [0, 3, 3, 0, 3, 1]);
  assert.deepEqual(six.flat(), items);
});

const conditions: SweepConditions = {
  corruptions: ['contrast'], severities: [3], epsilons: [8 / 255], holeFractions: [0, 0.5, 1], oodSets: ['uniform'], oodFolders: [], seed: 0, jpegRoundTrip: false, forcedParameterSet: null,
};
const holes = holeSizes(8, 8, 3);

/** Outputs of 2 classes whose top-1 is `predicted` with probability `p`, with the max logit and energy of logits (ln p, ln(1 − p)). */
function outputs(predicted: number[], p: number[], labels: number[] | null) {
  const probabilities = Float32Array.from(predicted.flatMap((k, i) => (k === 0 ? [p[i], 1 - p[i]] : [1 - p[i], p[i]])));
  return {
    classCount: 2, probabilities, predicted: Int32Array.from(predicted), confidence: Float32Array.from(p),
    trueClassProbability: labels ? Float32Array.from(labels.map((y, i) => probabilities[2 * i + y])) : null,
    logitScores: { kind: 'logits' as const, maxLogit: Float64Array.from(p, Math.log), energy: new Float64Array(p.length) },
  };
}

/** A batch where every labelled condition predicts `predicted`. */
function batch(predicted: number[], p: number[], labels: number[]): BatchOutputs {
  const keys = [conditionKey.clean(), conditionKey.corruption('contrast', 3), conditionKey.fgsm(8 / 255), ...holes.flatMap((h) => [conditionKey.occlusion('centre', h.fraction), conditionKey.occlusion('boundary', h.fraction)])];
  const map: BatchOutputs = new Map(keys.map((k) => [k, outputs(predicted, p, labels)]));
  map.set(conditionKey.ood('uniform'), outputs(predicted.map(() => 1), p.map((v) => v / 2), null));
  return map;
}

test('a tally absorbing shard states equals one tally over every batch', () => {
  const batches = [
    { out: batch([0, 1, 1], [0.9, 0.6, 0.7], [0, 0, 1]), labels: [0, 0, 1] },
    { out: batch([1, 0], [0.55, 0.8], [1, 1]), labels: [1, 1] },
    { out: batch([0], [0.95], [1]), labels: [1] },
  ];
  const whole = new ModelTally('m', conditions, holes);
  for (const b of batches) whole.commit(b.out, b.labels);
  const shardA = new ModelTally('m', conditions, holes);
  shardA.commit(batches[0].out, batches[0].labels);
  const shardB = new ModelTally('m', conditions, holes);
  shardB.commit(batches[1].out, batches[1].labels);
  shardB.commit(batches[2].out, batches[2].labels);
  const merged = new ModelTally('m', conditions, holes);
  for (const state of [shardA.toState(), JSON.parse(JSON.stringify(shardB.toState())) as SweepTallyState]) merged.absorb(state);
  // By hand: wrong = the second image of batch 1 (1 for 0), the second of batch 2 (0 for 1), the one of batch 3 → 3 of 6.
  assert.equal(whole.errorOf(conditionKey.clean()), 3 / 6);
  assert.deepEqual(merged.toState(), whole.toState());
  assert.deepEqual(merged.toState().logitScores?.ood.uniform.maxLogit, [0.45, 0.3, 0.35, 0.275, 0.4, 0.475].map(Math.log), 'OOD max logits in dataset order');
  assert.equal(merged.toState().classwiseBins?.counts.reduce((a, b) => a + b, 0), 12, 'two probabilities of each of the six clean images');
  assert.equal(merged.classwise?.ece(), whole.classwise?.ece());
  assert.deepEqual(merged.fgsm?.result(), whole.fgsm?.result());
  assert.deepEqual(merged.occlusion?.result(), whole.occlusion?.result());
  assert.throws(() => merged.absorb({ ...shardA.toState(), modelId: 'other' }), /other/);
});

test('temperature scaling\'s scaled clean images merge exactly, and shards that fitted different temperatures are refused', () => {
  // The batches carry probabilities only, so log p stands in for the logits: softmax(log p / T)_k = p_k^(1/T) / Σ_c p_c^(1/T).
  const fit = { temperature: 1.5, atRangeEdge: false, logitKind: 'log-probabilities' as const, split: '/split', splitImageCount: 4, splitNllBefore: 0.5, splitNllAfter: 0.4 };
  const scaled = (tally: ModelTally): ModelTally => {
    tally.temperature = new TemperatureScalingTally(fit, 2);
    return tally;
  };
  const batches = [
    { out: batch([0, 1, 1], [0.9, 0.6, 0.7], [0, 0, 1]), labels: [0, 0, 1] },
    { out: batch([1, 0], [0.55, 0.8], [1, 1]), labels: [1, 1] },
  ];
  const whole = scaled(new ModelTally('m', conditions, holes));
  for (const b of batches) whole.commit(b.out, b.labels);
  const shardA = scaled(new ModelTally('m', conditions, holes));
  shardA.commit(batches[0].out, batches[0].labels);
  const shardB = scaled(new ModelTally('m', conditions, holes));
  shardB.commit(batches[1].out, batches[1].labels);
  const merged = new ModelTally('m', conditions, holes);
  for (const state of [shardA.toState(), JSON.parse(JSON.stringify(shardB.toState())) as SweepTallyState]) merged.absorb(state);
  assert.deepEqual(merged.toState(), whole.toState());
  assert.deepEqual(merged.temperature?.result(), whole.temperature?.result());
  const first = Math.fround(0.9) ** (1 / 1.5) / (Math.fround(0.9) ** (1 / 1.5) + Math.fround(0.1) ** (1 / 1.5));
  assert.ok(Math.abs((whole.temperature?.confidence[0] ?? NaN) - first) < 1e-7, 'the first image by hand');
  assert.deepEqual(whole.temperature?.correct, [true, false, true, true, false]);
  const other = { ...shardB.toState(), temperatureScaling: { ...(shardB.toState().temperatureScaling as NonNullable<SweepTallyState['temperatureScaling']>), temperature: 1.6 } };
  assert.throws(() => merged.absorb(other), /fitted different temperatures on the calibration split \(T = 1\.5 and 1\.6\)/);
});

function shardRecord(index: number, count: number, overrides: Partial<SweepShardResults> = {}, seed = 0): RunRecord<SweepShardResults> {
  const tally = new ModelTally('m', conditions, holes);
  tally.commit(batch([0], [0.9], [index % 2]), [index % 2]);
  const results: SweepShardResults = {
    shard: { index, count }, request: { modelIds: ['m'], data: '/d', corruptions: ['contrast'], severities: [3], fgsmEpsilons: [8 / 255], occlusion: true, seed },
    baseline: 'm', parameterSet: 'cifar-10-c', classCount: 2, batchSize: 1, plannedImageCount: count, groups: [{ geometry: { height: 8, width: 8, resize: 'stretch', centerCropFraction: 1 }, modelIds: ['m'] }],
    names: { m: 'm' }, partial: false, imageCount: 1, forwardPasses: 10, tallies: [tally.toState()], gallery: [], predictionsFile: null, skipped: [], warnings: [],
    ...overrides,
  };
  return {
    schemaVersion: 2, id: `r${index}`, createdAt: '', spec: { analysis: SWEEP_SHARD_ANALYSIS, models: [], data: '/d', params: { seed, savePredictions: null }, seed },
    results, timings: { totalMs: 1, imagesPerSecond: 1 }, backend: { name: 'wasm', device: 'CPU', deviceName: null, label: '', adapter: null, log: [], tfjsVersion: '', threads: 1 }, versions: { robustnessLens: '', tfjs: '' }, attachments: [],
  } as RunRecord<SweepShardResults>;
}

test('merging needs every shard of one run once, in any order', () => {
  const merged = mergeSweepShards([shardRecord(2, 3), shardRecord(0, 3), shardRecord(1, 3)], null);
  assert.equal(merged.spec.analysis, 'sweep');
  assert.equal(merged.results.imageCount, 3);
  // Labels 0, 1, 0 and every prediction 0: one of three wrong.
  assert.equal(merged.results.models[0].clean, 1 / 3);
  assert.equal(merged.results.forwardPasses, 30);
  assert.throws(() => mergeSweepShards([shardRecord(0, 3), shardRecord(2, 3)], null), /Shard 1\/3 is missing/);
  assert.throws(() => mergeSweepShards([shardRecord(0, 2), shardRecord(0, 2), shardRecord(1, 2)], null), /both shard 0\/2/);
  assert.throws(() => mergeSweepShards([shardRecord(0, 2), shardRecord(1, 2, {}, 9)], null), /different sweep/);
  const notShard = { ...shardRecord(0, 1), spec: { ...shardRecord(0, 1).spec, analysis: 'cam' } };
  assert.throws(() => mergeSweepShards([notShard], null), /not a sweep shard/);
});

test('leadingCsvFields reads quoted fields with commas and doubled quotes', () => {
  assert.deepEqual(leadingCsvFields('a,b,c', 2), ['a', 'b']);
  assert.deepEqual(leadingCsvFields('"x,""y""",clean,1', 2), ['x,"y"', 'clean']);
  assert.deepEqual(leadingCsvFields('only', 2), ['only']);
});

test('prediction files join as the unsharded run writes them: batch rows by shard, then the OOD folder by input group', async () => {
  await withTempDir(async (dir) => {
    const header = 'model,condition,image_id,label,p_0,p_1';
    // Shard 0 has images a, b; shard 1 has c. Models m (group 0) and "n,2" (group 1, quoted).
    const shard0 = [header, 'm,clean,a,0,1,0', '"n,2",clean,a,0,1,0', 'm,ood/folder,o1,,1,0', '"n,2",ood/folder,o1,,1,0'];
    const shard1 = [header, 'm,clean,c,1,0,1', '"n,2",clean,c,1,0,1', 'm,ood/folder,o2,,1,0', '"n,2",ood/folder,o2,,1,0'];
    const out = join(dir, 'p.csv');
    const parts = [join(dir, 'p.shard-0.csv'), join(dir, 'p.shard-1.csv')];
    await writeFile(parts[0], `${shard0.join('\n')}\n`);
    await writeFile(parts[1], `${shard1.join('\n')}\n`);
    await mergePredictionFiles(parts, out, (model) => (model === 'm' ? 0 : 1), ['folder']);
    assert.deepEqual(readFileSync(out, 'utf8').trim().split('\n'), [
      header, 'm,clean,a,0,1,0', '"n,2",clean,a,0,1,0', 'm,clean,c,1,0,1', '"n,2",clean,c,1,0,1',
      'm,ood/folder,o1,,1,0', 'm,ood/folder,o2,,1,0', '"n,2",ood/folder,o1,,1,0', '"n,2",ood/folder,o2,,1,0',
    ]);
  });
});

test('prediction files with several OOD folders join folder by folder, each by input group, as the unsharded run scores them', async () => {
  await withTempDir(async (dir) => {
    const header = 'model,condition,image_id,label,p_0,p_1';
    // Each shard scores folder "far" after folder "near"; the synthetic set ood/uniform stays with its batch.
    const shard0 = [header, 'm,clean,a,0,1,0', 'm,ood/uniform,a,,1,0', 'n,clean,a,0,1,0', 'm,ood/near,x1,,1,0', 'n,ood/near,x1,,1,0', 'm,ood/far,y1,,1,0', 'n,ood/far,y1,,1,0'];
    const shard1 = [header, 'm,clean,c,1,0,1', 'n,clean,c,1,0,1', 'm,ood/near,x2,,1,0', 'n,ood/near,x2,,1,0', 'm,ood/far,y2,,1,0', 'n,ood/far,y2,,1,0'];
    const out = join(dir, 'p.csv');
    const parts = [join(dir, 'p.shard-0.csv'), join(dir, 'p.shard-1.csv')];
    await writeFile(parts[0], `${shard0.join('\n')}\n`);
    await writeFile(parts[1], `${shard1.join('\n')}\n`);
    await mergePredictionFiles(parts, out, (model) => (model === 'm' ? 0 : 1), ['near', 'far']);
    assert.deepEqual(readFileSync(out, 'utf8').trim().split('\n'), [
      header, 'm,clean,a,0,1,0', 'm,ood/uniform,a,,1,0', 'n,clean,a,0,1,0', 'm,clean,c,1,0,1', 'n,clean,c,1,0,1',
      'm,ood/near,x1,,1,0', 'm,ood/near,x2,,1,0', 'n,ood/near,x1,,1,0', 'n,ood/near,x2,,1,0',
      'm,ood/far,y1,,1,0', 'm,ood/far,y2,,1,0', 'n,ood/far,y1,,1,0', 'n,ood/far,y2,,1,0',
    ]);
  });
});
