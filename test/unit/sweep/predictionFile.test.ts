// The --save-predictions file of a one-process sweep (--workers 1) is written through a temporary renamed at the end: a
// run that fails leaves the file as it was, and two runs saving to the same file never mix their rows.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SweepParams } from '../../../src/protocol/sweep';
import { EngineSession } from '../../../src/engine/session';
import { withTempDir } from '../../fixtures/model/tempDir';
import { writeColourDataset, writeTinyModel } from '../../fixtures/model/sweepFixture';

const IMAGES = 8;
const BATCH_SIZE = 4;
/** clean, contrast/1 and contrast/3 (no OOD sets). */
const IMAGE_CONDITIONS = 3;

interface PredictionRow { model: string; condition: string; image: string }

function readRows(file: string): PredictionRow[] {
  return readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as PredictionRow);
}

async function fixture(dir: string): Promise<{ engine: EngineSession; params: SweepParams }> {
  const engine = await EngineSession.start({ backend: 'wasm', batchSize: BATCH_SIZE });
  const data = await writeColourDataset(dir, 3);
  const { modelId } = await engine.loadModel({ path: await writeTinyModel(dir, 'tiny', 3) });
  return {
    engine,
    params: { modelIds: [modelId], data, limit: IMAGES, corruptions: ['contrast'], severities: [1, 3], ood: false, seed: 1, galleryImages: 0, progressToken: 't', workers: 1 },
  };
}

test('a one-process sweep that fails leaves the prediction file as it was, and no temporary; while it runs the file is untouched', async () => {
  await withTempDir(async (dir) => {
    const { engine, params } = await fixture(dir);
    const out = join(dir, 'out');
    const file = join(out, 'predictions.jsonl');
    const complete = await engine.sweep({ ...params, savePredictions: file }, () => undefined);
    const earlier = readFileSync(file, 'utf8');
    assert.equal(readRows(file).length, IMAGES * IMAGE_CONDITIONS);
    const perBatch = complete.results.forwardPasses / (IMAGES / BATCH_SIZE);
    let seenDuringRun: { file: string; others: string[] } | null = null;
    const failing = engine.sweep({ ...params, seed: 2, savePredictions: file }, (p) => {
      if (p.done !== perBatch + 1) return;
      // The first batch's rows are written by now: to the temporary, not to the file.
      seenDuringRun = { file: readFileSync(file, 'utf8'), others: readdirSync(out).filter((name) => name !== 'predictions.jsonl') };
      throw new Error('the progress sink failed');
    });
    await assert.rejects(failing, /the progress sink failed/);
    assert.ok(seenDuringRun, 'the run reached its second batch');
    const during = seenDuringRun as { file: string; others: string[] };
    assert.equal(during.file, earlier, 'the file is untouched while the run writes');
    assert.equal(during.others.length, 1, `one temporary while the run writes: ${during.others.join(', ')}`);
    assert.match(during.others[0], /^\.predictions\.jsonl\.[0-9a-f]{12}\.tmp$/);
    assert.equal(readFileSync(file, 'utf8'), earlier, 'the failed run left the earlier file as it was');
    assert.deepEqual(readdirSync(out), ['predictions.jsonl'], 'the failed run\'s temporary is removed');
  });
});

test('a cancelled one-process sweep saves the rows of the batches its partial record counts', async () => {
  await withTempDir(async (dir) => {
    const { engine, params } = await fixture(dir);
    const out = join(dir, 'out');
    const file = join(out, 'predictions.jsonl');
    const complete = await engine.sweep(params, () => undefined);
    const perBatch = complete.results.forwardPasses / (IMAGES / BATCH_SIZE);
    const controller = new AbortController();
    const record = await engine.sweep({ ...params, savePredictions: file }, (p) => { if (p.done === perBatch + 1) controller.abort(); }, controller.signal);
    assert.equal(record.results.partial, true);
    const rows = readRows(file);
    assert.equal(new Set(rows.map((r) => r.image)).size, record.results.imageCount);
    assert.equal(rows.length, record.results.imageCount * IMAGE_CONDITIONS);
    assert.deepEqual(readdirSync(out), ['predictions.jsonl']);
  });
});

test('two one-process sweeps saving predictions to the same file at once: the file holds one run\'s rows, each once', async () => {
  await withTempDir(async (dir) => {
    const { engine, params } = await fixture(dir);
    const out = join(dir, 'out');
    const file = join(out, 'predictions.jsonl');
    const first = await EngineSession.start({ backend: 'wasm', batchSize: BATCH_SIZE });
    const other = { ...params, modelIds: [(await first.loadModel({ path: params.modelIds[0] })).modelId] };
    await Promise.all([engine.sweep({ ...params, savePredictions: file }, () => undefined), first.sweep({ ...other, savePredictions: file }, () => undefined)]);
    const rows = readRows(file);
    assert.equal(rows.length, IMAGES * IMAGE_CONDITIONS);
    assert.equal(new Set(rows.map((r) => `${r.condition} ${r.image}`)).size, rows.length, 'no row twice');
    assert.deepEqual(readdirSync(out), ['predictions.jsonl'], 'no temporary is left');
  });
});
