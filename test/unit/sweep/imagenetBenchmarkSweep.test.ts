// Sweeps over the ImageNet benchmark fixtures (scripts/benchmark-fixtures/make_fixtures.py) with a 1000-output linear model
// logits = mean RGB @ W + b: every image's top-1 class and confidence, and the clean error, equal what numpy computed —
// among the 200 classes for ImageNet-A and -R (the authors' `net(x)[:, subset]`), among all 1000 otherwise.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { saveLayersModel } from '../../../src/engine/model/tfjsFiles';
import { EngineSession } from '../../../src/engine/session';
import type { ImageNetBenchmark, SweepParams } from '../../../src/protocol/sweep';
import { withTempDir } from '../../fixtures/model/tempDir';
import type { ExpectedImageNet } from '../data/imagenetBenchmarks.test';

const SETS = 'test/fixtures/benchmark-sets';
const expected = (JSON.parse(readFileSync(join(SETS, 'expected.json'), 'utf8')) as { imagenet: ExpectedImageNet }).imagenet;
const INPUT = 16;

interface PredictionRow { model: string; condition: string; image: string; label: number | null; probabilities: number[] }

/** imagenet_weights() of make_fixtures.py: W [3, 1000], b [1000]. */
function fixtureWeights(): { w: number[][]; b: number[] } {
  const k = Array.from({ length: 1000 }, (_, i) => i);
  return {
    w: [0, 1, 2].map((c) => k.map((i) => 20 * Math.sin(0.9 * i + 1.7 * c + 0.3 * (i % 13) * c))),
    b: k.map((i) => 5 * Math.cos(1.1 * i)),
  };
}

/** [0,1] RGB → global mean → dense(1000, softmax) with the fixture's weights; returns model.json. */
async function writeLinearImageNetModel(dir: string): Promise<string> {
  const model = tf.sequential({ layers: [
    tf.layers.globalAveragePooling2d({ inputShape: [INPUT, INPUT, 3], name: 'gap' }),
    tf.layers.dense({ units: 1000, activation: 'softmax', name: 'classifier' }),
  ] });
  const { w, b } = fixtureWeights();
  tf.tidy(() => model.getLayer('classifier').setWeights([tf.tensor2d(w), tf.tensor1d(b)]));
  await saveLayersModel(model, join(dir, 'model'));
  model.dispose();
  return join(dir, 'model', 'model.json');
}

const argMax = (p: readonly number[]): number => p.reduce((best, v, k) => (v > p[best] ? k : best), 0);

async function sweepOf(engine: EngineSession, modelId: string, dir: string, name: ImageNetBenchmark, dataset: ImageNetBenchmark | undefined, extra: Partial<SweepParams> = {}) {
  const file = join(dir, `${name}.jsonl`);
  const record = await engine.sweep({
    modelIds: [modelId], data: join(SETS, name), dataset, corruptions: [], fgsmEpsilons: [], occlusion: false, ood: false,
    savePredictions: file, progressToken: 't', workers: 1, ...extra,
  }, () => undefined);
  const rows = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as PredictionRow).filter((r) => r.condition === 'clean');
  return { results: record.results, rows };
}

