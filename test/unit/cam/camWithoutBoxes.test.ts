// cam on any images: a plain folder (maps and boxes, no box metrics), a dataset where only some images have boxes (metrics
// over those only), and the overlay PNGs written for every image.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { selectBackend } from '../../../src/engine/backend';
import { boxIou } from '../../../src/engine/cam/boxGeometry';
import { CAM_PAPER_THRESHOLD, localise, type LocaliseOptions } from '../../../src/engine/cam/localise';
import { drawOverlayBoxes, overlayPath } from '../../../src/engine/cam/overlayFiles';
import { openDataSource } from '../../../src/engine/data/source';
import { type Classifier, loadClassifier } from '../../../src/engine/model/classifier';
import { scoredImageCount } from '../../../src/protocol/cam';
import { writePixels } from '../../fixtures/data/images';
import { HEIGHT, SQUARE, WIDTH, squarePixels } from '../../fixtures/data/squares';
import { writeBrightnessModel } from '../../fixtures/model/brightnessModel';
import { withTempDir } from '../../fixtures/model/tempDir';

/** Top-left corners of the bright square in each image. */
const squares: [number, number][] = [[2, 3], [30, 4], [18, 14], [5, 26]];

const camMinMax: LocaliseOptions = { method: 'cam', normalisation: 'minmax', target: 'top1', batchSize: 3 };

/** <dir>/<i>.png for every square, with no metadata: a plain folder of images. */
async function writePlainFolder(dir: string): Promise<void> {
  for (const [i, square] of squares.entries()) await writePixels(join(dir, `${i}.png`), WIDTH, HEIGHT, 3, squarePixels(square));
}

/** A wsolevaluation dataset of the squares, labelled class 0, whose localization.txt lists a box for the first `boxed` images only. */
async function writePartlyBoxedDataset(root: string, boxed: number): Promise<void> {
  await mkdir(join(root, 'metadata'), { recursive: true });
  const ids = squares.map((_, i) => `images/${i}.png`);
  for (const [i, square] of squares.entries()) await writePixels(join(root, ids[i]), WIDTH, HEIGHT, 3, squarePixels(square));
  const lines = (rows: string[]): string => `${rows.join('\n')}\n`;
  await writeFile(join(root, 'metadata', 'image_ids.txt'), lines(ids));
  await writeFile(join(root, 'metadata', 'class_labels.txt'), lines(ids.map((id) => `${id},0`)));
  await writeFile(join(root, 'metadata', 'localization.txt'), lines(ids.slice(0, boxed).map((id, i) => {
    const [left, top] = squares[i];
    return `${id},${left},${top},${left + SQUARE - 1},${top + SQUARE - 1}`;
  })));
}

async function localiseFolder(classifier: Classifier, data: string, options: Partial<LocaliseOptions> = {}) {
  return localise(classifier, (await openDataSource(data)).items, { ...camMinMax, ...options });
}

/** The square of image i at the 224×224 evaluation size, inclusive corners. */
function squareAtEvaluationSize([left, top]: [number, number]) {
  const scale = (v: number, size: number) => Math.trunc((v * 224) / size);
  return { x0: scale(left, WIDTH), y0: scale(top, HEIGHT), x1: scale(left + SQUARE - 1, WIDTH), y1: scale(top + SQUARE - 1, HEIGHT) };
}

test('a folder of images without metadata gets maps and boxes at CAM\'s 20% τ, and no box metric', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const classifier = await loadClassifier(await writeBrightnessModel(dir));
    const data = join(dir, 'plain');
    await writePlainFolder(data);
    const before = tf.memory().numTensors;
    const results = await localiseFolder(classifier, data);
    assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
    assert.equal(results.imageCount, squares.length);
    assert.equal(results.maxBoxAcc, null);
    assert.equal(results.maxBoxAccV2, null);
    assert.equal(results.localisation, null);
    assert.equal(results.boxThreshold, CAM_PAPER_THRESHOLD);
    assert.equal(scoredImageCount(results), 0);
    assert.deepEqual(results.skipped, [], 'images without boxes are mapped, not skipped');
    for (const [i, image] of results.images.entries()) {
      assert.equal(image.id, `${i}.png`);
      assert.equal(image.iou, null, 'no IoU without a ground-truth box');
      assert.deepEqual(image.groundTruth, []);
      assert.equal(image.predicted, 0);
      assert.ok(boxIou(image.box, squareAtEvaluationSize(squares[i])) >= 0.5, `${image.id}: the box at τ 0.2 is around the bright square`);
    }
    const given = await localiseFolder(classifier, data, { localisationThreshold: 0.5 });
    assert.equal(given.boxThreshold, 0.5, 'a given τ is used for the boxes');
    await assert.rejects(localiseFolder(classifier, data, { target: 'gt' }), /--target gt\) need a class label for every image; 0\.png has none/);
    classifier.dispose();
  });
});

