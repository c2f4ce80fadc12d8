// Sweeps over released corruption sets with their clean sets: an ImageNet-C-layout tree of JPEG files, and CIFAR-10-C
// arrays with the CIFAR-10 binary test set. Every corruption error (and CE) equals a hand computation from predicting
// the released images one by one, and the record says "released files".
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { saveLayersModel } from '../../../src/engine/model/tfjsFiles';
import { EngineSession } from '../../../src/engine/session';
import type { SweepParams } from '../../../src/protocol/sweep';
import { withTempDir } from '../../fixtures/model/tempDir';
import { FIXTURE_CLASSES, writeColourDataset, writeTinyModel } from '../../fixtures/model/sweepFixture';

const PER_CLASS = 3;
const CORRUPTIONS = ['fog', 'contrast'] as const;

interface PredictionRow { model: string; condition: string; image: string; label: number | null; probabilities: number[] }

const argMax = (p: readonly number[]): number => p.reduce((best, v, k) => (v > p[best] ? k : best), 0);

/** Each clean PNG <class>/<n>.png, washed towards grey (fog) or darkened (contrast) by severity, as <c>/<s>/<class>/<n>.JPEG. */
async function writeReleasedTree(clean: string, root: string): Promise<void> {
  for (const corruption of CORRUPTIONS) {
    for (let severity = 1; severity <= 5; severity++) {
      for (const name of FIXTURE_CLASSES) {
        await mkdir(join(root, corruption, String(severity), name), { recursive: true });
        for (let n = 0; n < PER_CLASS; n++) {
          const { data, info } = await sharp(join(clean, name, `${n}.png`)).raw().toBuffer({ resolveWithObject: true });
          const t = severity / 5;
          const out = Buffer.from(data.map((v, i) => (corruption === 'fog' ? Math.round(v * (1 - t) + 128 * t) : Math.round(v * (1 - 0.9 * t) + (i % 3) * 10 * t))));
          await sharp(out, { raw: { width: info.width, height: info.height, channels: 3 } }).jpeg({ quality: 90 }).toFile(join(root, corruption, String(severity), name, `${n}.JPEG`));
        }
      }
    }
  }
}

test('a sweep of a released tree reads its files: errors and CE equal a hand computation from predicting those files', async () => {
  await withTempDir(async (dir) => {
    const engine = await EngineSession.start({ backend: 'wasm', batchSize: 4 });
    const clean = await writeColourDataset(dir, PER_CLASS);
    const tree = join(dir, 'released');
    await writeReleasedTree(clean, tree);
    const modelIds: string[] = [];
    for (const seed of [1, 7]) modelIds.push((await engine.loadModel({ path: await writeTinyModel(dir, `m${seed}`, seed) })).modelId);
    const params: SweepParams = { modelIds, data: tree, clean, ood: false, galleryImages: 1, progressToken: 't' };

    await assert.rejects(engine.sweep({ ...params, clean: undefined }, () => undefined), (e: Error) => e.message.includes(tree) && /pass the clean images it was made from with --clean/.test(e.message));
    await assert.rejects(engine.sweep({ ...params, data: clean }, () => undefined), /A clean set \(--clean\) goes with a released corruption set/);

    const plan = await engine.planSweep(params);
    assert.equal(plan.conditions.length, 1 + CORRUPTIONS.length * 5, 'clean and every corruption × severity present');
    assert.ok(plan.notes.some((n) => n.includes(`released files in ${tree}`)));

    const file = join(dir, 'predictions.jsonl');
    const r = (await engine.sweep({ ...params, savePredictions: file }, () => undefined)).results;
    assert.equal(r.imageCount, PER_CLASS * FIXTURE_CLASSES.length);
    assert.deepEqual(r.settings.corruptions, ['fog', 'contrast'], 'every corruption present, in the benchmark\'s order');
    const source = r.facts.find((f) => f.label === 'Corruption source');
    assert.match(source?.value ?? '', /^released files: the corrupted images were read from/);
    assert.ok(!r.facts.some((f) => f.label === 'Variants' || f.label === 'JPEG round trip' || f.label === 'Per-image randomness'), 'generator facts do not apply');

    // Each model predicts every file of the tree on its own: the same probabilities, image by image, as the sweep used.
    const rows = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as PredictionRow);
    const byHand = new Map<string, number[]>();
    for (const modelId of modelIds) {
      const predicted = (await engine.predict({ modelId, data: tree, topK: 1, includeProbabilities: true, includeThumbnails: false, progressToken: 'p' }, () => undefined)).results.predictions;
      assert.equal(predicted.length, CORRUPTIONS.length * 5 * r.imageCount);
      const probabilities = new Map(predicted.map((p) => [p.id, p.probabilities ?? []]));
      const errors: number[] = [];
      for (const corruption of r.settings.corruptions) {
        for (const severity of [1, 2, 3, 4, 5]) {
          const condition = `${corruption}/${severity}`;
          const swept = rows.filter((row) => row.model === modelId && row.condition === condition);
          assert.equal(swept.length, r.imageCount);
          let wrong = 0;
          for (const row of swept) {
            const own = probabilities.get(`${condition}/${row.image.replace(/\.png$/, '.JPEG')}`);
            assert.ok(own, `${condition} ${row.image} was predicted from its file`);
            own.forEach((p, k) => assert.ok(Math.abs(p - row.probabilities[k]) < 1e-5, `${condition} ${row.image} class ${k}`));
            if (argMax(own) !== row.label) wrong++;
          }
          errors.push(wrong / r.imageCount);
        }
      }
      assert.ok(errors.some((e) => e > 0), 'the corruptions flip some predictions');
      byHand.set(modelId, errors);
      const result = r.models.find((m) => m.modelId === modelId);
      assert.deepEqual(result?.corruptions.flatMap((c) => c.errors), errors);
    }
    // CE against the first model (the default baseline off ImageNet): Σ_s E(f, c, s) / Σ_s E(base, c, s).
    const sum = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0);
    const [base, other] = modelIds.map((id) => byHand.get(id) ?? []);
    const row = r.summary?.rows.find((x) => x.model === modelIds[1]);
    r.settings.corruptions.forEach((corruption, c) => {
      const denominator = sum(base.slice(c * 5, c * 5 + 5));
      const ce = denominator > 0 ? sum(other.slice(c * 5, c * 5 + 5)) / denominator : null;
      const got = row?.extras[corruption]?.ce ?? row?.benchmark[corruption]?.ce ?? null;
      if (ce === null) assert.equal(got, null);
      else assert.ok(got !== null && Math.abs(got - ce) < 1e-12, `CE of ${corruption}`);
    });
  });
});

