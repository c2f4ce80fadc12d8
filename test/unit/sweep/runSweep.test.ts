// The sweep end to end on a tiny model and 8 images: numbers equal a recomputation from the saved per-image probabilities,
// runs are deterministic, cancellation keeps whole batches, and the plan's forward-pass count is what ran.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SweepParams, SweepResults } from '../../../src/protocol/sweep';
import { EngineSession } from '../../../src/engine/session';
import { adaptiveCalibrationError } from '../../../src/engine/uncertainty';
import { withTempDir } from '../../fixtures/model/tempDir';
import { writeColourDataset, writeTinyModel } from '../../fixtures/model/sweepFixture';

interface PredictionRow { model: string; condition: string; image: string; label: number | null; probabilities: number[] }

const argMax = (p: readonly number[]): number => p.reduce((best, v, k) => (v > p[best] ? k : best), 0);

function readRows(file: string): PredictionRow[] {
  return readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as PredictionRow);
}

/** Top-1 error of `model` under `condition` over the rows (optionally only the images in `ids`). */
function recomputedError(rows: readonly PredictionRow[], model: string, condition: string, ids?: ReadonlySet<string>): number {
  const mine = rows.filter((r) => r.model === model && r.condition === condition && (!ids || ids.has(r.image)));
  assert.ok(mine.length > 0, `rows for ${condition}`);
  return mine.filter((r) => argMax(r.probabilities) !== r.label).length / mine.length;
}

/** ECE over 15 bins (lo, hi], written out independently of the engine's binning. */
function recomputedEce(rows: readonly PredictionRow[]): number {
  const bins = Array.from({ length: 15 }, () => ({ n: 0, right: 0, conf: 0 }));
  for (const r of rows) {
    const c = Math.max(...r.probabilities);
    const b = Math.min(14, Math.max(0, Math.ceil(c * 15) - 1));
    bins[b].n++;
    bins[b].conf += c;
    if (argMax(r.probabilities) === r.label) bins[b].right++;
  }
  return bins.reduce((sum, b) => sum + (b.n ? (b.n / rows.length) * Math.abs(b.right / b.n - b.conf / b.n) : 0), 0);
}

/** Classwise ECE: per class, 15 bins (lo, hi] of p_k against 1[y = k], mean over classes, written out independently. */
function recomputedClasswiseEce(rows: readonly PredictionRow[]): number {
  const classCount = rows[0].probabilities.length;
  let total = 0;
  for (let k = 0; k < classCount; k++) {
    const bins = Array.from({ length: 15 }, () => ({ n: 0, hits: 0, conf: 0 }));
    for (const r of rows) {
      const p = r.probabilities[k];
      const b = Math.min(14, Math.max(0, Math.ceil(p * 15) - 1));
      bins[b].n++;
      bins[b].conf += p;
      if (r.label === k) bins[b].hits++;
    }
    total += bins.reduce((sum, b) => sum + (b.n ? (b.n / rows.length) * Math.abs(b.hits / b.n - b.conf / b.n) : 0), 0);
  }
  return total / classCount;
}

async function fixture(dir: string): Promise<{ engine: EngineSession; params: SweepParams }> {
  const engine = await EngineSession.start({ backend: 'wasm', batchSize: 4 });
  const first = await writeTinyModel(dir, 'first', 1);
  const second = await writeTinyModel(dir, 'second', 7);
  const data = await writeColourDataset(dir, 3);
  const ids = [];
  for (const path of [first, second]) ids.push((await engine.loadModel({ path })).modelId);
  return {
    engine,
    params: {
      modelIds: ids, data, limit: 8, corruptions: ['gaussian_noise', 'contrast'], severities: [1, 3], fgsmEpsilons: [4 / 255, 8 / 255],
      occlusion: true, seed: 5, galleryImages: 2, progressToken: 't',
    },
  };
}

