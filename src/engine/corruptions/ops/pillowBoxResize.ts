// PIL's Image.resize(size, Image.BOX) on 8-bit RGB, bit for bit: Pillow's separable resampling (horizontal pass,
// then vertical), box-filter coefficients normalised per output pixel and turned into 22-bit fixed point, each
// pass rounding and clamping to bytes.

/** Pillow's PRECISION_BITS for 8-bit images: 32 − 8 − 2. */
const PRECISION_BITS = 22;
const ONE = 2 ** PRECISION_BITS;
const HALF = 2 ** (PRECISION_BITS - 1);

/** For each output sample: the first input sample it reads, how many it reads, and its fixed-point weights (`stride` apart). */
interface PassCoefficients {
  first: Int32Array;
  count: Int32Array;
  weights: Int32Array;
  stride: number;
}

/** Pillow's box filter: 1 on (−½, ½]. */
function boxFilter(x: number): number {
  return x > -0.5 && x <= 0.5 ? 1 : 0;
}

/** Pillow's precompute_coeffs + normalize_coeffs_8bpc for the box filter, from inSize to outSize samples. */
function boxCoefficients(inSize: number, outSize: number): PassCoefficients {
  const scale = inSize / outSize;
  const filterScale = Math.max(1, scale);
  const support = 0.5 * filterScale;
  const inverseScale = 1 / filterScale;
  const stride = Math.ceil(support) * 2 + 1;
  const first = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Int32Array(outSize * stride);
  for (let out = 0; out < outSize; out++) {
    const centre = (out + 0.5) * scale;
    const lo = Math.max(0, Math.trunc(centre - support + 0.5));
    const hi = Math.min(inSize, Math.trunc(centre + support + 0.5));
    const raw = Array.from({ length: Math.max(0, hi - lo) }, (_, k) => boxFilter((k + lo - centre + 0.5) * inverseScale));
    const total = raw.reduce((a, b) => a + b, 0);
    first[out] = lo;
    count[out] = raw.length;
    raw.forEach((w, k) => { weights[out * stride + k] = Math.trunc(0.5 + (total === 0 ? w : w / total) * ONE); });
  }
  return { first, count, weights, stride };
}

/**
 * Pillow's clip8: a fixed-point sum to a byte. The box weights are positive and sum to about ONE, so every sum stays
 * below 256·ONE + HALF < 2³¹ and the passes add in 32-bit integers, as Pillow's INT32 accumulators do.
 */
function clip8(sum: number): number {
  if (sum <= 0) return 0;
  const value = sum >> PRECISION_BITS;
  return value > 255 ? 255 : value;
}

/** The horizontal pass over an H×W×3 byte image: each output pixel sums its run of input pixels in the same row. */
function horizontalPass(pixels: Uint8Array, height: number, width: number, { first, count, weights, stride }: PassCoefficients): Uint8Array {
  const outWidth = first.length;
  const out = new Uint8Array(height * outWidth * 3);
  for (let y = 0; y < height; y++) {
    const row = y * width * 3;
    for (let x = 0; x < outWidth; x++) {
      let r = HALF;
      let g = HALF;
      let b = HALF;
      for (let k = 0, source = row + first[x] * 3, tap = x * stride; k < count[x]; k++, source += 3, tap++) {
        const w = weights[tap];
        r = (r + pixels[source] * w) | 0;
        g = (g + pixels[source + 1] * w) | 0;
        b = (b + pixels[source + 2] * w) | 0;
      }
      const target = (y * outWidth + x) * 3;
      out[target] = clip8(r);
      out[target + 1] = clip8(g);
      out[target + 2] = clip8(b);
    }
  }
  return out;
}

/** The vertical pass: each output row sums its run of whole input rows. */
function verticalPass(pixels: Uint8Array, width: number, { first, count, weights, stride }: PassCoefficients): Uint8Array {
  const outHeight = first.length;
  const rowLength = width * 3;
  const out = new Uint8Array(outHeight * rowLength);
  const sums = new Int32Array(rowLength);
  for (let y = 0; y < outHeight; y++) {
    sums.fill(HALF);
    for (let k = 0; k < count[y]; k++) {
      const w = weights[y * stride + k];
      const source = (first[y] + k) * rowLength;
      for (let i = 0; i < rowLength; i++) sums[i] += pixels[source + i] * w;
    }
    const target = y * rowLength;
    for (let i = 0; i < rowLength; i++) out[target + i] = clip8(sums[i]);
  }
  return out;
}

/** An H×W×3 byte image resized to outHeight×outWidth as PIL's resize with Image.BOX does it. */
export function pillowBoxResize(pixels: Uint8Array, height: number, width: number, outHeight: number, outWidth: number): Uint8Array {
  const horizontal = outWidth === width ? pixels : horizontalPass(pixels, height, width, boxCoefficients(width, outWidth));
  return outHeight === height ? horizontal : verticalPass(horizontal, outWidth, boxCoefficients(height, outHeight));
}
