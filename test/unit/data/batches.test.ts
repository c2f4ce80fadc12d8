import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import type { ImageItem } from '../../../src/protocol/data';
import { selectBackend } from '../../../src/engine/backend';
import { imageBatches, type ImageBatch } from '../../../src/engine/data/batches';
import type { ResizeGeometry } from '../../../src/engine/data/geometry';
import { UserFacingError } from '../../../src/engine/errors';
import { withTempDir } from '../../fixtures/model/tempDir';
import { writeSolidImage, writeTruncatedJpeg, type Rgb } from '../../fixtures/data/images';

const geometry: ResizeGeometry = { height: 4, width: 6, resize: 'stretch', centerCropFraction: 1 };

function item(dir: string, name: string): ImageItem {
  return { id: name, path: join(dir, name), label: null, boxes: [], size: null };
}

/** Writes `count` solid PNGs of different sizes; image i has colour (10i, 20i, 255 − 10i). */
async function writeColouredImages(dir: string, count: number): Promise<{ items: ImageItem[]; colours: Rgb[] }> {
  const items: ImageItem[] = [];
  const colours: Rgb[] = [];
  for (let i = 0; i < count; i++) {
    const colour: Rgb = [10 * i, 20 * i, 255 - 10 * i];
    await writeSolidImage(join(dir, `img${i}.png`), 5 + i, 3 + 2 * i, colour);
    items.push(item(dir, `img${i}.png`));
    colours.push(colour);
  }
  return { items, colours };
}

async function collect(batches: AsyncGenerator<ImageBatch>): Promise<{ ids: string[][]; shapes: number[][]; skipped: string[][]; values: Float32Array[] }> {
  const result = { ids: [] as string[][], shapes: [] as number[][], skipped: [] as string[][], values: [] as Float32Array[] };
  for await (const batch of batches) {
    result.ids.push(batch.items.map((i) => i.id));
    result.shapes.push(batch.images.shape);
    result.skipped.push(batch.skipped.map((s) => s.path));
    result.values.push(await batch.images.data() as Float32Array);
    batch.images.dispose();
  }
  return result;
}

test('batches come in order, full-sized, as float32 in [0, 1] matching the pixels, and leak no tensors', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const { items, colours } = await writeColouredImages(dir, 5);
    const before = tf.memory().numTensors;
    const { ids, shapes, skipped, values } = await collect(imageBatches(items, geometry, 2));
    assert.deepEqual(ids, [['img0.png', 'img1.png'], ['img2.png', 'img3.png'], ['img4.png']]);
    assert.deepEqual(shapes, [[2, 4, 6, 3], [2, 4, 6, 3], [1, 4, 6, 3]]);
    assert.deepEqual(skipped, [[], [], []]);
    const pixelsPerImage = 4 * 6;
    values.forEach((batch, b) => {
      assert.ok(batch.every((v) => v >= 0 && v <= 1));
      for (let i = 0; i < batch.length / (pixelsPerImage * 3); i++) {
        const expected = colours[2 * b + i].map((c) => c / 255);
        for (let p = 0; p < pixelsPerImage; p++) {
          for (let c = 0; c < 3; c++) assert.ok(Math.abs(batch[(i * pixelsPerImage + p) * 3 + c] - expected[c]) < 1e-6);
        }
      }
    });
    assert.equal(tf.memory().numTensors, before);
  });
});

test('unreadable files are skipped and reported with the batch before them; batches stay full', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const { items } = await writeColouredImages(dir, 3);
    await writeTruncatedJpeg(join(dir, 'cut.jpg'));
    const list = [item(dir, 'cut.jpg'), items[0], items[1], item(dir, 'gone.png'), items[2], item(dir, 'gone2.png')];
    const reasons: string[] = [];
    const ids: string[][] = [];
    const skipped: string[][] = [];
    for await (const batch of imageBatches(list, geometry, 2, undefined, { concurrency: 3 })) {
      ids.push(batch.items.map((i) => i.id));
      skipped.push(batch.skipped.map((s) => s.path));
      reasons.push(...batch.skipped.map((s) => s.reason));
      batch.images.dispose();
    }
    assert.deepEqual(ids, [['img0.png', 'img1.png'], ['img2.png']]);
    assert.deepEqual(skipped, [[join(dir, 'cut.jpg'), join(dir, 'gone.png')], [join(dir, 'gone2.png')]]);
    assert.match(reasons[0], /truncated or corrupt/);
    assert.equal(reasons[1], 'the file does not exist');
  });
});

test('when no file can be read, one empty batch carries the reports', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    await writeTruncatedJpeg(join(dir, 'cut.jpg'));
    const before = tf.memory().numTensors;
    const { ids, shapes, skipped } = await collect(imageBatches([item(dir, 'cut.jpg'), item(dir, 'gone.png')], geometry, 4));
    assert.deepEqual(ids, [[]]);
    assert.deepEqual(shapes, [[0, 4, 6, 3]]);
    assert.deepEqual(skipped, [[join(dir, 'cut.jpg'), join(dir, 'gone.png')]]);
    assert.equal(tf.memory().numTensors, before);
    assert.deepEqual(await collect(imageBatches([], geometry, 4)), { ids: [], shapes: [], skipped: [], values: [] });
  });
});

test('aborting stops the stream after the current batch, and stopping early leaks nothing', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const { items } = await writeColouredImages(dir, 7);
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const seen: string[][] = [];
    for await (const batch of imageBatches(items, geometry, 2, controller.signal)) {
      seen.push(batch.items.map((i) => i.id));
      batch.images.dispose();
      controller.abort();
    }
    assert.deepEqual(seen, [['img0.png', 'img1.png']]);
    const aborted = new AbortController();
    aborted.abort();
    assert.deepEqual((await collect(imageBatches(items, geometry, 2, aborted.signal))).ids, []);
    for await (const batch of imageBatches(items, geometry, 3)) {
      batch.images.dispose();
      break;
    }
    assert.equal(tf.memory().numTensors, before);
  });
});

test('a batch size below 1 is a user-facing error', async () => {
  await assert.rejects(imageBatches([], geometry, 0).next(), (err: unknown) => err instanceof UserFacingError && /batch size/.test(err.message));
});
