// Puzzle Mix data smoothness (definitions.md §6), the content term d_ij of two 4-neighbouring blocks i, j: how far apart the pixels that meet
// across their shared border are when one block shows x1 and the other x2, d_ij = ½·mean over the border's pixel pairs (p in i, q in j) and
// channels of (|x1(p) − x2(q)| + |x2(p) − x1(q)|), in [0, 1] pixel units.
import * as tf from '@tensorflow/tfjs';
import { blockSize } from './blockGrid';

export interface SeamDistances {
  /** [N, g, g−1]: d between block (r, c) and its right neighbour (r, c+1). */
  across: tf.Tensor3D;
  /** [N, g−1, g]: d between block (r, c) and the block below it (r+1, c). */
  down: tf.Tensor3D;
}

/** ½(|a(p) − b(q)| + |b(p) − a(q)|) averaged over channels, for the pixel lines p (`near`) and q (`far`) gathered along `axis`. */
function crossedDifference(first: tf.Tensor4D, second: tf.Tensor4D, near: number[], far: number[], axis: 1 | 2): tf.Tensor3D {
  const nearIndex = tf.tensor1d(near, 'int32');
  const farIndex = tf.tensor1d(far, 'int32');
  const firstThenSecond = tf.abs(tf.sub(tf.gather(first, nearIndex, axis), tf.gather(second, farIndex, axis)));
  const secondThenFirst = tf.abs(tf.sub(tf.gather(second, nearIndex, axis), tf.gather(first, farIndex, axis)));
  return tf.mul(tf.mean(tf.add(firstThenSecond, secondThenFirst), 3), 0.5) as tf.Tensor3D;
}

/** d_ij for every pair of 4-neighbouring blocks of every pair (x1 = first[n], x2 = second[n]). */
export function seamDistances(first: tf.Tensor4D, second: tf.Tensor4D, grid: number): SeamDistances {
  const [count, height, width] = first.shape;
  const [bh, bw] = blockSize(height, width, grid);
  const borders = Array.from({ length: grid - 1 }, (_, k) => k + 1);
  return tf.tidy(() => {
    // Columns c·bw − 1 | c·bw straddle the border between block columns c−1 and c; average each border over its block's rows.
    const acrossPixels = crossedDifference(first, second, borders.map((c) => c * bw - 1), borders.map((c) => c * bw), 2);
    const across = acrossPixels.reshape([count, grid, bh, grid - 1]).mean(2) as tf.Tensor3D;
    const downPixels = crossedDifference(first, second, borders.map((r) => r * bh - 1), borders.map((r) => r * bh), 1);
    const down = downPixels.reshape([count, grid - 1, grid, bw]).mean(3) as tf.Tensor3D;
    return { across, down };
  });
}
