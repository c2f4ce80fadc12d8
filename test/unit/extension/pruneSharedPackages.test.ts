// Pruning leaves tfjs-node-gpu and its non-tfjs dependencies, and nothing of the tfjs the extension ships.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pruneSharedPackages } from '../../../src/extension/gpuBackend/pruneSharedPackages';
import { temporaryFolder } from '../../fixtures/temporaryFolders';

test('every @tensorflow package but tfjs-node-gpu goes', async () => {
  const nodeModules = temporaryFolder('node_modules-');
  for (const name of ['@tensorflow/tfjs', '@tensorflow/tfjs-core/dist', '@tensorflow/tfjs-node-gpu/dist', '@mapbox/node-pre-gyp', 'adm-zip']) mkdirSync(join(nodeModules, name), { recursive: true });
  assert.deepEqual((await pruneSharedPackages(nodeModules)).sort(), ['@tensorflow/tfjs', '@tensorflow/tfjs-core']);
  assert.deepEqual(readdirSync(join(nodeModules, '@tensorflow')), ['tfjs-node-gpu']);
  assert.deepEqual(readdirSync(nodeModules).sort(), ['@mapbox', '@tensorflow', 'adm-zip']);
});

test('a folder without @tensorflow is left alone', async () => {
  assert.deepEqual(await pruneSharedPackages(temporaryFolder('node_modules-')), []);
});
