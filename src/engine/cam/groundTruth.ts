// An image's ground-truth boxes at the evaluation size: clipped to the image they belong to (a box reaching outside is
// a metadata error, named by its line), then scaled as wsolevaluation scales them.
import type { Box, ImageItem } from '../../protocol/data';
import { resizeBox } from './boxGeometry';
import { originalSize } from './originalSize';

export interface EvaluationGroundTruth {
  boxes: Box[];
  /** One message per box that reached outside its image and was clipped. */
  clipped: string[];
}

/** `box` clipped to a width × height image: inclusive pixel corners in 0..width − 1 and 0..height − 1. */
export function clipBox(box: Box, [width, height]: readonly [number, number]): Box {
  const clip = (v: number, last: number): number => Math.min(Math.max(v, 0), last);
  return { x0: clip(box.x0, width - 1), y0: clip(box.y0, height - 1), x1: clip(box.x1, width - 1), y1: clip(box.y1, height - 1) };
}

const corners = (b: Box): string => `(${b.x0}, ${b.y0})–(${b.x1}, ${b.y1})`;

/** `item`'s boxes clipped to its original size and scaled to size × size, with a message for each box that was clipped. */
export async function evaluationGroundTruth(item: ImageItem, size: number): Promise<EvaluationGroundTruth> {
  const imageSize = await originalSize(item);
  const clipped: string[] = [];
  const boxes = item.boxes.map((box, i) => {
    const inside = clipBox(box, imageSize);
    if (inside.x0 !== box.x0 || inside.y0 !== box.y0 || inside.x1 !== box.x1 || inside.y1 !== box.y1) {
      const where = item.boxLines?.[i] === undefined ? `a box of ${item.id}` : `localization.txt line ${item.boxLines[i]} (${item.id})`;
      clipped.push(`${where}: the box ${corners(box)} reaches outside the ${imageSize[0]}×${imageSize[1]} image; clipped to ${corners(inside)}`);
    }
    return resizeBox(inside, imageSize, [size, size]);
  });
  return { boxes, clipped };
}

/** One warning for every clipped box of a run: the first few named, the rest counted. */
export function clippedBoxesWarning(clipped: readonly string[], shown = 3): string | null {
  if (clipped.length === 0) return null;
  const more = clipped.length > shown ? `; and ${clipped.length - shown} more` : '';
  return `${clipped.length} ground-truth box${clipped.length === 1 ? '' : 'es'} reached outside ${clipped.length === 1 ? 'its image and was' : 'their images and were'} clipped to the image before scoring: ${clipped.slice(0, shown).join('; ')}${more}.`;
}
