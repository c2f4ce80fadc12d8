// The faithfulness table of `cam --faithfulness` and of the report: one row per method × checkpoint with its numbers,
// and the settings the numbers depend on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { faithfulnessLines } from '../../../src/present/report/faithfulnessLines';
import { faithfulnessTable } from '../../../src/present/report/faithfulnessBlock';
import type { RunRecord } from '../../../src/protocol/records';
import type { CamFaithfulness, CamResults } from '../../../src/protocol/cam';

const faithfulness: CamFaithfulness = {
  imageCount: 3, percentiles: [10, 50, 90], imputationNoise: 0.01, seed: 0, roadMorf: [0.2, 0.4, 0.6], roadLerf: [0.7, 0.8, 0.9],
  originalConfidence: 0.8, roadCombined: 0.2, stepPixels: 224, deletion: [0.8, 0.1], insertion: [0.1, 0.8], deletionAuc: 0.3125, insertionAuc: 0.6875,
  averageDrop: 12.5, averageIncrease: 100 / 3,
};

test('the CLI table has one row per method and checkpoint, the ROAD curves by percentile and the settings', () => {
  const lines = faithfulnessLines([{ method: 'gradcam', checkpoint: '/models/a/model.onnx', faithfulness }, { method: 'scorecam', checkpoint: 'b.onnx', faithfulness: { ...faithfulness, roadCombined: -0.05 } }]);
  const rows = lines.filter((line) => line.startsWith('Grad-CAM ') || line.startsWith('Score-CAM '));
  assert.equal(rows.length, 2);
  assert.match(rows[0], /model\.onnx\s+0\.4000\s+0\.8000\s+0\.2000\s+0\.3125\s+0\.6875\s+12\.50%\s+33\.33%/);
  assert.match(rows[1], /b\.onnx .* -0\.0500 /);
  assert.ok(lines.some((line) => line.includes('MoRF by percentile: p10 0.200 · p50 0.400 · p90 0.600')));
  assert.match(lines[lines.length - 1], /Over 3 images.*percentiles 10, 50, 90.*σ 0\.01, seed 0.*steps of 224 pixels/);
  assert.deepEqual(faithfulnessLines([]), []);
});

test('the report lists the runs that measured faithfulness beside MaxBoxAcc, and nothing when none did', () => {
  const record = (results: Partial<CamResults>): RunRecord<CamResults> => ({ results: { modelPath: '/m/net.onnx', maxBoxAcc: null, ...results } } as RunRecord<CamResults>);
  assert.equal(String(faithfulnessTable([record({ faithfulness: null }), record({})])), '');
  const markup = String(faithfulnessTable([record({ faithfulness }), record({ faithfulness: null })]));
  assert.equal((markup.match(/<tr>/g) ?? []).length, 2, 'a header and one run');
  for (const text of ['0.2000', '0.400', '0.800', '0.313', '0.688', '12.5%', '33.3%', 'p = 10, 50, 90', 'Over 3 images']) assert.ok(markup.includes(text), text);
});

test('a protocol run\'s faithfulness is labelled as measured on test with the setting chosen on train-fullsup', () => {
  const protocol = {
    metric: 'maxBoxAcc' as const, chosen: 1, test: 0.5, chosenOnTest: null, chosenBy: { setting: 'train-fullsup' as const, threshold: 'train-fullsup' as const },
    candidates: [{ label: 'CAM · minmax', trainFullsup: 0.25, threshold: 0.2 }, { label: 'LayerCAM · pas', trainFullsup: 0.75, threshold: 0.3 }],
  };
  const markup = String(faithfulnessTable([{ results: { modelPath: '/m/net.onnx', maxBoxAcc: null, faithfulness, protocol } } as RunRecord<CamResults>]));
  assert.ok(markup.includes('Measured on test with the setting chosen on train-fullsup: LayerCAM · pas.'), markup);
});
