// Border following of a binary mask exactly as OpenCV's findContours(RETR_TREE, CHAIN_APPROX_SIMPLE) returns it,
// with OpenCV's contourArea and boundingRect: what wsolevaluation calls to turn a thresholded map into boxes.
// Pure TypeScript over typed arrays.

export type Point = readonly [x: number, y: number];

export interface Contour {
  /** Border pixels where the chain changes direction (CHAIN_APPROX_SIMPLE), in tracing order. */
  points: Point[];
  /** True for the border of a hole (an inner border). */
  isHole: boolean;
  /** Index of the enclosing contour in the same list, −1 for a top-level one. */
  parent: number;
}

export interface Rect { x: number; y: number; width: number; height: number }

// Chain codes as OpenCV numbers them: 0 right, 1 up-right, 2 up, 3 up-left, 4 left, 5 down-left, 6 down, 7 down-right.
const CHAIN_DX = [1, 1, 0, -1, -1, -1, 0, 1];
const CHAIN_DY = [0, -1, -1, -1, 0, 1, 1, 1];

/** Index offsets of the 8 neighbours in chain-code order, repeated once so that a search may run past 7. */
function chainOffsets(stride: number): number[] {
  return Array.from({ length: 16 }, (_, s) => CHAIN_DX[s % 8] + CHAIN_DY[s % 8] * stride);
}

interface TracedBorder { points: Point[]; isHole: boolean; parentLabel: number }

/**
 * Follows one border (Suzuki & Abe 1985, step 3; OpenCV's icvFetchContourEx) from `start` in the padded label image,
 * marking its pixels with `label` (−label where the pixel's right neighbour is a 0-pixel examined on the way), and
 * returns the simplified chain in unpadded coordinates.
 */
function followBorder(image: Int32Array, stride: number, start: number, isHole: boolean, label: number): Point[] {
  const offsets = chainOffsets(stride);
  let x = (start % stride) - 1;
  let y = Math.floor(start / stride) - 1;
  const points: Point[] = [];
  // Clockwise from the left (outer border) or right (hole border) neighbour, find the first non-zero neighbour.
  const searchEnd = isHole ? 0 : 4;
  let s = searchEnd;
  let first = start;
  do {
    s = (s - 1) & 7;
    first = start + offsets[s];
  } while (image[first] === 0 && s !== searchEnd);
  if (s === searchEnd) {
    image[start] = -label; // a single-pixel component
    points.push([x, y]);
    return points;
  }
  let current = start;
  let next = start;
  let previousDirection = s ^ 4;
  for (;;) {
    // Counter-clockwise from the pixel we came from, find the next non-zero neighbour.
    const cameFrom = s;
    while (s < 15) {
      s += 1;
      next = current + offsets[s];
      if (image[next] !== 0) break;
    }
    s &= 7;
    if (((s - 1) >>> 0) < cameFrom) image[current] = -label; // the right neighbour was examined and is 0
    else if (image[current] === 1) image[current] = label;
    if (s !== previousDirection) {
      points.push([x, y]);
      previousDirection = s;
    }
    x += CHAIN_DX[s];
    y += CHAIN_DY[s];
    if (next === start && current === first) break;
    current = next;
    s = (s + 4) & 7;
  }
  return points;
}

/** Pre-order walk of the border tree, children newest first, as OpenCV lists contours; parents re-indexed to the list. */
function inTreeOrder(borders: TracedBorder[]): Contour[] {
  // Labels: 1 is the frame, border i has label i + 2.
  const children = new Map<number, number[]>();
  borders.forEach((border, i) => {
    const siblings = children.get(border.parentLabel) ?? [];
    siblings.unshift(i + 2);
    children.set(border.parentLabel, siblings);
  });
  const ordered: Contour[] = [];
  const outputIndex = new Map<number, number>();
  const stack: number[] = [...(children.get(1) ?? [])].reverse();
  while (stack.length > 0) {
    const label = stack.pop() as number;
    const border = borders[label - 2];
    outputIndex.set(label, ordered.length);
    ordered.push({ points: border.points, isHole: border.isHole, parent: border.parentLabel === 1 ? -1 : outputIndex.get(border.parentLabel) as number });
    stack.push(...[...(children.get(label) ?? [])].reverse());
  }
  return ordered;
}

/**
 * All borders of the pixels of `image` (row-major, height × width) greater than `level` — the non-zero pixels of a
 * binary mask by default: outer borders of 8-connected components and borders of their 4-connected holes, in the
 * order and with the points cv2.findContours(image > level, RETR_TREE, CHAIN_APPROX_SIMPLE) gives (Suzuki & Abe's
 * raster scan over the mask padded with one 0-pixel on every side).
 */
export function findContours(image: Uint8Array, height: number, width: number, level = 0): Contour[] {
  const stride = width + 2;
  const labels = new Int32Array(stride * (height + 2));
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const paddedRow = (y + 1) * stride + 1;
    for (let x = 0; x < width; x++) if (image[row + x] > level) labels[paddedRow + x] = 1;
  }
  const borders: TracedBorder[] = [];
  const isHoleLabel = (label: number): boolean => label === 1 || borders[label - 2].isHole;
  const parentOf = (label: number): number => (label === 1 ? 1 : borders[label - 2].parentLabel);
  for (let y = 1; y <= height; y++) {
    let previous = 0;
    let lastBorderLabel = 1; // LNBD: the frame at the start of every row
    for (let x = 1; x <= width; x++) {
      const at = y * stride + x;
      const value = labels[at];
      if (value === previous) continue;
      const isOuter = previous === 0 && value === 1;
      const isHole = !isOuter && value === 0 && previous >= 1;
      if (isOuter || isHole) {
        if (isHole && previous !== 1) lastBorderLabel = Math.abs(previous);
        // Suzuki & Abe, table 1: same kind as the last border met → its parent; other kind → that border itself.
        const parentLabel = isHoleLabel(lastBorderLabel) === isHole ? parentOf(lastBorderLabel) : lastBorderLabel;
        const label = borders.length + 2;
        const start = isHole ? at - 1 : at;
        borders.push({ points: followBorder(labels, stride, start, isHole, label), isHole, parentLabel });
        lastBorderLabel = label; // the start pixel now carries ±label
        previous = labels[at];
        continue;
      }
      previous = value;
      if (value !== 0 && value !== 1) lastBorderLabel = Math.abs(value);
    }
  }
  return inTreeOrder(borders);
}

// cv2.contourArea (not oriented): |Σ (x_i·y_{i+1} − x_{i+1}·y_i)| / 2 over the closed polygon; a point or a line has area 0.
export function contourArea(points: readonly Point[]): number {
  let twiceArea = 0;
  for (let i = 0; i < points.length; i++) {
    const [x0, y0] = points[i];
    const [x1, y1] = points[(i + 1) % points.length];
    twiceArea += x0 * y1 - x1 * y0;
  }
  return Math.abs(twiceArea) / 2;
}

// cv2.boundingRect of integer points: x, y the minima, width = max x − min x + 1, height = max y − min y + 1.
export function boundingRect(points: readonly Point[]): Rect {
  let minX = Infinity; let minY = Infinity; let maxX = -Infinity; let maxY = -Infinity;
  for (const [x, y] of points) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
}
