// Boxes from score maps in wsolevaluation's conventions: uint8 quantisation, strict threshold, largest contour, +w/+h box.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { boxesAtThresholds, quantiseScoremap } from '../../../src/engine/cam/boxes';
import { UserFacingError } from '../../../src/engine/errors';

/** A height × width map of `background` with rectangles [x0, y0, x1, y1] (inclusive) set to a value. */
function scoremap(height: number, width: number, background: number, rects: [number, number, number, number, number][]): Float32Array {
  const map = new Float32Array(height * width).fill(background);
  for (const [x0, y0, x1, y1, value] of rects) {
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) map[y * width + x] = value;
  }
  return map;
}

test('quantisation is value·255 in float32, truncated', () => {
  // float32(0.2)·255 = 51.0000008 → 51; float32(0.999)·255 = 254.74 → 254; 0.5·255 = 127.5 → 127.
  assert.deepEqual(Array.from(quantiseScoremap(Float32Array.from([0, 0.5, 1, 0.2, 0.999, 0.004]))), [0, 127, 255, 51, 254, 1]);
});

test('a 3×3 square at (2, 2): the box is (x0, y0, x0 + w, y0 + h) = (2, 2, 5, 5); the whole map is clamped to (0, 0, 9, 9)', () => {
  // Square at 1.0 (uint8 255) on 0.4 (uint8 102). τ = 0.3: level ⌊76.5⌋ = 76 < 102 keeps every pixel;
  // τ = 0.4: level 102 keeps only pixels > 102; τ = 0.99: level ⌊252.45⌋ = 252.
  const map = scoremap(10, 10, 0.4, [[2, 2, 4, 4, 1]]);
  const [low, atBackground, high] = boxesAtThresholds(map, 10, 10, [0.3, 0.4, 0.99]);
  // boundingRect of the whole image has w = h = 10, so x1 = min(0 + 10, 9) = 9.
  assert.deepEqual(low.largest, { x0: 0, y0: 0, x1: 9, y1: 9 });
  // boundingRect of the square is (2, 2, w = 3, h = 3): x1 = 2 + 3 = 5, one past the square's last column, as wsolevaluation writes it.
  assert.deepEqual(atBackground.largest, { x0: 2, y0: 2, x1: 5, y1: 5 });
  assert.deepEqual(high.largest, { x0: 2, y0: 2, x1: 5, y1: 5 });
  assert.deepEqual(high.all, [{ x0: 2, y0: 2, x1: 5, y1: 5 }]);
});

test('thresholds that give the same uint8 level share one result; an all-zero map gives the box (0, 0, 0, 0)', () => {
  // Peak 0.02 → uint8 5: τ = 0.0 and 0.1 both give level 0 (⌊0.5⌋ = 0); τ = 0.2 gives level 1.
  const map = scoremap(6, 6, 0, [[1, 1, 2, 2, 0.02]]);
  const boxes = boxesAtThresholds(map, 6, 6, [0, 0.1, 0.2]);
  assert.equal(boxes[0], boxes[1]);
  assert.notEqual(boxes[1], boxes[2]);
  const zero = boxesAtThresholds(new Float32Array(36), 6, 6, [0, 0.5]);
  assert.deepEqual(zero.map((b) => b.largest), [{ x0: 0, y0: 0, x1: 0, y1: 0 }, { x0: 0, y0: 0, x1: 0, y1: 0 }]);
  assert.deepEqual(zero[0].all, [{ x0: 0, y0: 0, x1: 0, y1: 0 }]);
});

test('the largest-area contour gives the box; every contour gives one box to MaxBoxAccV2', () => {
  // A 2×2 blob (area 1) found first, a 3×3 blob (area 4) found second: OpenCV lists the 3×3 first.
  const map = scoremap(10, 10, 0, [[1, 1, 2, 2, 1], [5, 5, 7, 7, 0.8]]);
  const [boxes] = boxesAtThresholds(map, 10, 10, [0.5]);
  assert.deepEqual(boxes.largest, { x0: 5, y0: 5, x1: 8, y1: 8 });
  assert.deepEqual(boxes.all, [{ x0: 5, y0: 5, x1: 8, y1: 8 }, { x0: 1, y0: 1, x1: 3, y1: 3 }]);
});

test('equal areas keep the first contour in OpenCV order; a one-pixel blob (area 0) loses to a 2×2 blob', () => {
  // Two 2×2 blobs of equal area 1: the lower one is found last, listed first, and kept by Python's max.
  const map = scoremap(10, 10, 0, [[1, 1, 2, 2, 1], [6, 6, 7, 7, 1]]);
  const [boxes] = boxesAtThresholds(map, 10, 10, [0]);
  assert.deepEqual(boxes.largest, { x0: 6, y0: 6, x1: 8, y1: 8 });
  // A single pixel (area 0) against a 2×2 blob (area 1): the blob wins wherever it is.
  const [pixelFirst] = boxesAtThresholds(scoremap(10, 10, 0, [[1, 1, 2, 2, 1], [8, 8, 8, 8, 1]]), 10, 10, [0]);
  assert.deepEqual(pixelFirst.largest, { x0: 1, y0: 1, x1: 3, y1: 3 });
});

test('maps outside [0, 1], with NaN or of the wrong size are refused like wsolevaluation\'s check_scoremap_validity', () => {
  assert.throws(() => boxesAtThresholds(Float32Array.from([0, 1.5, 0, 0]), 2, 2, [0]), UserFacingError);
  assert.throws(() => boxesAtThresholds(Float32Array.from([0, NaN, 0, 0]), 2, 2, [0]), UserFacingError);
  assert.throws(() => boxesAtThresholds(Float32Array.from([0, 0, 0]), 2, 2, [0]), UserFacingError);
});
