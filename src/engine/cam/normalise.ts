// Score-map normalisations of Kim et al., "Normalization Matters in WSOL" (ICCV 2021), batched over maps [N, H, W].
import * as tf from '@tensorflow/tfjs';
import { rowPercentiles } from './percentile';

export type CamNormalisation =
  | { kind: 'min-max' }
  | { kind: 'max' }
  | { kind: 'pas' }
  /** `percentile` is a fraction: 0.6 is the 60th percentile. */
  | { kind: 'ivr'; percentile?: number };

export const DEFAULT_IVR_PERCENTILE = 0.6;

/** Per map, as [N, 1, 1]: its minimum, its maximum, and whether it may be normalised (no NaN, not constant). */
function mapStatistics(maps: tf.Tensor3D): { min: tf.Tensor3D; max: tf.Tensor3D; usable: tf.Tensor3D } {
  const min = tf.min(maps, [1, 2], true) as tf.Tensor3D;
  const max = tf.max(maps, [1, 2], true) as tf.Tensor3D;
  const hasNaN = tf.any(tf.isNaN(maps), [1, 2], true);
  return { min, max, usable: tf.logicalAnd(tf.logicalNot(hasNaN), tf.greater(max, min)) as tf.Tensor3D };
}

/** `normalised` where the map is usable, zeros where it is constant or has NaN (definitions.md §4). */
function zeroUnusable(usable: tf.Tensor3D, normalised: tf.Tensor): tf.Tensor3D {
  return tf.where(tf.broadcastTo(usable, normalised.shape), normalised, tf.zerosLike(normalised)) as tf.Tensor3D;
}

/** a / b where b > 0; where b = 0, 1 for a > 0 and 0 otherwise (the limit a/ε, clipped at 1, as ε → 0⁺). */
function divideOrIndicate(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const positive = tf.greater(b, 0);
  const safe = tf.where(positive, b, tf.onesLike(b));
  return tf.where(tf.broadcastTo(positive, a.shape), tf.div(a, safe), tf.cast(tf.greater(a, 0), 'float32'));
}

/** The p-th percentile (fraction) of each map, as [N, 1, 1]. */
function mapPercentile(maps: tf.Tensor3D, p: number): tf.Tensor3D {
  const [batch, height, width] = maps.shape;
  return tf.reshape(rowPercentiles(tf.reshape(maps, [batch, height * width]), p), [batch, 1, 1]);
}

// definitions.md §4 min-max: (M − min)/(max − min).
export function minMaxNormalise(maps: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const { min, max, usable } = mapStatistics(maps);
    return zeroUnusable(usable, tf.div(tf.sub(maps, min), tf.where(usable, tf.sub(max, min), tf.onesLike(max))));
  });
}

// definitions.md §4 max: ReLU(M)/max (all zeros when max ≤ 0).
export function maxNormalise(maps: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const { max, usable } = mapStatistics(maps);
    return zeroUnusable(usable, divideOrIndicate(tf.relu(maps), tf.relu(max)));
  });
}

// definitions.md §4 PaS: (M − min)/P90(M − min), clipped at 1; when P90(M − min) = 0, pixels above the minimum become 1.
export function pasNormalise(maps: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const { min, usable } = mapStatistics(maps);
    const shifted = tf.sub(maps, min) as tf.Tensor3D;
    return zeroUnusable(usable, tf.minimum(divideOrIndicate(shifted, mapPercentile(shifted, 0.9)), 1));
  });
}

// definitions.md §4 IVR: ReLU(M − P_p(M))/max(ReLU(M − P_p(M))), p = 0.6 by default.
export function ivrNormalise(maps: tf.Tensor3D, percentile = DEFAULT_IVR_PERCENTILE): tf.Tensor3D {
  return tf.tidy(() => {
    const { usable } = mapStatistics(maps);
    const above = tf.relu(tf.sub(maps, mapPercentile(maps, percentile)));
    return zeroUnusable(usable, divideOrIndicate(above, tf.max(above, [1, 2], true)));
  });
}

/** Normalises each map with `method`. */
export function normaliseMaps(maps: tf.Tensor3D, method: CamNormalisation): tf.Tensor3D {
  switch (method.kind) {
    case 'min-max': return minMaxNormalise(maps);
    case 'max': return maxNormalise(maps);
    case 'pas': return pasNormalise(maps);
    case 'ivr': return ivrNormalise(maps, method.percentile);
  }
}
