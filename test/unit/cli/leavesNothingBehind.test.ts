// A CLI run leaves nothing outside the folders it is told to write: nothing in the temp directory and nothing in the home
// folder. ONNX Runtime's telemetry, which would leave a log in the one and a device id in the other, is off (onnxRuntime.ts).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, repo } from '../../fixtures/cli';
import { temporaryFolder } from '../../fixtures/temporaryFolders';

test('predict on an ONNX model and on a Keras 3 archive leaves the temp directory and the home folder empty', () => {
  const temp = temporaryFolder('cli-temp-');
  const home = temporaryFolder('cli-home-');
  const { ORT_DISABLE_TELEMETRY: _asTheUserLeftIt, ...inherited } = process.env;
  const env = { ...inherited, TMPDIR: temp, HOME: home, XDG_CACHE_HOME: join(home, '.cache') };
  const images = join(repo, 'samples', 'data', 'images');
  for (const model of [join(repo, 'test', 'fixtures', 'onnx', 'resnet-torchscript.onnx'), join(repo, 'test', 'fixtures', 'keras', 'plaincnn.keras')]) {
    const run = spawnSync(process.execPath, [cli, '--backend', 'wasm', 'predict', model, images, '--limit', '2', '--json'], { encoding: 'utf8', env, maxBuffer: 1 << 26 });
    assert.equal(run.status, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as { results: { predictions: unknown[] } }).results.predictions.length, 2);
    assert.deepEqual(readdirSync(temp), [], `left in the temp directory by predict on ${model}`);
    assert.deepEqual(readdirSync(home), [], `left in the home folder by predict on ${model}`);
  }
});
