// Puzzle Mix (Kim et al. 2020), definitions.md §6, preview form: block saliency of x1 and x2, a mask z over the g×g grid minimising the
// energy of puzzle/maskEnergy.ts, optional greedy transport of salient blocks, x = z⊙x1' + (1−z)⊙x2' (z nearest-neighbour per block),
// label ratio = mean of z, y = ratio·y1 + (1−ratio)·y2.
import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '../errors';
import type { Classifier } from '../model/classifier';
import type { SeededRandom } from '../random';
import { DEFAULT_LAMBDA, drawLambdas, type LambdaSpec } from './lambda';
import type { MixedBatch, PairBatch } from './pairBatch';
import { blocksToPixels, blockSize, permuteBlocks, type PuzzleGridSize } from './puzzle/blockGrid';
import { exactSolverFits, solveExactly } from './puzzle/exactSolver';
import { buildMaskProblem, maskEnergy, PUZZLE_DEFAULT_WEIGHTS, type MaskEnergyWeights, type MaskProblem } from './puzzle/maskEnergy';
import { blockSaliency, type SaliencyTarget } from './puzzle/saliency';
import { seamDistances } from './puzzle/seamDistance';
import { solveBySwaps } from './puzzle/swapSolver';
import { greedyBlockTransport } from './puzzle/transport';
import { mixedTargets } from './targets';

/** The solver that ran: enumeration of every mask, or the α-β swap graph cut. */
export type MaskSolverName = 'exact' | 'alpha-beta-swap';
/** 'auto' enumerates when (m+1)^(g²) ≤ 2^16 and uses the α-β swap otherwise. */
export type MaskSolverChoice = 'auto' | MaskSolverName;

export interface PuzzleMixOptions extends Partial<MaskEnergyWeights> {
  /** g, blocks per side (default 4). */
  grid?: PuzzleGridSize;
  /** m, the mask takes levels 0, 1/m, …, 1 (default 2). */
  levels?: number;
  /** The y of the saliency loss (default 'label'). */
  saliencyTarget?: SaliencyTarget;
  solver?: MaskSolverChoice;
  /** Move each source's salient blocks into the blocks where it is shown (greedy, puzzle/transport.ts; default false). */
  transport?: boolean;
  /** ξ, the transport's distance weight (default 0.8). */
  transportWeight?: number;
}

export const PUZZLE_DEFAULT_GRID: PuzzleGridSize = 4;
export const PUZZLE_DEFAULT_LEVELS = 2;
export const PUZZLE_DEFAULT_TRANSPORT_WEIGHT = 0.8;

export interface PuzzleMixBatch extends MixedBatch {
  /** Per pair, the g² mask values z_i = k_i/m, row-major; lambdas[n] is their mean. */
  masks: number[][];
  /** Per pair, the λ the binomial prior was centred on (drawn or fixed). */
  priorLambdas: number[];
  /** Per pair, E(z) of the mask found. */
  energies: number[];
  solver: MaskSolverName;
  /** Per pair, the normalised block saliencies s1 and s2 (g² values each, row-major). */
  saliencyFirst: number[][];
  saliencySecond: number[][];
  /** Per pair, sources[j] = the block of x1 (of x2) shown at block j; null without transport. */
  transportFirst: Int32Array[] | null;
  transportSecond: Int32Array[] | null;
}

function checkWeights(options: PuzzleMixOptions, levels: number): void {
  if (!Number.isInteger(levels) || levels < 1 || levels > 16) throw new UserFacingError(`Puzzle Mix mask levels m must be a whole number from 1 to 16; got ${levels}.`, 'bad-input');
  for (const [name, value] of Object.entries({ β: options.smoothness, γ: options.dataSmoothness, η: options.priorWeight, ξ: options.transportWeight })) {
    if (value !== undefined && !(value >= 0 && Number.isFinite(value))) throw new UserFacingError(`Puzzle Mix weight ${name} must be a finite number ≥ 0; got ${value}.`, 'bad-input');
  }
}

/** Which solver runs for problems of this size. */
function chooseSolver(choice: MaskSolverChoice, problemSize: Pick<MaskProblem, 'blockCount' | 'levels'>): MaskSolverName {
  const fits = exactSolverFits(problemSize);
  if (choice === 'exact' && !fits) {
    throw new UserFacingError(`The exact Puzzle Mix solver would try ${problemSize.levels + 1}^${problemSize.blockCount} masks; use a smaller grid or fewer levels, or the α-β swap solver.`, 'too-large');
  }
  return choice === 'auto' ? (fits ? 'exact' : 'alpha-beta-swap') : choice;
}

