// Several user OOD folders in one sweep (issue 17): each a set named by its folder name, optionally tagged near or far,
// refused when two share a name or one is named like a built-in set; a lone `oodFolder` (older requests and records) stays 'folder'.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { collectOodFolder } from '../../../src/cli/commands/sweep';
import type { SweepOodFolder } from '../../../src/protocol/sweep';
import { OOD_FOLDER_SET, oodFolderRequest, oodFolderSets, sweepConditions } from '../../../src/engine/sweep/sweepConditions';
import { oodFolderBatches, plannedForwardPasses, type SweepSetup } from '../../../src/engine/sweep/sweepSetup';
import { oodSetLabel } from '../../../src/present/calibrationFigures';

test('--ood is repeatable: DIR, near:DIR and far:DIR in the order given; a drive letter is no tag; an empty folder is refused', () => {
  // Commander calls the parser with each value and what the earlier ones gave, starting from the default [].
  const folders = ['textures', 'near:/data/ssb_hard', 'far:inaturalist', 'C:\\ood\\places'].reduce<SweepOodFolder[]>((previous, value) => collectOodFolder(value, previous), []);
  assert.deepEqual(folders, [{ path: 'textures' }, { path: '/data/ssb_hard', tag: 'near' }, { path: 'inaturalist', tag: 'far' }, { path: 'C:\\ood\\places' }]);
  assert.throws(() => collectOodFolder('near:', []), InvalidArgumentError);
  assert.throws(() => collectOodFolder(' ', []), InvalidArgumentError);
});

test('each folder is a set named by its folder name, after the built-in sets, with its tag and resolved path', () => {
  const conditions = sweepConditions({ oodFolders: [{ path: '/d/ssb_hard/', tag: 'near' }, { path: 'rel/textures' }] });
  assert.deepEqual(conditions.oodSets, ['uniform-noise', 'gaussian-noise', 'ssb_hard', 'textures']);
  assert.deepEqual(conditions.oodFolders, [
    { set: 'ssb_hard', path: resolve('/d/ssb_hard'), tag: 'near' },
    { set: 'textures', path: resolve('rel/textures'), tag: null },
  ]);
  // A shard record states them resolved, and reading them back gives the same sets.
  const stated = oodFolderRequest(conditions.oodFolders);
  assert.deepEqual(stated, [{ path: resolve('/d/ssb_hard'), tag: 'near' }, { path: resolve('rel/textures') }]);
  assert.deepEqual(oodFolderSets({ oodFolders: stated }), conditions.oodFolders);
  assert.deepEqual(sweepConditions({ ood: false, oodFolders: stated }).oodSets, ['ssb_hard', 'textures']);
});

test('a lone oodFolder, as older requests and shard records have it, is still the set "folder"', () => {
  assert.deepEqual(oodFolderSets({ oodFolder: 'ood' }), [{ set: OOD_FOLDER_SET, path: resolve('ood'), tag: null }]);
  assert.deepEqual(sweepConditions({ oodFolder: 'ood' }).oodSets, ['uniform-noise', 'gaussian-noise', 'folder']);
  assert.deepEqual(oodFolderSets({}), []);
});

test('folders sharing a name, named like a built-in set, or given both ways are refused with the reason', () => {
  assert.throws(() => oodFolderSets({ oodFolders: [{ path: '/a/ood' }, { path: '/b/ood', tag: 'far' }] }), /OOD folders .*\/a\/ood and .*\/b\/ood share the name "ood"/);
  assert.throws(() => oodFolderSets({ oodFolders: [{ path: '/x/uniform-noise' }] }), /named like the built-in set "uniform-noise"/);
  assert.throws(() => oodFolderSets({ oodFolder: '/a', oodFolders: [{ path: '/b' }] }), /oodFolders only/);
});

test('the plan counts one pass per batch of every folder, and a row shows the tag beside the set', () => {
  const item = (id: string) => ({ id, path: id, label: null });
  const setup = {
    models: [{ modelId: 'm' }, { modelId: 'n' }], items: [{ ...item('a'), label: 0 }], batchSize: 2,
    oodFolders: [{ set: 'near', items: ['1', '2', '3'].map(item) }, { set: 'far', items: ['4'].map(item) }],
    conditions: sweepConditions({ corruptions: [], ood: false }),
  } as unknown as SweepSetup;
  // 3 images in batches of 2 → 2 batches, 1 image → 1 batch; per model 1 clean pass + 3 folder passes.
  assert.equal(oodFolderBatches(setup), 3);
  assert.equal(plannedForwardPasses(setup), 2 * (1 + 3));
  assert.equal(oodSetLabel({ set: 'ssb_hard', tag: 'near' }), 'ssb_hard (near-OOD)');
  assert.equal(oodSetLabel({ set: 'uniform-noise' }), 'uniform-noise');
});
