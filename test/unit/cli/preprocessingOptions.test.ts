// Preprocessing from the command line: the profile fields as flags on every command that loads a model, equal in
// effect to a profile file with the same fields, in sweep workers too; contradictory or malformed flags are usage errors.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedModel } from '../../../src/protocol/engine';
import type { PreprocessingProfile } from '../../../src/protocol/model';
import { withTempDir } from '../../fixtures/model/tempDir';
import { repo, runCli } from '../../fixtures/cli';

const sampleModel = join(repo, 'samples', 'models', 'baseline', 'model.json');
const sampleData = join(repo, 'samples', 'data');

/** The sample model's profile with BGR channels, a shorter-side resize with a 0.875 crop and ImageNet's mean/std. */
const shapedProfile: PreprocessingProfile = {
  version: 1, inputSize: [64, 64], resize: 'shorter-side', centerCropFraction: 0.875,
  scaling: { kind: 'meanStd', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] }, channelOrder: 'BGR', guessed: false,
};
const shapingFlags = ['--resize', 'shorter-side', '--center-crop', '0.875', '--scaling', 'imagenet', '--channel-order', 'BGR'];

test('inspect: the flags replace the sidecar profile\'s fields and the result is no longer a guess', () => {
  const r = runCli('inspect', sampleModel, '--json', ...shapingFlags);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual((JSON.parse(r.stdout) as LoadedModel).profile, shapedProfile);
  const custom = runCli('inspect', sampleModel, '--json', '--mean', '0.5,0.5,0.5', '--std', '0.25, 0.25, 0.25', '--input-size', '64');
  assert.equal(custom.status, 0, custom.stderr);
  const profile = (JSON.parse(custom.stdout) as LoadedModel).profile;
  assert.deepEqual(profile.scaling, { kind: 'meanStd', mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] });
  assert.deepEqual(profile.inputSize, [64, 64]);
  assert.equal(profile.resize, 'stretch', 'fields not named keep the sidecar\'s values');
});

test('predict and a sweep with workers: flags give exactly what a profile file with the same fields gives', async () => {
  await withTempDir(async (dir) => {
    const profileFile = join(dir, 'shaped.preprocessing.json');
    writeFileSync(profileFile, JSON.stringify(shapedProfile));
    const predictions = (name: string, ...options: string[]) => {
      const out = join(dir, `${name}.csv`);
      const r = runCli('predict', sampleModel, sampleData, '--limit', '12', '--save-predictions', out, ...options);
      assert.equal(r.status, 0, r.stderr);
      return readFileSync(out, 'utf8');
    };
    const byFlags = predictions('flags', ...shapingFlags);
    assert.equal(byFlags, predictions('file', '--preprocessing', profileFile));
    assert.notEqual(byFlags, predictions('sidecar'), 'the flags change what the model sees');

    const sweep = (name: string, ...options: string[]) => {
      const out = join(dir, `${name}-sweep.csv`);
      const r = runCli('sweep', sampleModel, '--data', sampleData, '--limit', '8', '--corruptions', 'contrast', '--severities', '2', '--save-predictions', out, ...options);
      assert.equal(r.status, 0, r.stderr);
      return readFileSync(out, 'utf8');
    };
    assert.equal(sweep('workers', '--workers', '2', ...shapingFlags), sweep('one', '--workers', '1', '--preprocessing', profileFile), 'workers load the model with the same flags');
  });
});

test('contradictory or malformed preprocessing flags exit 2 with the reason', () => {
  const cases: [string[], RegExp][] = [
    [['--mean', '0.5,0.5,0.5'], /--mean and --std go together/],
    [['--scaling', 'imagenet', '--std', '0.2,0.2,0.2'], /cannot be used with option '--std/],
    [['--std', '0.2,0,0.2', '--mean', '0,0,0'], /three positive numbers/],
    [['--input-size', '64x0'], /expected HxW/],
    [['--center-crop', '1.5'], /fraction in \(0, 1\]/],
    [['--channel-order', 'GBR'], /Allowed choices are RGB, BGR/],
  ];
  for (const [flags, message] of cases) {
    const r = runCli('inspect', sampleModel, ...flags);
    assert.equal(r.status, 2, `${flags.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, flags.join(' '));
  }
});