/** Rows of a [N, …] tensor as plain number arrays. */
async function rowsOf(tensor: tf.Tensor): Promise<number[][]> {
  const [count] = tensor.shape;
  const values = await tensor.data();
  const width = values.length / count;
  return Array.from({ length: count }, (_, n) => Array.from(values.subarray(n * width, (n + 1) * width)));
}

/** Puzzle Mix of every pair (one λ draw per pair, in pair order; one forward and backward pass for the saliency of the whole batch). */
export async function puzzleMix(classifier: Pick<Classifier, 'logits'>, rng: SeededRandom, pairs: PairBatch, lambda: LambdaSpec = DEFAULT_LAMBDA, options: PuzzleMixOptions = {}): Promise<PuzzleMixBatch> {
  const grid = options.grid ?? PUZZLE_DEFAULT_GRID;
  const levels = options.levels ?? PUZZLE_DEFAULT_LEVELS;
  checkWeights(options, levels);
  const [count, height, width] = pairs.first.shape;
  blockSize(height, width, grid);
  const solver = chooseSolver(options.solver ?? 'auto', { blockCount: grid * grid, levels });
  const weights: MaskEnergyWeights = {
    smoothness: options.smoothness ?? PUZZLE_DEFAULT_WEIGHTS.smoothness,
    dataSmoothness: options.dataSmoothness ?? PUZZLE_DEFAULT_WEIGHTS.dataSmoothness,
    priorWeight: options.priorWeight ?? PUZZLE_DEFAULT_WEIGHTS.priorWeight,
  };
  const priorLambdas = drawLambdas(rng, lambda, count);
  const saliencyTarget = options.saliencyTarget ?? 'label';

  const { saliency, across, down } = tf.tidy(() => {
    const classes = saliencyTarget === 'label' ? [...pairs.firstClasses, ...pairs.secondClasses] : null;
    return { saliency: blockSaliency(classifier, tf.concat([pairs.first, pairs.second]), classes, grid), ...seamDistances(pairs.first, pairs.second, grid) };
  });
  let saliencyRows: number[][], acrossRows: number[][], downRows: number[][];
  try {
    [saliencyRows, acrossRows, downRows] = await Promise.all([rowsOf(saliency), rowsOf(across), rowsOf(down)]);
  } finally {
    tf.dispose([saliency, across, down]);
  }
  const saliencyFirst = saliencyRows.slice(0, count);
  const saliencySecond = saliencyRows.slice(count);

  const labellings = priorLambdas.map((priorLambda, n) => {
    const problem = buildMaskProblem({ grid, levels, lambda: priorLambda, saliencyFirst: saliencyFirst[n], saliencySecond: saliencySecond[n], seamAcross: acrossRows[n], seamDown: downRows[n] }, weights);
    const labels = solver === 'exact' ? solveExactly(problem) : solveBySwaps(problem);
    return { labels, energy: maskEnergy(problem, labels) };
  });
  const masks = labellings.map(({ labels }) => Array.from(labels, (k) => k / levels));
  const ratios = masks.map((z) => z.reduce((sum, v) => sum + v, 0) / z.length);
  const transportWeight = options.transportWeight ?? PUZZLE_DEFAULT_TRANSPORT_WEIGHT;
  const transportFirst = options.transport ? masks.map((z, n) => greedyBlockTransport(saliencyFirst[n], z.map((v) => v > 0), grid, transportWeight)) : null;
  const transportSecond = options.transport ? masks.map((z, n) => greedyBlockTransport(saliencySecond[n], z.map((v) => v < 1), grid, transportWeight)) : null;

  const images = tf.tidy(() => {
    const first = transportFirst ? permuteBlocks(pairs.first, grid, transportFirst) : pairs.first;
    const second = transportSecond ? permuteBlocks(pairs.second, grid, transportSecond) : pairs.second;
    const mask = blocksToPixels(tf.tensor3d(masks.flat(), [count, grid, grid]), height, width);
    return tf.add(tf.mul(mask, first), tf.mul(tf.sub(1, mask), second)) as tf.Tensor4D;
  });
  return {
    images,
    targets: mixedTargets(pairs.firstClasses, pairs.secondClasses, ratios, pairs.classCount),
    lambdas: ratios,
    masks,
    priorLambdas,
    energies: labellings.map(({ energy }) => energy),
    solver,
    saliencyFirst,
    saliencySecond,
    transportFirst,
    transportSecond,
  };
}
