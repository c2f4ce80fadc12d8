// Diamond-square plasma fractal (definitions.md §1.1 fog): a size×size map (size a power of two), the
// random perturbation shrinking by `wibbleDecay` per level, min-max scaled to [0, 1]. Drawn in JS from the
// seeded generator: each level depends on the one before.
import type { SeededRandom } from '../../random';

/** The next power of two ≥ n. */
export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** A row-major size×size map in [0, 1]. */
export function plasmaFractal(size: number, wibbleDecay: number, rng: SeededRandom): Float32Array {
  if (size < 1 || (size & (size - 1)) !== 0) throw new RangeError(`The plasma map side must be a power of two, got ${size}.`);
  const map = new Float64Array(size * size);
  // Indices wrap around the map; every index read lies in [−size, 2·size), where masking with size − 1 wraps it.
  const mask = size - 1;
  const at = (r: number, c: number): number => map[(r & mask) * size + (c & mask)];
  let wibble = 100;
  // A neighbour mean plus wibble·U(−wibble, wibble), as in the ImageNet-C generator.
  const wibbled = (sum: number): number => sum / 4 + wibble * rng.uniformIn(-wibble, wibble);
  for (let step = size; step >= 2; step /= 2) {
    const half = step / 2;
    // Squares: each cell centre from its four corners.
    for (let r = 0; r < size; r += step) {
      for (let c = 0; c < size; c += step) {
        map[(r + half) * size + c + half] = wibbled(at(r, c) + at(r + step, c) + at(r, c + step) + at(r + step, c + step));
      }
    }
    // Diamonds: each edge midpoint from the two centres and two corners beside it.
    for (let r = 0; r < size; r += step) {
      for (let c = 0; c < size; c += step) {
        map[r * size + c + half] = wibbled(at(r + half, c + half) + at(r - half, c + half) + at(r, c) + at(r, c + step));
      }
    }
    for (let r = 0; r < size; r += step) {
      for (let c = 0; c < size; c += step) {
        map[(r + half) * size + c] = wibbled(at(r + half, c + half) + at(r + half, c - half) + at(r, c) + at(r + step, c));
      }
    }
    wibble /= wibbleDecay;
  }
  let lo = Infinity;
  let hi = -Infinity;
  // An indexed loop: for…of over the typed array cost several times the comparisons.
  for (let i = 0; i < map.length; i++) {
    lo = Math.min(lo, map[i]);
    hi = Math.max(hi, map[i]);
  }
  const out = new Float32Array(map.length);
  const range = hi - lo || 1;
  for (let i = 0; i < map.length; i++) out[i] = (map[i] - lo) / range;
  return out;
}
