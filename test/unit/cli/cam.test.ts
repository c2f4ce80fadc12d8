// `robustness-lens cam` as a user runs it: a child process on the bundled sample, its table, record, maps and exit codes.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RunRecord } from '../../../src/protocol/records';
import type { CamResults, WithBoxMetrics } from '../../../src/protocol/cam';
import { repo, runCli } from '../../fixtures/cli';
import { temporaryFolder } from '../../fixtures/temporaryFolders';

const sampleModelDir = join(repo, 'samples', 'models', 'baseline');
const sampleModel = join(sampleModelDir, 'model.json');
const sampleData = join(repo, 'samples', 'data');

test('cam prints MaxBoxAcc, MaxBoxAccV2 and localisation with their settings, saves .npy maps and a run record', () => {
  const dir = temporaryFolder('cli-cam-');
  const maps = join(dir, 'maps');
  const runs = join(dir, 'runs');
  const r = runCli('cam', sampleModel, sampleData, '--limit', '24', '--save-maps', maps, '--runs', runs);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^CAM · min-max normalisation · layer '\w+' · maps of the top-1 class · evaluated at 224×224 · τ step 0\.01$/m);
  assert.match(r.stdout, /^MaxBoxAcc \(δ=50, largest box\)\s+\d+\.\d\d%\s+0\.\d\d$/m);
  assert.match(r.stdout, /^MaxBoxAccV2 \(mean δ=30,50,70\)\s+\d+\.\d\d%$/m);
  assert.match(r.stdout, /^GT-known Loc \(IoU≥50\)\s+\d+\.\d\d%\s+0\.\d\d \(MaxBoxAcc's best τ\)$/m);
  assert.match(r.stderr, /cam: 24\/24/);
  const npy = readdirSync(join(maps, 'images')).filter((f) => f.endsWith('.png.npy'));
  assert.equal(npy.length, 24);
  assert.equal(statSync(join(maps, 'images', npy[0])).size, 128 + 224 * 224 * 4, 'a 224×224 float32 map behind a 128-byte header');
  const [runId] = readdirSync(runs);
  const record = JSON.parse(readFileSync(join(runs, runId, 'record.json'), 'utf8')) as RunRecord<CamResults>;
  assert.equal(record.spec.analysis, 'cam');
  assert.equal(record.results.imageCount, 24);
});

test('cam --json with Grad-CAM, IVR, a fixed τ and one IoU criterion gives a machine-readable record', () => {
  const r = runCli('cam', sampleModel, sampleData, '--limit', '16', '--method', 'gradcam', '--norm', 'ivr', '--ivr-percentile', '70', '--threshold', '0.3', '--iou', '50', '--target', 'gt', '--json');
  assert.equal(r.status, 0, r.stderr);
  const record = JSON.parse(r.stdout) as RunRecord<WithBoxMetrics<CamResults>>;
  const { settings, localisation, maxBoxAccV2 } = record.results;
  assert.equal(settings.method, 'gradcam');
  assert.equal(settings.ivrPercentile, 0.7);
  assert.equal(settings.target, 'gt');
  assert.deepEqual(localisation.threshold, 0.3);
  assert.equal(localisation.thresholdSource, 'given');
  assert.deepEqual(maxBoxAccV2.curves.map((c) => c.iouThreshold), [0.5]);
  for (const v of [record.results.maxBoxAcc.maxAccuracy, maxBoxAccV2.mean, localisation.gtKnown]) assert.ok(v >= 0 && v <= 1);
});

test('cam --method takes every registered method by its CLI name and prints its name beside the numbers', () => {
  const r = runCli('cam', sampleModel, sampleData, '--limit', '4', '--method', 'ablationcam');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Ablation-CAM · min-max normalisation · layer/);
});

test('cam --method occlusion states its window (a seventh of the 64-pixel input by default, or as given) and refuses a stride over the patch', () => {
  const byDefault = runCli('cam', sampleModel, sampleData, '--limit', '2', '--method', 'occlusion', '--json');
  assert.equal(byDefault.status, 0, byDefault.stderr);
  assert.deepEqual((JSON.parse(byDefault.stdout) as RunRecord<CamResults>).results.settings.occlusion, { patch: 9, stride: 5 });
  const given = runCli('cam', sampleModel, sampleData, '--limit', '2', '--method', 'occlusion', '--occlusion-patch', '16', '--occlusion-stride', '8');
  assert.equal(given.status, 0, given.stderr);
  assert.match(given.stdout, /^Occlusion sensitivity · min-max normalisation · zero-filled 16×16 px patch, stride 8 px · maps of the top-1 class/m);
  assert.match(given.stdout, /^MaxBoxAcc \(δ=50, largest box\)\s+\d+\.\d\d%/m);
  const stride = runCli('cam', sampleModel, sampleData, '--limit', '1', '--method', 'occlusion', '--occlusion-patch', '8', '--occlusion-stride', '9');
  assert.equal(stride.status, 2);
  assert.match(stride.stderr, /^error: The occlusion stride must be a whole number of pixels from 1 to the patch \(8\)/m);
});

test('cam exits 2 on bad input: an unknown method, an IoU outside MaxBoxAccV2, ground-truth targets without labels', () => {
  const method = runCli('cam', sampleModel, sampleData, '--method', 'fullgrad');
  assert.equal(method.status, 2);
  assert.match(method.stderr, /expected one of cam, gradcam, gradcam\+\+, xgradcam, layercam, hirescam, scorecam, eigencam, ablationcam, occlusion/);
  const iou = runCli('cam', sampleModel, sampleData, '--iou', '40', '--limit', '2');
  assert.equal(iou.status, 2);
  assert.match(iou.stderr, /^error: MaxBoxAccV2 is defined at IoU thresholds 0\.3, 0\.5 and 0\.7/m);
  const noLabels = runCli('cam', sampleModel, join(sampleData, 'images'), '--limit', '2', '--target', 'gt');
  assert.equal(noLabels.status, 2);
  assert.match(noLabels.stderr, /^error: Maps for the ground-truth class \(--target gt\) need a class label for every image/m);
  assert.doesNotMatch(noLabels.stderr, /\n\s+at /, 'no stack trace for bad input');
});

test('cam-score on the maps cam saved reproduces cam\'s MaxBoxAcc, MaxBoxAccV2 and GT-known localisation', () => {
  const dir = temporaryFolder('cli-cam-score-');
  const maps = join(dir, 'maps');
  const cam = runCli('cam', sampleModel, sampleData, '--limit', '30', '--save-maps', maps, '--json');
  assert.equal(cam.status, 0, cam.stderr);
  const record = JSON.parse(cam.stdout) as RunRecord<WithBoxMetrics<CamResults>>;
  const scored = runCli('cam-score', sampleData, '--maps', maps, '--json');
  assert.equal(scored.status, 0, scored.stderr);
  const results = JSON.parse(scored.stdout) as { scoredImages: number; skipped: unknown[]; evaluation: { maxBoxAcc: { maxAccuracy: number }; maxBoxAccV2: { mean: number }; localisation: { gtKnown: number } } };
  assert.equal(results.scoredImages, 30);
  assert.equal(results.skipped.length, 250 - 30, 'images without a map are listed, not scored');
  assert.equal(results.evaluation.maxBoxAcc.maxAccuracy, record.results.maxBoxAcc.maxAccuracy);
  assert.equal(results.evaluation.maxBoxAccV2.mean, record.results.maxBoxAccV2.mean);
  assert.equal(results.evaluation.localisation.gtKnown, record.results.localisation.gtKnown);
});
