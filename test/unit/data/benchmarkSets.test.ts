// The published benchmark layouts read from fixtures that numpy wrote (scripts/benchmark-fixtures/make_fixtures.py):
// .npy headers and slices, CIFAR-10/100 binary batches, CIFAR-10-C/100-C arrays, and bad files named in the message.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { openDataSource } from '../../../src/engine/data/source';
import { readNpyHeader, readNpyIntegers } from '../../../src/engine/data/npyFile';
import { decodeItemRgb, readRawPixels } from '../../../src/engine/data/itemPixels';
import { openReleasedCorruptions, releasedConditions } from '../../../src/engine/data/releasedCorruptions';
import { imageBatches } from '../../../src/engine/data/batches';
import type { ImageItem } from '../../../src/protocol/data';
import { withTempDir } from '../../fixtures/model/tempDir';

const SETS = 'test/fixtures/benchmark-sets';

interface Expected {
  cifar10: { labels: number[]; hwc: string; classNames: string[] };
  cifar100: { labels: number[]; hwc: string };
  cifar10c: { labels: number[]; arrays: Record<string, string>; height: number; width: number; imageCount: number };
  cifar100c: { labels: number[]; contrast: string; height: number; width: number; imageCount: number };
}
const expected = JSON.parse(readFileSync(join(SETS, 'expected.json'), 'utf8')) as Expected;
const bytesOf = (base64: string): Uint8Array => new Uint8Array(Buffer.from(base64, 'base64'));

async function pixelsOf(item: ImageItem): Promise<Uint8Array> {
  assert.ok(item.raw, `${item.id} is a raw record`);
  return (await readRawPixels(item.path, item.raw)).pixels;
}

test('the .npy header gives dtype, shape and data offset for format 1.0 and 2.0; integers read by offset', async () => {
  const labels = await readNpyHeader(join(SETS, 'cifar-10-c', 'labels.npy'));
  assert.equal(labels.dtype, '<i8');
  assert.deepEqual(labels.shape, [20]);
  assert.equal(labels.dataOffset % 64, 0, 'numpy aligns the data to 64 bytes');
  assert.deepEqual(await readNpyIntegers(labels, 4, 4), expected.cifar10c.labels, 'severity 2 repeats the labels');
  const v2 = await readNpyHeader(join(SETS, 'cifar-100-c', 'contrast.npy'));
  assert.deepEqual(v2.shape, [15, 6, 5, 3]);
  assert.equal(v2.dtype, '|u1');
  const small = await readNpyHeader(join(SETS, 'cifar-100-c', 'labels.npy'));
  assert.deepEqual(await readNpyIntegers(small, 0, 3), expected.cifar100c.labels);
});

test('CIFAR-10 binary: records decode to the pixels numpy wrote (CHW planes → HWC), labels and class names', async () => {
  for (const path of [join(SETS, 'cifar-10-batches-bin'), join(SETS, 'cifar-10-batches-bin', 'test_batch.bin')]) {
    const source = await openDataSource(path);
    assert.equal(source.kind, 'cifar-binary');
    assert.deepEqual(source.classNames, expected.cifar10.classNames);
    assert.deepEqual(source.items.map((i) => i.label), expected.cifar10.labels);
    assert.deepEqual(source.items.map((i) => i.id), ['00000', '00001', '00002', '00003']);
    const hwc = bytesOf(expected.cifar10.hwc);
    for (const [k, item] of source.items.entries()) assert.deepEqual(await pixelsOf(item), hwc.subarray(k * 3072, (k + 1) * 3072), `record ${k}`);
  }
});

test('CIFAR-100 binary: the fine label (second byte) is the label; pixels as numpy wrote them', async () => {
  const source = await openDataSource(join(SETS, 'cifar-100-binary'));
  assert.equal(source.kind, 'cifar-binary');
  assert.equal(source.classNames?.length, 100);
  assert.deepEqual(source.items.map((i) => i.label), expected.cifar100.labels);
  const hwc = bytesOf(expected.cifar100.hwc);
  for (const [k, item] of source.items.entries()) assert.deepEqual(await pixelsOf(item), hwc.subarray(k * 3072, (k + 1) * 3072));
});

