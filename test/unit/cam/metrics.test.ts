// IoU, box resizing, MaxBoxAcc, MaxBoxAccV2, top-1 / GT-known localisation and PxAP on cases with known answers.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Box } from '../../../src/protocol/data';
import { boxIou, resizeBox } from '../../../src/engine/cam/boxGeometry';
import { BoxEvaluator, camThresholds } from '../../../src/engine/cam/metrics';
import { PxapEvaluator } from '../../../src/engine/cam/pxap';

const box = (x0: number, y0: number, x1: number, y1: number): Box => ({ x0, y0, x1, y1 });

function scoremap(size: number, background: number, rects: [number, number, number, number, number][]): Float32Array {
  const map = new Float32Array(size * size).fill(background);
  for (const [x0, y0, x1, y1, value] of rects) {
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) map[y * size + x] = value;
  }
  return map;
}

const close = (a: number, b: number, message: string): void => assert.ok(Math.abs(a - b) < 1e-9, `${message}: ${a} vs ${b}`);

test('thresholds are numpy.arange(0, 1, step)', () => {
  const t = camThresholds();
  assert.equal(t.length, 100);
  assert.equal(t[0], 0);
  close(t[99], 0.99, 'last');
  assert.equal(camThresholds(0.001).length, 1000);
});

test('IoU counts pixels inclusively', () => {
  // (0,0,1,1) and (1,1,2,2): 4 pixels each, 1 shared → 1 / 7.
  close(boxIou(box(0, 0, 1, 1), box(1, 1, 2, 2)), 1 / 7, 'corner overlap');
  close(boxIou(box(2, 2, 5, 5), box(2, 2, 5, 5)), 1, 'identical');
  close(boxIou(box(0, 0, 0, 0), box(0, 0, 1, 1)), 1 / 4, 'one pixel in four');
  close(boxIou(box(0, 0, 1, 1), box(3, 3, 4, 4)), 0, 'disjoint');
  // (0,0,9,9) holds 100 pixels, (5,5,8,8) 16: IoU 0.16.
  close(boxIou(box(0, 0, 9, 9), box(5, 5, 8, 8)), 0.16, 'contained');
});

test('ground-truth boxes are scaled to the evaluation size and truncated', () => {
  // 10·224/100 = 22.4, 20·224/200 = 22.4, 99·224/100 = 221.76, 199·224/200 = 222.88.
  assert.deepEqual(resizeBox(box(10, 20, 99, 199), [100, 200], [224, 224]), box(22, 22, 221, 222));
});

// Four 10×10 images whose boxes at every threshold are known:
// 1. a 3×3 square at (2, 2) of 1.0 on 0.4: the whole map (0,0,9,9) for τ < 0.40, then (2,2,5,5). GT (2,2,5,5): IoU 0.16, then 1.
// 2. a 4×4 square at (5, 5) of 0.6 (uint8 153) on 0.2 (uint8 51): level ⌊τ·153⌋ ≥ 51 from τ = 0.34; box (5,5,9,9).
//    GT (5,5,8,8): IoU 0.16, then 16/25 = 0.64.
// 3. all zeros: box (0,0,0,0). GT (0,0,1,1): IoU 0.25 at every τ.
// 4. a 2×2 blob at (0, 0) and a 5×5 blob at (4, 4), both 1.0 on 0: the largest contour is the 5×5, box (4,4,9,9);
//    GT (0,0,2,2) is the 2×2 blob's box: IoU 0 for the largest contour, 1 with all contours, at every τ.
function evaluator(): BoxEvaluator {
  const e = new BoxEvaluator();
  e.add(scoremap(10, 0.4, [[2, 2, 4, 4, 1]]), 10, 10, [box(2, 2, 5, 5)], true);
  e.add(scoremap(10, 0.2, [[5, 5, 8, 8, 0.6]]), 10, 10, [box(5, 5, 8, 8), box(0, 0, 0, 0)], false);
  e.add(new Float32Array(100), 10, 10, [box(0, 0, 1, 1)], true);
  e.add(scoremap(10, 0, [[0, 0, 1, 1, 1], [4, 4, 8, 8, 1]]), 10, 10, [box(0, 0, 2, 2)], true);
  return e;
}

