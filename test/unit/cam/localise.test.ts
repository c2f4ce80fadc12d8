// The localisation run end to end: a synthetic dataset whose answer is known, and the bundled sample model.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import sharp from 'sharp';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { selectBackend } from '../../../src/engine/backend';
import { quantiseScoremap } from '../../../src/engine/cam/boxes';
import { classActivationMaps } from '../../../src/engine/cam/cam';
import { gradCam } from '../../../src/engine/cam/gradcam';
import { localise, type LocalisationResults, type LocaliseOptions } from '../../../src/engine/cam/localise';
import { readScoremap } from '../../../src/engine/cam/scoremaps';
import { resizeMapsBilinear } from '../../../src/engine/cam/resize';
import { imageBatches } from '../../../src/engine/data/batches';
import { geometryFromProfile } from '../../../src/engine/data/geometry';
import { openDataSource } from '../../../src/engine/data/source';
import { type Classifier, loadClassifier } from '../../../src/engine/model/classifier';
import { hasBoxMetrics, type WithBoxMetrics } from '../../../src/protocol/cam';
import { writePixels } from '../../fixtures/data/images';
import { HEIGHT, SQUARE, WIDTH, squarePixels } from '../../fixtures/data/squares';
import { writeBrightnessModel } from '../../fixtures/model/brightnessModel';
import { withTempDir } from '../../fixtures/model/tempDir';

const repo = resolve(__dirname, '..', '..', '..', '..');
const sampleModelDir = join(repo, 'samples', 'models', 'baseline');
const sampleData = join(repo, 'samples', 'data');

/** Top-left corners of the bright square in each synthetic image. */
const squares: [number, number][] = [[2, 3], [30, 4], [18, 14], [5, 26], [33, 25], [20, 2]];

/**
 * A wsolevaluation dataset of WIDTH×HEIGHT black images with one white SQUARE×SQUARE square each, labelled class 0,
 * with the box around the square, or (shifted) the same box moved to the far corner of the image.
 */
async function writeSquaresDataset(root: string, shifted: boolean): Promise<void> {
  await mkdir(join(root, 'metadata'), { recursive: true });
  const ids = squares.map((_, i) => `images/${i}.png`);
  for (const [i, square] of squares.entries()) await writePixels(join(root, ids[i]), WIDTH, HEIGHT, 3, squarePixels(square));
  const boxOf = ([left, top]: [number, number]): number[] => {
    const x0 = shifted ? (left < WIDTH / 2 ? WIDTH - SQUARE : 0) : left;
    const y0 = shifted ? (top < HEIGHT / 2 ? HEIGHT - SQUARE : 0) : top;
    return [x0, y0, x0 + SQUARE - 1, y0 + SQUARE - 1];
  };
  const lines = (row: (id: string, i: number) => string): string => `${ids.map(row).join('\n')}\n`;
  await writeFile(join(root, 'metadata', 'image_ids.txt'), lines((id) => id));
  await writeFile(join(root, 'metadata', 'class_labels.txt'), lines((id) => `${id},0`));
  await writeFile(join(root, 'metadata', 'image_sizes.txt'), lines((id) => `${id},${WIDTH},${HEIGHT}`));
  await writeFile(join(root, 'metadata', 'localization.txt'), lines((id, i) => `${id},${boxOf(squares[i]).join(',')}`));
}

const camMinMax: LocaliseOptions = { method: 'cam', normalisation: 'minmax', target: 'top1', batchSize: 4 };

/** The results, checked to carry box metrics (every dataset here has boxes). */
function scored(results: LocalisationResults): WithBoxMetrics<LocalisationResults> {
  assert.ok(hasBoxMetrics(results), 'the run has box metrics');
  return results;
}

async function localiseDataset(classifier: Classifier, data: string, options: Partial<LocaliseOptions> = {}) {
  const source = await openDataSource(data);
  return scored(await localise(classifier, source.items, { ...camMinMax, ...options }));
}

