// Puzzle Mix on tensors (definitions.md §6): saliency ‖∂L/∂x‖ of a linear model against |W| pooled by hand, neighbourhood distances by hand,
// the grid draw, and the whole preview (mask → pixels, label ratio = mean of the mask, transport) against a composition done here pixel by pixel.
// puzzleOracles.test.ts checks the same pieces against the authors' code.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { selectBackend } from '../../../src/engine/backend';
import { gatherPairBatch } from '../../../src/engine/mix/pairBatch';
import { blockSize } from '../../../src/engine/mix/puzzle/blockGrid';
import { blockSaliency } from '../../../src/engine/mix/puzzle/saliency';
import { neighbourDistances, neighbourhoodSide } from '../../../src/engine/mix/puzzle/neighbourDistance';
import { puzzleMix, resolvePuzzleSetup } from '../../../src/engine/mix/puzzleMix';
import { SeededRandom } from '../../../src/engine/random';

before(async () => {
  await selectBackend('wasm');
});

/** A Classifier-shaped linear model: logits = W·flatten(x), W given as one row per class; counts its forward passes. */
function linearClassifier(weights: number[][]): { logits: (x: tf.Tensor4D) => tf.Tensor2D; calls: () => number } {
  let calls = 0;
  return {
    logits: (x) => {
      calls++;
      return tf.tidy(() => tf.matMul(x.reshape([x.shape[0], weights[0].length]), tf.tensor2d(weights), false, true) as tf.Tensor2D);
    },
    calls: () => calls,
  };
}

function assertClose(got: ArrayLike<number>, expected: ArrayLike<number>, message: string, tolerance = 1e-5): void {
  assert.equal(got.length, expected.length, message);
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(got[i] - expected[i]) < tolerance, `${message}: value ${i} is ${got[i]}, expected ${expected[i]}`);
}

// Class 0's weights on a 4×4 RGB image; class 1's are 0. Per-pixel channel norms ‖w(p)‖: top-left block 0.1, top-right 0.5, bottom-left 0 but
// one pixel 0.2, bottom-right 0.3. For two classes ∂CE/∂x = (p0 − [y = 0])·w, so s(p) = |p0 − [y = 0]|·‖w(p)‖ and the factor cancels in
// the normalisation: block masses 4·0.1, 4·0.5, 0.2, 4·0.3 = 0.4, 2, 0.2, 1.2 of 3.8, i.e. (2, 10, 1, 6)/19.
const pixelWeight = (y: number, x: number): number[] => {
  if (y < 2) return x < 2 ? [0.1, 0, 0] : [0.3, -0.4, 0];
  if (x < 2) return y === 3 && x === 1 ? [0, 0, 0.2] : [0, 0, 0];
  return [0.2, -0.2, 0.1];
};
const classZeroWeights = Array.from({ length: 16 }, (_, p) => pixelWeight(Math.floor(p / 4), p % 4)).flat();
const linearWeights = [classZeroWeights, new Array(48).fill(0)];

test('the saliency of a linear model is |W| pooled into 2×2 blocks by hand, (2, 10, 1, 6)/19, for the label and for the prediction', async () => {
  const model = linearClassifier(linearWeights);
  const images = tf.tidy(() => tf.stack([tf.fill([4, 4, 3], 0.5), tf.linspace(0, 1, 48).reshape([4, 4, 3])]) as tf.Tensor4D);
  const before = tf.memory().numTensors;
  for (const classes of [[0, 1], null]) {
    const saliency = blockSaliency(model, images, classes, 2);
    assertClose(await saliency.data(), [2, 10, 1, 6, 2, 10, 1, 6].map((v) => v / 19), `classes ${classes}`);
    saliency.dispose();
  }
  assert.equal(model.calls(), 2, 'one forward pass per batch');
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  images.dispose();
});

