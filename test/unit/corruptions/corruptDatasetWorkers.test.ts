// corrupt-dataset on worker threads writes the same bytes as on one thread: each file depends only on its image,
// corruption, severity and seed (definitions.md, notation: per-image streams), whichever worker corrupts it.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import sharp from 'sharp';
import { selectBackend } from '../../../src/engine/backend';
import type { CorruptionName, Severity } from '../../../src/engine/corruptions';
import { UserFacingError } from '../../../src/engine/errors';
import { corruptDataset, type CorruptedDataset } from '../../../src/engine/sweep/corruptDataset';
import { withTempDir } from '../../fixtures/model/tempDir';

const inputs = resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'corruptions', 'reference', 'inputs');

/** Every file under `dir`, relative path → bytes. */
function filesUnder(dir: string, root = dir): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) for (const [k, v] of filesUnder(path, root)) found.set(k, v);
    else found.set(relative(root, path), readFileSync(path));
  }
  return found;
}

/** The reference photos copied into <dir>/data, the dataset the tests corrupt. */
function inputsCopy(dir: string): string {
  const data = join(dir, 'data');
  mkdirSync(data);
  for (const name of readdirSync(inputs)) copyFileSync(join(inputs, name), join(data, name));
  return data;
}

test('corrupt-dataset with 1, 2 and 3 workers writes byte-identical files, lists the same skipped file and counts every file', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const data = inputsCopy(dir);
    writeFileSync(join(data, 'broken.png'), 'not a png');
    const corruptions: CorruptionName[] = ['gaussian_noise', 'glass_blur', 'snow', 'defocus_blur', 'jpeg_compression'];
    const severities: Severity[] = [2, 5];
    const runs: { files: Map<string, Buffer>; copies: CorruptedDataset; done: number[] }[] = [];
    for (const workers of [1, 2, 3]) {
      const out = join(dir, `out-${workers}`);
      const done: number[] = [];
      const copies = await corruptDataset(data, out, { corruptions, severities, seed: 4, workers, onProgress: (p) => done.push(p.done, p.total) });
      runs.push({ files: filesUnder(out), copies, done });
    }
    const images = readdirSync(inputs).length;
    const [one, ...others] = runs;
    assert.equal(one.copies.written, images * corruptions.length * severities.length);
    assert.equal(one.files.size, one.copies.written);
    assert.deepEqual(one.copies.skipped.map((s) => s.path), [join(data, 'broken.png')]);
    for (const other of others) {
      assert.deepEqual(other.copies, one.copies);
      assert.deepEqual([...other.files.keys()].sort(), [...one.files.keys()].sort());
      for (const [path, bytes] of one.files) assert.ok(bytes.equals(other.files.get(path) ?? Buffer.alloc(0)), `${path} differs`);
      // The last report: every file done, of the total less the skipped image.
      assert.deepEqual(other.done.slice(-2), [one.copies.written, one.copies.written]);
    }
  });
});

test('one image on two threads, its corruptions handed out one at a time, writes the files of one thread', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const data = join(dir, 'data');
    mkdirSync(data);
    copyFileSync(join(inputs, 'imagenet-0.png'), join(data, 'photo.png'));
    const corruptions: CorruptionName[] = ['shot_noise', 'frost', 'pixelate', 'jpeg_compression'];
    const outs = [1, 2].map((workers) => join(dir, `out-${workers}`));
    for (const [i, out] of outs.entries()) {
      const copies = await corruptDataset(data, out, { corruptions, severities: [1, 4], seed: 7, workers: i + 1, onProgress: () => undefined });
      assert.deepEqual(copies, { written: 8, skipped: [] });
    }
    const [one, two] = outs.map((out) => filesUnder(out));
    assert.deepEqual([...two.keys()].sort(), [...one.keys()].sort());
    for (const [path, bytes] of one) assert.ok(bytes.equals(two.get(path) ?? Buffer.alloc(0)), `${path} differs`);
  });
});

test('cancelling corrupt-dataset on workers stops them between files: the error says how many were written, and each is whole', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const data = inputsCopy(dir);
    const out = join(dir, 'out');
    const controller = new AbortController();
    const run = corruptDataset(data, out, {
      corruptions: ['gaussian_noise', 'contrast'], severities: [1, 2, 3, 4, 5], seed: 1, workers: 2, signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await assert.rejects(run, (err: unknown) => err instanceof UserFacingError && err.code === 'cancelled' && /^Cancelled after writing \d+ of 60 files\.$/.test(err.message));
    const files = [...filesUnder(out).keys()];
    assert.ok(files.length >= 1 && files.length < 60, `${files.length} files`);
    for (const file of files) await sharp(join(out, file)).raw().toBuffer();
  });
});
