// `robustness-lens mix` as a user runs it: a child process on the bundled sample, the PNG files, the statistics, the record and exit codes.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { MixResults } from '../../../src/protocol/mix';
import type { RunRecord } from '../../../src/protocol/records';
import { repo, runCli } from '../../fixtures/cli';
import { temporaryFolder } from '../../fixtures/temporaryFolders';

const sampleModelDir = join(repo, 'samples', 'models', 'cutmix');
const sampleModel = join(sampleModelDir, 'model.json');
const sampleData = join(repo, 'samples', 'data');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

test('mix --method cutmix writes the mixed image and a sheet per pair, prints λ and the in-between statistics and saves a mix run record', async () => {
  const dir = temporaryFolder('cli-mix-');
  const out = join(dir, 'images');
  const runs = join(dir, 'runs');
  const r = runCli('mix', sampleModel, sampleData, '--method', 'cutmix', '--pairs', '5', '--seed', '3', '--out', out, '--runs', runs);
  assert.equal(r.status, 0, r.stderr);
  const pngs = readdirSync(out).filter((f) => f.endsWith('.png')).sort();
  const numbers = ['01', '02', '03', '04', '05'];
  assert.deepEqual(pngs, [...numbers.map((n) => `mix-${n}.png`), ...numbers.map((n) => `sheet-${n}.png`)]);
  assert.deepEqual(readFileSync(join(out, pngs[0])).subarray(0, 8), PNG_SIGNATURE);
  // The sheet holds both sources and the mix side by side (64 px images drawn at 192 px), with captions below.
  const sheet = await sharp(join(out, 'sheet-01.png')).metadata();
  assert.equal(sheet.width, 3 * 192 + 4 * 8);
  assert.ok((sheet.height ?? 0) > 192 + 3 * 18, `sheet height ${sheet.height}`);
  assert.match(r.stdout, /sheet-01\.png {2}λ = [01]\.\d{3} {2}target /);
  assert.match(r.stdout, /^CutMix · λ ~ Beta\(1, 1\) · 5 pairs · seed 3 · mixed at 64×64$/m);
  assert.match(r.stdout, /^In-between statistics \(pairs of two different classes\)$/m);
  assert.match(r.stdout, /model\.json\s+\d+\s+\d+\.\d%\s+0\.\d{3}\s+0\.\d{3}$/m);
  const [runId] = readdirSync(runs);
  const record = JSON.parse(readFileSync(join(runs, runId, 'record.json'), 'utf8')) as RunRecord<MixResults>;
  assert.equal(record.spec.analysis, 'mix');
  assert.equal(record.results.pairs.length, 5);
  for (const pair of record.results.pairs) {
    const weight = pair.target.reduce((sum, t) => sum + t.probability, 0);
    assert.ok(Math.abs(weight - 1) < 1e-5, 'the mixed target sums to 1');
    assert.equal(pair.predictions[0].top.length, 5);
    for (const image of [pair.first.image, pair.second?.image ?? '', pair.mixed]) assert.ok(record.attachments.includes(image), `${image} is listed`);
  }
  // The saved record names the mixed image's file; the PNG written to --out holds the same bytes.
  assert.deepEqual(readFileSync(join(runs, runId, record.results.pairs[0].mixed)), readFileSync(join(out, 'mix-01.png')));
});

test('mix with a fixed λ across two classes gives every target that λ', () => {
  const dir = temporaryFolder('cli-mix-');
  const r = runCli('mix', sampleModel, sampleData, '--method', 'mixup', '--pairs', '3', '--lambda', '0.7', '--classes', 'one,seven', '--out', dir, '--json');
  assert.equal(r.status, 0, r.stderr);
  const record = JSON.parse(r.stdout) as RunRecord<MixResults>;
  for (const pair of record.results.pairs) {
    assert.equal(pair.first.label, 1);
    assert.equal(pair.second?.label, 7);
    assert.ok(Math.abs(pair.lambda - 0.7) < 1e-9);
    assert.deepEqual(pair.target.map((t) => t.name), ['one', 'seven']);
  }
  assert.equal(record.results.statistics[0].pairCount, 3);
});

test('mix exits 2 on bad input: an unknown method, λ outside [0, 1], an unknown class', () => {
  const dir = temporaryFolder('cli-mix-');
  const method = runCli('mix', sampleModel, sampleData, '--method', 'manifold', '--out', dir);
  assert.equal(method.status, 2);
  assert.match(method.stderr, /expected one of mixup, cutout, cutmix, puzzlemix/);
  const lambda = runCli('mix', sampleModel, sampleData, '--method', 'mixup', '--lambda', '1.5', '--out', dir);
  assert.equal(lambda.status, 2);
  const unknownClass = runCli('mix', sampleModel, sampleData, '--method', 'mixup', '--classes', 'cat,dog', '--out', dir);
  assert.equal(unknownClass.status, 2);
  assert.match(unknownClass.stderr, /no class 'cat'/);
});
