// One sample image: a real MNIST digit, scaled and coloured, pasted on a textured 64×64 background,
// with its ground-truth box (tight box of the digit's pixels, inclusive corners, wsolevaluation convention).
import type { Box } from '../../src/protocol/data';
import type { SeededRandom } from '../../src/engine/random';
import { randomColour, renderBackground, type Rgb } from './background';
import type { MnistDigit } from './mnistDigits';
import { scaleSquare } from './scaleDigit';

export const sampleImageSize = 64;
/** A digit pixel belongs to the ground-truth box when its coverage (MNIST intensity) exceeds this. */
export const boxCoverageThreshold = 0.3;
const minDigitSide = 26;
const maxDigitSide = 44;
const minLumaContrast = 0.45;

export interface SampleImage {
  /** Row-major HWC RGB bytes, sampleImageSize × sampleImageSize × 3. */
  rgb: Uint8Array;
  label: number;
  box: Box;
}

/** Rec. 601 luma of a colour in [0, 1]. */
function luma([r, g, b]: Rgb): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

/** A random colour whose luma differs from the background's by at least minLumaContrast (black or white failing that). */
function contrastingColour(rng: SeededRandom, backgroundLuma: number): Rgb {
  for (let attempt = 0; attempt < 64; attempt++) {
    const colour = randomColour(rng);
    if (Math.abs(luma(colour) - backgroundLuma) >= minLumaContrast) return colour;
  }
  return backgroundLuma > 0.5 ? [0, 0, 0] : [1, 1, 1];
}

/** Tight box of the pixels of a square coverage map above the threshold, inclusive corners. */
function coverageBox(coverage: Float32Array, side: number): Box {
  let x0 = side, y0 = side, x1 = -1, y1 = -1;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      if (coverage[y * side + x] <= boxCoverageThreshold) continue;
      x0 = Math.min(x0, x); x1 = Math.max(x1, x);
      y0 = Math.min(y0, y); y1 = Math.max(y1, y);
    }
  }
  if (x1 < 0) throw new Error('The MNIST digit has no pixel above the box threshold.');
  return { x0, y0, x1, y1 };
}

/** Mean luma of an RGB float image over a box (inclusive). */
function meanLuma(rgb: Float32Array, size: number, box: Box): number {
  let sum = 0;
  for (let y = box.y0; y <= box.y1; y++) {
    for (let x = box.x0; x <= box.x1; x++) {
      const i = (y * size + x) * 3;
      sum += luma([rgb[i], rgb[i + 1], rgb[i + 2]]);
    }
  }
  return sum / ((box.x1 - box.x0 + 1) * (box.y1 - box.y0 + 1));
}

/** Renders one seeded sample image of `digit`. */
export function makeSampleImage(rng: SeededRandom, digit: MnistDigit): SampleImage {
  const size = sampleImageSize;
  const canvas = renderBackground(rng, size);
  const side = minDigitSide + rng.int(maxDigitSide - minDigitSide + 1);
  const coverage = scaleSquare(digit.pixels, digit.side, side);
  const local = coverageBox(coverage, side);
  const offsetX = -local.x0 + rng.int(size - (local.x1 - local.x0));
  const offsetY = -local.y0 + rng.int(size - (local.y1 - local.y0));
  const box: Box = { x0: local.x0 + offsetX, y0: local.y0 + offsetY, x1: local.x1 + offsetX, y1: local.y1 + offsetY };
  const colour = contrastingColour(rng, meanLuma(canvas, size, box));
  for (let py = 0; py < side; py++) {
    const y = py + offsetY;
    if (y < 0 || y >= size) continue;
    for (let px = 0; px < side; px++) {
      const x = px + offsetX;
      if (x < 0 || x >= size) continue;
      const alpha = Math.min(Math.max(coverage[py * side + px], 0), 1);
      const i = (y * size + x) * 3;
      for (let c = 0; c < 3; c++) canvas[i + c] = canvas[i + c] * (1 - alpha) + colour[c] * alpha;
    }
  }
  const rgb = new Uint8Array(canvas.length);
  for (let i = 0; i < canvas.length; i++) rgb[i] = Math.round(canvas[i] * 255);
  return { rgb, label: digit.label, box };
}
