// Puzzle Mix against the authors' released code (snu-mllab/PuzzleMix mixup.py; definitions.md §6): test/fixtures/puzzlemix/oracles.json is
// written by scripts/puzzlemix-oracles/make_fixtures.py, which runs their mixup_graph (pooling, neigh_penalty, the unary and pairwise terms,
// graphcut_multi with gco replaced by enumeration on tiny grids, or with the real gco swap on 4×4 and 8×8 grids, transport) and
// mask_transport / transport_image.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { selectBackend } from '../../../src/engine/backend';
import type { PairBatch } from '../../../src/engine/mix/pairBatch';
import { permuteBlocks } from '../../../src/engine/mix/puzzle/blockGrid';
import { solveExactly } from '../../../src/engine/mix/puzzle/exactSolver';
import { buildMaskProblem, maskEnergy, type EdgeDistances, type MaskEnergyWeights } from '../../../src/engine/mix/puzzle/maskEnergy';
import { neighbourDistances, neighbourhoodSide } from '../../../src/engine/mix/puzzle/neighbourDistance';
import { normalisedBlockSaliency } from '../../../src/engine/mix/puzzle/saliency';
import { solveBySwaps } from '../../../src/engine/mix/puzzle/swapSolver';
import { transportPlan } from '../../../src/engine/mix/puzzle/transport';
import { mixBySaliency } from '../../../src/engine/mix/puzzleMix';

interface OraclePair {
  saliencyFirst: number[];
  saliencySecond: number[];
  probeLevels: number[][];
  probeEnergies: number[];
  optimumLevels: number[];
  optimumEnergy: number;
  runnerUpGap: number;
  authorsMaskLevels: number[];
}

interface MaskCase {
  grid: 2 | 4;
  levels: number;
  neighbourhood: number;
  size: number;
  lambda: number;
  weights: { beta: number; gamma: number; eta: number; t_eps: number };
  images255: number[];
  pixelSaliencyCubeRoot1000: number[];
  pairs: OraclePair[];
  mixedTimes255m: number[];
  ratios: number[];
}

interface SwapCase extends Omit<MaskCase, 'pairs' | 'pixelSaliencyCubeRoot1000'> {
  /** Per pair, s1 (s2 is the other pair's). */
  saliencyFirst: number[][];
  /** Per pair, the mask their mixup_graph returned with the real gco swap, as level indices. */
  authorsMaskLevels: number[][];
}

interface TransportCase {
  grid: number;
  eps: number;
  shown: boolean[];
  saliency: number[];
  sources: number[];
  image255: number[];
  moved255: number[];
}

const fixture = JSON.parse(readFileSync(join(__dirname, '../../../../test/fixtures/puzzlemix/oracles.json'), 'utf8')) as { maskCases: MaskCase[]; swapCases: SwapCase[]; transportCases: TransportCase[] };

before(async () => {
  await selectBackend('wasm');
});

const weightsOf = (c: Pick<MaskCase, 'weights'>): MaskEnergyWeights => ({ smoothness: c.weights.beta, dataSmoothness: c.weights.gamma, priorWeight: c.weights.eta });
const describe = (c: Omit<MaskCase, 'pairs' | 'pixelSaliencyCubeRoot1000'>): string => `g = ${c.grid}, m = ${c.levels}, neigh ${c.neighbourhood}, ${c.size}px, β = ${c.weights.beta}`;

/** The case's two images as the pairs (x1, x2) = (image 0, image 1) and (image 1, image 0), as their batch with indices [1, 0]. */
function pairsOf(c: Pick<MaskCase, 'images255' | 'size'>): PairBatch {
  const images = tf.tensor4d(c.images255.map((v) => v / 255), [2, c.size, c.size, 3]);
  const second = tf.reverse(images, 0) as tf.Tensor4D;
  return { first: images, second, firstClasses: [0, 1], secondClasses: [1, 0], classCount: 2 };
}

function edgeRows(tensor: tf.Tensor, pair: number): EdgeDistances[] {
  const values = tensor.arraySync() as number[][][][];
  return values[pair].flat().map((d) => [d[0], d[1], d[2], d[3]]);
}

test('block saliency: their avg-pooled gradient map divided by its sum, to float32 precision', () => {
  for (const c of fixture.maskCases) {
    const pixel = tf.tensor3d(c.pixelSaliencyCubeRoot1000.map((v) => v ** 3 / 1e9), [2, c.size, c.size]);
    const saliency = normalisedBlockSaliency(pixel, c.grid).arraySync().map((rows) => rows.flat());
    c.pairs.forEach((pair, n) => saliency[n].forEach((s, i) => assert.ok(Math.abs(s - pair.saliencyFirst[i]) < 1e-6, `${describe(c)}: pair ${n} block ${i}`)));
    tf.dispose(pixel);
  }
});

