// requireOptional: the engine's own packages first, then the extra node_modules folder.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireOptional } from '../../../src/engine/extraModules';
import { temporaryFolder } from '../../fixtures/temporaryFolders';

function extraFolderWith(name: string, source: string): string {
  const nodeModules = join(temporaryFolder('extra-'), 'node_modules');
  mkdirSync(join(nodeModules, name), { recursive: true });
  writeFileSync(join(nodeModules, name, 'index.js'), source);
  return nodeModules;
}

test('a package missing from the engine\'s node_modules loads from the extra folder', () => {
  const extra = extraFolderWith('fake-pkg', 'module.exports = { from: "extra" };');
  assert.deepEqual(requireOptional('fake-pkg', extra), { from: 'extra' });
});

test('a scoped package loads from the extra folder too', () => {
  const extra = extraFolderWith('@fake-scope/fake-gpu', 'module.exports = { scoped: true };');
  assert.deepEqual(requireOptional('@fake-scope/fake-gpu', extra), { scoped: true });
});

test('what the engine can load itself wins over the extra folder', () => {
  const extra = extraFolderWith('path', 'module.exports = { from: "extra" };');
  assert.equal(requireOptional('path', extra), require('node:path'));
});

test('a package in neither place throws the usual not-found error', () => {
  const extra = extraFolderWith('other-pkg', 'module.exports = {};');
  assert.throws(() => requireOptional('fake-missing-pkg', extra), (err: NodeJS.ErrnoException) => err.code === 'MODULE_NOT_FOUND' && /fake-missing-pkg/.test(err.message));
  assert.throws(() => requireOptional('fake-missing-pkg', undefined), /fake-missing-pkg/);
});

test('a copy in the extra folder that fails to load throws its own error', () => {
  const extra = extraFolderWith('broken-binding', 'throw new Error("libcudart.so.11.0: cannot open shared object file");');
  assert.throws(() => requireOptional('broken-binding', extra), /libcudart\.so\.11\.0/);
});

test('the loaded package\'s require() of a shared name gets the engine\'s exports, and only while it loads', () => {
  const extra = extraFolderWith('fake-node-backend', 'const tf = require("@fake/tfjs"); tf.registered.push("tensorflow"); module.exports = { tf };');
  const enginesTf = { registered: [] as string[] };
  const loaded = requireOptional('fake-node-backend', extra, { '@fake/tfjs': enginesTf }) as { tf: unknown };
  assert.equal(loaded.tf, enginesTf);
  assert.deepEqual(enginesTf.registered, ['tensorflow']);
  const afterwards = extraFolderWith('late-require', 'module.exports = () => require("@fake/tfjs");');
  const lateRequire = requireOptional('late-require', afterwards) as () => unknown;
  assert.throws(lateRequire, /Cannot find module '@fake\/tfjs'/);
});