test('a model whose gradient is 0 everywhere gives the uniform 1/g² saliency', async () => {
  const images = tf.ones([1, 4, 4, 3]) as tf.Tensor4D;
  const saliency = blockSaliency(linearClassifier([new Array(48).fill(0), new Array(48).fill(0)]), images, [0], 2);
  assertClose(await saliency.data(), [0.25, 0.25, 0.25, 0.25], 'uniform');
  tf.dispose([images, saliency]);
});

test('neighbourhood distances by hand on 4×4 grey images, g = 2, 2×2 neighbourhoods: d[a][b] = |A(near cell) − B(far cell)|', async () => {
  // x1 blocks (grey) [[0, 1], [0.5, 0.5]], x2 blocks [[1, 1], [0, 0]]; each 2×2 block is constant, so each pools to one cell.
  const grey = (blocks: number[]): tf.Tensor4D => tf.tensor4d(Array.from({ length: 16 }, (_, p) => blocks[Math.floor(p / 8) * 2 + Math.floor((p % 4) / 2)]).flatMap((g) => [g, g, g]), [1, 4, 4, 3]);
  const x1 = grey([0, 1, 0.5, 0.5]);
  const x2 = grey([1, 1, 0, 0]);
  const { across, down } = neighbourDistances(x1, x2, 2, 2);
  // [d00, d01, d10, d11] (1 = x1). Across row 0: |1 − 1|, |1 − 1|, |0 − 1|, |0 − 1|; row 1: |0 − 0|, |0 − 0.5|, |0.5 − 0|, |0.5 − 0.5|.
  assertClose(await across.data(), [0, 0, 1, 1, 0, 0.5, 0.5, 0], 'across');
  // Down column 0: |1 − 0|, |1 − 0.5|, |0 − 0|, |0 − 0.5|; column 1: |1 − 0|, |1 − 0.5|, |1 − 0|, |1 − 0.5|.
  assertClose(await down.data(), [1, 0.5, 0, 0.5, 1, 0.5, 1, 0.5], 'down');
  tf.dispose([x1, x2, across, down]);
});

test('the neighbourhood side is min(neigh_size, block side), lowered until it divides the blocks', () => {
  assert.equal(neighbourhoodSide(4, 8, 8), 4);
  assert.equal(neighbourhoodSide(4, 2, 2), 2);
  assert.equal(neighbourhoodSide(4, 14, 14), 2);
  assert.equal(neighbourhoodSide(4, 7, 7), 1);
  assert.throws(() => neighbourhoodSide(0, 8, 8), /whole number/);
});

test('the grid is drawn uniformly from the sizes of {2, 4, 8, 16} that split the image unless fixed; transport is on by default', () => {
  const rng = SeededRandom.fromSeed(5);
  const drawn32 = new Set(Array.from({ length: 200 }, () => resolvePuzzleSetup(rng, 32, 32).grid));
  assert.deepEqual([...drawn32].sort((a, b) => a - b), [2, 4, 8, 16]);
  const drawn28 = new Set(Array.from({ length: 100 }, () => resolvePuzzleSetup(rng, 28, 28).grid));
  assert.deepEqual([...drawn28].sort((a, b) => a - b), [2, 4]);
  const fixed = resolvePuzzleSetup(rng, 32, 32, { grid: 8 });
  assert.equal(fixed.grid, 8);
  assert.equal(fixed.gridDrawn, false);
  assert.equal(fixed.transport, true);
  assert.equal(fixed.neighbourhood, 4);
  assert.equal(fixed.solver, 'alpha-beta-swap');
  assert.throws(() => resolvePuzzleSetup(rng, 7, 7), /resize/);
});

test('a grid that does not split the image into equal blocks is refused with the sizes that would', () => {
  assert.throws(() => blockSize(28, 28, 8), /choose g = 2 or 4/);
  assert.throws(() => blockSize(32, 32, 3), /2, 4, 8 or 16/);
});

