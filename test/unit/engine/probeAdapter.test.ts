// Dawn's adapter is probed in a child process: what the native side prints while it finds nothing (the Vulkan loader's
// "Found no drivers!", Dawn's "Couldn't load Vulkan") stays out of the CLI's output, and the answer is kept.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { DAWN_BACKEND_ENV } from '../../../src/engine/webgpu/dawnSettings';
import { parseProbeOutput, probeAdapter } from '../../../src/engine/webgpu/probeAdapter';

const repo = resolve(__dirname, '..', '..', '..', '..');

test('the probe\'s output is an adapter, none, or a failure when it is not the JSON the probe prints', () => {
  const facts = { vendor: 'nvidia', architecture: 'hopper', device: 'nvidia-h100-80gb-hbm3', description: 'NVIDIA: 550.54.15', isFallbackAdapter: false };
  assert.deepEqual(parseProbeOutput(JSON.stringify(facts)), { adapter: facts });
  assert.deepEqual(parseProbeOutput('null'), { adapter: null });
  assert.deepEqual(parseProbeOutput(''), { failure: 'the adapter probe printed nothing' });
  assert.deepEqual(parseProbeOutput('Segmentation fault'), { failure: 'the adapter probe printed something unexpected' });
  assert.deepEqual(parseProbeOutput('{"vendor":"x"}'), { failure: 'the adapter probe printed something unexpected' });
});

test('an API Dawn has no adapter for on this platform answers none, once per engine', async () => {
  const settings = { dawnBackend: 'd3d12', featureLevel: 'core' } as const;
  const first = probeAdapter(settings);
  assert.deepEqual(await first, { adapter: null });
  assert.equal(probeAdapter(settings), first);
});

test('a Vulkan that finds no driver prints nothing on the CLI\'s stderr but the backend line and progress', () => {
  // No ICD manifest: the Vulkan loader, where there is one, finds no driver; where there is none, Dawn cannot load it.
  const env = { ...process.env, [DAWN_BACKEND_ENV]: 'vulkan', VK_ICD_FILENAMES: '/nonexistent/icd.json', VK_DRIVER_FILES: '/nonexistent/icd.json' };
  const image = join(repo, 'samples', 'data', 'images', '0001.png');
  const run = spawnSync(process.execPath, [join(repo, 'out', 'cli.js'), '--backend', 'webgpu', 'predict', join(repo, 'samples', 'models', 'baseline', 'model.json'), image], { env, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stderr.split('\n').filter((line) => line !== '');
  assert.deepEqual(lines.filter((line) => !/^predict: \d+\/\d+$/.test(line)), [
    'Backend: TF.js wasm · CPU (passed over: webgpu: Dawn found no Vulkan adapter at the core feature level)',
  ]);
});
