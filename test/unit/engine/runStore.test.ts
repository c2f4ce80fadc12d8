// Run records: atomic writes, listing newest first from summaries, refusal of foreign or newer records.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PredictResults } from '../../../src/protocol/predict';
import { RUN_RECORD_SCHEMA_VERSION, type RunRecord } from '../../../src/protocol/records';
import { listRuns, newRunId, readRunRecord, saveRunRecord } from '../../../src/engine/runs/store';
import { writeFileAtomic } from '../../../src/engine/atomicWrite';
import { temporaryFolder } from '../../fixtures/temporaryFolders';

function record(id: string, createdAt: string): RunRecord<PredictResults> {
  return {
    schemaVersion: RUN_RECORD_SCHEMA_VERSION, id, createdAt,
    spec: { analysis: 'predict', models: [{ path: '/m/model.json', profile: { version: 1, inputSize: [8, 8], resize: 'stretch', centerCropFraction: 1, scaling: { kind: 'unit' }, channelOrder: 'RGB', guessed: false } }], data: null, params: {}, seed: 1 },
    results: { modelPath: '/m/model.json', predictions: [], skipped: [], top1Accuracy: null, labelledCount: 0, warnings: [] },
    timings: { totalMs: 1, imagesPerSecond: null },
    backend: { name: 'cpu', device: 'CPU', deviceName: null, label: 'TF.js cpu · CPU', adapter: null, log: [], tfjsVersion: '4.22.0', threads: 1 },
    versions: { robustnessLens: '0.1.0', tfjs: '4.22.0' },
    attachments: [],
  };
}

test('a saved record reads back equal beside its summary, and no temporary file is left', async () => {
  const dir = temporaryFolder('runs-');
  const r = record(newRunId('predict'), '2026-01-02T03:04:05.000Z');
  const { file } = await saveRunRecord(dir, r);
  assert.deepEqual(await readRunRecord(file), r);
  assert.deepEqual(readdirSync(join(dir, r.id)).sort(), ['record.json', 'summary.json']);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, r.id, 'summary.json'), 'utf8')),
    { schemaVersion: RUN_RECORD_SCHEMA_VERSION, id: r.id, analysis: 'predict', createdAt: '2026-01-02T03:04:05.000Z', models: ['/m/model.json'] });
});

test('listing reads summaries, not records: a record it cannot parse is listed from its summary, one without a summary gets one', async () => {
  const dir = temporaryFolder('runs-');
  await saveRunRecord(dir, record('summarised', '2026-02-01T00:00:00.000Z'));
  writeFileSync(join(dir, 'summarised', 'record.json'), 'not parsed when listing');
  mkdirSync(join(dir, 'older'));
  writeFileSync(join(dir, 'older', 'record.json'), JSON.stringify(record('older', '2026-01-01T00:00:00.000Z')));
  const runs = await listRuns(dir);
  assert.deepEqual(runs.map((r) => [r.id, r.analysis, r.createdAt, r.models, r.file]), [
    ['summarised', 'predict', '2026-02-01T00:00:00.000Z', ['/m/model.json'], join(dir, 'summarised', 'record.json')],
    ['older', 'predict', '2026-01-01T00:00:00.000Z', ['/m/model.json'], join(dir, 'older', 'record.json')],
  ]);
  assert.equal(JSON.parse(readFileSync(join(dir, 'older', 'summary.json'), 'utf8')).id, 'older');
});

test('a summary whose record is gone lists no run', async () => {
  const dir = temporaryFolder('runs-');
  await saveRunRecord(dir, record('deleted', '2026-01-01T00:00:00.000Z'));
  await saveRunRecord(dir, record('kept', '2026-01-02T00:00:00.000Z'));
  rmSync(join(dir, 'deleted', 'record.json'));
  assert.deepEqual((await listRuns(dir)).map((r) => r.id), ['kept']);
});

test('writeFileAtomic replaces content whole', async () => {
  const dir = temporaryFolder('atomic-');
  const file = join(dir, 'a.json');
  await writeFileAtomic(file, 'first');
  await writeFileAtomic(file, 'second');
  assert.deepEqual(readdirSync(dir), ['a.json']);
});

test('listRuns sorts newest first and skips folders that are not runs', async () => {
  const dir = temporaryFolder('runs-');
  await saveRunRecord(dir, record('old', '2026-01-01T00:00:00.000Z'));
  await saveRunRecord(dir, record('new', '2026-03-01T00:00:00.000Z'));
  mkdirSync(join(dir, 'junk'));
  writeFileSync(join(dir, 'junk', 'record.json'), '{"not": "a record"}');
  mkdirSync(join(dir, 'half-written'));
  writeFileSync(join(dir, 'half-written', 'record.json'), '{"schemaVersion": 1, "id": "x", "crea');
  const runs = await listRuns(dir);
  assert.deepEqual(runs.map((r) => r.id), ['new', 'old']);
  assert.deepEqual(await listRuns(join(dir, 'missing')), []);
});

test('a record from a newer schema is refused with a message', async () => {
  const dir = temporaryFolder('runs-');
  const file = join(dir, 'record.json');
  writeFileSync(file, JSON.stringify({ ...record('future', '2026-01-01T00:00:00.000Z'), schemaVersion: 99 }));
  await assert.rejects(readRunRecord(file), /newer Robustness Lens \(schema 99\)/);
});

test('run ids sort by time', () => {
  const a = newRunId('predict', new Date('2026-01-01T00:00:00Z'));
  const b = newRunId('predict', new Date('2026-01-01T00:00:01Z'));
  assert.ok(a < b);
  assert.match(a, /^20260101T000000Z-predict-[0-9a-f]{6}$/);
});
