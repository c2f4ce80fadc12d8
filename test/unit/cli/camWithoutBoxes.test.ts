// `robustness-lens cam` on a folder of images without boxes, as a user runs it: maps, overlays and a record, no box metrics.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { RunRecord } from '../../../src/protocol/records';
import type { CamResults } from '../../../src/protocol/cam';
import { repo, runCli } from '../../fixtures/cli';
import { temporaryFolder } from '../../fixtures/temporaryFolders';

const sampleModel = join(repo, 'samples', 'models', 'baseline', 'model.json');
const sampleImages = join(repo, 'samples', 'data', 'images');

test('cam on a plain folder lists each image\'s class and box, says why there is no box metric, writes overlays and a record', async () => {
  const dir = temporaryFolder('cli-cam-plain-');
  const overlays = join(dir, 'overlays');
  const runs = join(dir, 'runs');
  const r = runCli('cam', sampleModel, sampleImages, '--limit', '3', '--save-overlays', overlays, '--runs', runs);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^3 images mapped; none has a ground-truth box, so no box metrics/m);
  assert.match(r.stdout, /^0001\.png\s+\S.*\(\d+, \d+\)–\(\d+, \d+\)$/m);
  assert.doesNotMatch(r.stdout, /MaxBoxAcc \(δ=50/);
  assert.match(r.stdout, new RegExp(`^Overlays \\(\\.png, map over the image, boxes at τ 0\\.20\\): ${overlays.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
  const files = readdirSync(overlays).sort();
  assert.deepEqual(files, ['0001.png.png', '0002.png.png', '0003.png.png']);
  const original = await sharp(join(sampleImages, '0001.png')).metadata();
  const written = await sharp(join(overlays, '0001.png.png')).metadata();
  assert.deepEqual([written.format, written.width, written.height], ['png', original.width, original.height]);
  const [runId] = readdirSync(runs);
  const record = JSON.parse(readFileSync(join(runs, runId, 'record.json'), 'utf8')) as RunRecord<CamResults>;
  assert.equal(record.results.imageCount, 3);
  assert.equal(record.results.maxBoxAcc, null);
  assert.equal(record.results.overlayFolder, overlays);
});

test('cam --save-overlays refuses a path that is a file', () => {
  const r = runCli('cam', sampleModel, sampleImages, '--limit', '1', '--save-overlays', join(sampleImages, '0001.png'));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^error: Cannot write overlays into .*0001\.png: it exists and is not a folder\./m);
});
