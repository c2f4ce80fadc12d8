// Boxes from a score map at every CAM threshold, following wsolevaluation's compute_bboxes_from_scoremaps.
import type { Box } from '../../protocol/data';
import { UserFacingError } from '../errors';
import { boundingRect, type Contour, contourArea, findContours } from './contours';

/** The side of the square that wsolevaluation evaluates score maps and boxes at. */
export const WSOL_EVALUATION_SIZE = 224;

/** The boxes one threshold gives: the box of the largest-area contour, and the boxes of all contours. */
export interface ThresholdBoxes { largest: Box; all: Box[] }

const NO_BOX: Box = { x0: 0, y0: 0, x1: 0, y1: 0 };

// definitions.md §4 boxes: value·255 cast to uint8 (truncated), computed in float32 as numpy does for a float32 map.
export function quantiseScoremap(map: Float32Array): Uint8Array {
  const quantised = new Uint8Array(map.length);
  for (let i = 0; i < map.length; i++) quantised[i] = Math.trunc(Math.fround(map[i] * 255));
  return quantised;
}

/** wsolevaluation's check_scoremap_validity: a finite map of the stated size with values in [0, 1]. */
function checkScoremap(map: Float32Array, height: number, width: number): void {
  if (map.length !== height * width) throw new UserFacingError(`A score map has ${map.length} values, not ${height}×${width}.`);
  for (let i = 0; i < map.length; i++) {
    const value = map[i];
    if (!(value >= 0 && value <= 1)) throw new UserFacingError(`Score maps must be normalised to [0, 1] before boxes are drawn; found ${value}.`);
  }
}

// definitions.md §4 boxes: bounding rectangle (x0, y0, x0 + w, y0 + h) with x1, y1 clamped to W − 1, H − 1.
// boundingRect's w counts pixels inclusively, so x0 + w is one past the contour's last column: wsolevaluation's box is
// one pixel wider and taller than the contour unless the clamp bites, and we keep that so the numbers match theirs.
function contourBox(contour: Contour, height: number, width: number): Box {
  const rect = boundingRect(contour.points);
  return { x0: rect.x, y0: rect.y, x1: Math.min(rect.x + rect.width, width - 1), y1: Math.min(rect.y + rect.height, height - 1) };
}

/** Boxes of the mask `quantised > level` (cv2.threshold THRESH_BINARY at `level`); the largest contour is the first of maximal area in OpenCV's order (Python's max). */
function boxesAboveLevel(quantised: Uint8Array, level: number, height: number, width: number): ThresholdBoxes {
  const contours = findContours(quantised, height, width, level);
  if (contours.length === 0) return { largest: NO_BOX, all: [NO_BOX] };
  let largest = contours[0];
  let largestArea = contourArea(largest.points);
  for (const contour of contours.slice(1)) {
    const area = contourArea(contour.points);
    if (area > largestArea) { largest = contour; largestArea = area; }
  }
  return { largest: contourBox(largest, height, width), all: contours.map((c) => contourBox(c, height, width)) };
}

// definitions.md §4 boxes: for τ keep pixels strictly greater than floor(τ·max(uint8 map)), trace every contour.
// Thresholds that give the same integer level give the same mask, so each distinct level is traced once.
export function boxesAtThresholds(map: Float32Array, height: number, width: number, thresholds: readonly number[]): ThresholdBoxes[] {
  checkScoremap(map, height, width);
  const quantised = quantiseScoremap(map);
  let peak = 0;
  for (const value of quantised) if (value > peak) peak = value;
  const byLevel = new Map<number, ThresholdBoxes>();
  return thresholds.map((threshold) => {
    const level = Math.trunc(threshold * peak);
    let boxes = byLevel.get(level);
    if (!boxes) {
      boxes = level >= peak ? { largest: NO_BOX, all: [NO_BOX] } : boxesAboveLevel(quantised, level, height, width);
      byLevel.set(level, boxes);
    }
    return boxes;
  });
}
