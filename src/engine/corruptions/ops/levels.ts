// 8-bit levels on host values: the tensor paths' rounding to bytes and their way back to [0, 1], value by value with
// the same float32 results (small loop functions, which V8 optimises better than the same loops inside larger ones).
import { clipUnitValue } from './clip';

/**
 * tf.round of a value in [0, 2³¹): to the nearest integer, halves to the even one. ⌊v + ½⌋ takes halves up (v + ½ is
 * exact, and `| 0` floors a non-negative value; three times cheaper here than Math.round), then a half lands on the even.
 */
export function roundHalfToEven(value: number): number {
  const rounded = (value + 0.5) | 0;
  return rounded - value === 0.5 && (rounded & 1) === 1 ? rounded - 1 : rounded;
}

/**
 * Math.round(clip(v)·255) of a float32 value v, as a byte: v·255 has at most 32 significant bits, so v·255 + ½ is exact
 * and `| 0` floors it, halves up as Math.round does (several times cheaper in a hot loop).
 */
export function unitByte(value: number): number {
  return (clipUnitValue(value) * 255 + 0.5) | 0;
}

/** round(f32(clip(v)·255)) per value as bytes, tf.round's halves to even (the tensor ops clipByValue, mul, round). */
export function roundedBytes(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) bytes[i] = roundHalfToEven(Math.fround(clipUnitValue(values[i]) * 255));
  return bytes;
}

/** byte / 255 in float32, for each of the 256 bytes. */
const UNIT_OF_BYTE = Float32Array.from({ length: 256 }, (_, byte) => byte / 255);

/** byte / 255 per value, in float32 (looked up), into `values`. */
export function unitValues(bytes: Uint8Array, values: Float32Array = new Float32Array(bytes.length)): Float32Array {
  for (let i = 0; i < bytes.length; i++) values[i] = UNIT_OF_BYTE[bytes[i]];
  return values;
}
