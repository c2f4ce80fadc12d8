// The CLI as a user runs it: a child process, its exit code, its stdout and stderr.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, repo, runCli } from '../../fixtures/cli';
import { temporaryFolder } from '../../fixtures/temporaryFolders';

const sampleModel = join(repo, 'samples', 'models', 'baseline', 'model.json');
const sampleData = join(repo, 'samples', 'data');

test('inspect prints the sample model and exits 0', () => {
  const r = runCli('inspect', sampleModel);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Input\s+64 × 64 × 3/);
  assert.match(r.stdout, /CAM head\s+yes/);
  assert.match(r.stderr, /Backend: TF\.js wasm · CPU/);
});

test('--json through a shell pipe arrives whole: 200 KB of predictions parse as one record', () => {
  const piped = spawnSync('bash', ['-c', `"${process.execPath}" "${cli}" --backend wasm predict "${sampleModel}" "${sampleData}" --json | cat`], { encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(piped.status, 0, piped.stderr);
  assert.ok(piped.stdout.length > 3 * 65536, `${piped.stdout.length} bytes: more than a pipe's buffer`);
  const record = JSON.parse(piped.stdout) as { results: { predictions: unknown[] } };
  assert.equal(record.results.predictions.length, 250);
});

test('inspect --json is machine-readable', () => {
  const r = runCli('inspect', sampleModel, '--json');
  assert.equal(r.status, 0, r.stderr);
  const parsed = JSON.parse(r.stdout) as { inspection: { numClasses: number } };
  assert.equal(parsed.inspection.numClasses, 10);
});

test('a broken model.json exits 2 with a message, not a stack', () => {
  const dir = temporaryFolder('cli-');
  writeFileSync(join(dir, 'model.json'), '{"modelTopology": ');
  const r = runCli('inspect', join(dir, 'model.json'));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^error: .*model\.json/m);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace for bad input');
});

test('a missing weight shard exits 2 and names the shard', () => {
  const dir = temporaryFolder('cli-');
  copyFileSync(sampleModel, join(dir, 'model.json'));
  const r = runCli('inspect', join(dir, 'model.json'));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /group1-shard1of1\.bin/);
});

test('predict writes per-image probabilities that sum to one, and reports accuracy', () => {
  const dir = temporaryFolder('cli-');
  const csv = join(dir, 'p.csv');
  const r = runCli('predict', sampleModel, sampleData, '--limit', '20', '--save-predictions', csv, '--runs', join(dir, 'runs'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /20 images, top-1 accuracy \d+\.\d+% on 20 labelled images/);
  const lines = readFileSync(csv, 'utf8').trim().split('\n');
  assert.equal(lines.length, 21);
  assert.equal(lines[0].split(',').length, 12, 'image_id, label, 10 probabilities');
  for (const line of lines.slice(1)) {
    const sum = line.split(',').slice(2).map(Number).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 1) < 1e-4, `row sums to ${sum}`);
  }
});

test('predict on a folder of non-images exits 2 and says so', () => {
  const dir = temporaryFolder('cli-');
  mkdirSync(join(dir, 'imgs'));
  writeFileSync(join(dir, 'imgs', 'notes.txt'), 'hello');
  const r = runCli('predict', sampleModel, join(dir, 'imgs'));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /No images found in .*imgs\. Open an image file/);
});

test('bad arguments exit non-zero with help', () => {
  const r = runCli('predict', sampleModel, sampleData, '--top-k', 'zero');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /expected a whole number/);
});

test('--preprocessing replaces the sidecar or the guess, and a missing or invalid file exits 2 naming it', () => {
  const dir = temporaryFolder('cli-profile-');
  const onnx = join(repo, 'test', 'fixtures', 'onnx', 'resnet-torchscript.onnx');
  const profile = { version: 1, inputSize: [64, 64], resize: 'stretch', centerCropFraction: 1, scaling: { kind: 'symmetric' }, channelOrder: 'BGR', guessed: true };
  writeFileSync(join(dir, 'profile.json'), JSON.stringify(profile));
  const shown = runCli('inspect', onnx, '--preprocessing', join(dir, 'profile.json'));
  assert.equal(shown.status, 0, shown.stderr);
  assert.match(shown.stdout, /^Profile\s+64×64, stretch, symmetric, BGR$/m, 'the named profile, not a guess');
  const missing = runCli('inspect', onnx, '--preprocessing', join(dir, 'nope.json'));
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /preprocessing file .*nope\.json does not exist/);
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...profile, scaling: { kind: 'centred' } }));
  const bad = runCli('predict', onnx, join(sampleData, 'images'), '--limit', '1', '--preprocessing', join(dir, 'bad.json'));
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /bad\.json: field 'scaling(\.kind)?' is invalid/);
});

test('predict, cam and mix print the model\'s warnings that inspect shows (here: a label file with the wrong count)', () => {
  const dir = temporaryFolder('cli-labels-');
  writeFileSync(join(dir, 'labels.txt'), 'cat\ndog\nbird\n');
  const labels = join(dir, 'labels.txt');
  const shown = runCli('inspect', sampleModel, '--labels', labels);
  const warning = /lists 3 class names but the model has 10 outputs/;
  assert.match(shown.stdout, warning);
  for (const args of [['predict', sampleModel, join(sampleData, 'images'), '--limit', '2'], ['cam', sampleModel, sampleData, '--limit', '2'], ['mix', sampleModel, sampleData, '--method', 'mixup', '--pairs', '1', '--out', join(dir, 'mix')]]) {
    const r = runCli(...args, '--labels', labels);
    assert.equal(r.status, 0, `${args[0]}: ${r.stderr}`);
    assert.match(r.stderr, /warning: model\.json: labels\.txt lists 3 class names/, `${args[0]} prints the warning`);
  }
});
