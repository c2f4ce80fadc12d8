// Run records are checked before the host acts on them: a record from a cloned repository cannot climb out of the runs
// folder through its id or attachments (readRunRecord refuses it, naming the field), and every model, data and output
// path it names is listed for the workspace check.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { readRunRecord } from '../../../src/engine/runs/store';
import { recordPaths } from '../../../src/extension/recordValidation';
import type { PreprocessingProfile } from '../../../src/protocol/model';
import type { RunRecord } from '../../../src/protocol/records';
import { temporaryFolder } from '../../fixtures/temporaryFolders';

const profile: PreprocessingProfile = { version: 1, inputSize: [8, 8], resize: 'stretch', centerCropFraction: 1, scaling: { kind: 'unit' }, channelOrder: 'RGB', guessed: false };

function record(analysis: string, results: unknown, overrides: object = {}): RunRecord {
  return {
    schemaVersion: 2, id: '20260101T000000Z-x-abcdef', createdAt: '2026-01-01T00:00:00.000Z',
    spec: { analysis, models: [{ path: '/w/model.json', profile }], data: '/w/data', params: {}, seed: 0 },
    results, timings: { totalMs: 1, imagesPerSecond: 1 },
    backend: { name: 'cpu', device: 'CPU', deviceName: null, label: 'TF.js cpu · CPU', adapter: null, log: [], tfjsVersion: '4.22.0', threads: 1 },
    versions: { robustnessLens: '0.1.0', tfjs: '4.22.0' }, attachments: [], ...overrides,
  };
}

const predictResults = { modelPath: '/y/m.onnx', predictions: [], skipped: [], top1Accuracy: null, labelledCount: 0, warnings: [] };

test('every path a sweep record names is listed: models, data and a checkpoint baseline', () => {
  const sweep = record('sweep', { settings: { data: '/elsewhere/data', baseline: '/home/someone/.ssh/base.onnx' }, models: [{ modelId: '/etc/model.json' }] });
  assert.deepEqual(recordPaths(sweep).sort(), ['/elsewhere/data', '/etc/model.json', '/home/someone/.ssh/base.onnx', '/w/data', '/w/model.json'].map((p) => path.resolve(p)).sort());
  const alexnet = record('sweep', { settings: { data: '/w/data', baseline: 'alexnet' }, models: [{ modelId: '/w/model.json' }] });
  assert.deepEqual(recordPaths(alexnet).sort(), ['/w/data', '/w/model.json'].map((p) => path.resolve(p)).sort());
});

test('a CAM record lists its model and the folders it wrote maps to; a predict record its model', () => {
  assert.ok(recordPaths(record('cam', { modelPath: '/x/m.h5', scoremapFolder: '/x/maps', overlayFolder: null })).includes(path.resolve('/x/maps')));
  assert.ok(recordPaths(record('predict', predictResults)).includes(path.resolve('/y/m.onnx')));
});

test('records that would climb out of the runs folder, or lack what the panels read, are refused with the field named', async () => {
  const dir = temporaryFolder('record-validation-');
  const cases: [RunRecord, RegExp][] = [
    [record('predict', predictResults, { id: '../../outside' }), /field 'id' is invalid: must be a plain folder name/],
    [record('predict', predictResults, { attachments: ['../../.bashrc'] }), /field 'attachments\.0' is invalid: must be a path inside the run folder/],
    [record('predict', predictResults, { attachments: ['/etc/passwd'] }), /field 'attachments\.0' is invalid/],
    [record('predict', predictResults, { attachments: ['C:\\Windows\\win.ini'] }), /field 'attachments\.0' is invalid/],
    [record('predict', {}), /field 'results\.modelPath' is invalid/],
    [record('predict', predictResults, { schemaVersion: 99 }), /newer Robustness Lens \(schema 99\)/],
    [{ ...record('predict', predictResults), spec: { analysis: 'predict', models: [], data: null, params: {}, seed: 0 } }, /field 'spec\.models' is invalid/],
  ];
  for (const [i, [parsed, expected]] of cases.entries()) {
    const file = path.join(dir, `${i}.json`);
    writeFileSync(file, JSON.stringify(parsed));
    await assert.rejects(readRunRecord(file), expected, JSON.stringify(parsed));
  }
  const fine = path.join(dir, 'fine.json');
  const attachment = `images/${'0123456789abcdef'.repeat(2)}.png`;
  writeFileSync(fine, JSON.stringify(record('predict', predictResults, { attachments: [attachment] })));
  assert.deepEqual((await readRunRecord(fine)).attachments, [attachment]);
});