test('mask energies of their graphcut_multi costs (before integer scaling) for probe masks and the optimum, and our exact solver finds their mask', () => {
  for (const c of fixture.maskCases) {
    const pairs = pairsOf(c);
    const { across, down } = neighbourDistances(pairs.first, pairs.second, c.grid, c.neighbourhood);
    c.pairs.forEach((pair, n) => {
      const inputs = { grid: c.grid, levels: c.levels, lambda: c.lambda, saliencyFirst: pair.saliencyFirst, saliencySecond: pair.saliencySecond, distancesAcross: edgeRows(across, n), distancesDown: edgeRows(down, n) };
      const problem = buildMaskProblem(inputs, weightsOf(c));
      pair.probeLevels.forEach((levels, p) => {
        const got = maskEnergy(problem, levels);
        assert.ok(Math.abs(got - pair.probeEnergies[p]) < 1e-6, `${describe(c)}, pair ${n}, probe ${p}: ${got} vs ${pair.probeEnergies[p]}`);
      });
      assert.ok(pair.runnerUpGap > 1e-3, 'the fixture has no near-tie');
      assert.deepEqual(pair.authorsMaskLevels, pair.optimumLevels, 'their code (exact gco stand-in) returns the real-valued optimum');
      const exact = solveExactly(problem);
      assert.deepEqual(Array.from(exact), pair.optimumLevels, `${describe(c)}, pair ${n}`);
      assert.ok(Math.abs(maskEnergy(problem, exact) - pair.optimumEnergy) < 1e-6);
      const swapped = maskEnergy(problem, solveBySwaps(problem));
      assert.ok(swapped >= pair.optimumEnergy - 1e-6, 'the swap graph cut never beats the optimum');
      if (c.levels === 1) assert.ok(Math.abs(swapped - pair.optimumEnergy) < 1e-6, 'for m = 1 the single swap is a global minimum cut');
    });
    tf.dispose([pairs.first, pairs.second, across, down]);
  }
});

test('the whole mix (exact mask, transport with their t_eps, composition, label ratio) equals their mixup_graph output', async () => {
  for (const c of fixture.maskCases) {
    const pairs = pairsOf(c);
    const setup = {
      grid: c.grid, gridDrawn: false, levels: c.levels, neighbourhood: c.neighbourhood, weights: weightsOf(c), solver: 'exact' as const, transport: true, transportWeight: c.weights.t_eps,
    };
    const batch = await mixBySaliency(pairs, c.pairs.map((p) => p.saliencyFirst), c.pairs.map((p) => p.saliencySecond), [c.lambda, c.lambda], setup);
    const scale = 255 * c.levels;
    const mixed = await batch.images.data();
    c.mixedTimes255m.forEach((v, i) => assert.ok(Math.abs(mixed[i] * scale - v) < 2e-3, `${describe(c)}: value ${i} is ${mixed[i] * scale}, expected ${v}`));
    batch.lambdas.forEach((ratio, n) => assert.ok(Math.abs(ratio - c.ratios[n]) < 1e-6, `${describe(c)}: ratio ${n}`));
    tf.dispose([pairs.first, pairs.second, batch.images, batch.targets]);
  }
});

test('on 4×4 and 8×8 grids with m = 2, our α-β swap graph cut finds the masks of their gco swap call, and the whole mix equals theirs', async () => {
  for (const c of fixture.swapCases) {
    const pairs = pairsOf(c);
    const saliencySecond = [c.saliencyFirst[1], c.saliencyFirst[0]];
    // Their min(neigh_size, block size): 8×8 blocks of 16-pixel images are 2 pixels wide.
    const neighbourhood = neighbourhoodSide(c.neighbourhood, c.size / c.grid, c.size / c.grid);
    const setup = {
      grid: c.grid, gridDrawn: false, levels: c.levels, neighbourhood, weights: weightsOf(c), solver: 'alpha-beta-swap' as const, transport: true, transportWeight: c.weights.t_eps,
    };
    const batch = await mixBySaliency(pairs, c.saliencyFirst, saliencySecond, [c.lambda, c.lambda], setup);
    batch.masks.forEach((mask, n) => assert.deepEqual(mask.map((z) => Math.round(z * c.levels)), c.authorsMaskLevels[n], `${describe(c)}, pair ${n}`));
    const scale = 255 * c.levels;
    const mixed = await batch.images.data();
    c.mixedTimes255m.forEach((v, i) => assert.ok(Math.abs(mixed[i] * scale - v) < 2e-3, `${describe(c)}: value ${i} is ${mixed[i] * scale}, expected ${v}`));
    tf.dispose([pairs.first, pairs.second, batch.images, batch.targets]);
  }
});

test('transport plans equal their mask_transport (g rounds, winners only, empty destinations) and moving blocks equals their transport_image', async () => {
  for (const [index, c] of fixture.transportCases.entries()) {
    assert.deepEqual(Array.from(transportPlan(c.saliency, c.shown, c.grid, c.eps)), c.sources, `case ${index} (g = ${c.grid})`);
    const side = c.grid * 2;
    const image = tf.tensor4d(c.image255.map((v) => v / 255), [1, side, side, 3]);
    const moved = permuteBlocks(image, c.grid, [Int32Array.from(c.sources)]);
    const values = await moved.data();
    c.moved255.forEach((v, i) => assert.ok(Math.abs(values[i] * 255 - v) < 1e-3, `case ${index}: value ${i}`));
    tf.dispose([image, moved]);
  }
  assert.ok(fixture.transportCases.some((c) => c.sources.includes(-1)), 'the fixture covers destinations no block wins');
});
