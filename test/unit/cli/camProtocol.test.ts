// `robustness-lens cam` and `cam-score` on wsolevaluation datasets with train-fullsup and test splits, as a user runs
// them: the protocol's table, the test line at the τ chosen on train-fullsup, PxAP on the OpenImages layout, the record.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunRecord } from '../../../src/protocol/records';
import type { CamResults } from '../../../src/protocol/cam';
import { repo, runCli } from '../../fixtures/cli';
import { temporaryFolder } from '../../fixtures/temporaryFolders';

const sampleModel = join(repo, 'samples', 'models', 'baseline', 'model.json');
const fixture = join(repo, 'test', 'fixtures', 'wsol-splits');

test('cam on an OpenImages-layout split dataset chooses by PxAP on train-fullsup, reports test PxAP once and records the choice', () => {
  const dir = temporaryFolder('cli-cam-protocol-');
  const runs = join(dir, 'runs');
  const maps = join(dir, 'maps');
  const r = runCli('cam', sampleModel, join(fixture, 'metadata', 'OpenImages'), '--method', 'cam,gradcam', '--norm', 'minmax,pas', '--save-maps', maps, '--runs', runs);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^train-fullsup: .*OpenImages[/\\]val · test: .*OpenImages[/\\]test/m);
  assert.match(r.stdout, /^\* CAM · minmax\s+\d+\.\d\d%$/m, 'the first of the tied best is chosen and marked');
  assert.equal(r.stdout.match(/^ {2}(CAM|Grad-CAM) · (minmax|pas)\s+\d+\.\d\d%$/gm)?.length, 3, 'the other candidates are listed');
  const testLine = /^Test PxAP \(pixel average precision, ignore regions excluded\): (\d+\.\d\d)%$/m.exec(r.stdout);
  assert.ok(testLine, r.stdout);
  const [folder] = readdirSync(runs);
  const record = JSON.parse(readFileSync(join(runs, folder, 'record.json'), 'utf8')) as RunRecord<CamResults>;
  const protocol = record.results.protocol;
  assert.ok(protocol);
  assert.equal(protocol.metric, 'pxap');
  assert.deepEqual(protocol.chosenBy, { setting: 'train-fullsup', threshold: null });
  assert.equal(protocol.candidates.length, 4);
  assert.equal(record.results.pxap, protocol.test);
  assert.equal(record.results.imageCount, 5, 'the results are the test split\'s');
  // The test maps cam saved, scored by cam-score (whose PxAP is checked against wsolevaluation), give the same PxAP.
  const scored = runCli('cam-score', join(fixture, 'metadata', 'OpenImages', 'test'), '--maps', maps, '--json');
  assert.equal(scored.status, 0, scored.stderr);
  assert.ok(Math.abs((JSON.parse(scored.stdout) as { pxap: number }).pxap - protocol.test) < 1e-9);
});

test('cam on a box split dataset reports test MaxBoxAcc at the τ chosen on train-fullsup and labels test\'s own best τ', () => {
  const r = runCli('cam', sampleModel, join(fixture, 'metadata', 'CUB'), '--method', 'cam,layercam', '--json');
  assert.equal(r.status, 0, r.stderr);
  const record = JSON.parse(r.stdout) as RunRecord<CamResults>;
  const protocol = record.results.protocol;
  assert.ok(protocol && protocol.metric === 'maxBoxAcc' && record.results.maxBoxAcc && record.results.localisation);
  const tau = protocol.candidates[protocol.chosen].threshold as number;
  assert.equal(record.results.localisation.threshold, tau, 'top-1 / GT-known localisation at the τ chosen on train-fullsup');
  assert.equal(record.results.localisation.thresholdSource, 'given');
  assert.equal(protocol.test, record.results.maxBoxAcc.accuracies[record.results.thresholds.indexOf(tau)]);
  assert.deepEqual(protocol.chosenOnTest, { value: record.results.maxBoxAcc.maxAccuracy, threshold: record.results.maxBoxAcc.bestThreshold });
  const text = runCli('cam', sampleModel, join(fixture, 'metadata', 'CUB'), '--method', 'cam,layercam');
  assert.match(text.stdout, /^Test MaxBoxAcc \(δ=50, largest box\) at τ \d\.\d\d \(chosen on train-fullsup\): \d+\.\d\d%$/m);
  assert.match(text.stdout, /^Test's own best τ \d\.\d\d, chosen on test \(not a protocol result\): \d+\.\d\d%$/m);
});

test('several methods without splits, --threshold with splits, and a checkout with several datasets are refused with what to do; a plain run on test says its τ is chosen on test', () => {
  const several = runCli('cam', sampleModel, join(fixture, 'metadata', 'CUB', 'test'), '--method', 'cam,gradcam');
  assert.equal(several.status, 2);
  assert.match(several.stderr, /candidates of the WSOL protocol/);
  const threshold = runCli('cam', sampleModel, join(fixture, 'metadata', 'CUB'), '--threshold', '0.3');
  assert.match(threshold.stderr, /chooses τ on train-fullsup; leave --threshold out/);
  const onTest = runCli('cam', sampleModel, join(fixture, 'metadata', 'CUB', 'test'));
  assert.equal(onTest.status, 0, onTest.stderr);
  assert.match(onTest.stdout, /^! MaxBoxAcc's τ above is chosen on the test split itself, not by the protocol: give .*CUB to choose on train-fullsup\.$/m);
  const checkout = runCli('cam-score', fixture, '--maps', fixture);
  assert.match(checkout.stderr, /several datasets \(CUB, OpenImages\); name one of them/);
});
