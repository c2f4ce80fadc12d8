// A sweep lists and checks its images once: the process that splits it hands the listing to its workers, which then read no
// folder of their own (here a worker is handed a data path that does not exist) and sweep exactly the images listed.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { EngineSession } from '../../../src/engine/session';
import { loadClassifier, type Classifier } from '../../../src/engine/model/classifier';
import { listSweep, sweepShardRequest } from '../../../src/engine/sweep/sweepRequest';
import type { SweepParams } from '../../../src/protocol/sweep';

const repo = resolve(__dirname, '..', '..', '..', '..');
const model = join(repo, 'samples', 'models', 'baseline', 'model.json');

test('a worker handed the listing sweeps the listed images without reading the data folder', async () => {
  // The session starts the wasm backend the classifier runs on.
  await EngineSession.start({ backend: 'wasm', batchSize: 4 });
  const classifiers = new Map<string, Classifier>();
  const lookup = async (id: string) => classifiers.get(id) ?? classifiers.set(id, await loadClassifier(id)).get(id) as Classifier;
  const params: SweepParams = { modelIds: [model], data: join(repo, 'samples', 'data'), limit: 8, corruptions: ['contrast'], severities: [2], fgsmEpsilons: [], occlusion: false, ood: false, progressToken: 't' };
  const listing = await listSweep(params, lookup, 4);
  assert.equal(listing.items.length, 8, 'the limit applies when listing');
  assert.ok(listing.items.every((item) => Number.isInteger(item.label)));
  assert.equal(listing.calibration, null);

  const shard = { index: 0, count: 1 };
  const listedHere = await sweepShardRequest({ ...params, shard }, lookup, 4, () => undefined);
  const handed = await sweepShardRequest({ ...params, data: join(repo, 'no-such-folder'), shard, listing }, lookup, 4, () => undefined);
  assert.deepEqual(handed.results.tallies, listedHere.results.tallies, 'the same images give the same tallies');
  assert.equal(handed.results.imageCount, 8);

  const firstHalf = await sweepShardRequest({ ...params, shard, listing: { ...listing, items: listing.items.slice(0, 4) } }, lookup, 4, () => undefined);
  assert.equal(firstHalf.results.imageCount, 4, 'the worker sweeps what it is handed, not what the folder holds');
});