/** GAP → dense(10, softmax) on 32×32×3 inputs with weights drawn from `seed`: a CIFAR-10-shaped classifier. */
async function writeCifarModel(dir: string, seed: number): Promise<string> {
  const model = tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [32, 32, 3], filters: 6, kernelSize: 3, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
    tf.layers.globalAveragePooling2d({}),
    tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
  ] });
  await saveLayersModel(model, join(dir, `cifar${seed}`));
  model.dispose();
  return join(dir, `cifar${seed}`, 'model.json');
}

test('a sweep of CIFAR-10-C arrays with the CIFAR-10 binary test set as clean reads the array rows, matched by index', async () => {
  await withTempDir(async (dir) => {
    const engine = await EngineSession.start({ backend: 'wasm', batchSize: 3 });
    const { modelId } = await engine.loadModel({ path: await writeCifarModel(dir, 3) });
    const sets = 'test/fixtures/benchmark-sets';
    const file = join(dir, 'predictions.jsonl');
    const params: SweepParams = { modelIds: [modelId], data: join(sets, 'cifar-10-c'), clean: join(sets, 'cifar-10-batches-bin'), ood: false, galleryImages: 0, progressToken: 't', savePredictions: file };
    const r = (await engine.sweep(params, () => undefined)).results;
    assert.equal(r.imageCount, 4);
    assert.deepEqual(r.settings.corruptions, ['gaussian_noise', 'fog']);
    assert.deepEqual(r.settings.severities, [1, 2, 3, 4, 5]);
    const rows = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as PredictionRow);
    const predicted = (await engine.predict({ modelId, data: join(sets, 'cifar-10-c'), topK: 1, includeProbabilities: true, includeThumbnails: false, progressToken: 'p' }, () => undefined)).results.predictions;
    const probabilities = new Map(predicted.map((p) => [p.id, p.probabilities ?? []]));
    const corruptionRows = rows.filter((row) => row.condition !== 'clean');
    assert.equal(corruptionRows.length, 2 * 5 * 4);
    for (const row of corruptionRows) {
      const own = probabilities.get(`${row.condition}/${row.image}`);
      assert.ok(own, `${row.condition} ${row.image}`);
      own.forEach((p, k) => assert.ok(Math.abs(p - row.probabilities[k]) < 1e-5, `${row.condition} ${row.image} class ${k}`));
    }
    for (const c of r.models[0].corruptions) {
      c.errors.forEach((e, s) => {
        const mine = corruptionRows.filter((row) => row.condition === `${c.corruption}/${s + 1}`);
        assert.equal(e, mine.filter((row) => argMax(probabilities.get(`${row.condition}/${row.image}`) ?? []) !== row.label).length / mine.length);
      });
    }
  });
});
