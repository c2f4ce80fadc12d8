// Puzzle Mix data smoothness inputs as the authors' code computes them (snu-mllab/PuzzleMix neigh_penalty; definitions.md §6): both images
// average-pooled over n×n neighbourhoods (neigh_size, default 4), then for two 4-neighbouring blocks p (above or left) and q the distance
// d[a][b] = mean over the pooled cells along their shared border and the channels of |A(last pooled line of p) − B(first pooled line of q)|,
// A = x1 when a = 1 else x2, B = x1 when b = 1 else x2.
import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '../../errors';
import { blockSize } from './blockGrid';

/** neigh_size of the authors' code. */
export const PUZZLE_DEFAULT_NEIGHBOURHOOD = 4;

export interface NeighbourDistances {
  /** [N, g, g−1, 4]: [d00, d01, d10, d11] between block (r, c) and its right neighbour (r, c+1). */
  across: tf.Tensor4D;
  /** [N, g−1, g, 4]: the same between block (r, c) and the block below it (r+1, c). */
  down: tf.Tensor4D;
}

/**
 * The pooling side used for blocks of bh×bw pixels: the authors' min(neigh_size, block side), lowered to the largest divisor of both block
 * sides when it does not divide them (their code needs it to divide).
 */
export function neighbourhoodSide(requested: number, blockHeight: number, blockWidth: number): number {
  if (!Number.isInteger(requested) || requested < 1) throw new UserFacingError(`The Puzzle Mix neighbourhood must be a whole number of pixels ≥ 1; got ${requested}.`, 'bad-input');
  let side = Math.min(requested, blockHeight, blockWidth);
  while (blockHeight % side !== 0 || blockWidth % side !== 0) side--;
  return side;
}

/** |A(near line) − B(far line)| averaged over channels, [N, lines, cells] for lines gathered along `axis` of pooled images. */
function lineDistance(near: tf.Tensor4D, far: tf.Tensor4D, nearLines: number[], farLines: number[], axis: 1 | 2): tf.Tensor3D {
  const a = tf.gather(near, tf.tensor1d(nearLines, 'int32'), axis);
  const b = tf.gather(far, tf.tensor1d(farLines, 'int32'), axis);
  const distance = tf.mean(tf.abs(tf.sub(a, b)), 3) as tf.Tensor3D;
  return axis === 1 ? distance : (distance.transpose([0, 2, 1]) as tf.Tensor3D);
}

/** d for every pair of 4-neighbouring blocks of every pair (x1 = first[n], x2 = second[n]), pooling over `side`×`side` neighbourhoods. */
export function neighbourDistances(first: tf.Tensor4D, second: tf.Tensor4D, grid: number, side: number): NeighbourDistances {
  const [count, height, width] = first.shape;
  const [bh, bw] = blockSize(height, width, grid);
  const cellsDown = bh / side;
  const cellsAcross = bw / side;
  const borders = Array.from({ length: grid - 1 }, (_, k) => k + 1);
  return tf.tidy(() => {
    const pooled = [tf.avgPool(second, side, side, 'valid'), tf.avgPool(first, side, side, 'valid')];
    const pairsOf = (build: (near: tf.Tensor4D, far: tf.Tensor4D) => tf.Tensor3D): tf.Tensor4D =>
      tf.stack([build(pooled[0], pooled[0]), build(pooled[0], pooled[1]), build(pooled[1], pooled[0]), build(pooled[1], pooled[1])], 3) as tf.Tensor4D;
    // Pooled rows r·cellsDown − 1 | r·cellsDown straddle the border between block rows r−1 and r; average each over its block's columns.
    const down = pairsOf((near, far) => {
      const lines = lineDistance(near, far, borders.map((r) => r * cellsDown - 1), borders.map((r) => r * cellsDown), 1);
      return lines.reshape([count, grid - 1, grid, cellsAcross]).mean(3) as tf.Tensor3D;
    });
    const across = pairsOf((near, far) => {
      const lines = lineDistance(near, far, borders.map((c) => c * cellsAcross - 1), borders.map((c) => c * cellsAcross), 2);
      return lines.reshape([count, grid - 1, grid, cellsDown]).mean(3).transpose([0, 2, 1]) as tf.Tensor3D;
    });
    return { across, down };
  });
}