test('each benchmark\'s predictions, confidences and clean error equal numpy\'s; ImageNet-A/-R score among their 200 classes', async () => {
  await withTempDir(async (dir) => {
    const engine = await EngineSession.start({ backend: 'wasm', batchSize: 16 });
    const { modelId } = await engine.loadModel({ path: await writeLinearImageNetModel(dir), preprocessingOverrides: { scaling: { kind: 'unit' }, resize: 'stretch' } });
    for (const name of ['imagenet-val', 'imagenet-v2', 'imagenet-sketch', 'imagenet-a', 'imagenet-r'] as const) {
      const { results, rows } = await sweepOf(engine, modelId, dir, name, name);
      const images = expected.sets[name].images;
      assert.equal(rows.length, Object.keys(images).length, name);
      for (const row of rows) {
        const image = images[row.image];
        assert.equal(row.label, image.label, `${name} ${row.image} label`);
        assert.equal(argMax(row.probabilities), image.predicted, `${name} ${row.image} top-1`);
        assert.ok(Math.abs(Math.max(...row.probabilities) - image.confidence) < 1e-4, `${name} ${row.image} confidence ${Math.max(...row.probabilities)} vs ${image.confidence}`);
        const subset = name === 'imagenet-a' || name === 'imagenet-r' ? new Set(expected.subsets[name]) : null;
        if (subset) assert.ok(row.probabilities.every((p, k) => subset.has(k) || p === 0), `${name}: no probability outside the 200 classes`);
      }
      assert.equal(results.models[0].clean, expected.sets[name].cleanError, name);
      const fact = results.facts.find((f) => f.label === 'Benchmark');
      assert.ok(fact, `${name}: the report states the benchmark`);
      assert.match(fact.value, name === 'imagenet-a' || name === 'imagenet-r' ? /restricted to the set's 200 classes before softmax and top-1/ : /top-1 among all 1000 outputs/);
    }
  });
});

test('without --dataset a wnid tree is recognised and scored by class index; FGSM runs on the restricted logits', async () => {
  await withTempDir(async (dir) => {
    const engine = await EngineSession.start({ backend: 'wasm', batchSize: 16 });
    const { modelId } = await engine.loadModel({ path: await writeLinearImageNetModel(dir), preprocessingOverrides: { scaling: { kind: 'unit' }, resize: 'stretch' } });
    const val = await sweepOf(engine, modelId, dir, 'imagenet-val', undefined);
    assert.equal(val.results.models[0].clean, expected.sets['imagenet-val'].cleanError);
    assert.match(val.results.facts.find((f) => f.label === 'Benchmark')?.value ?? '', /^ImageNet validation: WordNet-id class folders/);
    // Three of ImageNet-A's classes are no ImageNet-A tree: scored among all 1000 outputs, as numpy's unrestricted top-1.
    const partial = await sweepOf(engine, modelId, dir, 'imagenet-a', undefined);
    const images = expected.sets['imagenet-a'].images;
    for (const row of partial.rows) assert.equal(argMax(row.probabilities), images[row.image].unrestrictedPredicted, row.image);
    const plan = await engine.planSweep({ modelIds: [modelId], data: join(SETS, 'imagenet-a'), dataset: 'imagenet-a', corruptions: [], progressToken: 't' });
    assert.match(plan.notes[0], /^ImageNet-A: WordNet-id class folders .* restricted to the set's 200 classes/, 'the plan says how the set is scored');
    const restricted = await sweepOf(engine, modelId, dir, 'imagenet-a', 'imagenet-a', { fgsmEpsilons: [2 / 255] });
    const fgsm = restricted.results.models[0].fgsm?.errors ?? [];
    assert.ok(fgsm.length === 1 && Number.isFinite(fgsm[0].error) && fgsm[0].error >= restricted.results.models[0].clean, 'FGSM error is finite and no lower than clean');
  });
});

test('--dataset with a model that has no 1000 ImageNet outputs is refused', async () => {
  await withTempDir(async (dir) => {
    const engine = await EngineSession.start({ backend: 'wasm', batchSize: 16 });
    const model = tf.sequential({ layers: [tf.layers.globalAveragePooling2d({ inputShape: [INPUT, INPUT, 3] }), tf.layers.dense({ units: 10, activation: 'softmax' })] });
    await saveLayersModel(model, join(dir, 'ten'));
    model.dispose();
    const { modelId } = await engine.loadModel({ path: join(dir, 'ten', 'model.json') });
    await assert.rejects(sweepOf(engine, modelId, dir, 'imagenet-r', 'imagenet-r'), /--dataset imagenet-r scores ImageNet's 1000 classes, but the model has 10 outputs/);
  });
});