test('a CAM that lights exactly the bright square localises every image (MaxBoxAcc = 1); boxes elsewhere give 0', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const classifier = await loadClassifier(await writeBrightnessModel(dir));
    await writeSquaresDataset(join(dir, 'right'), false);
    await writeSquaresDataset(join(dir, 'shifted'), true);
    const before = tf.memory().numTensors;
    const progress: number[] = [];
    const right = await localiseDataset(classifier, join(dir, 'right'), { onProgress: (p) => progress.push(p.done) });
    assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
    assert.equal(right.imageCount, squares.length);
    assert.equal(right.maxBoxAcc.maxAccuracy, 1);
    assert.equal(right.maxBoxAcc.iouThreshold, 0.5);
    assert.deepEqual(right.maxBoxAccV2.curves.map((c) => c.iouThreshold), [0.3, 0.5, 0.7]);
    assert.ok(right.maxBoxAccV2.curves[0].maxAccuracy === 1 && right.maxBoxAccV2.curves[1].maxAccuracy === 1);
    assert.deepEqual(right.localisation, { threshold: right.maxBoxAcc.bestThreshold, thresholdSource: 'max-box-acc', top1: 1, gtKnown: 1 });
    assert.equal(right.thresholds.length, 100);
    assert.equal(right.maxBoxAcc.accuracies.length, 100);
    assert.deepEqual(right.settings, { method: 'cam', normalisation: 'minmax', ivrPercentile: null, layer: 'brightness', target: 'top1', evaluationSize: 224, thresholdStep: 0.01, inputSize: [32, 32] });
    for (const image of right.images) {
      assert.equal(image.predicted, 0);
      assert.equal(image.explained, 0);
      assert.ok((image.iou ?? 0) >= 0.5, `${image.id}: IoU ${image.iou}`);
    }
    // Image 0's square (2..13, 3..14) scaled by 224/48 and 224/40, truncated as wsolevaluation does.
    assert.deepEqual(right.images[0].groundTruth, [{ x0: 9, y0: 16, x1: 60, y1: 78 }]);
    assert.deepEqual(progress, [0, 4, 6]);

    const shifted = await localiseDataset(classifier, join(dir, 'shifted'));
    assert.equal(shifted.maxBoxAcc.maxAccuracy, 0);
    assert.equal(shifted.maxBoxAccV2.mean, 0);
    assert.equal(shifted.localisation.gtKnown, 0);
    classifier.dispose();
  });
});

test('options: a fixed τ, a subset of V2 criteria, ground-truth targets, IVR; bad options are user errors; cancelling stops the run', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const classifier = await loadClassifier(await writeBrightnessModel(dir));
    const data = join(dir, 'right');
    await writeSquaresDataset(data, false);
    const fixed = await localiseDataset(classifier, data, { localisationThreshold: 0.5, iouThresholds: [0.5], target: 'gt', normalisation: 'ivr', ivrPercentile: 0.5 });
    assert.equal(fixed.localisation.threshold, 0.5);
    assert.equal(fixed.localisation.thresholdSource, 'given');
    assert.deepEqual(fixed.maxBoxAccV2.curves.map((c) => c.iouThreshold), [0.5]);
    assert.equal(fixed.maxBoxAccV2.mean, fixed.maxBoxAccV2.curves[0].maxAccuracy);
    assert.equal(fixed.settings.ivrPercentile, 0.5);
    assert.equal(fixed.localisation.gtKnown, fixed.maxBoxAcc.accuracies[50]);

    await assert.rejects(localiseDataset(classifier, data, { localisationThreshold: 0.505 }), /multiple of 0\.01/);
    await assert.rejects(localiseDataset(classifier, data, { iouThresholds: [0.6] }), /0\.3, 0\.5 and 0\.7/);
    await assert.rejects(localiseDataset(classifier, data, { ivrPercentile: 0.5 }), /only to the IVR/);
    await assert.rejects(localiseDataset(classifier, data, { layer: 'gap' }), /Classic CAM reads the feature map feeding the pooling layer \('brightness'\)/);
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    await assert.rejects(localiseDataset(classifier, data, { batchSize: 2, signal: controller.signal, onProgress: (p) => { if (p.done > 0) controller.abort(); } }), /cancelled/);
    assert.equal(tf.memory().numTensors, before, 'no tensor leaked when cancelled');
    classifier.dispose();
  });
});

