// The ImageNet benchmark readers on trees written in each release's layout (scripts/benchmark-fixtures/make_fixtures.py):
// ImageNet validation and ImageNet-Sketch, ImageNet-A and ImageNet-R by WordNet id, ImageNet-V2 by class index; bad trees named.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openDataSource } from '../../../src/engine/data/source';
import { IMAGENET_CLASSES, benchmarkClassSubset, benchmarkSource, detectImageNetBenchmark, wnidOrderMismatch } from '../../../src/engine/data/imagenetBenchmarks';
import { decodeItemOriginal } from '../../../src/engine/data/itemPixels';
import { UserFacingError } from '../../../src/engine/errors';
import { imagenetBenchmarks, type ImageNetBenchmark } from '../../../src/protocol/sweep';
import { withTempDir } from '../../fixtures/model/tempDir';

const SETS = 'test/fixtures/benchmark-sets';

export interface ExpectedImage { label: number; rgb: [number, number, number]; predicted: number; unrestrictedPredicted: number; confidence: number }
export interface ExpectedImageNet {
  subsets: Record<'imagenet-a' | 'imagenet-r', number[]>;
  sets: Record<ImageNetBenchmark, { images: Record<string, ExpectedImage>; cleanError: number }>;
}
const expected = (JSON.parse(readFileSync(join(SETS, 'expected.json'), 'utf8')) as { imagenet: ExpectedImageNet }).imagenet;

const wnid = (index: number): string => IMAGENET_CLASSES[index].wnid;

test('the class index table: 1000 classes in sorted wnid order, tench first; the 200-class subsets are those numpy read from the authors\' eval.py', () => {
  assert.equal(IMAGENET_CLASSES.length, 1000);
  assert.deepEqual(IMAGENET_CLASSES[0], { wnid: 'n01440764', name: 'tench' });
  assert.deepEqual(IMAGENET_CLASSES[999], { wnid: 'n15075141', name: 'toilet_tissue' });
  const wnids = IMAGENET_CLASSES.map((c) => c.wnid);
  assert.deepEqual(wnids, [...wnids].sort(), 'class index order is the sorted wnids');
  assert.equal(new Set(wnids).size, 1000);
  for (const name of ['imagenet-a', 'imagenet-r'] as const) {
    assert.deepEqual(benchmarkClassSubset(name), expected.subsets[name]);
    assert.equal(new Set(benchmarkClassSubset(name)).size, 200);
  }
  assert.notDeepEqual(expected.subsets['imagenet-a'], expected.subsets['imagenet-r']);
  for (const name of ['imagenet-val', 'imagenet-v2', 'imagenet-sketch'] as const) assert.equal(benchmarkClassSubset(name), null);
});

test('each tree is read with every label the ImageNet-1k class index of its folder, whatever the folder\'s sorted place', async () => {
  for (const name of imagenetBenchmarks) {
    const listing = await openDataSource(join(SETS, name));
    assert.equal(listing.kind, 'imagefolder');
    const { source, classSubset, benchmark } = benchmarkSource(listing, name);
    assert.equal(benchmark, name);
    assert.deepEqual(classSubset, benchmarkClassSubset(name));
    assert.equal(source.classNames?.length, 1000);
    const images = expected.sets[name].images;
    assert.deepEqual(source.items.map((i) => i.id).sort(), Object.keys(images).sort(), name);
    for (const item of source.items) assert.equal(item.label, images[item.id].label, `${name} ${item.id}`);
  }
  // The sorted folder index is not the class: V2's folders sort as strings 0, 297, 57, 805.
  const v2 = await openDataSource(join(SETS, 'imagenet-v2'));
  assert.deepEqual(v2.classNames, ['0', '297', '57', '805']);
  assert.deepEqual([...new Set(benchmarkSource(v2, 'imagenet-v2').source.items.map((i) => i.label))], [0, 297, 57, 805]);
});

