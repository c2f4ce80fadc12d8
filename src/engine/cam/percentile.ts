// Per-row percentiles of a tensor, numpy's default ('linear') interpolation, kept on the backend.
import * as tf from '@tensorflow/tfjs';

// numpy.percentile(row, 100·q) with method='linear': over the row sorted ascending (v_0 ≤ … ≤ v_{P−1}),
// r = q·(P − 1), i = ⌊r⌋, result = v_i + (r − i)·(v_{i+1} − v_i).
export function rowPercentiles(rows: tf.Tensor2D, q: number): tf.Tensor1D {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`A percentile must be given as a fraction in [0, 1], got ${q}.`);
  return tf.tidy(() => {
    const length = rows.shape[1];
    const rank = q * (length - 1);
    const lower = Math.floor(rank);
    const fraction = rank - lower;
    // The (P − i) largest values, descending: the last is v_i and the one before it v_{i+1}.
    const count = length - lower;
    const { values } = tf.topk(rows, count, true);
    const atLower = tf.reshape(tf.slice(values, [0, count - 1], [-1, 1]), [-1]);
    if (fraction === 0) return atLower as tf.Tensor1D;
    const atUpper = tf.reshape(tf.slice(values, [0, count - 2], [-1, 1]), [-1]);
    return tf.add(atLower, tf.mul(tf.sub(atUpper, atLower), fraction)) as tf.Tensor1D;
  });
}
