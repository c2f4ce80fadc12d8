// RGB ↔ HSV on tensors, as skimage.color.rgb2hsv / hsv2rgb define them (H, S, V in [0, 1]).
import * as tf from '@tensorflow/tfjs';
import { clipUnitValue } from './clip';

export interface HsvChannels {
  hue: tf.Tensor4D;
  saturation: tf.Tensor4D;
  value: tf.Tensor4D;
}

/** [b, H, W, 3] RGB → three [b, H, W, 1] tensors. */
export function rgbToHsv(images: tf.Tensor4D): HsvChannels {
  return tf.tidy(() => {
    const [r, g, b] = tf.split(images, 3, 3) as tf.Tensor4D[];
    const value = tf.maximum(tf.maximum(r, g), b);
    const delta = tf.sub(value, tf.minimum(tf.minimum(r, g), b));
    const safeDelta = tf.where(tf.equal(delta, 0), tf.onesLike(delta), delta);
    const saturation = tf.where(tf.equal(value, 0), tf.zerosLike(value), tf.div(delta, tf.where(tf.equal(value, 0), tf.onesLike(value), value)));
    // Sextant by the maximal channel (blue overrides green overrides red on ties, as in skimage).
    const fromRed = tf.div(tf.sub(g, b), safeDelta);
    const fromGreen = tf.add(2, tf.div(tf.sub(b, r), safeDelta));
    const fromBlue = tf.add(4, tf.div(tf.sub(r, g), safeDelta));
    let sextant = tf.where(tf.equal(b, value), fromBlue, tf.where(tf.equal(g, value), fromGreen, fromRed));
    sextant = tf.where(tf.equal(delta, 0), tf.zerosLike(sextant), sextant);
    const turns = tf.div(sextant, 6);
    const hue = tf.sub(turns, tf.floor(turns));
    return { hue: hue as tf.Tensor4D, saturation: saturation as tf.Tensor4D, value: value as tf.Tensor4D };
  });
}

/** Channel n of HSV → RGB in closed form: V − V·S·clamp(min(k, 4 − k), 0, 1), k = (n + 6H) mod 6. */
function rgbChannel(n: number, { hue, saturation, value }: HsvChannels): tf.Tensor4D {
  const k = tf.mod(tf.add(n, tf.mul(hue, 6)), 6);
  const ramp = tf.clipByValue(tf.minimum(k, tf.sub(4, k)), 0, 1);
  return tf.sub(value, tf.mul(tf.mul(value, saturation), ramp));
}

/** Three [b, H, W, 1] tensors → [b, H, W, 3] RGB. */
export function hsvToRgb(hsv: HsvChannels): tf.Tensor4D {
  return tf.tidy(() => tf.concat([rgbChannel(5, hsv), rgbChannel(3, hsv), rgbChannel(1, hsv)], 3));
}

/** How a pixel's saturation and value are changed in HSV: S ← clip(S·scale + offset), V ← clip(V + shift). */
export interface HsvAdjustment {
  saturationScale: number;
  saturationOffset: number;
  valueShift: number;
}

/**
 * One RGB channel n of (H, S, V), as rgbChannel: V − V·S·clamp(min(k, 4 − k), 0, 1), k = (n + 6H) mod 6. With H in
 * [0, 1) and n < 6, n + 6H < 12, so the remainder is n + 6H − 6 when that is ≥ 6: exact (Sterbenz), as fmod is, and
 * without the library call JavaScript's `%` on doubles makes.
 */
function channelFromHsv(n: number, hue: number, saturation: number, value: number): number {
  const sum = n + 6 * hue;
  const k = sum >= 6 ? sum - 6 : sum;
  return value - value * saturation * clipUnitValue(Math.min(k, 4 - k));
}

/**
 * [.., 3] RGB host pixels through rgbToHsv, `adjustment` and hsvToRgb, pixel by pixel in one loop, result clipped to
 * [0, 1]: the tensor path's formulas (skimage's rgb2hsv sextants, the closed-form hsv2rgb) without its ~60 dispatches.
 */
export function adjustHsvOnHost(pixels: Float32Array, { saturationScale, saturationOffset, valueShift }: HsvAdjustment, out: Float32Array = new Float32Array(pixels.length)): Float32Array {
  for (let i = 0; i < pixels.length; i += 3) {
    const r = pixels[i];
    const g = pixels[i + 1];
    const b = pixels[i + 2];
    const value = Math.max(r, g, b);
    const delta = value - Math.min(r, g, b);
    const saturation = value === 0 ? 0 : delta / value;
    // Sextant by the maximal channel (blue overrides green overrides red on ties, as in skimage).
    const sextant = delta === 0 ? 0 : b === value ? 4 + (r - g) / delta : g === value ? 2 + (b - r) / delta : (g - b) / delta;
    const turns = sextant / 6;
    const hue = turns - Math.floor(turns);
    const newSaturation = clipUnitValue(saturation * saturationScale + saturationOffset);
    const newValue = clipUnitValue(value + valueShift);
    out[i] = clipUnitValue(channelFromHsv(5, hue, newSaturation, newValue));
    out[i + 1] = clipUnitValue(channelFromHsv(3, hue, newSaturation, newValue));
    out[i + 2] = clipUnitValue(channelFromHsv(1, hue, newSaturation, newValue));
  }
  return out;
}
