// Records are checked whole when read from disk: what each analysis saves reads back equal, and a record damaged in one
// field of its results is refused with the file and that field named.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EngineSession } from '../../../src/engine/session';
import { readRunRecord, recordFilePath } from '../../../src/engine/runs/store';
import type { RunRecord } from '../../../src/protocol/records';
import { temporaryFolder } from '../../fixtures/temporaryFolders';

const repo = resolve(__dirname, '..', '..', '..', '..');
const sampleModel = join(repo, 'samples', 'models', 'baseline', 'model.json');
const sampleData = join(repo, 'samples', 'data');

/** A copy of the record at `file` with `damage` applied to its parsed JSON, written beside it. */
function damagedCopy(file: string, damage: (record: { results: Record<string, unknown> }) => void): string {
  const record = JSON.parse(readFileSync(file, 'utf8')) as { results: Record<string, unknown> };
  damage(record);
  const copy = `${file}.damaged.json`;
  writeFileSync(copy, JSON.stringify(record));
  return copy;
}

test('every analysis\'s saved record reads back equal, and one bad field of its results is refused by name', async () => {
  const engine = await EngineSession.start({ backend: 'wasm', batchSize: 8 });
  const { modelId } = await engine.loadModel({ path: sampleModel });
  const runsFolder = temporaryFolder('record-schemas-');
  const quiet = (): void => undefined;
  const common = { progressToken: 't', runsFolder };
  const sweep = { modelIds: [modelId], data: sampleData, corruptions: ['contrast'], severities: [1], fgsmEpsilons: [0.01], occlusion: true, limit: 4, ...common };
  const records: [RunRecord, (r: { results: Record<string, unknown> }) => void, RegExp][] = [
    [await engine.predict({ modelId, data: sampleData, topK: 2, limit: 4, includeProbabilities: true, includeThumbnails: false, ...common }, quiet),
      (r) => { (r.results.predictions as { top: unknown }[])[1].top = 'first'; }, /field 'results\.predictions\.1\.top' is invalid: .*expected array/],
    [await engine.localise({ modelId, data: sampleData, method: 'gradcam', normalisation: 'minmax', target: 'gt', limit: 2, includeOverlays: true, faithfulness: true, ...common }, quiet),
      (r) => { (r.results.settings as { method: string }).method = 'gradcam3'; }, /field 'results\.settings\.method' is invalid/],
    [await engine.sweep(sweep, quiet),
      (r) => { delete (r.results.models as { clean?: number }[])[0].clean; }, /field 'results\.models\.0\.clean' is invalid: .*expected number/],
    [await engine.sweepShard({ ...sweep, shard: { index: 0, count: 2 } }, quiet),
      (r) => { (r.results.tallies as { imageCount: number }[])[0].imageCount += 1; }, /field 'results\.tallies\.0' is invalid: per-image lists must hold one entry per image/],
    [await engine.mix({ modelIds: [modelId], data: sampleData, method: 'cutmix', pairing: { kind: 'random', count: 2 }, lambda: { kind: 'beta', concentration: 1 }, seed: 3, ...common }, quiet),
      (r) => { (r.results.statistics as { pairCount: number }[])[0].pairCount = -1; }, /field 'results\.statistics\.0\.pairCount' is invalid: .*>=0/],
  ];
  assert.deepEqual(records.map(([r]) => r.spec.analysis), ['predict', 'cam', 'sweep', 'sweep-shard', 'mix']);
  assert.notEqual((records[1][0].results as { faithfulness?: unknown }).faithfulness ?? null, null, 'the cam record holds faithfulness');
  for (const [record, damage, expected] of records) {
    const file = recordFilePath(runsFolder, record.id);
    assert.deepEqual(await readRunRecord(file), JSON.parse(JSON.stringify(record)), `${record.spec.analysis} reads back`);
    const copy = damagedCopy(file, damage);
    await assert.rejects(readRunRecord(copy), (err: Error) => {
      assert.equal(err.name, 'UserFacingError');
      assert.ok(err.message.startsWith(`${copy} is a damaged ${record.spec.analysis} run record (`), err.message);
      assert.match(err.message, expected);
      return true;
    });
  }
});

test('a record saved before the engine named its WebGPU adapter, or before faithfulness and PxAP existed, still opens', async () => {
  const engine = await EngineSession.start({ backend: 'wasm', batchSize: 8 });
  const { modelId } = await engine.loadModel({ path: sampleModel });
  const runsFolder = temporaryFolder('record-schemas-');
  const record = await engine.localise({ modelId, data: sampleData, method: 'gradcam', normalisation: 'minmax', target: 'gt', limit: 2, includeOverlays: false, progressToken: 't', runsFolder }, () => undefined);
  const old = damagedCopy(recordFilePath(runsFolder, record.id), (r) => {
    delete (r as { backend?: { adapter?: unknown } }).backend?.adapter;
    delete r.results.faithfulness;
    delete r.results.pxap;
  });
  const read = await readRunRecord(old);
  assert.equal(read.backend.adapter, null);
  assert.deepEqual(read.results, (({ faithfulness: _f, pxap: _p, ...rest }) => rest)(JSON.parse(JSON.stringify(record.results)) as Record<string, unknown>));
});