/** x = z⊙x1' + (1−z)⊙x2' composed pixel by pixel on 4×4×3 images, x1' and x2' moved block by block as their plans say (null: not moved, −1: zeros). */
function composeByHand(first: Float32Array, second: Float32Array, mask: number[], grid: number, sourcesFirst: ArrayLike<number> | null, sourcesSecond: ArrayLike<number> | null): number[] {
  const side = 4;
  const block = side / grid;
  const movedPixel = (image: Float32Array, sources: ArrayLike<number> | null, y: number, x: number, c: number): number => {
    const target = Math.floor(y / block) * grid + Math.floor(x / block);
    const source = sources ? sources[target] : target;
    if (source < 0) return 0;
    const sy = Math.floor(source / grid) * block + (y % block);
    const sx = (source % grid) * block + (x % block);
    return image[(sy * side + sx) * 3 + c];
  };
  const out: number[] = [];
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const z = mask[Math.floor(y / block) * grid + Math.floor(x / block)];
      for (let c = 0; c < 3; c++) out.push(z * movedPixel(first, sourcesFirst, y, x, c) + (1 - z) * movedPixel(second, sourcesSecond, y, x, c));
    }
  }
  return out;
}

/** logits = (Σ x², 0) over all pixels and channels: ∂CE/∂x = (p0 − [y = 0])·2x, so the saliency of an image is where it is not 0. */
function squareSumClassifier(): { logits: (x: tf.Tensor4D) => tf.Tensor2D; calls: () => number } {
  let calls = 0;
  return {
    logits: (x) => {
      calls++;
      return tf.tidy(() => tf.stack([tf.sum(tf.square(x), [1, 2, 3]), tf.zeros([x.shape[0]])], 1) as tf.Tensor2D);
    },
    calls: () => calls,
  };
}

test('puzzleMix on a 2×2 grid by hand: x1 lit only top-left, x2 only bottom-right, λ = ½, β = γ = 0 → z = (1, ½, ½, 0), ratio ½', async () => {
  const model = squareSumClassifier();
  const lit = (block: 'top-left' | 'bottom-right'): number[] => Array.from({ length: 16 }, (_, p) => {
    const [y, x] = [Math.floor(p / 4), p % 4];
    return (block === 'top-left' ? y < 2 && x < 2 : y >= 2 && x >= 2) ? [0.5, 0.5, 0.5] : [0, 0, 0];
  }).flat();
  const images = tf.tensor4d([...lit('top-left'), ...lit('bottom-right')], [2, 4, 4, 3]);
  const pairs = gatherPairBatch(images, [0, 1], 2, [{ first: 0, second: 1 }]);
  const before = tf.memory().numTensors;
  const mixed = await puzzleMix(model, SeededRandom.fromSeed(3), pairs, { kind: 'fixed', value: 0.5 }, { grid: 2, smoothness: 0, dataSmoothness: 0, transport: false });
  assert.equal(mixed.setup.solver, 'exact');
  assert.equal(model.calls(), 1, 'one forward and backward pass for both sides of every pair');
  assertClose(mixed.saliencyFirst[0], [1, 0, 0, 0], 's1');
  assertClose(mixed.saliencySecond[0], [0, 0, 0, 1], 's2');
  // Prior (η/g²)·−ln(C(2,k)/4 + 1e-8) = 0.05·(1.386, 0.693, 1.386) for z = 0, ½, 1. Unary = the saliency discarded, z·s2 + (1−z)·s1.
  // Top-left: 0 + 0.069 (z = 1) beats 0.5 + 0.035 (z = ½);
  // bottom-right likewise takes z = 0; the two blocks with no saliency cost only the prior, least at z = ½.
  assert.deepEqual(mixed.masks, [[1, 0.5, 0.5, 0]]);
  assert.deepEqual(mixed.lambdas, [0.5]);
  assertClose(await mixed.targets.data(), [0.5, 0.5], 'target');
  const [x0, x1] = [await pairs.first.data(), await pairs.second.data()] as Float32Array[];
  assertClose(await mixed.images.data(), composeByHand(x0, x1, mixed.masks[0], 2, null, null), 'pixels');
  tf.dispose([mixed.images, mixed.targets]);
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  tf.dispose([images, pairs.first, pairs.second]);
});

