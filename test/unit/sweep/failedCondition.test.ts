// A condition that cannot run for one model (FGSM on a backend missing a gradient kernel the model needs) fails alone:
// the sweep keeps every other condition and model, with the numbers a run without the failure gives, and says what failed.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import type { SweepParams, SweepResults, SweepTallyState } from '../../../src/protocol/sweep';
import { EngineSession } from '../../../src/engine/session';
import { saveLayersModel } from '../../../src/engine/model/tfjsFiles';
import { ModelTally } from '../../../src/engine/sweep/modelTally';
import { sweepConditions } from '../../../src/engine/sweep/sweepConditions';
import { formatSummary } from '../../../src/cli/commands/sweep';
import { summaryTableRows } from '../../../src/present/report/sweepSummaryCells';
import { sweepMarkdown } from '../../../src/present/report/sweepMarkdown';
import { withTempDir } from '../../fixtures/model/tempDir';
import { FIXTURE_CLASSES, FIXTURE_SIZE, writeColourDataset, writeTinyModel } from '../../fixtures/model/sweepFixture';

/** flatten → dense(softmax): its input gradient needs no convolution kernel. */
async function writeDenseModel(dir: string): Promise<string> {
  const model = tf.sequential({ layers: [
    tf.layers.flatten({ inputShape: [FIXTURE_SIZE, FIXTURE_SIZE, 3] }),
    tf.layers.dense({ units: FIXTURE_CLASSES.length, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
  ] });
  await saveLayersModel(model, join(dir, 'dense'));
  model.dispose();
  return join(dir, 'dense', 'model.json');
}

/** Runs `body` with the wasm backend's `kernelName` unregistered, as if tfjs-backend-wasm lacked it; restores it after. */
async function withoutWasmKernel<T>(kernelName: string, body: () => Promise<T>): Promise<T> {
  const kernel = tf.getKernel(kernelName, 'wasm');
  assert.ok(kernel, `wasm has ${kernelName} to remove`);
  tf.unregisterKernel(kernelName, 'wasm');
  try {
    return await body();
  } finally {
    tf.registerKernel(kernel);
  }
}

const modelNamed = (r: SweepResults, id: string) => r.models.find((m) => m.modelId === id) as SweepResults['models'][number];

test('FGSM without a gradient kernel fails for that model only; the rest of the sweep equals a run without the failure', async () => {
  await withTempDir(async (dir) => {
    const engine = await EngineSession.start({ backend: 'wasm', batchSize: 4 });
    const conv = (await engine.loadModel({ path: await writeTinyModel(dir, 'conv', 1) })).modelId;
    const dense = (await engine.loadModel({ path: await writeDenseModel(dir) })).modelId;
    const params: SweepParams = {
      modelIds: [conv, dense], data: await writeColourDataset(dir, 2), limit: 6, corruptions: ['gaussian_noise'], severities: [1, 3],
      fgsmEpsilons: [4 / 255, 8 / 255], occlusion: true, seed: 5, galleryImages: 0, progressToken: 't', workers: 1,
    };
    const reference = (await engine.sweep(params, () => undefined)).results;
    const before = tf.memory().numTensors;
    const failed = (await withoutWasmKernel('Conv2DBackpropInput', () => engine.sweep(params, () => undefined))).results;
    assert.equal(tf.memory().numTensors, before, 'no tensor leaked');

    const broken = modelNamed(failed, conv);
    assert.equal(broken.fgsm, null);
    assert.deepEqual(broken.failedConditions?.map((f) => f.condition), ['fgsm']);
    assert.match(broken.failedConditions?.[0].message ?? '', /^FGSM could not run on the wasm backend: the gradient kernel 'Conv2DBackpropInput' is missing there; choose the cpu backend \(--backend cpu/);
    assert.ok(failed.warnings.some((w) => w.includes("'Conv2DBackpropInput'")), 'the failure is a warning too');
    // Everything else is what the run without the failure gave.
    const { fgsm: _brokenFgsm, failedConditions: _none, ...brokenRest } = broken;
    const { fgsm: referenceFgsm, failedConditions: _noneEither, ...referenceRest } = modelNamed(reference, conv);
    assert.ok(referenceFgsm, 'the reference run has FGSM');
    assert.deepEqual(brokenRest, referenceRest);
    assert.deepEqual(modelNamed(failed, dense), modelNamed(reference, dense));
    assert.deepEqual(modelNamed(failed, dense).failedConditions, []);
    assert.equal(failed.imageCount, 6);

    // The table marks the cell failed, in the terminal and the report.
    const fgsmColumn = formatSummary(failed).split('\n')[0].split(/\s{2,}/).indexOf('FGSM');
    assert.ok(fgsmColumn > 0, 'the FGSM column stays');
    const rows = summaryTableRows(failed);
    assert.equal(rows.find((r) => r.model === broken.name)?.cells[fgsmColumn - 1].text, 'failed');
    assert.notEqual(rows.find((r) => r.model === modelNamed(failed, dense).name)?.cells[fgsmColumn - 1].text, 'failed');
    assert.match(sweepMarkdown(failed, 't'), /FGSM: failed\. FGSM could not run on the wasm backend/);
  });
});

test('a failed condition travels through shard totals and wins over shards where it ran', () => {
  const conditions = sweepConditions({ corruptions: [], severities: [1], fgsmEpsilons: [8 / 255], occlusion: false, seed: 1 });
  const ran: SweepTallyState = {
    modelId: 'm', imageCount: 2, wrong: { clean: 1, 'fgsm/8': 2 }, cleanConfidence: [0.9, 0.8], cleanCorrect: [true, false], trueClassProbability: [0.9, 0.1], oodScores: {},
  };
  const failure = { condition: 'fgsm' as const, message: 'FGSM could not run on the wasm backend: …' };
  const failedShard = new ModelTally('m', conditions, []);
  failedShard.fail(failure);
  failedShard.absorb({ ...ran, wrong: { clean: 0 }, failedConditions: [] });
  const merged = new ModelTally('m', conditions, []);
  merged.absorb(ran);
  merged.absorb(failedShard.toState());
  assert.equal(merged.fgsm, null);
  assert.deepEqual(merged.failures, [failure]);
  assert.deepEqual(Object.fromEntries(merged.wrong), { clean: 1 });
  assert.equal(merged.imageCount, 4);
});
