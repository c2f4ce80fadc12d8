// `robustness-lens sweep`, `corrupt` and `corrupt-dataset` as a user runs them: child processes on a tiny model and dataset.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { selectBackend } from '../../../src/engine/backend';
import { withTempDir } from '../../fixtures/model/tempDir';
import { FIXTURE_SIZE, writeColourDataset, writeTinyModel } from '../../fixtures/model/sweepFixture';
import type { RunRecord } from '../../../src/protocol/records';
import type { SweepResults } from '../../../src/protocol/sweep';
import { runCli } from '../../fixtures/cli';

test('sweep prints the plan, the summary table with the best marked, the facts, and writes Markdown and CSV', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const first = await writeTinyModel(dir, 'first', 1);
    const second = await writeTinyModel(dir, 'second', 7);
    const data = await writeColourDataset(dir, 3);
    const out = join(dir, 'report');
    const r = runCli('sweep', first, second, '--data', data, '--limit', '8', '--corruptions', 'gaussian_noise,contrast', '--severities', '1,3',
      '--fgsm', '4,8', '--occlusion', '--seed', '3', '--batch-size', '4', '--export', 'md,csv,html', '--out', out, '--runs', join(dir, 'runs'), '--ood-score', 'all');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^first: ECE \d+\.\d\d% \(15 equal-width bins\), adaptive ECE \d+\.\d\d% \(15 equal-count bins\), classwise ECE \d+\.\d\d%, NLL \d+\.\d{4} nats$/m);
    assert.match(r.stdout, /^ {2}OOD uniform-noise \(energy \(T = 1\), 8 in \/ 8 out\): AUROC \d+\.\d%/m, '--ood-score all prints every score');
    assert.match(r.stdout, /^Plan: 8 images × 27 conditions × 2 models → 112 forward passes of up to 4 images$/m);
    assert.match(r.stdout, /^Model\s+Clean\s+FGSM\s+Occlusion\s+Gaussian noise\s+Contrast$/m, 'no family or mCE columns without all five severities: the corruptions on their own');
    assert.match(r.stdout, /^first(\s+\d+\.\d[* ]){5}$/m);
    assert.match(r.stdout, /\*/, 'the best of a column is marked');
    assert.match(r.stdout, /^Baseline: checkpoint "first"/m);
    assert.match(r.stdout, /^Corruption parameters: CIFAR-10-C/m);
    assert.match(r.stdout, /^Seed: 3$/m);
    assert.match(r.stdout, /^Images: 8$/m);
    assert.match(r.stdout, /^JPEG round trip: off$/m);
    const markdown = readFileSync(join(out, 'sweep.md'), 'utf8');
    assert.match(markdown, /^\| Model \| Clean \| FGSM \| Occlusion \| Gaussian noise \| Contrast \|$/m);
    assert.match(markdown, /^- \*\*Seed\*\*: 3$/m);
    assert.match(markdown, /^\| Gaussian noise \| \d+\.\d \| \d+\.\d \| \d+\.\d \|$/m);
    assert.match(markdown, /^\| Set \| Score \| Images \(in \/ out\) \| AUROC \|/m);
    assert.match(markdown, /^\| gaussian-noise \| max logit \| 8 \/ 8 \| \d+\.\d \|/m);
    const csv = readFileSync(join(out, 'sweep.csv'), 'utf8').trim().split('\n');
    assert.equal(csv[0], 'model,model_id,kind,condition,level,metric,value');
    // Per model: clean, 2 corruptions × 2 severities, 2 ε, 2 modes × 9 holes; 4 calibration metrics; 2 OOD sets × 3 scores × 6 metrics.
    assert.equal(csv.length - 1, 2 * (1 + 4 + 2 + 18 + 4 + 2 * 3 * 6));
    const values = (metric: RegExp): number[] => csv.slice(1).filter((line) => metric.test(line.split(',')[5])).map((line) => Number(line.split(',')[6]));
    assert.ok(values(/^(?!nll$)/).every((v) => v >= 0 && v <= 1), 'errors, ECEs and OOD metrics are fractions');
    assert.ok(values(/^nll$/).every((v) => v > 0), 'NLL in nats');
    assert.ok(csv.some((line) => line.includes(',ood,uniform-noise,energy,auroc,')));
    const page = readFileSync(join(out, 'sweep.html'), 'utf8');
    assert.match(page, /<svg/);
    assert.match(page, /<th class="numeric">Gaussian noise<\/th>/, 'the HTML table keeps the corruptions of incomplete families');
    assert.match(page, /data:image\/jpeg;base64,/, 'the report embeds the gallery the saved record keeps as files');
    const runIds = readdirSync(join(dir, 'runs'));
    assert.equal(runIds.length, 1);
    const record = JSON.parse(readFileSync(join(dir, 'runs', runIds[0], 'record.json'), 'utf8')) as RunRecord<SweepResults>;
    assert.ok(record.results.gallery.length > 0);
    for (const entry of record.results.gallery) {
      for (const image of [entry.cleanImage, entry.corruptedImage]) assert.ok(record.attachments.includes(image), `${image} is listed`);
    }
  });
});

test('sweep exits 2 on bad input: an unknown corruption, a severity of 6, AlexNet for a 3-class model', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const model = await writeTinyModel(dir, 'm', 1);
    const data = await writeColourDataset(dir, 1);
    const unknown = runCli('sweep', model, '--data', data, '--corruptions', 'rain');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /Unknown corruption "rain"/);
    assert.equal(runCli('sweep', model, '--data', data, '--severities', '6').status, 2);
    const alexnet = runCli('sweep', model, '--data', data, '--baseline', 'alexnet', '--corruptions', 'contrast');
    assert.equal(alexnet.status, 2);
    assert.match(alexnet.stderr, /AlexNet baseline holds only for ImageNet models/);
  });
});

test('corrupt writes a PNG of the input\'s size; corrupt-dataset writes the ImageNet-C layout', async () => {
  await withTempDir(async (dir) => {
    const data = await writeColourDataset(dir, 2);
    const image = join(data, 'red', '0.png');
    const out = join(dir, 'noisy.png');
    const one = runCli('corrupt', image, '--corruption', 'gaussian_noise', '--severity', '3', '--seed', '2', '--out', out);
    assert.equal(one.status, 0, one.stderr);
    assert.match(one.stdout, /Gaussian noise, severity 3, cifar-10-c/);
    const meta = await sharp(out).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['png', FIXTURE_SIZE, FIXTURE_SIZE]);

    const copies = join(dir, 'c');
    const all = runCli('corrupt-dataset', data, '--out', copies, '--corruptions', 'contrast,jpeg_compression', '--severities', '1,5', '--seed', '2');
    assert.equal(all.status, 0, all.stderr);
    assert.match(all.stdout, /^Wrote 24 files under /m);
    assert.deepEqual(readdirSync(copies).sort(), ['contrast', 'jpeg_compression']);
    assert.deepEqual(readdirSync(join(copies, 'contrast')).sort(), ['1', '5']);
    assert.deepEqual(readdirSync(join(copies, 'contrast', '5')).sort(), ['blue', 'green', 'red']);
    assert.deepEqual(readdirSync(join(copies, 'contrast', '5', 'red')).sort(), ['0.png', '1.png']);
    assert.ok(existsSync(join(copies, 'jpeg_compression', '1', 'green', '1.jpg')));
    assert.equal((await sharp(join(copies, 'jpeg_compression', '1', 'green', '1.jpg')).metadata()).format, 'jpeg');
  });
});
