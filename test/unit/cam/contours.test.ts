// Border following checked against what OpenCV's findContours(RETR_TREE, CHAIN_APPROX_SIMPLE), contourArea and
// boundingRect return, worked out by hand from Suzuki & Abe's algorithm as OpenCV implements it.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { boundingRect, contourArea, findContours } from '../../../src/engine/cam/contours';

/** A mask from rows of '#' (foreground) and '.' (background). */
function mask(rows: string[]): { mask: Uint8Array; height: number; width: number } {
  const height = rows.length;
  const width = rows[0].length;
  const values = new Uint8Array(height * width);
  rows.forEach((row, y) => [...row].forEach((c, x) => { values[y * width + x] = c === '#' ? 1 : 0; }));
  return { mask: values, height, width };
}

function contoursOf(rows: string[]) {
  const m = mask(rows);
  return findContours(m.mask, m.height, m.width);
}

test('a filled 3×3 square: four corners, counter-clockwise on screen from the top-left; area 4; rect 3×3', () => {
  const contours = contoursOf(['.......', '.......', '..###..', '..###..', '..###..', '.......', '.......']);
  assert.equal(contours.length, 1);
  assert.deepEqual(contours[0].points, [[2, 2], [2, 4], [4, 4], [4, 2]]);
  assert.equal(contours[0].isHole, false);
  assert.equal(contours[0].parent, -1);
  assert.equal(contourArea(contours[0].points), 4);
  assert.deepEqual(boundingRect(contours[0].points), { x: 2, y: 2, width: 3, height: 3 });
});

test('a one-pixel blob is one point with area 0 and a 1×1 rect', () => {
  const contours = contoursOf(['.....', '...#.', '.....']);
  assert.deepEqual(contours.map((c) => c.points), [[[3, 1]]]);
  assert.equal(contourArea(contours[0].points), 0);
  assert.deepEqual(boundingRect(contours[0].points), { x: 3, y: 1, width: 1, height: 1 });
});

test('diagonal pixels are 8-connected: one contour, its two ends, area 0', () => {
  const contours = contoursOf(['.....', '.#...', '..#..', '...#.', '.....']);
  assert.equal(contours.length, 1);
  assert.deepEqual(contours[0].points, [[1, 1], [3, 3]]);
  assert.equal(contourArea(contours[0].points), 0);
  assert.deepEqual(boundingRect(contours[0].points), { x: 1, y: 1, width: 3, height: 3 });
});

test('a one-pixel-wide line touching the image border has its two ends and area 0', () => {
  const contours = contoursOf(['###', '...']);
  assert.deepEqual(contours.map((c) => c.points), [[[0, 0], [2, 0]]]);
  assert.equal(contourArea(contours[0].points), 0);
});

test('a ring: the outer border, then the hole border traced through the ring pixels (corners cut), parent 0', () => {
  const contours = contoursOf(['.......', '.#####.', '.#...#.', '.#...#.', '.#...#.', '.#####.', '.......']);
  assert.equal(contours.length, 2);
  assert.deepEqual(contours[0], { points: [[1, 1], [1, 5], [5, 5], [5, 1]], isHole: false, parent: -1 });
  assert.deepEqual(contours[1], { points: [[1, 2], [2, 1], [4, 1], [5, 2], [5, 4], [4, 5], [2, 5], [1, 4]], isHole: true, parent: 0 });
  assert.equal(contourArea(contours[0].points), 16);
  // The octagon is the 4×4 square less four corner triangles of area 1/2.
  assert.equal(contourArea(contours[1].points), 14);
});

test('several blobs are listed last-found first (OpenCV order), and a blob inside a hole is its child', () => {
  const contours = contoursOf([
    '..........',
    '.##.......',
    '.##.......',
    '.....####.',
    '.....####.',
    '.....####.',
    '..........',
    '#.........',
  ]);
  // Raster order finds the 2×2 square, then the 4×3 rectangle, then the single pixel; OpenCV lists them reversed.
  assert.deepEqual(contours.map((c) => c.points), [
    [[0, 7]],
    [[5, 3], [5, 5], [8, 5], [8, 3]],
    [[1, 1], [1, 2], [2, 2], [2, 1]],
  ]);
  assert.deepEqual(contours.map((c) => contourArea(c.points)), [0, 6, 1]);

  const nested = contoursOf(['.......', '.#####.', '.#...#.', '.#.#.#.', '.#...#.', '.#####.', '.......']);
  assert.deepEqual(nested.map((c) => [c.isHole, c.parent]), [[false, -1], [true, 0], [false, 1]]);
  assert.deepEqual(nested[2].points, [[3, 3]]);
});
