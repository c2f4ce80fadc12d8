// The protocol over localisation runs, with a stand-in for the engine: which runs it asks for, on which split, and with
// which τ — every checkpoint and setting on train-fullsup, then only the chosen one on test, once, at the chosen τ.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { RunRecord } from '../../../src/protocol/records';
import type { CamParams, CamResults } from '../../../src/protocol/cam';
import type { WsolSplitLayout } from '../../../src/engine/data/wsolSplits';
import { camCandidates, camProtocol } from '../../../src/engine/cam/camProtocol';

const layout: WsolSplitLayout = { root: '/d/dataset/CUB', metadata: { 'train-fullsup': '/d/metadata/CUB/val', test: '/d/metadata/CUB/test' } };
const thresholds = [0, 0.25, 0.5, 0.75];

/** A run whose MaxBoxAcc curve is `accuracies`. */
function run(params: CamParams, accuracies: number[]): RunRecord<CamResults> {
  const best = accuracies.indexOf(Math.max(...accuracies));
  return {
    schemaVersion: 2, id: `run-${params.modelId}-${params.data.split('/').pop()}`, createdAt: '', attachments: [], timings: { totalMs: 1, imagesPerSecond: 1 },
    spec: { analysis: 'cam', models: [], data: params.data, params: {}, seed: 0 },
    backend: { name: 'cpu', device: 'CPU', label: '', deviceName: null, adapter: null, tfjsVersion: '', threads: 1, log: [] }, versions: { robustnessLens: '0', tfjs: '' },
    results: {
      modelPath: params.modelId, imageCount: 4, thresholds, boxThreshold: thresholds[best], images: [], scoremapFolder: null, overlayFolder: null, skipped: [], warnings: [],
      settings: { method: params.method, normalisation: params.normalisation, ivrPercentile: null, layer: 'f', target: 'top1', evaluationSize: 224, thresholdStep: 0.25, inputSize: [8, 8] },
      maxBoxAcc: { iouThreshold: 0.5, accuracies, maxAccuracy: accuracies[best], bestThreshold: thresholds[best] },
      maxBoxAccV2: null, localisation: null,
    },
  };
}

test('every checkpoint × setting runs on train-fullsup; only the best runs on test, once, at its train-fullsup τ, measuring faithfulness there alone', async () => {
  const curves: Record<string, number[]> = {
    'a.onnx gradcam minmax val': [0.25, 0.5, 0.25, 0], 'a.onnx gradcam pas val': [0.5, 0.5, 0.5, 0],
    'b.onnx gradcam minmax val': [0, 0.25, 0.75, 0.5], 'b.onnx gradcam pas val': [0.75, 0, 0, 0],
    'b.onnx gradcam minmax test': [0, 1, 0.5, 0.25],
  };
  const asked: string[] = [];
  const record = await camProtocol(async (params) => {
    const key = `${params.modelId} ${params.method} ${params.normalisation} ${params.data.split('/').pop()}`;
    asked.push(`${key} τ=${params.localisationThreshold ?? '-'}${params.scoremapFolder ? ' maps' : ''}${params.faithfulness ? ' faithfulness' : ''}${params.runsFolder ? ` saved in ${params.runsFolder}` : ''}`);
    const curve = curves[key];
    assert.ok(curve, `unexpected run ${key}`);
    return run(params, curve);
  }, layout, {
    candidates: camCandidates(['a.onnx', 'b.onnx'], ['gradcam'], ['minmax', 'pas'], [undefined]),
    shared: { target: 'top1', includeOverlays: false, progressToken: 't' }, scoremapFolder: '/maps', faithfulness: true, runsFolder: '/runs',
  });
  assert.deepEqual(asked, [
    'a.onnx gradcam minmax val τ=-', 'a.onnx gradcam pas val τ=-', 'b.onnx gradcam minmax val τ=-', 'b.onnx gradcam pas val τ=-',
    'b.onnx gradcam minmax test τ=0.5 maps faithfulness saved in /runs',
  ]);
  const protocol = record.results.protocol;
  assert.ok(protocol);
  // b / minmax and b / pas tie at 75%: the first in order wins; its τ is where its own curve peaks, 0.5.
  assert.equal(protocol.chosen, 2);
  assert.equal(protocol.candidates[2].threshold, 0.5);
  assert.equal(protocol.test, 0.5, 'test at τ 0.5, not at its own best τ');
  assert.deepEqual(protocol.chosenOnTest, { value: 1, threshold: 0.25 });
  assert.equal(record.results.modelPath, 'b.onnx');
  assert.equal(record.id, 'run-b.onnx-test', 'the protocol\'s record is the test run\'s, saved over it with its images');
  assert.deepEqual(record.spec.params.protocol, { trainFullsup: layout.metadata['train-fullsup'], test: layout.metadata.test });
  assert.match(protocol.candidates[0].label, /a\.onnx · Grad-CAM · minmax/, 'the checkpoint is named when there are several');
});
