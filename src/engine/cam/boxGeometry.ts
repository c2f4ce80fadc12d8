// Boxes in wsolevaluation's conventions: inclusive pixel corners, IoU and resizing to the evaluation size.
import type { Box } from '../../protocol/data';

function inclusiveArea(box: Box): number {
  return (box.x1 - box.x0 + 1) * (box.y1 - box.y0 + 1);
}

// definitions.md §4 IoU: pixels counted inclusively, area = (x1 − x0 + 1)·(y1 − y0 + 1); a non-positive union gives 0.
export function boxIou(a: Box, b: Box): number {
  const intersection = Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) + 1) * Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0) + 1);
  const union = inclusiveArea(a) + inclusiveArea(b) - intersection;
  return union > 0 ? intersection / union : 0;
}

/** A ground-truth box of an image of `imageSize` (width, height) scaled to `targetSize` (width, height), each corner truncated to an integer as wsolevaluation's resize_bbox does. */
export function resizeBox(box: Box, [imageWidth, imageHeight]: readonly [number, number], [targetWidth, targetHeight]: readonly [number, number]): Box {
  const scaleX = (v: number): number => Math.trunc((v * targetWidth) / imageWidth);
  const scaleY = (v: number): number => Math.trunc((v * targetHeight) / imageHeight);
  return { x0: scaleX(box.x0), y0: scaleY(box.y0), x1: scaleX(box.x1), y1: scaleY(box.y1) };
}

/** The best IoU between any candidate box and any ground-truth box (0 when either list is empty). */
export function bestIou(candidates: readonly Box[], groundTruth: readonly Box[]): number {
  let best = 0;
  for (const candidate of candidates) for (const truth of groundTruth) best = Math.max(best, boxIou(candidate, truth));
  return best;
}