test('puzzleMix on a 4×4 grid with m = 2 runs the α-β swap graph cut; the authors\' transport moves x1\'s salient block 5 into a shown block', async () => {
  // One-pixel blocks. x1 is lit at blocks 5 and 10 (s1 = ½ each), x2 only at block 5 (s2 = 1). λ = ½: block 5 goes to x2 (z = 0: −1 against
  // −0.75 at z = ½), block 10 to x1 (z = 1), the rest cost only the prior and take ½; the seams cost at most (1.2 + 0.5)/64·½ each.
  const model = squareSumClassifier();
  const litAt = (blocks: number[]): number[] => Array.from({ length: 16 }, (_, b) => (blocks.includes(b) ? [1, 1, 1] : [0, 0, 0])).flat();
  const images = tf.tensor4d([...litAt([5, 10]), ...litAt([5])], [2, 4, 4, 3]);
  const pairs = gatherPairBatch(images, [0, 1], 2, [{ first: 0, second: 1 }]);
  const before = tf.memory().numTensors;
  const mixed = await puzzleMix(model, SeededRandom.fromSeed(9), pairs, { kind: 'fixed', value: 0.5 }, { grid: 4 });
  assert.equal(mixed.setup.solver, 'alpha-beta-swap');
  assert.deepEqual(mixed.masks, [[0.5, 0.5, 0.5, 0.5, 0.5, 0, 0.5, 0.5, 0.5, 0.5, 1, 0.5, 0.5, 0.5, 0.5, 0.5]]);
  assert.equal(mixed.lambdas[0], 8 / 16, 'ratio = mean of the mask: (14·½ + 0 + 1)/16');
  assert.ok(mixed.transportFirst && mixed.transportSecond);
  // The authors' transport: x1's block 5 is hidden (z = 0) and its cheapest shown destinations are at distance 1 (1, 4, 6, 9), tied at
  // −½ + 0.8·1/9; the first, 1, takes it. Block 10 (−½) stays. Blocks of saliency 0 pick themselves at cost 0, and a destination whose
  // choosers cost 0 goes to the first row of the zeros, row 0: only block 0 keeps its place and the others are left empty (−1, zeros).
  assert.deepEqual(Array.from(mixed.transportFirst[0]), [0, 5, -1, -1, -1, -1, -1, -1, -1, -1, 10, -1, -1, -1, -1, -1]);
  // x2's salient block 5 is shown where it is (−1) and stays; block 0 again keeps its place and the rest are empty.
  assert.deepEqual(Array.from(mixed.transportSecond[0]), [0, -1, -1, -1, -1, 5, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1]);
  const [x0, x1] = [await pairs.first.data(), await pairs.second.data()] as Float32Array[];
  assertClose(await mixed.images.data(), composeByHand(x0, x1, mixed.masks[0], 4, mixed.transportFirst[0], mixed.transportSecond[0]), 'pixels');
  tf.dispose([mixed.images, mixed.targets]);
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  tf.dispose([images, pairs.first, pairs.second]);
});

test('the exact solver is refused where it would enumerate more than 2^16 masks', async () => {
  const images = tf.zeros([2, 4, 4, 3]) as tf.Tensor4D;
  const pairs = gatherPairBatch(images, [0, 1], 2, [{ first: 0, second: 1 }]);
  await assert.rejects(puzzleMix(linearClassifier(linearWeights), SeededRandom.fromSeed(1), pairs, undefined, { grid: 4, levels: 2, solver: 'exact' }), /3\^16 masks/);
  tf.dispose([images, pairs.first, pairs.second]);
});