test('the bundled sample: numbers are fractions, Grad-CAM is ReLU(CAM) up to a positive scale, .npy maps are written', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const classifier = await loadClassifier(join(sampleModelDir, 'model.json'));
    const items = (await openDataSource(sampleData)).items.slice(0, 40);
    const before = tf.memory().numTensors;
    const maps = join(dir, 'maps');
    const results = scored(await localise(classifier, items, { ...camMinMax, batchSize: 16, scoremapFolder: maps }));
    assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
    assert.equal(results.imageCount, 40);
    const fractions = [results.maxBoxAcc.maxAccuracy, results.maxBoxAccV2.mean, ...results.maxBoxAccV2.curves.map((c) => c.maxAccuracy), results.localisation.gtKnown, results.localisation.top1 ?? 0, ...results.maxBoxAcc.accuracies];
    for (const value of fractions) assert.ok(value >= 0 && value <= 1, `${value} is a fraction`);
    assert.ok((results.localisation.top1 ?? 0) <= results.localisation.gtKnown, 'top-1 localisation never beats GT-known');
    for (const image of results.images.slice(0, 5)) {
      const map = await readScoremap(maps, image.id);
      assert.deepEqual([map.height, map.width], [224, 224]);
      assert.ok(map.data.every((v) => v >= 0 && v <= 1));
    }
    assert.ok(existsSync(join(maps, `${items[39].id}.npy`)));

    // GAP → dense: ∂y_c/∂A_k = w_kc/(H·W) everywhere, so Grad-CAM = ReLU(Σ_k w_kc·A_k)/(H·W) = ReLU(CAM)/(H·W) before upsampling.
    const batches = imageBatches(items.slice(0, 8), geometryFromProfile(classifier.profile), 8);
    const { value: batch } = await batches.next();
    await batches.return(undefined);
    const [difference, scale] = tf.tidy(() => {
      const gradient = gradCam(classifier, batch.images, { kind: 'top1' });
      const { features } = classifier.featuresAndLogits(batch.images);
      const kernel = classifier.denseHeadWeights()?.kernel as tf.Tensor2D;
      const [n, h, w, k] = features.shape;
      const weights = tf.transpose(tf.gather(kernel, gradient.classes, 1)); // [N, K]
      const lowResCam = tf.reshape(tf.matMul(tf.reshape(features, [n, h * w, k]), tf.reshape(weights, [n, k, 1])), [n, h, w]) as tf.Tensor3D;
      const expected = resizeMapsBilinear(tf.div(tf.relu(lowResCam), h * w) as tf.Tensor3D, [batch.images.shape[1], batch.images.shape[2]]);
      const cam = classActivationMaps(classifier, batch.images, { kind: 'top1' });
      assert.deepEqual(Array.from(cam.classes.dataSync()), Array.from(gradient.classes.dataSync()));
      const camError = tf.max(tf.abs(tf.sub(cam.maps, resizeMapsBilinear(lowResCam, [batch.images.shape[1], batch.images.shape[2]])))).dataSync()[0];
      assert.ok(camError <= 1e-4 * tf.max(tf.abs(cam.maps)).dataSync()[0], `CAM is Σ_k w_kc·A_k (error ${camError})`);
      return [tf.max(tf.abs(tf.sub(gradient.maps, expected))).dataSync()[0], tf.max(tf.abs(expected)).dataSync()[0]];
    });
    batch.images.dispose();
    assert.ok(scale > 0, 'the maps are not all zero');
    assert.ok(difference <= 1e-4 * scale, `Grad-CAM differs from ReLU(CAM)/(H·W) by ${difference} (scale ${scale})`);
    classifier.dispose();
  });
});

test('overlays: the map as an 8-bit 224×224 PNG, the image as a 224×224 JPEG, and the box at every τ the evaluator traced', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const classifier = await loadClassifier(await writeBrightnessModel(dir));
    const data = join(dir, 'right');
    await writeSquaresDataset(data, false);
    const plain = await localiseDataset(classifier, data);
    assert.ok(plain.images.every((image) => image.overlay === null), 'no overlay unless asked for');
    const before = tf.memory().numTensors;
    const drawn = await localiseDataset(classifier, data, { includeOverlays: true, scoremapFolder: join(dir, 'maps') });
    assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
    const thresholdIndex = drawn.thresholds.indexOf(drawn.localisation.threshold);
    for (const image of drawn.images) {
      const overlay = image.overlay;
      assert.ok(overlay, `${image.id} has an overlay`);
      assert.equal(overlay.boxes.length, drawn.thresholds.length);
      assert.deepEqual(overlay.boxes[thresholdIndex], image.box, 'the per-threshold boxes agree with the reported box');
      assert.equal(overlay.ious?.length, drawn.thresholds.length);
      assert.equal(overlay.ious?.[thresholdIndex], image.iou);
      const png = Buffer.from(overlay.map.replace(/^data:image\/png;base64,/, ''), 'base64');
      const header = await sharp(png).metadata();
      assert.deepEqual([header.format, header.width, header.height, header.channels, header.depth], ['png', 224, 224, 1, 'uchar'], '8-bit grayscale');
      const map = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
      const saved = await readScoremap(join(dir, 'maps'), image.id);
      assert.deepEqual(new Uint8Array(map.data), quantiseScoremap(saved.data), 'the PNG holds the quantised map the boxes are traced from');
      const picture = await sharp(Buffer.from(overlay.image.replace(/^data:image\/jpeg;base64,/, ''), 'base64')).metadata();
      assert.deepEqual([picture.format, picture.width, picture.height], ['jpeg', 224, 224]);
    }
    classifier.dispose();
  });
});
