// Paging the localisation panel's pixels: the results message carries every number but no data: URI, the host
// answers a page's request from the full runs, and the webview asks for each shown image once.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { RunRecord } from '../../../src/protocol/records';
import type { CamImageResult, CamResults } from '../../../src/protocol/rpc';
import { MAX_PIXEL_IMAGES_PER_MESSAGE } from '../../../src/protocol/panels';
import { parseLocalisationMessage } from '../../../src/extension/panels/localisationMessages';
import { pixelsOf, withoutPixels } from '../../../src/extension/panels/localisationPixels';
import { PixelStore } from '../../../webview/localisation/pixelStore';

const THRESHOLDS = [0, 0.5];

function image(index: number, withOverlay: boolean): CamImageResult {
  const box = { x0: index, y0: 0, x1: index + 10, y1: 10 };
  const overlay = { map: `data:image/png;base64,MAP${index}`, image: `data:image/jpeg;base64,IMG${index}`, boxes: [box, box], ious: [0.1, 0.7] };
  return { id: `images/${index}.png`, label: 1, predicted: 1, explained: 1, groundTruth: [box], box, iou: 0.7, overlay: withOverlay ? overlay : null };
}

function camRecord(id: string, imageCount: number, withOverlay = true): RunRecord<CamResults> {
  const curve = { iouThreshold: 0.5, accuracies: [0, 1], maxAccuracy: 1, bestThreshold: 0.5 };
  return {
    schemaVersion: 1, id, createdAt: '2026-01-01T00:00:00.000Z', attachments: [],
    spec: { analysis: 'cam', models: [], data: '/data', params: {}, seed: 0 }, timings: { totalMs: 1, imagesPerSecond: 1 },
    backend: { name: 'cpu', device: 'CPU', label: 'TF.js cpu · CPU', deviceName: null, adapter: null, tfjsVersion: '4.22.0', threads: 1, log: [] },
    versions: { robustnessLens: '0', tfjs: '4.22.0' },
    results: {
      modelPath: `/m/${id}/model.json`, imageCount, thresholds: THRESHOLDS, maxBoxAcc: curve, maxBoxAccV2: { curves: [curve], mean: 1 },
      settings: { method: 'cam', normalisation: 'minmax', ivrPercentile: null, layer: 'features', target: 'top1', evaluationSize: 224, thresholdStep: 0.5, inputSize: [64, 64] },
      localisation: { threshold: 0.5, thresholdSource: 'max-box-acc', top1: 1, gtKnown: 1 },
      images: Array.from({ length: imageCount }, (_, i) => image(i, withOverlay)),
      boxThreshold: 0.5, scoremapFolder: null, overlayFolder: null, skipped: [], warnings: [],
    },
  };
}

test('the results message keeps boxes and IoUs at every τ and drops every data: URI', () => {
  const record = camRecord('a', 3);
  const sent = withoutPixels(record);
  assert.ok(!JSON.stringify(sent).includes('data:'), 'no pixels in the results message');
  assert.deepEqual(sent.results.images[2].overlay, { boxes: record.results.images[2].overlay?.boxes, ious: [0.1, 0.7] });
  assert.deepEqual({ ...sent.results, images: [] }, { ...record.results, images: [] }, 'every other number is kept');
  assert.equal(record.results.images[0].overlay?.map, 'data:image/png;base64,MAP0', 'the run itself is untouched');
  assert.equal(withoutPixels(camRecord('b', 1, false)).results.images[0].overlay, null);
});

test('a page request is answered for every shown run, and runs saved without overlays add nothing', () => {
  const records = [camRecord('a', 5), camRecord('b', 5), camRecord('c', 5, false)];
  const answer = pixelsOf(records, [1, 4, 99]);
  assert.deepEqual(answer.map((p) => `${p.recordId}/${p.imageIndex}`), ['a/1', 'a/4', 'b/1', 'b/4']);
  assert.equal(answer[3].map, 'data:image/png;base64,MAP4');
  assert.equal(answer[3].image, 'data:image/jpeg;base64,IMG4');
});

test('the webview asks for each shown image once, in bounded requests, and keeps what arrives by run', () => {
  const store = new PixelStore();
  assert.deepEqual(store.requestsFor([3, 1, 3]), [[1, 3]]);
  assert.deepEqual(store.requestsFor([1, 3, 5]), [[5]], 'images already asked for are not asked again');
  store.add(pixelsOf([camRecord('a', 6)], [1, 3, 5]));
  assert.equal(store.get('a', 5)?.map, 'data:image/png;base64,MAP5');
  assert.equal(store.get('b', 5), undefined);
  const many = Array.from({ length: MAX_PIXEL_IMAGES_PER_MESSAGE + 2 }, (_, i) => 100 + i);
  assert.deepEqual(store.requestsFor(many).map((r) => r.length), [MAX_PIXEL_IMAGES_PER_MESSAGE, 2]);
  store.clear();
  assert.equal(store.get('a', 5), undefined);
  assert.deepEqual(store.requestsFor([1]), [[1]], 'new runs are asked for afresh');
});

test('the host accepts a page request and refuses one that asks for too much or for nonsense', () => {
  assert.deepEqual(parseLocalisationMessage({ type: 'pixels', imageIndices: [0, 12] }), { type: 'pixels', imageIndices: [0, 12] });
  assert.ok('error' in parseLocalisationMessage({ type: 'pixels', imageIndices: Array.from({ length: MAX_PIXEL_IMAGES_PER_MESSAGE + 1 }, (_, i) => i) }));
  assert.ok('error' in parseLocalisationMessage({ type: 'pixels', imageIndices: [-1] }));
  assert.ok('error' in parseLocalisationMessage({ type: 'pixels', imageIndices: [0.5] }));
});
