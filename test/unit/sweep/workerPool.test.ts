// Sweeps on engine worker processes, driven through the session as the extension drives it: a cancelled run keeps whole
// batches of every worker and its numbers are those of the finished images; a worker that fails fails the run with the reason.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { SweepParams } from '../../../src/protocol/sweep';
import { EngineSession } from '../../../src/engine/session';
import { withTempDir } from '../../fixtures/model/tempDir';
import { writeColourDataset, writeTinyModel } from '../../fixtures/model/sweepFixture';

interface PredictionRow { model: string; condition: string; image: string; label: number | null; probabilities: number[] }

async function fixture(dir: string): Promise<{ engine: EngineSession; params: SweepParams; model: string }> {
  const engine = await EngineSession.start({ backend: 'wasm', batchSize: 2 });
  const model = await writeTinyModel(dir, 'm', 3);
  const data = await writeColourDataset(dir, 4);
  const { modelId } = await engine.loadModel({ path: model });
  return { engine, model, params: { modelIds: [modelId], data, corruptions: ['contrast'], severities: [1, 5], seed: 2, progressToken: 't', workers: 2 } };
}

test('cancelling a two-worker sweep keeps whole batches, and its errors are those of the images that finished', async () => {
  await withTempDir(async (dir) => {
    const { engine, params } = await fixture(dir);
    const full = join(dir, 'full.jsonl');
    const complete = await engine.sweep({ ...params, savePredictions: full }, () => undefined);
    assert.equal(complete.timings.workers, 2);
    assert.equal(complete.results.imageCount, 12);
    const controller = new AbortController();
    const partialFile = join(dir, 'partial.jsonl');
    const record = await engine.sweep({ ...params, savePredictions: partialFile }, (p) => { if (p.done >= 4) controller.abort(); }, controller.signal);
    const r = record.results;
    assert.equal(r.partial, true);
    assert.ok(r.imageCount > 0 && r.imageCount < 12 && r.imageCount % 2 === 0, `whole batches of 2, got ${r.imageCount}`);
    // The finished images' rows in the full run's file give the partial run's errors.
    const rows = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as PredictionRow);
    const finished = new Set(rows(partialFile).filter((row) => row.condition === 'clean').map((row) => row.image));
    assert.equal(finished.size, r.imageCount);
    const argMax = (p: readonly number[]) => p.indexOf(Math.max(...p));
    for (const condition of ['clean', 'contrast/1', 'contrast/5']) {
      const mine = rows(full).filter((row) => row.condition === condition && finished.has(row.image));
      const error = mine.filter((row) => argMax(row.probabilities) !== row.label).length / mine.length;
      const reported = condition === 'clean' ? r.models[0].clean : r.models[0].corruptions[0].errors[condition.endsWith('/1') ? 0 : 1];
      assert.equal(reported, error, condition);
    }
  });
});

test('a worker that cannot load a model fails the sweep with the reason, and the session goes on', async () => {
  await withTempDir(async (dir) => {
    const { engine, params, model } = await fixture(dir);
    // The parent has the model in memory; the workers load it from disk, where it is gone.
    rmSync(model);
    await assert.rejects(engine.sweep(params, () => undefined), (err: Error) => err.name === 'UserFacingError' && err.message === `No model found at ${model}.`);
    const inProcess = await engine.sweep({ ...params, workers: 1 }, () => undefined);
    assert.equal(inProcess.results.imageCount, 12);
  });
});
