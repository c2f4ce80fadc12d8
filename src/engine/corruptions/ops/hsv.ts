// RGB ↔ HSV on tensors, as skimage.color.rgb2hsv / hsv2rgb define them (H, S, V in [0, 1]).
import * as tf from '@tensorflow/tfjs';

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
