// The g×g block grid of Puzzle Mix (definitions.md §6, g ∈ {2, 4, 8, 16}): pooling maps into blocks, blocks back to pixels, moving whole blocks.
import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '../../errors';

export const PUZZLE_GRID_SIZES = [2, 4, 8, 16] as const;
export type PuzzleGridSize = (typeof PUZZLE_GRID_SIZES)[number];

/** Checks that `grid` is one of 2, 4, 8, 16 and splits an H×W image into equal blocks; returns the block size [bh, bw]. */
export function blockSize(height: number, width: number, grid: number): [number, number] {
  if (!(PUZZLE_GRID_SIZES as readonly number[]).includes(grid)) throw new UserFacingError(`The Puzzle Mix grid must be 2, 4, 8 or 16 blocks a side; got ${grid}.`, 'bad-input');
  if (height % grid !== 0 || width % grid !== 0) {
    const fits = PUZZLE_GRID_SIZES.filter((g) => height % g === 0 && width % g === 0);
    throw new UserFacingError(`A ${height}×${width} image does not split into ${grid}×${grid} equal blocks; ${fits.length ? `choose g = ${fits.join(' or ')}` : 'resize it to a multiple of 2'}.`, 'bad-input');
  }
  return [height / grid, width / grid];
}

/** Sums a batch of maps [b, H, W] over each block: [b, g, g]. */
export function blockSums(maps: tf.Tensor3D, grid: number): tf.Tensor3D {
  const [count, height, width] = maps.shape;
  const [bh, bw] = blockSize(height, width, grid);
  return tf.tidy(() => maps.reshape([count, grid, bh, grid, bw]).sum([2, 4]) as tf.Tensor3D);
}

/** Nearest-neighbour upsampling of block values [b, g, g] to pixel masks [b, H, W, 1]: every pixel takes its block's value. */
export function blocksToPixels(blocks: tf.Tensor3D, height: number, width: number): tf.Tensor4D {
  const [count, grid] = blocks.shape;
  const [bh, bw] = blockSize(height, width, grid);
  return tf.tidy(() => blocks.reshape([count, grid, 1, grid, 1]).tile([1, 1, bh, 1, bw]).reshape([count, height, width, 1]) as tf.Tensor4D);
}

/** Moves whole blocks: block j (row-major) of image n shows block sources[n][j] of the same image, or zeros where sources[n][j] is −1. */
export function permuteBlocks(images: tf.Tensor4D, grid: number, sources: readonly ArrayLike<number>[]): tf.Tensor4D {
  const [count, height, width, channels] = images.shape;
  const [bh, bw] = blockSize(height, width, grid);
  const blockCount = grid * grid;
  const emptyBlock = count * blockCount;
  const flatSources = sources.flatMap((s, n) => Array.from(s, (source) => (source < 0 ? emptyBlock : n * blockCount + source)));
  return tf.tidy(() => {
    const blocks = images.reshape([count, grid, bh, grid, bw * channels]).transpose([0, 1, 3, 2, 4]).reshape([count * blockCount, bh * bw * channels]);
    const withEmpty = tf.concat([blocks, tf.zeros([1, bh * bw * channels])]);
    const moved = tf.gather(withEmpty, tf.tensor1d(flatSources, 'int32'));
    return moved.reshape([count, grid, grid, bh, bw * channels]).transpose([0, 1, 3, 2, 4]).reshape([count, height, width, channels]) as tf.Tensor4D;
  });
}
