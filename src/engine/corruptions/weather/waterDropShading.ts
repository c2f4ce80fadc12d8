// The embossed shading of spatter's water drops (definitions.md §1.2 spatter, ImageNet-C generator): distance
// to the drop edges, truncated at 20 px, box-blurred, histogram-equalised, embossed, box-blurred again. The
// distance transform and the histogram are global, sequential passes, so this runs on typed arrays.
import { borderIndex } from '../ops/borders';

const DISTANCE_CAP = 20;
const EMBOSS = [-2, -1, 0, -1, 1, 1, 0, 1, 2];

/** Pixels inside a drop with a 4-neighbour outside it or outside the image (the drop outline Canny finds on the liquid layer). */
function dropEdges(liquid: Float32Array, height: number, width: number): Uint8Array {
  const edges = new Uint8Array(height * width);
  for (let y = 0; y < height; y++) {
    for (let x = 0, i = y * width; x < width; x++, i++) {
      if (!(liquid[i] > 0)) continue;
      const outlined = y === 0 || !(liquid[i - width] > 0) || y === height - 1 || !(liquid[i + width] > 0) || x === 0 || !(liquid[i - 1] > 0) || x === width - 1 || !(liquid[i + 1] > 0);
      if (outlined) edges[i] = 1;
    }
  }
  return edges;
}

/**
 * Distance to the nearest edge pixel by a two-pass (1, √2) chamfer, capped at DISTANCE_CAP: forwards each pixel takes
 * min(itself, left + 1, up + 1, up-left + √2, up-right + √2), backwards the mirror (float32 storage: each candidate is
 * compared with the float32 minimum so far, as storing it after every step would).
 */
function edgeDistance(edges: Uint8Array, height: number, width: number): Float32Array {
  const d = new Float32Array(height * width);
  for (let i = 0; i < d.length; i++) d[i] = edges[i] ? 0 : DISTANCE_CAP;
  const diagonal = Math.SQRT2;
  for (let y = 0; y < height; y++) {
    for (let x = 0, i = y * width; x < width; x++, i++) {
      let v = d[i];
      let through = 0;
      if (x > 0 && (through = d[i - 1] + 1) < v) v = Math.fround(through);
      if (y > 0) {
        if ((through = d[i - width] + 1) < v) v = Math.fround(through);
        if (x > 0 && (through = d[i - width - 1] + diagonal) < v) v = Math.fround(through);
        if (x < width - 1 && (through = d[i - width + 1] + diagonal) < v) v = Math.fround(through);
      }
      d[i] = v;
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1, i = y * width + x; x >= 0; x--, i--) {
      let v = d[i];
      let through = 0;
      if (x < width - 1 && (through = d[i + 1] + 1) < v) v = Math.fround(through);
      if (y < height - 1) {
        if ((through = d[i + width] + 1) < v) v = Math.fround(through);
        if (x < width - 1 && (through = d[i + width + 1] + diagonal) < v) v = Math.fround(through);
        if (x > 0 && (through = d[i + width - 1] + diagonal) < v) v = Math.fround(through);
      }
      d[i] = v;
    }
  }
  return d;
}

/** 3×3 correlation with OpenCV's reflected border, the nine products added from 0 in row-major order. */
function correlate3(values: Float32Array, height: number, width: number, kernel: readonly number[]): Float32Array {
  const out = new Float32Array(values.length);
  // The bordered row starts and columns of positions −1 … n, looked up instead of recomputed per tap.
  const rowStarts = Int32Array.from({ length: height + 2 }, (_, k) => borderIndex(k - 1, height, 'reflect101') * width);
  const columns = Int32Array.from({ length: width + 2 }, (_, k) => borderIndex(k - 1, width, 'reflect101'));
  const [k0, k1, k2, k3, k4, k5, k6, k7, k8] = kernel;
  for (let y = 0; y < height; y++) {
    const r0 = rowStarts[y];
    const r1 = rowStarts[y + 1];
    const r2 = rowStarts[y + 2];
    for (let x = 0; x < width; x++) {
      const c0 = columns[x];
      const c1 = columns[x + 1];
      const c2 = columns[x + 2];
      let acc = 0;
      acc += k0 * values[r0 + c0];
      acc += k1 * values[r0 + c1];
      acc += k2 * values[r0 + c2];
      acc += k3 * values[r1 + c0];
      acc += k4 * values[r1 + c1];
      acc += k5 * values[r1 + c2];
      acc += k6 * values[r2 + c0];
      acc += k7 * values[r2 + c1];
      acc += k8 * values[r2 + c2];
      out[y * width + x] = acc;
    }
  }
  return out;
}

const BOX = new Array<number>(9).fill(1 / 9);

/** OpenCV equalizeHist on 8-bit values. */
function equalise(bytes: Float32Array): Float32Array {
  const histogram = new Array<number>(256).fill(0);
  for (let i = 0; i < bytes.length; i++) histogram[bytes[i]]++;
  let cumulative = 0;
  const cdf = histogram.map((count) => (cumulative += count));
  const first = cdf.find((c) => c > 0) ?? 0;
  const total = bytes.length;
  if (total === first) return bytes.slice();
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = Math.round(((cdf[bytes[i]] - first) * 255) / (total - first));
  return out;
}

/** The per-pixel shading (0..255) that multiplies the liquid layer of one H×W image. */
export function waterDropShading(liquid: Float32Array, height: number, width: number): Float32Array {
  const distance = edgeDistance(dropEdges(liquid, height, width), height, width);
  const smoothed = correlate3(distance, height, width, BOX);
  for (let i = 0; i < smoothed.length; i++) smoothed[i] = Math.floor(smoothed[i]);
  const embossed = correlate3(equalise(smoothed), height, width, EMBOSS);
  for (let i = 0; i < embossed.length; i++) {
    const level = Math.round(embossed[i]);
    embossed[i] = level < 0 ? 0 : level > 255 ? 255 : level;
  }
  return correlate3(embossed, height, width, BOX);
}
