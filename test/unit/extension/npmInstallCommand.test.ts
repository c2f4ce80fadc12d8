// The npm command line, how npm runs without a shell, the mirror environment, and credentials kept out of logs.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mirrorEnvironment, npmInstallArguments, npmInvocation, redactCredentials } from '../../../src/extension/gpuBackend/npmInstallCommand';

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

test('a registry URL goes on as parsed: quotes that would end a cmd.exe argument are percent-encoded', () => {
  const args = npmInstallArguments('/p', '4.22.0', 'https://reg.example/"&calc.exe&"');
  const registry = args[args.indexOf('--registry') + 1];
  assert.equal(registry, 'https://reg.example/%22&calc.exe&%22');
  assert.equal(mirrorEnvironment('https://m.example/a b"').TFJS_NODE_CDN_STORAGE, 'https://m.example/a%20b%22/');
});

test('on Windows npm runs as node.exe with npm-cli.js from beside npm.cmd, never through cmd.exe', () => {
  const npmCmd = 'C:\\Program Files\\nodejs\\npm.cmd';
  const present = new Set(['C:\\Program Files\\nodejs\\node.exe', 'C:\\Program Files\\nodejs\\node_modules\\npm\\bin\\npm-cli.js']);
  assert.deepEqual(npmInvocation(npmCmd, 'win32', (file) => present.has(file)), {
    command: 'C:\\Program Files\\nodejs\\node.exe', args: ['C:\\Program Files\\nodejs\\node_modules\\npm\\bin\\npm-cli.js'],
  });
  assert.equal(npmInvocation(npmCmd, 'win32', () => false), null);
  assert.deepEqual(npmInvocation('/usr/bin/npm', 'linux', () => false), { command: '/usr/bin/npm', args: [] });
});

test('credentials in a URL are kept out of logs and messages', () => {
  assert.equal(redactCredentials('npm install --registry https://me:s3cret@reg.example/npm/ (mirror http://tok@m.example/)'),
    'npm install --registry https://***@reg.example/npm/ (mirror http://***@m.example/)');
  assert.equal(redactCredentials('GET 200 https://reg.example/@tensorflow%2ftfjs-node-gpu'), 'GET 200 https://reg.example/@tensorflow%2ftfjs-node-gpu');
  assert.throws(() => npmInstallArguments('/p', '4.22.0', 'ftp://me:s3cret@reg.example/'), (err: Error) => !err.message.includes('s3cret'));
});

test('the mirror and the registry are machine settings: a workspace cannot point the install at its own servers', () => {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { scope?: string }> } } };
  const settings = manifest.contributes.configuration.properties;
  assert.equal(settings['robustnessLens.gpuBackend.mirror'].scope, 'machine');
  assert.equal(settings['robustnessLens.gpuBackend.npmRegistry'].scope, 'machine');
});
