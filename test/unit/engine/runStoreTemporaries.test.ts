// What a crash mid-save leaves in the runs folder: writeFileAtomic's temporaries. Listing the runs removes the stale ones
// (and a run folder they were all that it held), and leaves a fresh one, which may be a save in progress.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PredictResults } from '../../../src/protocol/predict';
import { RUN_RECORD_SCHEMA_VERSION, type RunRecord } from '../../../src/protocol/records';
import { listRuns, saveRunRecord } from '../../../src/engine/runs/store';
import { STALE_TEMPORARY_MS, removeStaleTemporaries } from '../../../src/engine/atomicWrite';
import { withTempDir } from '../../fixtures/model/tempDir';

function record(id: string): RunRecord<PredictResults> {
  return {
    schemaVersion: RUN_RECORD_SCHEMA_VERSION, id, createdAt: '2026-01-02T03:04:05.000Z',
    spec: { analysis: 'predict', models: [{ path: '/m/model.json', profile: { version: 1, inputSize: [8, 8], resize: 'stretch', centerCropFraction: 1, scaling: { kind: 'unit' }, channelOrder: 'RGB', guessed: false } }], data: null, params: {}, seed: 1 },
    results: { modelPath: '/m/model.json', predictions: [], skipped: [], top1Accuracy: null, labelledCount: 0, warnings: [] },
    timings: { totalMs: 1, imagesPerSecond: null },
    backend: { name: 'cpu', device: 'CPU', deviceName: null, label: 'TF.js cpu · CPU', adapter: null, log: [], tfjsVersion: '4.22.0', threads: 1 },
    versions: { robustnessLens: '0.1.0', tfjs: '4.22.0' },
    attachments: [],
  };
}

/** A temporary as writeFileAtomic names it, last modified `ageMs` ago. */
function temporary(folder: string, target: string, ageMs: number): string {
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `.${target}.0123456789ab.tmp`);
  writeFileSync(file, '{"schemaVersion": 1, "id": "x", "crea');
  const when = new Date(Date.now() - ageMs);
  utimesSync(file, when, when);
  return file;
}

test('listing runs removes a run folder that holds only a stale record temporary, and a stale temporary beside a record', () => withTempDir(async (runs) => {
  const crashed = join(runs, '20260101T000000Z-predict-abcdef');
  temporary(crashed, 'record.json', 2 * STALE_TEMPORARY_MS);
  await saveRunRecord(runs, record('kept'));
  const leftover = temporary(join(runs, 'kept'), 'record.json', 2 * STALE_TEMPORARY_MS);
  const listed = await listRuns(runs);
  assert.deepEqual(listed.map((r) => r.id), ['kept']);
  assert.equal(existsSync(crashed), false, 'the crashed run folder is removed');
  assert.equal(existsSync(leftover), false);
  assert.deepEqual(readdirSync(join(runs, 'kept')).sort(), ['record.json', 'summary.json']);
}));

test('a fresh temporary may be a save in progress: it stays, as do an empty folder and files that are not temporaries', () => withTempDir(async (runs) => {
  const saving = temporary(join(runs, 'saving'), 'record.json', 1000);
  mkdirSync(join(runs, 'just-made'));
  mkdirSync(join(runs, 'other'));
  writeFileSync(join(runs, 'other', 'notes.tmp'), 'not ours');
  utimesSync(join(runs, 'other', 'notes.tmp'), new Date(0), new Date(0));
  assert.deepEqual(await listRuns(runs), []);
  assert.equal(existsSync(saving), true);
  assert.deepEqual(readdirSync(runs).sort(), ['just-made', 'other', 'saving']);
  assert.deepEqual(readdirSync(join(runs, 'other')), ['notes.tmp']);
}));

test('removeStaleTemporaries counts what it removed and takes a missing folder as empty', () => withTempDir(async (dir) => {
  temporary(dir, 'a.json', 2 * STALE_TEMPORARY_MS);
  temporary(dir, 'b.png', 0);
  assert.equal(await removeStaleTemporaries(dir), 1);
  assert.deepEqual(readdirSync(dir), ['.b.png.0123456789ab.tmp']);
  assert.equal(await removeStaleTemporaries(dir, STALE_TEMPORARY_MS, Date.now() + 2 * STALE_TEMPORARY_MS), 1);
  assert.equal(await removeStaleTemporaries(join(dir, 'missing')), 0);
}));