test('MaxBoxAcc: largest contour, IoU ≥ 0.5, maximum over τ and where it is reached', () => {
  const result = evaluator().result();
  assert.equal(result.imageCount, 4);
  const curve = result.maxBoxAcc;
  assert.equal(curve.iouThreshold, 0.5);
  // τ < 0.34: nobody; 0.34 ≤ τ < 0.40: image 2; τ ≥ 0.40: images 1 and 2.
  close(curve.accuracies[33], 0, 'τ = 0.33');
  close(curve.accuracies[34], 0.25, 'τ = 0.34');
  close(curve.accuracies[39], 0.25, 'τ = 0.39');
  close(curve.accuracies[40], 0.5, 'τ = 0.40');
  close(curve.accuracies[99], 0.5, 'τ = 0.99');
  close(curve.maxAccuracy, 0.5, 'MaxBoxAcc');
  close(curve.bestThreshold, 0.4, 'best τ');
});

test('MaxBoxAccV2: all contours, δ = 0.3, 0.5, 0.7 maximised separately, then averaged', () => {
  const { curves, mean } = evaluator().result().maxBoxAccV2;
  assert.deepEqual(curves.map((c) => c.iouThreshold), [0.3, 0.5, 0.7]);
  // Image 4 counts at every τ now. δ = 0.3 and 0.5: images 1, 2, 4 from τ = 0.40; δ = 0.7: image 2 (0.64) never counts.
  close(curves[0].accuracies[0], 0.25, 'δ 0.3, τ 0');
  close(curves[0].accuracies[34], 0.5, 'δ 0.3, τ 0.34');
  assert.deepEqual(curves.map((c) => c.maxAccuracy), [0.75, 0.75, 0.5]);
  curves.forEach((c) => close(c.bestThreshold, 0.4, `best τ at δ ${c.iouThreshold}`));
  close(mean, 2 / 3, 'mean over δ');
});

test('top-1 and GT-known localisation at the best τ by default, or at a given τ of the grid', () => {
  const e = evaluator();
  // At τ = 0.40 the largest-contour hits are images 1 (class right) and 2 (class wrong).
  assert.deepEqual(e.result().localisation, { threshold: 0.4, top1: 0.25, gtKnown: 0.5 });
  // At τ = 0.35 only image 2 is hit, and its class is wrong.
  const at035 = e.result(0.35).localisation;
  close(at035.threshold, 0.35, 'τ');
  assert.deepEqual([at035.top1, at035.gtKnown], [0, 0.25]);
  assert.throws(() => e.result(0.355), RangeError);
});

test('PxAP sums precision × recall gain from the highest threshold down; ignored pixels do not count', () => {
  const e = new PxapEvaluator();
  // Scores 0.9 (object), 0.6 (background), 0.3 (object), 0.1 (background), 0.95 (ignored):
  // at 0.9 recall 1/2 with precision 1, at 0.6 no recall gain, at 0.3 recall 1 with precision 2/3 → 1/2 + 1/3.
  e.add(Float32Array.from([0.9, 0.6, 0.3, 0.1, 0.95]), Uint8Array.from([1, 0, 1, 0, 255]));
  close(e.result(), 0.5 + 1 / 3, 'PxAP');
  // A perfect separation has PxAP 1.
  const perfect = new PxapEvaluator();
  perfect.add(Float32Array.from([1, 0.7, 0.2, 0]), Uint8Array.from([1, 1, 0, 0]));
  close(perfect.result(), 1, 'perfect');
});

test('add returns the boxes it traced at every threshold, so callers need not trace again', () => {
  const e = new BoxEvaluator();
  const traced = e.add(scoremap(10, 0.4, [[2, 2, 4, 4, 1]]), 10, 10, [box(2, 2, 5, 5)], true);
  assert.equal(traced.length, e.thresholds.length);
  assert.deepEqual(traced[39].largest, box(0, 0, 9, 9), 'τ = 0.39 keeps the whole map');
  assert.deepEqual(traced[40].largest, box(2, 2, 5, 5), 'τ = 0.40 keeps the square');
  assert.deepEqual(traced[99].all, [box(2, 2, 5, 5)]);
});
