// The report's localisation section: colour maps, the map blended over the picture with sharp, and the section's
// table, curves and boxes on a hand-made run.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import sharp from 'sharp';
import type { RunRecord } from '../../../src/protocol/records';
import type { CamImageOverlay, CamResults } from '../../../src/protocol/cam';
import { camOverlayJpegDataUri } from '../../../src/present/report/camOverlayImage';
import { evenlySpaced } from '../../../src/present/report/localisationFigures';
import { localisationSection } from '../../../src/present/report/localisationSection';
import { colorMapTable } from '../../../src/present/colorMaps';

const SIZE = 224;

async function overlay(level: number, gray: number): Promise<CamImageOverlay> {
  const map = await sharp(Buffer.alloc(SIZE * SIZE, level), { raw: { width: SIZE, height: SIZE, channels: 1 } }).toColourspace('b-w').png().toBuffer();
  const image = await sharp(Buffer.alloc(SIZE * SIZE * 3, gray), { raw: { width: SIZE, height: SIZE, channels: 3 } }).jpeg({ quality: 100 }).toBuffer();
  const box = { x0: 10, y0: 20, x1: 110, y1: 120 };
  return { map: `data:image/png;base64,${map.toString('base64')}`, image: `data:image/jpeg;base64,${image.toString('base64')}`, boxes: [box, box], ious: [0.75, 0.75] };
}

const meanColor = async (uri: string): Promise<number[]> => {
  const { channels } = await sharp(Buffer.from(uri.split(',')[1], 'base64')).stats();
  return channels.slice(0, 3).map((c) => c.mean);
};

test('colour maps: viridis and inferno run from their dark ends to their light ends; jet from blue to red', () => {
  const ends = (name: 'viridis' | 'inferno' | 'jet') => { const t = colorMapTable(name); return [Array.from(t.subarray(0, 3)), Array.from(t.subarray(765, 768))]; };
  // The polynomial fits stay within a few levels of matplotlib's tables.
  const close = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]) <= 4);
  const [viridisLow, viridisHigh] = ends('viridis');
  assert.ok(close(viridisLow, [68, 1, 84]) && close(viridisHigh, [253, 231, 37]), `viridis ${viridisLow} … ${viridisHigh}`);
  const [infernoLow, infernoHigh] = ends('inferno');
  assert.ok(close(infernoLow, [0, 0, 4]) && close(infernoHigh, [252, 255, 164]), `inferno ${infernoLow} … ${infernoHigh}`);
  assert.deepEqual(ends('jet'), [[0, 0, 128], [128, 0, 0]]);
});

test('the blended picture is the map\'s colour at full opacity, the picture at zero, and a 224×224 JPEG', async () => {
  const hot = await overlay(255, 40);
  const full = await camOverlayJpegDataUri(hot, 'viridis', 1);
  assert.match(full, /^data:image\/jpeg;base64,/);
  const metadata = await sharp(Buffer.from(full.split(',')[1], 'base64')).metadata();
  assert.deepEqual([metadata.width, metadata.height], [SIZE, SIZE]);
  const top = Array.from(colorMapTable('viridis').subarray(765, 768));
  (await meanColor(full)).forEach((value, c) => assert.ok(Math.abs(value - top[c]) < 4, `channel ${c}: ${value} vs ${top[c]}`));
  (await meanColor(await camOverlayJpegDataUri(hot, 'viridis', 0))).forEach((value) => assert.ok(Math.abs(value - 40) < 4, `picture kept: ${value}`));
});

test('evenly spaced images cover the dataset without picking by result', () => {
  assert.deepEqual(evenlySpaced(250, 5), [25, 75, 125, 175, 225]);
  assert.deepEqual(evenlySpaced(3, 6), [0, 1, 2]);
});

function camRecord(modelPath: string, accuracies: number[], image: CamImageOverlay): RunRecord<CamResults> {
  const thresholds = accuracies.map((_, i) => i * 0.01);
  const best = accuracies.indexOf(Math.max(...accuracies));
  const curve = (delta: number) => ({ iouThreshold: delta, accuracies, maxAccuracy: accuracies[best], bestThreshold: thresholds[best] });
  const results: CamResults = {
    modelPath, imageCount: 1, thresholds, maxBoxAcc: curve(0.5),
    settings: { method: 'cam', normalisation: 'minmax', ivrPercentile: null, layer: 'features', target: 'top1', evaluationSize: SIZE, thresholdStep: 0.01, inputSize: [64, 64] },
    maxBoxAccV2: { curves: [curve(0.3), curve(0.5), curve(0.7)], mean: accuracies[best] },
    localisation: { threshold: thresholds[best], thresholdSource: 'max-box-acc', top1: 0.5, gtKnown: accuracies[best] },
    images: [{ id: 'images/0001.png', label: 3, predicted: 3, explained: 3, groundTruth: [{ x0: 12, y0: 22, x1: 100, y1: 118 }], box: image.boxes[best], iou: image.ious?.[best] ?? null, overlay: image }],
    boxThreshold: thresholds[best], scoremapFolder: null, overlayFolder: null, skipped: [], warnings: [],
  };
  return {
    schemaVersion: 2, id: `cam-${modelPath}`, createdAt: '2026-01-01T00:00:00.000Z', results, attachments: [],
    spec: { analysis: 'cam', models: [], data: '/data', params: {}, seed: 0 }, timings: { totalMs: 1, imagesPerSecond: 1 },
    backend: { name: 'cpu', device: 'CPU', label: 'TF.js cpu · CPU', deviceName: null, adapter: null, tfjsVersion: '4.22.0', threads: 1, log: [] }, versions: { robustnessLens: '0', tfjs: '4.22.0' },
  };
}

test('the section prints both models\' MaxBoxAcc and V2 with the settings, draws the curves and the boxes', async () => {
  const image = await overlay(128, 90);
  const baseline = camRecord('/m/baseline/model.json', [0.2, 0.5], image);
  const cutmix = camRecord('/m/cutmix/model.json', [0.4, 0.8], image);
  const picture = await camOverlayJpegDataUri(image, 'jet', 0.5);
  const cell = { picture, box: image.boxes[1], groundTruth: baseline.results.images[0].groundTruth, iou: 0.75, predicted: 3 };
  const markup = localisationSection({
    records: [baseline, cutmix], classNames: [['zero', 'one', 'two', 'three'], ['zero', 'one', 'two', 'three']],
    figures: [{ id: 'images/0001.png', label: 3, cells: [cell, cell] }],
  }).text;
  assert.match(markup, /<h2>Localisation \(CAM\)<\/h2>/);
  assert.match(markup, /CAM · Min-max normalisation · maps of the top-1 class/);
  assert.match(markup, /<td>baseline<\/td>\s*<td class="numeric">50\.0%<\/td>/);
  assert.match(markup, /<td>cutmix<\/td>\s*<td class="numeric best">80\.0%<\/td>/, 'the better MaxBoxAcc is marked');
  assert.match(markup, /<svg[^>]*viewBox/, 'Plot draws the curves');
  assert.equal(markup.match(/stroke="#2da44e"/g)?.length, 2, 'one ground-truth box per model');
  assert.match(markup, /x="10\.5" y="20\.5" width="100" height="100"/, 'the predicted box at inclusive pixel corners');
  assert.match(markup, /predicts three/);
});