test('a dataset where only some images have boxes scores those only, and maps the rest', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const classifier = await loadClassifier(await writeBrightnessModel(dir));
    const data = join(dir, 'partial');
    await writePartlyBoxedDataset(data, 2);
    const results = await localiseFolder(classifier, data);
    assert.equal(results.imageCount, squares.length, 'every image has a map');
    assert.equal(scoredImageCount(results), 2);
    assert.ok(results.maxBoxAcc && results.localisation, 'box metrics over the boxed images');
    assert.equal(results.maxBoxAcc.maxAccuracy, 1, 'both boxed images localised: 2 of 2, not 2 of 4');
    assert.equal(results.localisation.gtKnown, 1);
    assert.equal(results.localisation.top1, 1);
    assert.equal(results.boxThreshold, results.localisation.threshold);
    assert.deepEqual(results.images.map((image) => image.iou === null), [false, false, true, true]);
    assert.deepEqual(results.skipped, []);
    classifier.dispose();
  });
});

test('overlay PNGs: one per image at its own size, the map coloured over it, boxes drawn; a file in the way is refused', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const classifier = await loadClassifier(await writeBrightnessModel(dir));
    const data = join(dir, 'partial');
    await writePartlyBoxedDataset(data, 2);
    const overlays = join(dir, 'out', 'overlays');
    const results = await localiseFolder(classifier, data, { overlayFolder: overlays });
    assert.equal(results.overlayFolder, overlays);
    for (const [i, image] of results.images.entries()) {
      const path = overlayPath(overlays, image.id);
      assert.equal(path, join(overlays, 'images', `${i}.png.png`), 'named after the image id');
      const { data: drawn, info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
      const metadata = await sharp(path).metadata();
      assert.equal(metadata.format, 'png');
      assert.deepEqual([info.width, info.height, info.channels], [WIDTH, HEIGHT, 3], 'the image\'s own size, RGB');
      const raw = Buffer.from(squarePixels(squares[i]));
      const pixelCount = WIDTH * HEIGHT;
      const differing = Array.from({ length: pixelCount }, (_, p) => [0, 1, 2].some((c) => drawn[p * 3 + c] !== raw[p * 3 + c])).filter(Boolean).length;
      assert.ok(differing > pixelCount * 0.9, `${image.id}: the map colours the picture (${differing} of ${pixelCount} pixels differ)`);
    }
    const blocker = join(dir, 'taken');
    await writeFile(blocker, 'not a folder');
    await assert.rejects(localiseFolder(classifier, data, { overlayFolder: blocker }), /Cannot write overlays into .*taken: it exists and is not a folder/);
    classifier.dispose();
  });
});

test('overlay boxes: the ground-truth box in green at the image\'s own pixels, the predicted box scaled from 224×224 in white', async () => {
  await withTempDir(async (dir) => {
    const gray = 100;
    const item = { id: 'a/b.jpg', path: join(dir, 'b.jpg'), label: null, boxes: [{ x0: 10, y0: 10, x1: 29, y1: 29 }], size: null };
    const path = overlayPath(dir, item.id);
    await mkdir(join(dir, 'a'), { recursive: true });
    await sharp({ create: { width: 80, height: 60, channels: 3, background: { r: gray, g: gray, b: gray } } }).png().toFile(path);
    // Predicted box (112, 0)–(223, 111) at 224×224 is (40, 0)–(79, 29) at 80×60.
    await drawOverlayBoxes(dir, item, { x0: 112, y0: 0, x1: 223, y1: 111 }, 224);
    const { data, info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
    assert.deepEqual([info.width, info.height], [80, 60]);
    const at = (x: number, y: number) => Array.from(data.subarray((y * 80 + x) * info.channels, (y * 80 + x) * info.channels + 3));
    const [r, g, b] = at(20, 10);
    assert.ok(g > r + 40 && g > b + 40, `the ground-truth box's top edge is green: ${[r, g, b]}`);
    assert.ok(at(42, 0).every((v) => v > 200), `the predicted box's top edge starts with a white dash: ${at(42, 0)}`);
    assert.deepEqual(at(20, 20), [gray, gray, gray], 'inside the boxes the picture is untouched');
    assert.deepEqual(at(20, 50), [gray, gray, gray], 'outside the boxes the picture is untouched');
  });
});
