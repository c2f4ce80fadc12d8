// The report's PxAP table and protocol block on hand-made records: which split chose what, test at the τ chosen on
// train-fullsup, test's own best τ labelled as chosen on test.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { RunRecord } from '../../../src/protocol/records';
import type { CamResults } from '../../../src/protocol/cam';
import type { ProtocolSummary } from '../../../src/protocol/wsolProtocol';
import { localisationSection } from '../../../src/present/report/localisationSection';

function record(modelPath: string, extra: Partial<CamResults>): RunRecord<CamResults> {
  const results: CamResults = {
    modelPath, imageCount: 5, thresholds: [0, 0.5], maxBoxAcc: null, maxBoxAccV2: null, localisation: null,
    settings: { method: 'gradcam', normalisation: 'pas', ivrPercentile: null, layer: 'features', target: 'top1', evaluationSize: 224, thresholdStep: 0.5, inputSize: [64, 64] },
    images: [], boxThreshold: 0.2, scoremapFolder: null, overlayFolder: null, skipped: [], warnings: [], ...extra,
  };
  return {
    schemaVersion: 2, id: `cam-${modelPath}`, createdAt: '2026-01-01T00:00:00.000Z', results, attachments: [],
    spec: { analysis: 'cam', models: [], data: '/data', params: {}, seed: 0 }, timings: { totalMs: 1, imagesPerSecond: 1 },
    backend: { name: 'cpu', device: 'CPU', label: 'TF.js cpu · CPU', deviceName: null, adapter: null, tfjsVersion: '4.22.0', threads: 1, log: [] }, versions: { robustnessLens: '0', tfjs: '4.22.0' },
  };
}

test('a mask run shows PxAP instead of "no box metrics", and its protocol says which split chose what', () => {
  const protocol: ProtocolSummary = {
    metric: 'pxap', chosen: 1, chosenBy: { setting: 'train-fullsup', threshold: null }, test: 0.3125, chosenOnTest: null,
    candidates: [{ label: 'Grad-CAM · minmax', trainFullsup: 0.25, threshold: null }, { label: 'Grad-CAM · pas', trainFullsup: 0.5, threshold: null }],
  };
  const markup = localisationSection({ records: [record('/m/baseline/model.json', { pxap: 0.3125, protocol })], classNames: [[]], figures: [] }).text;
  assert.doesNotMatch(markup, /No image has a ground-truth box/);
  assert.match(markup, /<td>baseline<\/td><td class="numeric">31\.3%<\/td>/);
  assert.match(markup, /<tr><td>Grad-CAM · pas<\/td><td class="numeric">50\.0%<\/td><td>chosen on train-fullsup<\/td><\/tr>/);
  assert.match(markup, /<tr><td>Grad-CAM · minmax<\/td><td class="numeric">25\.0%<\/td><td><\/td><\/tr>/);
  assert.match(markup, /Test PxAP: 31\.3%/);
});

test('a box protocol run reports test at the τ chosen on train-fullsup and labels test\'s own best τ as chosen on test', () => {
  const protocol: ProtocolSummary = {
    metric: 'maxBoxAcc', chosen: 0, chosenBy: { setting: 'train-fullsup', threshold: 'train-fullsup' }, test: 0.5, chosenOnTest: { value: 0.75, threshold: 0.5 },
    candidates: [{ label: 'CAM · minmax', trainFullsup: 0.8, threshold: 0 }],
  };
  const curve = (delta: number) => ({ iouThreshold: delta, accuracies: [0.5, 0.75], maxAccuracy: 0.75, bestThreshold: 0.5 });
  const markup = localisationSection({
    records: [record('/m/cutmix/model.json', {
      protocol, maxBoxAcc: curve(0.5), maxBoxAccV2: { curves: [curve(0.3), curve(0.5), curve(0.7)], mean: 0.75 },
      localisation: { threshold: 0, thresholdSource: 'given', top1: 0.25, gtKnown: 0.5 },
    })],
    classNames: [[]], figures: [],
  }).text;
  assert.match(markup, /Test MaxBoxAcc at τ 0\.00 \(chosen on train-fullsup\): 50\.0%/);
  assert.match(markup, /test's own best τ 0\.50, chosen on test \(not a protocol result\): 75\.0%/);
  assert.match(markup, /<td class="numeric">0\.00<\/td><td>chosen on train-fullsup<\/td>/);
});