test('CIFAR-10-C arrays: every corruption × severity × image, pixels and labels as numpy wrote them', async () => {
  const source = await openDataSource(join(SETS, 'cifar-10-c'));
  assert.equal(source.kind, 'corruption-arrays');
  const { imageCount, height, width } = expected.cifar10c;
  assert.equal(source.items.length, 2 * 5 * imageCount);
  const imageBytes = height * width * 3;
  for (const [name, base64] of Object.entries(expected.cifar10c.arrays)) {
    const all = bytesOf(base64);
    for (let severity = 1; severity <= 5; severity++) {
      for (let i = 0; i < imageCount; i++) {
        const item = source.items.find((it) => it.id === `${name}/${severity}/0000${i}`);
        assert.ok(item, `${name}/${severity}/${i}`);
        assert.equal(item.label, expected.cifar10c.labels[i]);
        const row = (severity - 1) * imageCount + i;
        assert.deepEqual(await pixelsOf(item), all.subarray(row * imageBytes, (row + 1) * imageBytes), `${name} severity ${severity} image ${i}`);
      }
    }
  }
});

test('CIFAR-100-C with n uint8 labels and a v2.0 array; records resize to the model input like files do', async () => {
  const source = await openDataSource(join(SETS, 'cifar-100-c'));
  const { imageCount, height, width } = expected.cifar100c;
  assert.equal(source.items.length, 5 * imageCount);
  const item = source.items.find((it) => it.id === 'contrast/4/00002');
  assert.ok(item);
  assert.equal(item.label, expected.cifar100c.labels[2]);
  const row = 3 * imageCount + 2;
  const want = bytesOf(expected.cifar100c.contrast).subarray(row * height * width * 3, (row + 1) * height * width * 3);
  assert.deepEqual(await pixelsOf(item), want);
  // Resized to 12×10, a record gives what sharp gives the same pixels saved as a PNG file.
  await withTempDir(async (dir) => {
    const png = join(dir, 'same.png');
    await sharp(Buffer.from(want), { raw: { width, height, channels: 3 } }).png().toFile(png);
    const geometry = { height: 12, width: 10, resize: 'stretch' as const, centerCropFraction: 1 };
    const fromRecord = await decodeItemRgb(item, geometry);
    const fromFile = await decodeItemRgb({ id: 'same.png', path: png, label: null, boxes: [], size: null }, geometry);
    assert.deepEqual(fromRecord, fromFile);
  });
  // And the batch stream reads records like files.
  for await (const batch of imageBatches(source.items.slice(0, 4), { height, width, resize: 'stretch', centerCropFraction: 1 }, 4)) {
    assert.deepEqual(batch.images.shape, [4, height, width, 3]);
    batch.images.dispose();
  }
});

test('bad files get a message naming the file and what is wrong', async () => {
  const bad = (name: string): string => join(SETS, 'bad', name);
  await assert.rejects(openDataSource(bad('wrong-shape')), (e: Error) => e.message.includes(join(bad('wrong-shape'), 'fog.npy')) && /19 rows are not 5 equal severities/.test(e.message));
  await assert.rejects(openDataSource(bad('label-count')), (e: Error) => e.message.includes(join(bad('label-count'), 'labels.npy')) && /7 labels.*20 images/.test(e.message));
  await assert.rejects(openDataSource(bad('labels-disagree')), (e: Error) => e.message.includes('labels.npy') && /label 13 \(severity 4, image 1\)/.test(e.message));
  await assert.rejects(openDataSource(bad('fortran-order')), (e: Error) => e.message.includes('fog.npy') && /Fortran order/.test(e.message));
  await assert.rejects(openDataSource(bad('float-images')), (e: Error) => e.message.includes('fog.npy') && /'<f4' is not an integer type/.test(e.message));
  await assert.rejects(openDataSource(bad('cifar-truncated')), (e: Error) => e.message.includes('test_batch.bin') && /not a whole number of 3073-byte records/.test(e.message));
  await withTempDir(async (dir) => {
    await writeFile(join(dir, 'gaussian_noise.npy'), Buffer.from('not numpy at all'));
    await writeFile(join(dir, 'labels.npy'), Buffer.from('x'));
    await assert.rejects(openDataSource(dir), (e: Error) => e.message.includes(join(dir, 'gaussian_noise.npy')) && /magic string/.test(e.message));
  });
});

