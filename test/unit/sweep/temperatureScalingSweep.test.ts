// Temperature scaling in the sweep (issue 17, definitions.md §5) on the two sample models and sample images: T is the fit of the
// calibration split's logits computed here independently (PNG decoded by sharp, the model's logits), and ECE and NLL after
// scaling are softmax(z/T) of the evaluated images' logits binned by hand; a split sharing an image with the evaluated ones
// (a copy, a symbolic link) is refused, and a model exposing probabilities only is scaled on its log-probabilities.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, readdir, symlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { EngineSession } from '../../../src/engine/session';
import { loadClassifier } from '../../../src/engine/model/classifier';
import { fitTemperature } from '../../../src/engine/uncertainty';
import { logProbabilities, temperatureLogitsOf } from '../../../src/engine/sweep/temperatureLogits';
import { TemperatureScalingTally } from '../../../src/engine/sweep/temperatureTally';
import { withTempDir } from '../../fixtures/model/tempDir';

const repo = resolve(__dirname, '..', '..', '..', '..');
const samples = join(repo, 'samples', 'data');
const models = ['baseline', 'cutmix'].map((name) => join(repo, 'samples', 'models', name, 'model.json'));
const CLASS_COUNT = 10;

interface Labelled { path: string; label: number }

/** The sample images whose number n has n mod 5 = `remainder`, copied into an ImageFolder tree <root>/<class name>/<file>. */
async function sampleFolder(root: string, remainder: number): Promise<Labelled[]> {
  const names = readFileSync(join(samples, 'metadata', 'class_names.txt'), 'utf8').trim().split('\n');
  const rows = readFileSync(join(samples, 'metadata', 'class_labels.txt'), 'utf8').trim().split('\n').map((line) => line.split(','));
  const chosen: Labelled[] = [];
  for (const [file, label] of rows) {
    const n = Number(/(\d+)\.png$/.exec(file)?.[1]);
    if (n % 5 !== remainder) continue;
    const target = join(root, names[Number(label)], file.split('/').pop() as string);
    await mkdir(join(root, names[Number(label)]), { recursive: true });
    await copyFile(join(samples, file), target);
    chosen.push({ path: target, label: Number(label) });
  }
  // The dataset's order: class folders by name, then files by name.
  return chosen.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Each image's logits, decoded here (sharp, RGB in [0, 1]) and passed through the model in one batch; row-major. */
async function logitsOf(model: string, images: readonly Labelled[]): Promise<Float32Array> {
  const classifier = await loadClassifier(model);
  const pixels: number[] = [];
  for (const image of images) {
    const { data } = await sharp(image.path).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    for (const value of data) pixels.push(value / 255);
  }
  const x = tf.tensor4d(pixels, [images.length, 64, 64, 3]);
  const logits = classifier.logits(x);
  const values = (await logits.data()) as Float32Array;
  tf.dispose([x, logits]);
  return values;
}

/** softmax(z/T) of each row in float64, written out here. */
function scaledRows(logits: Float32Array, temperature: number): number[][] {
  const rows: number[][] = [];
  for (let offset = 0; offset < logits.length; offset += CLASS_COUNT) {
    const z = Array.from(logits.subarray(offset, offset + CLASS_COUNT), (v) => v / temperature);
    const peak = Math.max(...z);
    const e = z.map((v) => Math.exp(v - peak));
    const sum = e.reduce((a, b) => a + b, 0);
    rows.push(e.map((v) => v / sum));
  }
  return rows;
}

/** ECE over 15 equal-width bins (lo, hi] and NLL of rows against labels, by the definitions. */
function eceAndNll(rows: readonly number[][], labels: readonly number[]): { ece: number; nll: number } {
  const bins = Array.from({ length: 15 }, () => ({ n: 0, right: 0, conf: 0 }));
  rows.forEach((row, i) => {
    const c = Math.max(...row);
    const b = Math.min(14, Math.max(0, Math.ceil(c * 15) - 1));
    bins[b].n++;
    bins[b].conf += c;
    if (row.indexOf(c) === labels[i]) bins[b].right++;
  });
  const ece = bins.reduce((sum, b) => sum + (b.n ? (b.n / rows.length) * Math.abs(b.right / b.n - b.conf / b.n) : 0), 0);
  const nll = rows.reduce((sum, row, i) => sum - Math.log(Math.max(row[labels[i]], 1e-12)), 0) / rows.length;
  return { ece, nll };
}

test('the sweep fits T on the calibration split and reports ECE and NLL after scaling as computed by hand', async () => {
  await withTempDir(async (dir) => {
    const evaluated = await sampleFolder(join(dir, 'evaluated'), 0);
    const split = await sampleFolder(join(dir, 'split'), 1);
    assert.equal(evaluated.length, 50);
    assert.equal(split.length, 50);
    // One batch holds every image, as in logitsOf, so the logits are the same numbers.
    const engine = await EngineSession.start({ backend: 'wasm', batchSize: 64 });
    const modelIds = [];
    for (const path of models) modelIds.push((await engine.loadModel({ path })).modelId);
    const params = { modelIds, data: join(dir, 'evaluated'), calibrationSplit: join(dir, 'split'), corruptions: [], ood: false, progressToken: 't' };
    const plan = await engine.planSweep(params);
    assert.deepEqual(plan.calibrationSplit, { path: join(dir, 'split'), imageCount: 50 });
    const before = tf.memory().numTensors;
    const record = await engine.sweep(params, () => undefined);
    assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
    const r = record.results;
    assert.equal(r.forwardPasses, plan.forwardPasses, 'the split\'s passes are counted apart');
    assert.equal(r.settings.calibrationSplit, join(dir, 'split'));
    assert.ok(r.facts.some((f) => f.label === 'Temperature scaling' && f.value.includes('50 labelled images')));
    const labels = evaluated.map((e) => e.label);
    const edges: boolean[] = [];
    for (const [i, path] of models.entries()) {
      const calibration = r.models[i].calibration;
      const scaling = calibration.temperatureScaling;
      assert.ok(scaling, 'temperature scaling reported');
      const fit = fitTemperature(await logitsOf(path, split), split.map((s) => s.label), CLASS_COUNT);
      assert.ok(Math.abs(Math.log(scaling.temperature / fit.temperature)) < 1e-6, `T ${scaling.temperature} against ${fit.temperature}`);
      assert.ok(Math.abs(scaling.splitNllAfter - fit.nllAfter) < 1e-9);
      assert.ok(Math.abs(scaling.splitNllBefore - fit.nllBefore) < 1e-6);
      assert.equal(scaling.atRangeEdge, fit.atRangeEdge);
      edges.push(scaling.atRangeEdge);
      assert.equal(scaling.split, join(dir, 'split'));
      assert.equal(scaling.splitImageCount, 50);
      assert.equal(scaling.logitKind, 'logits');

      const evaluatedLogits = await logitsOf(path, evaluated);
      const after = eceAndNll(scaledRows(evaluatedLogits, scaling.temperature), labels);
      assert.ok(Math.abs(scaling.ece - after.ece) < 1e-9, `ECE after ${scaling.ece} against ${after.ece}`);
      assert.ok(Math.abs(scaling.nll - after.nll) < 1e-9, `NLL after ${scaling.nll} against ${after.nll}`);
      // Before scaling (T = 1) the same hand computation gives the sweep's own ECE and NLL, up to the float32 probabilities it keeps.
      const unscaled = eceAndNll(scaledRows(evaluatedLogits, 1), labels);
      assert.ok(Math.abs(calibration.ece - unscaled.ece) < 1e-5);
      assert.ok(Math.abs(calibration.nll - unscaled.nll) < 1e-5);
      assert.equal(scaling.bins.reduce((n, b) => n + b.count, 0), 50);
    }
    // The baseline gets every split image right, so the NLL falls all the way to the range's edge; CutMix's T lies inside.
    assert.deepEqual(edges, [true, false]);
  });
});

test('a calibration split holding an evaluated image is refused: a copy of its bytes, or a link to its file', async () => {
  await withTempDir(async (dir) => {
    const evaluated = await sampleFolder(join(dir, 'evaluated'), 0);
    const engine = await EngineSession.start({ backend: 'wasm', batchSize: 64 });
    const { modelId } = await engine.loadModel({ path: models[0] });
    const params = (split: string) => ({ modelIds: [modelId], data: join(dir, 'evaluated'), calibrationSplit: split, corruptions: [], ood: false, progressToken: 't' });
    const copied = await sampleFolder(join(dir, 'copied'), 1);
    await copyFile(evaluated[7].path, join(dir, 'copied', 'zero', 'renamed.png'));
    await assert.rejects(engine.planSweep(params(join(dir, 'copied'))), (err: Error) => err.message.includes(`${join(dir, 'copied', 'zero', 'renamed.png')} has the same bytes as ${evaluated[7].path}`));
    await sampleFolder(join(dir, 'linked'), 2);
    await symlink(evaluated[3].path, join(dir, 'linked', 'one', 'link.png'));
    await assert.rejects(engine.planSweep(params(join(dir, 'linked'))), /calibration split .*linked shares an image with the evaluated images: .*link\.png is the same file as/);
    // A folder that names no class of the model is refused by the class matching that --data uses.
    await mkdir(join(dir, 'unknown', 'eleven'), { recursive: true });
    await copyFile(copied[0].path, join(dir, 'unknown', 'eleven', 'a.png'));
    await assert.rejects(engine.planSweep(params(join(dir, 'unknown'))), /'eleven' .* names no class of the model/);
    assert.ok((await readdir(join(dir, 'copied'))).length > 0);
  });
});

test('probabilities only: log p stands in for the logits, and at T = 1 softmax(log p) gives p back', () => {
  const probabilities = Float32Array.from([0.7, 0.2, 0.1, 0, 0.25, 0.75]);
  const logits = temperatureLogitsOf({ probabilities });
  assert.equal(logits.kind, 'log-probabilities');
  // ln 0 is floored at ln 1e-12, as NLL floors p.
  assert.deepEqual(Array.from(logits.values), Array.from(logProbabilities(probabilities)));
  assert.equal(logits.values[3], Math.log(1e-12));
  const fit = { temperature: 1, atRangeEdge: false, logitKind: 'log-probabilities' as const, split: '/s', splitImageCount: 1, splitNllBefore: 0, splitNllAfter: 0 };
  const tally = new TemperatureScalingTally(fit, 3);
  tally.add(logits, [0, 2]);
  assert.ok(Math.abs(tally.confidence[0] - Math.fround(0.7)) < 1e-7);
  assert.ok(Math.abs(tally.trueClassProbability[1] - 0.75) < 1e-7);
  assert.deepEqual(tally.correct, [true, true]);
  // The logits the clean pass found win over the probabilities.
  const found = { kind: 'logits' as const, values: Float32Array.from([1, 2, 3]) };
  assert.equal(temperatureLogitsOf({ probabilities, logits: found }), found);
});
