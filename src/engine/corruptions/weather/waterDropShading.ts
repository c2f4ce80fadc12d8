// The embossed shading of spatter's water drops (definitions.md §1.2 spatter, ImageNet-C generator): distance
// to the drop edges, truncated at 20 px, box-blurred, histogram-equalised, embossed, box-blurred again. The
// distance transform and the histogram are global, sequential passes, so this runs on typed arrays.
import { borderIndex } from '../ops/borders';

const DISTANCE_CAP = 20;
const EMBOSS = [-2, -1, 0, -1, 1, 1, 0, 1, 2];

/** Pixels inside a drop with a 4-neighbour outside it (the drop outline Canny finds on the liquid layer). */
function dropEdges(liquid: Float32Array, height: number, width: number): Uint8Array {
  const edges = new Uint8Array(height * width);
  const inside = (y: number, x: number): boolean => y >= 0 && y < height && x >= 0 && x < width && liquid[y * width + x] > 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (inside(y, x) && (!inside(y - 1, x) || !inside(y + 1, x) || !inside(y, x - 1) || !inside(y, x + 1))) edges[y * width + x] = 1;
    }
  }
  return edges;
}

/** Distance to the nearest edge pixel by a two-pass (1, √2) chamfer, capped at DISTANCE_CAP. */
function edgeDistance(edges: Uint8Array, height: number, width: number): Float32Array {
  const d = new Float32Array(height * width).map((_, i) => (edges[i] ? 0 : DISTANCE_CAP));
  const relax = (y: number, x: number, ny: number, nx: number, step: number): void => {
    if (ny < 0 || ny >= height || nx < 0 || nx >= width) return;
    d[y * width + x] = Math.min(d[y * width + x], d[ny * width + nx] + step);
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      relax(y, x, y, x - 1, 1); relax(y, x, y - 1, x, 1); relax(y, x, y - 1, x - 1, Math.SQRT2); relax(y, x, y - 1, x + 1, Math.SQRT2);
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) {
      relax(y, x, y, x + 1, 1); relax(y, x, y + 1, x, 1); relax(y, x, y + 1, x + 1, Math.SQRT2); relax(y, x, y + 1, x - 1, Math.SQRT2);
    }
  }
  return d;
}

/** 3×3 correlation with OpenCV's reflected border. */
function correlate3(values: Float32Array, height: number, width: number, kernel: readonly number[]): Float32Array {
  const out = new Float32Array(values.length);
  // The bordered row starts and columns of positions −1 … n, looked up instead of recomputed per tap.
  const rowStarts = Int32Array.from({ length: height + 2 }, (_, k) => borderIndex(k - 1, height, 'reflect101') * width);
  const columns = Int32Array.from({ length: width + 2 }, (_, k) => borderIndex(k - 1, width, 'reflect101'));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let acc = 0;
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) acc += kernel[i * 3 + j] * values[rowStarts[y + i] + columns[x + j]];
      }
      out[y * width + x] = acc;
    }
  }
  return out;
}

const BOX = new Array<number>(9).fill(1 / 9);

/** OpenCV equalizeHist on 8-bit values. */
function equalise(bytes: Float32Array): Float32Array {
  const histogram = new Array<number>(256).fill(0);
  for (const v of bytes) histogram[v]++;
  let cumulative = 0;
  const cdf = histogram.map((count) => (cumulative += count));
  const first = cdf.find((c) => c > 0) ?? 0;
  const total = bytes.length;
  if (total === first) return bytes.slice();
  return bytes.map((v) => Math.round(((cdf[v] - first) * 255) / (total - first)));
}

/** The per-pixel shading (0..255) that multiplies the liquid layer of one H×W image. */
export function waterDropShading(liquid: Float32Array, height: number, width: number): Float32Array {
  const distance = edgeDistance(dropEdges(liquid, height, width), height, width);
  const smoothed = correlate3(distance, height, width, BOX).map(Math.floor);
  const embossed = correlate3(equalise(smoothed), height, width, EMBOSS).map((v) => Math.min(255, Math.max(0, Math.round(v))));
  return correlate3(embossed, height, width, BOX);
}
