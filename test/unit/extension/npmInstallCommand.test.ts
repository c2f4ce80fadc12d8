// The npm command line and the mirror environment.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mirrorEnvironment, npmInstallArguments } from '../../../src/extension/gpuBackend/npmInstallCommand';

test('npm installs the exact version into the prefix, showing the install script\'s output', () => {
  const args = npmInstallArguments('/storage/gpu-backend', '4.22.0', '');
  assert.deepEqual(args.slice(0, 4), ['install', '@tensorflow/tfjs-node-gpu@4.22.0', '--prefix', '/storage/gpu-backend']);
  for (const flag of ['--no-save', '--no-audit', '--no-fund', '--foreground-scripts']) assert.ok(args.includes(flag), flag);
  assert.ok(!args.includes('--registry'));
});

test('a registry setting becomes --registry, and a bad one is refused by name', () => {
  const args = npmInstallArguments('/p', '4.22.0', 'https://npm.example.com/');
  assert.equal(args[args.indexOf('--registry') + 1], 'https://npm.example.com/');
  assert.throws(() => npmInstallArguments('/p', '4.22.0', 'npm.example.com'), /robustnessLens\.gpuBackend\.npmRegistry must be an http\(s\) URL/);
});

test('a mirror sets both download hosts, with the trailing slash the install script needs', () => {
  assert.deepEqual(mirrorEnvironment(''), {});
  assert.deepEqual(mirrorEnvironment('https://mirror.example.com/gcs'), {
    TFJS_NODE_CDN_STORAGE: 'https://mirror.example.com/gcs/',
    npm_config_tfjs_binding_binary_host_mirror: 'https://mirror.example.com/gcs/tf-builds/pre-built-binary',
  });
  assert.throws(() => mirrorEnvironment('ftp://mirror'), /robustnessLens\.gpuBackend\.mirror must be an http\(s\) URL/);
});