test('sweep numbers equal a recomputation from per-image probabilities; same seed, same errors; plan = passes run', async () => {
  await withTempDir(async (dir) => {
    const { engine, params } = await fixture(dir);
    const plan = await engine.planSweep(params);
    // 2 models × 2 batches × (clean + 2×2 corruptions + gradient + 2 ε + 2×9 holes + 2 synthetic OOD sets).
    assert.equal(plan.forwardPasses, 2 * 2 * (1 + 4 + 3 + 18 + 2));
    assert.equal(plan.imageCount, 8);
    assert.equal(plan.conditions.length, 1 + 4 + 2 + 18 + 2);
    assert.ok(plan.estimatedSeconds > 0);
    const before = tf.memory().numTensors;
    const file = join(dir, 'predictions.jsonl');
    const progress: number[] = [];
    const record = await engine.sweep({ ...params, savePredictions: file }, (p) => progress.push(p.done));
    assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
    const r = record.results;
    assert.equal(record.spec.analysis, 'sweep');
    assert.equal(r.partial, false);
    assert.equal(r.imageCount, 8);
    assert.equal(r.forwardPasses, plan.forwardPasses);
    assert.equal(progress[progress.length - 1], plan.forwardPasses);
    const rows = readRows(file);
    for (const m of r.models) {
      assert.equal(m.clean, recomputedError(rows, m.modelId, 'clean'));
      for (const c of m.corruptions) c.errors.forEach((e, i) => assert.equal(e, recomputedError(rows, m.modelId, `${c.corruption}/${r.settings.severities[i]}`), c.corruption));
      for (const e of m.fgsm?.errors ?? []) assert.equal(e.error, recomputedError(rows, m.modelId, `fgsm/${Number((e.epsilon * 255).toFixed(4))}`));
      for (const curve of m.occlusion?.curves ?? []) {
        curve.errors.forEach((e, i) => assert.equal(e, recomputedError(rows, m.modelId, `occlusion/${curve.mode}/${Number((m.occlusion?.sizes[i].fraction ?? 0).toFixed(4))}`)));
      }
      const cleanRows = rows.filter((x) => x.model === m.modelId && x.condition === 'clean');
      assert.ok(Math.abs(m.calibration.ece - recomputedEce(cleanRows)) < 1e-6);
      assert.ok(Math.abs((m.calibration.classwiseEce ?? NaN) - recomputedClasswiseEce(cleanRows)) < 1e-6, 'classwise ECE');
      const confidences = cleanRows.map((x) => Math.max(...x.probabilities));
      assert.ok(Math.abs((m.calibration.adaptiveEce ?? NaN) - adaptiveCalibrationError(confidences, cleanRows.map((x) => argMax(x.probabilities) === x.label))) < 1e-6, 'adaptive ECE');
      assert.equal(m.logitKind, 'logits', 'the tiny model\'s logits are found');
      for (const score of ['maxLogit', 'energy'] as const) {
        assert.deepEqual(m.oodByScore?.[score].map((o) => [o.set, o.score, o.inCount, o.outCount]), [['uniform-noise', score, 8, 8], ['gaussian-noise', score, 8, 8]]);
      }
      assert.deepEqual(m.ood.map((o) => o.set), ['uniform-noise', 'gaussian-noise']);
      for (const o of m.ood) assert.ok(o.auroc >= 0 && o.auroc <= 1 && o.outCount === 8);
    }
    // The baseline defaults to the first model (not ImageNet): its own CE is 1 wherever defined.
    assert.equal(r.settings.baseline, params.modelIds[0]);
    assert.equal(r.summary?.rows.length, 2);
    assert.ok(r.facts.some((f) => f.label === 'Seed' && f.value === '5'));
    assert.ok(r.facts.some((f) => f.label === 'Severities'), 'mCE needs all five severities, and the report says so');
    assert.equal(r.gallery.length, 2 * 2, 'two images per corruption at severity 3');
    assert.match(r.gallery[0].corruptedImage, /^data:image\/jpeg;base64,/);
    assert.equal(r.gallery[0].predictions.length, 2);

    const again = await engine.sweep(params, () => undefined);
    assert.deepEqual(errorsOf(again.results), errorsOf(r), 'same seed, same errors');
  });
});

function errorsOf(r: SweepResults): unknown {
  return r.models.map((m) => ({ clean: m.clean, corruptions: m.corruptions.map((c) => c.errors), fgsm: m.fgsm?.errors, occlusion: m.occlusion?.curves, ece: m.calibration.ece }));
}

test('cancelling keeps the batches that finished every condition, with the numbers of those images', async () => {
  await withTempDir(async (dir) => {
    const { engine, params: shared } = await fixture(dir);
    // In this process: with worker processes, which batches finish before the cancel is up to the scheduler.
    const params = { ...shared, workers: 1 };
    const full = join(dir, 'full.jsonl');
    const complete = await engine.sweep({ ...params, savePredictions: full }, () => undefined);
    const perBatch = complete.results.forwardPasses / 2;
    const controller = new AbortController();
    const before = tf.memory().numTensors;
    const record = await engine.sweep(params, (p) => { if (p.done === perBatch + 1) controller.abort(); }, controller.signal);
    assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
    const r = record.results;
    assert.equal(r.partial, true);
    assert.equal(r.imageCount, 4);
    assert.ok(r.facts.some((f) => f.label === 'Partial'));
    const firstBatch = new Set(readRows(full).filter((row) => row.condition === 'clean').map((row) => row.image).slice(0, 4));
    const rows = readRows(full);
    for (const m of r.models) {
      assert.equal(m.clean, recomputedError(rows, m.modelId, 'clean', firstBatch));
      for (const c of m.corruptions) c.errors.forEach((e, i) => assert.equal(e, recomputedError(rows, m.modelId, `${c.corruption}/${r.settings.severities[i]}`, firstBatch)));
    }
  });
});