test('the engine decodes each fixture JPEG to the colour OpenCV decoded, which the expected predictions were computed from', async () => {
  for (const name of ['imagenet-a', 'imagenet-v2'] as const) {
    const { items } = await openDataSource(join(SETS, name));
    for (const item of items) {
      const { pixels } = await decodeItemOriginal(item);
      const rgb = expected.sets[name].images[item.id].rgb;
      for (let i = 0; i < pixels.length; i++) assert.equal(pixels[i], rgb[i % 3], `${item.id} byte ${i}`);
    }
  }
});

test('a tree is recognised from its folder names: exactly the 200 wnids of ImageNet-A or -R, other ImageNet wnids, or exactly 0 … 999', () => {
  assert.equal(detectImageNetBenchmark(expected.subsets['imagenet-a'].map(wnid)), 'imagenet-a');
  assert.equal(detectImageNetBenchmark(expected.subsets['imagenet-r'].map(wnid)), 'imagenet-r');
  assert.equal(detectImageNetBenchmark(IMAGENET_CLASSES.map((c) => c.wnid)), 'imagenet-val');
  assert.equal(detectImageNetBenchmark(expected.subsets['imagenet-a'].slice(1).map(wnid)), 'imagenet-val', 'some of ImageNet-A\'s classes only: scored among all 1000');
  assert.equal(detectImageNetBenchmark(Array.from({ length: 1000 }, (_, i) => String(i))), 'imagenet-v2');
  assert.equal(detectImageNetBenchmark(Array.from({ length: 10 }, (_, i) => String(i))), null, 'a digits ImageFolder is no ImageNet-V2');
  assert.equal(detectImageNetBenchmark(['n01440764', 'cat']), null);
  assert.equal(detectImageNetBenchmark([]), null);
});

test('a model whose labels are the wnids in another order is found out; other labels are read by class index', () => {
  const wnids = IMAGENET_CLASSES.map((c) => c.wnid);
  assert.equal(wnidOrderMismatch(wnids), null);
  assert.equal(wnidOrderMismatch(IMAGENET_CLASSES.map((c) => c.name)), null);
  assert.equal(wnidOrderMismatch(Array.from({ length: 1000 }, (_, i) => `class_${i}`)), null);
  const swapped = [...wnids];
  [swapped[3], swapped[7]] = [swapped[7], swapped[3]];
  assert.equal(wnidOrderMismatch(swapped), 3);
});

async function rejection(path: string, name: ImageNetBenchmark): Promise<string> {
  try {
    benchmarkSource(await openDataSource(path), name);
  } catch (err) {
    assert.ok(err instanceof UserFacingError);
    return err.message;
  }
  assert.fail(`${path} read as ${name}`);
}

test('bad trees are refused with a message naming the folder', async () => {
  const bad = join(SETS, 'bad');
  const notWnid = await rejection(join(bad, 'imagenet-not-wnid'), 'imagenet-sketch');
  assert.match(notWnid, /imagenet-not-wnid\/goldfish/);
  assert.match(notWnid, /ImageNet-Sketch names its class folders by ImageNet-1k WordNet id/);
  const padded = await rejection(join(bad, 'imagenet-v2-padded'), 'imagenet-v2');
  assert.match(padded, /imagenet-v2-padded\/007/);
  assert.match(padded, /0 … 999/);
  const outside = await rejection(join(bad, 'imagenet-a-outside'), 'imagenet-a');
  assert.match(outside, /imagenet-a-outside\/n01440764/);
  assert.match(outside, /n01440764 \(tench, class 0\) is not one of ImageNet-A's 200 classes/);
  // A CIFAR batch or a plain folder of images is no ImageFolder tree.
  assert.match(await rejection(join(SETS, 'cifar-10-batches-bin'), 'imagenet-val'), /read as ImageNet validation, which is an ImageFolder tree .* but it is a cifar-binary dataset/);
  await withTempDir(async (dir) => {
    await mkdir(join(dir, 'empty-class'));
    assert.match(await rejection(dir, 'imagenet-r'), /No images found/);
  });
});

test('a tree with some of a benchmark\'s classes is read, with a warning saying how many', async () => {
  const { warnings } = benchmarkSource(await openDataSource(join(SETS, 'imagenet-a')), 'imagenet-a');
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /holds 3 of ImageNet-A's 200 class folders/);
});
