// Run records are checked before the host acts on them: a record from a cloned repository cannot climb out of the runs
// folder through its id or attachments, and every model, data and output path it names is listed for the workspace check.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { checkRunRecord } from '../../../src/extension/recordValidation';

function record(analysis: string, results: object, overrides: object = {}): object {
  return {
    schemaVersion: 2, id: '20260101T000000Z-x-abcdef', createdAt: '2026-01-01T00:00:00.000Z',
    spec: { analysis, models: [{ path: '/w/model.json', profile: {} }], data: '/w/data', params: {}, seed: 0 },
    results, timings: { totalMs: 1, imagesPerSecond: 1 }, attachments: [], ...overrides,
  };
}

function pathsOf(parsed: object): string[] {
  const checked = checkRunRecord(parsed);
  assert.ok('paths' in checked, 'problem' in checked ? checked.problem : '');
  return checked.paths;
}

test('every path a sweep record names is listed: models, data and a checkpoint baseline', () => {
  const sweep = record('sweep', { settings: { data: '/elsewhere/data', baseline: '/home/someone/.ssh/base.onnx' }, models: [{ modelId: '/etc/model.json' }] });
  assert.deepEqual(pathsOf(sweep).sort(), ['/elsewhere/data', '/etc/model.json', '/home/someone/.ssh/base.onnx', '/w/data', '/w/model.json'].map((p) => path.resolve(p)).sort());
  const alexnet = record('sweep', { settings: { data: '/w/data', baseline: 'alexnet' }, models: [{ modelId: '/w/model.json' }] });
  assert.deepEqual(pathsOf(alexnet).sort(), ['/w/data', '/w/model.json'].map((p) => path.resolve(p)).sort());
});

test('a CAM record lists its model and the folders it wrote maps to; a predict record its model', () => {
  assert.ok(pathsOf(record('cam', { modelPath: '/x/m.h5', scoremapFolder: '/x/maps', overlayFolder: null })).includes(path.resolve('/x/maps')));
  assert.ok(pathsOf(record('predict', { modelPath: '/y/m.onnx' })).includes(path.resolve('/y/m.onnx')));
});

test('records that would climb out of the runs folder, or lack what the panels read, are refused with the field named', () => {
  const cases: [object, RegExp][] = [
    [record('predict', { modelPath: '/w/m' }, { id: '../../outside' }), /^id:/],
    [record('predict', { modelPath: '/w/m' }, { attachments: ['../../.bashrc'] }), /^attachments\.0:/],
    [record('predict', { modelPath: '/w/m' }, { attachments: ['/etc/passwd'] }), /^attachments\.0:/],
    [record('predict', {}), /^results\.modelPath:/],
    [record('sweep', { settings: { data: 5, baseline: null }, models: [] }), /^results\.settings\.data:/],
    [record('predict', { modelPath: '/w/m' }, { schemaVersion: 99 }), /^schemaVersion:/],
    [{ ...record('predict', { modelPath: '/w/m' }), spec: { analysis: 'predict', models: [], data: null, params: {}, seed: 0 } }, /^spec\.models:/],
  ];
  for (const [parsed, expected] of cases) {
    const checked = checkRunRecord(parsed);
    assert.ok('problem' in checked, JSON.stringify(parsed));
    assert.match(checked.problem, expected);
  }
});
