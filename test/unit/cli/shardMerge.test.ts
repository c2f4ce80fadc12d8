// Sharded and multi-worker sweeps as a user runs them (child processes): two workers, and three shards merged with
// `robustness-lens merge` (each shard itself split over two workers), give the unsharded run's results, spec and prediction
// file exactly, with two OOD folders and temperature scaling on a calibration split; bad merges exit 2.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { RunRecord } from '../../../src/protocol/records';
import type { SweepResults } from '../../../src/protocol/sweep';
import { withTempDir } from '../../fixtures/model/tempDir';
import { writeColourDataset, writeTinyModel } from '../../fixtures/model/sweepFixture';
import { cli, runCli } from '../../fixtures/cli';

/** Batches of 2, so the sample images make several batches to shard. */
function run(...args: string[]) {
  return runCli('--batch-size', '2', ...args);
}

/** The parts of a record that must not depend on how the work was split (timings, ids and the backend may). */
function comparable(record: RunRecord<SweepResults>): unknown {
  return { spec: record.spec, results: record.results };
}

test('two workers and three merged shards reproduce the one-process sweep, prediction file included', async () => {
  await withTempDir(async (dir) => {
    const first = await writeTinyModel(dir, 'first', 1);
    const second = await writeTinyModel(dir, 'second', 7);
    const data = await writeColourDataset(dir, 3);
    // Two OOD folders, each its own set named by its folder name, the second scored after the first.
    const near = await writeColourDataset(join(dir, 'ood'), 1, 9);
    const far = join(dir, 'far-set');
    await rename(await writeColourDataset(join(dir, 'far'), 1, 11), far);
    // A calibration split (other images of the same classes): every shard and worker fits T on all of it.
    const split = await writeColourDataset(join(dir, 'calibration'), 2, 13);
    const common = [first, second, '--data', data, '--ood', `near:${near}`, '--ood', `far:${far}`, '--calibration-split', split, '--corruptions', 'gaussian_noise,contrast', '--severities', '1,3', '--fgsm', '4,8', '--occlusion', '--seed', '3', '--json'];
    const single = run('sweep', ...common, '--workers', '1', '--save-predictions', join(dir, 'one.csv'));
    assert.equal(single.status, 0, single.stderr);
    const two = run('sweep', ...common, '--workers', '2', '--save-predictions', join(dir, 'two.csv'));
    assert.equal(two.status, 0, two.stderr);
    for (let i = 0; i < 3; i++) {
      // 9 images in batches of 2 → 5 batches; shards of 1, 2 and 2 batches, each split over two workers where it can be.
      const shard = run('sweep', ...common, '--shard', `${i}/3`, '--workers', '2', '--runs', join(dir, 'shards'), '--save-predictions', join(dir, `shard${i}.csv`));
      assert.equal(shard.status, 0, shard.stderr);
    }
    const shardFolders = readdirSync(join(dir, 'shards')).map((name) => join(dir, 'shards', name)).reverse();
    const merged = spawnSync(process.execPath, [cli, 'merge', ...shardFolders, '--json', '--save-predictions', join(dir, 'merged.csv')], { encoding: 'utf8' });
    assert.equal(merged.status, 0, merged.stderr);

    const withFile = (record: RunRecord<SweepResults>, file: string) => ({ ...record, spec: { ...record.spec, params: { ...record.spec.params, savePredictions: file } }, results: { ...record.results, predictionsFile: file } });
    const one = JSON.parse(single.stdout) as RunRecord<SweepResults>;
    const twoWorkers = JSON.parse(two.stdout) as RunRecord<SweepResults>;
    const fromShards = JSON.parse(merged.stdout) as RunRecord<SweepResults>;
    const shardRecords = shardFolders.map((f) => JSON.parse(readFileSync(join(f, 'record.json'), 'utf8')) as RunRecord);
    assert.deepEqual(shardRecords.map((r) => r.timings.workers).sort(), [1, 2, 2], 'the two-batch shards ran on two workers');
    assert.equal(one.results.imageCount, 9);
    assert.equal(one.timings.workers, 1);
    assert.equal(twoWorkers.timings.workers, 2);
    assert.ok(one.results.gallery.length > 0);
    assert.deepEqual(one.results.models[0].ood.map((o) => [o.set, o.tag, o.outCount]), [['uniform-noise', undefined, 9], ['gaussian-noise', undefined, 9], ['data', 'near', 3], ['far-set', 'far', 3]]);
    assert.deepEqual(one.results.models.map((m) => [m.calibration.temperatureScaling?.split, m.calibration.temperatureScaling?.splitImageCount]), [[split, 6], [split, 6]]);
    assert.equal(one.results.models[0].calibration.temperatureScaling?.bins.reduce((n, b) => n + b.count, 0), 9, 'every evaluated image scaled once');
    assert.ok(isDeepStrictEqual(comparable(withFile(twoWorkers, 'f')), comparable(withFile(one, 'f'))), 'two workers = one process');
    assert.ok(isDeepStrictEqual(comparable(withFile(fromShards, 'f')), comparable(withFile(one, 'f'))), 'merged shards = one process');
    const rows = readFileSync(join(dir, 'one.csv'), 'utf8');
    assert.equal(readFileSync(join(dir, 'two.csv'), 'utf8'), rows);
    assert.equal(readFileSync(join(dir, 'merged.csv'), 'utf8'), rows);
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.shard-')), [], 'the workers\' own prediction files are removed');
  });
});

test('merge exits 2 with the reason on a missing shard, a record that is not a shard, or a damaged one', async () => {
  await withTempDir(async (dir) => {
    const model = await writeTinyModel(dir, 'm', 1);
    const data = await writeColourDataset(dir, 2);
    const sweep = ['sweep', model, '--data', data, '--corruptions', 'contrast', '--severities', '1'];
    const args = [...sweep, '--runs', join(dir, 'runs')];
    assert.equal(run(...args, '--shard', '0/2').status, 0);
    const [shard] = readdirSync(join(dir, 'runs'));
    const missing = spawnSync(process.execPath, [cli, 'merge', join(dir, 'runs', shard)], { encoding: 'utf8' });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /Shard 1\/2 is missing/);
    assert.equal(run(...sweep, '--runs', join(dir, 'whole')).status, 0);
    const [whole] = readdirSync(join(dir, 'whole'));
    const notShard = spawnSync(process.execPath, [cli, 'merge', join(dir, 'whole', whole)], { encoding: 'utf8' });
    assert.equal(notShard.status, 2);
    assert.match(notShard.stderr, /'sweep' record, not a sweep shard/);
    const record = JSON.parse(readFileSync(join(dir, 'runs', shard, 'record.json'), 'utf8')) as { results: { tallies: Array<{ cleanCorrect: boolean[] }> } };
    record.results.tallies[0].cleanCorrect.pop();
    const damaged = join(dir, 'damaged.json');
    writeFileSync(damaged, JSON.stringify(record));
    const bad = spawnSync(process.execPath, [cli, 'merge', damaged], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /damaged sweep-shard run record \(field 'results\.tallies\.0' is invalid: per-image lists must hold one entry per image\)/);
    assert.equal(run(...args, '--shard', '2/2').status, 2, 'a shard index must be below the count');
  });
});
