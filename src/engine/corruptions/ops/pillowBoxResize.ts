// PIL's Image.resize(size, Image.BOX) on 8-bit RGB, bit for bit: Pillow's separable resampling (horizontal pass,
// then vertical), box-filter coefficients normalised per output pixel and turned into 22-bit fixed point, each
// pass rounding and clamping to bytes.

/** Pillow's PRECISION_BITS for 8-bit images: 32 − 8 − 2. */
const PRECISION_BITS = 22;
const ONE = 2 ** PRECISION_BITS;
const HALF = 2 ** (PRECISION_BITS - 1);

/** For each output sample: the first input sample it reads and its fixed-point weights. */
interface PassCoefficients {
  first: Int32Array;
  weights: Int32Array[];
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
  const first = new Int32Array(outSize);
  const weights: Int32Array[] = [];
  for (let out = 0; out < outSize; out++) {
    const centre = (out + 0.5) * scale;
    const lo = Math.max(0, Math.trunc(centre - support + 0.5));
    const hi = Math.min(inSize, Math.trunc(centre + support + 0.5));
    const raw = Array.from({ length: Math.max(0, hi - lo) }, (_, k) => boxFilter((k + lo - centre + 0.5) * inverseScale));
    const total = raw.reduce((a, b) => a + b, 0);
    first[out] = lo;
    weights.push(Int32Array.from(raw, (w) => Math.trunc(0.5 + (total === 0 ? w : w / total) * ONE)));
  }
  return { first, weights };
}

/** Pillow's clip8: a fixed-point sum to a byte. */
function clip8(sum: number): number {
  if (sum <= 0) return 0;
  const value = Math.floor(sum / ONE);
  return value > 255 ? 255 : value;
}

/** One pass over an H×W×3 byte image along `axis` ('x': columns, 'y': rows). */
function resamplePass(pixels: Uint8Array, height: number, width: number, axis: 'x' | 'y', coefficients: PassCoefficients): Uint8Array {
  const outHeight = axis === 'y' ? coefficients.first.length : height;
  const outWidth = axis === 'x' ? coefficients.first.length : width;
  const out = new Uint8Array(outHeight * outWidth * 3);
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      const index = axis === 'x' ? x : y;
      const lo = coefficients.first[index];
      const taps = coefficients.weights[index];
      for (let c = 0; c < 3; c++) {
        let sum = HALF;
        for (let k = 0; k < taps.length; k++) {
          const source = axis === 'x' ? (y * width + lo + k) * 3 + c : ((lo + k) * width + x) * 3 + c;
          sum += pixels[source] * taps[k];
        }
        out[(y * outWidth + x) * 3 + c] = clip8(sum);
      }
    }
  }
  return out;
}

/** An H×W×3 byte image resized to outHeight×outWidth as PIL's resize with Image.BOX does it. */
export function pillowBoxResize(pixels: Uint8Array, height: number, width: number, outHeight: number, outWidth: number): Uint8Array {
  const horizontal = outWidth === width ? pixels : resamplePass(pixels, height, width, 'x', boxCoefficients(width, outWidth));
  return outHeight === height ? horizontal : resamplePass(horizontal, height, outWidth, 'y', boxCoefficients(height, outHeight));
}