/** A tree <corruption>/<severity>/<class>/<name>.JPEG with the given severities per corruption. */
async function writeTree(root: string, severities: Record<string, number[]>): Promise<void> {
  const pixels = Buffer.alloc(8 * 8 * 3, 128);
  for (const [corruption, levels] of Object.entries(severities)) {
    for (const severity of levels) {
      await mkdir(join(root, corruption, String(severity), 'n01'), { recursive: true });
      await sharp(pixels, { raw: { width: 8, height: 8, channels: 3 } }).jpeg().toFile(join(root, corruption, String(severity), 'n01', 'a.JPEG'));
    }
  }
}

test('an ImageNet-C tree: listed with class labels; a missing severity is named; an ImageFolder with a class called fog is no tree', async () => {
  await withTempDir(async (dir) => {
    const tree = join(dir, 'imagenet-c');
    await writeTree(tree, { fog: [1, 2, 3, 4, 5], snow: [1, 2, 4, 5] });
    const source = await openDataSource(tree);
    assert.equal(source.kind, 'corruption-tree');
    assert.deepEqual(source.classNames, ['n01']);
    assert.equal(source.items.length, 9);
    assert.equal(source.items[0].id, 'fog/1/n01/a.JPEG');
    assert.equal(source.items[0].label, 0);
    const released = await openReleasedCorruptions(tree);
    assert.ok(released);
    assert.throws(() => releasedConditions(released, undefined, undefined), (e: Error) => e.message.includes(join(tree, 'snow', '3')) && /severities 1, 2, 4, 5/.test(e.message));
    assert.deepEqual(releasedConditions(released, ['fog'], undefined), { corruptions: ['fog'], severities: [1, 2, 3, 4, 5] });
    const clean: ImageItem = { id: 'n01/a.png', path: '', label: 0, boxes: [], size: null };
    assert.equal((await released.itemFor('fog', 2, clean)).path, join(tree, 'fog', '2', 'n01', 'a.JPEG'), 'matched by id without extension');
    await assert.rejects(released.itemFor('fog', 2, { ...clean, id: 'n01/b.png' }), (e: Error) => e.message.includes(join(tree, 'fog', '2')) && /no corrupted copy of the clean image 'n01\/b.png'/.test(e.message));

    const classes = join(dir, 'weather');
    await mkdir(join(classes, 'fog'), { recursive: true });
    await sharp(Buffer.alloc(8 * 8 * 3), { raw: { width: 8, height: 8, channels: 3 } }).png().toFile(join(classes, 'fog', 'x.png'));
    assert.equal((await openDataSource(classes)).kind, 'imagefolder');
    assert.equal(await openReleasedCorruptions(classes), null);
  });
});

test('CIFAR-10-C rows match the CIFAR binary test set by index; a clean image with another label is refused', async () => {
  const released = await openReleasedCorruptions(join(SETS, 'cifar-10-c'));
  assert.ok(released);
  assert.equal(released.kind, 'corruption-arrays');
  const clean = await openDataSource(join(SETS, 'cifar-10-batches-bin'));
  const item = await released.itemFor('fog', 3, clean.items[2]);
  assert.equal(item.id, 'fog/3/00002');
  assert.equal(item.label, clean.items[2].label);
  await assert.rejects(released.itemFor('fog', 3, { ...clean.items[2], label: 9 }), /labels.npy gives image 2 label 0, but the clean set gives it label 9/);
  await assert.rejects(released.itemFor('fog', 3, { ...clean.items[2], id: 'cat/x.png' }), /matched to the clean test set by position/);
});
