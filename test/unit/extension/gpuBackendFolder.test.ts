// The GPU backend folder: the marker gates it, a version mismatch disables it, and the environment it gives the
// engine makes a pruned tfjs-node-gpu share the extension's packages.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { EXTRA_NODE_MODULES_ENV } from '../../../src/protocol/engineEnvironment';
import { engineEnvironment, gpuBackendFolder, readMarker, removeMarker, tfjsDependencyVersion, writeMarker } from '../../../src/extension/gpuBackend/gpuBackendFolder';
import { temporaryFolder } from '../../fixtures/temporaryFolders';

const repo = resolve(__dirname, '..', '..', '..', '..');

function writePackage(nodeModules: string, name: string, source: string): void {
  mkdirSync(join(nodeModules, name), { recursive: true });
  writeFileSync(join(nodeModules, name, 'index.js'), source);
}

test('the marker round-trips and its removal disables the folder', async () => {
  const folder = gpuBackendFolder(temporaryFolder('storage-'));
  assert.equal(readMarker(folder), null);
  await writeMarker(folder, '4.22.0', new Date('2026-01-02T03:04:05Z'));
  assert.deepEqual(readMarker(folder), { package: '@tensorflow/tfjs-node-gpu', version: '4.22.0', installedAt: '2026-01-02T03:04:05.000Z' });
  await removeMarker(folder);
  assert.deepEqual(engineEnvironment(folder, '4.22.0', '/ext/node_modules'), { env: {}, note: null });
});

test('a marker for another tfjs version gives the engine nothing and says why', async () => {
  const folder = gpuBackendFolder(temporaryFolder('storage-'));
  await writeMarker(folder, '4.21.0');
  const { env, note } = engineEnvironment(folder, '4.22.0', '/ext/node_modules');
  assert.deepEqual(env, {});
  assert.match(note ?? '', /4\.21\.0 .* does not match TensorFlow\.js 4\.22\.0/);
});

test('a matching marker names the folder and puts the extension\'s node_modules first on NODE_PATH', async () => {
  const folder = gpuBackendFolder(temporaryFolder('storage-'));
  await writeMarker(folder, '4.22.0');
  const { env } = engineEnvironment(folder, '4.22.0', '/ext/node_modules', { NODE_PATH: '/other' });
  assert.deepEqual(env, { [EXTRA_NODE_MODULES_ENV]: folder.nodeModules, NODE_PATH: `/ext/node_modules${delimiter}/other` });
});

test('with that environment, a package in the folder gets the extension\'s copy of a package pruned from it', async () => {
  const extensionModules = join(temporaryFolder('extension-'), 'node_modules');
  writePackage(extensionModules, 'shared-core', 'module.exports = { instance: Symbol("one") };');
  const folder = gpuBackendFolder(temporaryFolder('storage-'));
  writePackage(folder.nodeModules, 'gpu-binding', 'module.exports = require("shared-core");');
  await writeMarker(folder, '4.22.0');
  const { env } = engineEnvironment(folder, '4.22.0', extensionModules, {});
  const script = `const fromFolder = require(require('path').join(process.env.${EXTRA_NODE_MODULES_ENV}, 'gpu-binding'));
const own = require(${JSON.stringify(join(extensionModules, 'shared-core'))});
process.stdout.write(String(fromFolder === own));`;
  const child = spawnSync(process.execPath, ['-e', script], { env: { ...env, PATH: process.env.PATH }, encoding: 'utf8' });
  assert.equal(child.stderr, '');
  assert.equal(child.stdout, 'true');
});

test('the tfjs version comes from package.json and must be exact', () => {
  assert.equal(tfjsDependencyVersion(JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'))), '4.22.0');
  assert.equal(tfjsDependencyVersion({ dependencies: { '@tensorflow/tfjs': '^4.22.0' } }), null);
  assert.equal(tfjsDependencyVersion(null), null);
});
