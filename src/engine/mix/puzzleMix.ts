// Puzzle Mix (Kim et al. 2020) as the authors' released code behaves (snu-mllab/PuzzleMix mixup_graph; definitions.md §6), preview form:
// g drawn from {2, 4, 8, 16} unless fixed, block saliency of x1 and x2, a mask z over the g×g grid minimising the energy of
// puzzle/maskEnergy.ts (data terms from puzzle/neighbourDistance.ts), transport of each source's salient blocks (puzzle/transport.ts, on by
// default), x = z⊙x1' + (1−z)⊙x2' (z nearest-neighbour per block), label ratio = mean of z, y = ratio·y1 + (1−ratio)·y2.
import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '../errors';
import type { Classifier } from '../model/classifier';
import type { SeededRandom } from '../random';
import { DEFAULT_LAMBDA, drawLambdas, type LambdaSpec } from './lambda';
import type { MixedBatch, PairBatch } from './pairBatch';
import { blocksToPixels, blockSize, permuteBlocks, PUZZLE_GRID_SIZES, type PuzzleGridSize } from './puzzle/blockGrid';
import { exactSolverFits, solveExactly } from './puzzle/exactSolver';
import { buildMaskProblem, maskEnergy, PUZZLE_DEFAULT_WEIGHTS, type EdgeDistances, type MaskEnergyWeights, type MaskProblem } from './puzzle/maskEnergy';
import { neighbourDistances, neighbourhoodSide, PUZZLE_DEFAULT_NEIGHBOURHOOD } from './puzzle/neighbourDistance';
import { blockSaliency, type SaliencyTarget } from './puzzle/saliency';
import { solveBySwaps } from './puzzle/swapSolver';
import { transportPlan } from './puzzle/transport';
import { mixedTargets } from './targets';

/** The solver that ran: enumeration of every mask, or the α-β swap graph cut. */
export type MaskSolverName = 'exact' | 'alpha-beta-swap';
/** 'auto' enumerates when (m+1)^(g²) ≤ 2^16 and uses the α-β swap otherwise. */
export type MaskSolverChoice = 'auto' | MaskSolverName;

export interface PuzzleMixOptions extends Partial<MaskEnergyWeights> {
  /** g, blocks per side; 'random' (the default) draws it uniformly from the sizes of {2, 4, 8, 16} that split the image evenly. */
  grid?: PuzzleGridSize | 'random';
  /** m, the mask takes levels 0, 1/m, …, 1 (default 2, the authors' n_labels 3). */
  levels?: number;
  /** neigh_size, the side of the neighbourhoods the data term pools over (default 4). */
  neighbourhood?: number;
  /** The y of the saliency loss (default 'label'). */
  saliencyTarget?: SaliencyTarget;
  solver?: MaskSolverChoice;
  /** Move each source's salient blocks into the blocks where it is shown (puzzle/transport.ts; default true). */
  transport?: boolean;
  /** ξ (t_eps), the transport's distance weight (default 0.8). */
  transportWeight?: number;
}

export const PUZZLE_DEFAULT_LEVELS = 2;
export const PUZZLE_DEFAULT_TRANSPORT_WEIGHT = 0.8;

/** What one batch runs with, every default and draw resolved. */
export interface PuzzleMixSetup {
  grid: PuzzleGridSize;
  /** Whether g was drawn (true) or fixed by the caller. */
  gridDrawn: boolean;
  levels: number;
  /** The neighbourhood side the data term pooled over (neigh_size, lowered to divide the blocks). */
  neighbourhood: number;
  weights: MaskEnergyWeights;
  solver: MaskSolverName;
  transport: boolean;
  transportWeight: number;
}

export interface PuzzleMixBatch extends MixedBatch {
  setup: PuzzleMixSetup;
  /** Per pair, the g² mask values z_i = k_i/m, row-major; lambdas[n] is their mean. */
  masks: number[][];
  /** Per pair, the λ the binomial prior was centred on (drawn or fixed). */
  priorLambdas: number[];
  /** Per pair, E(z) of the mask found. */
  energies: number[];
  /** Per pair, the normalised block saliencies s1 and s2 (g² values each, row-major). */
  saliencyFirst: number[][];
  saliencySecond: number[][];
  /** Per pair, sources[j] = the block of x1 (of x2) shown at block j, −1 for none (zeros); null without transport. */
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

/** g: the fixed one (checked to split the image), or a uniform draw from the sizes that split it, as the authors draw 2^U{1..4}. */
function chooseGrid(rng: SeededRandom, height: number, width: number, grid: PuzzleGridSize | 'random'): PuzzleGridSize {
  if (grid !== 'random') {
    blockSize(height, width, grid);
    return grid;
  }
  const fits = PUZZLE_GRID_SIZES.filter((g) => height % g === 0 && width % g === 0);
  if (fits.length === 0) throw new UserFacingError(`A ${height}×${width} image does not split into 2×2, 4×4, 8×8 or 16×16 equal blocks; resize it to a multiple of 2.`, 'bad-input');
  return fits[rng.int(fits.length)];
}

/** Resolves the options for [*, height, width] images; draws g from `rng` when it is not fixed. */
export function resolvePuzzleSetup(rng: SeededRandom, height: number, width: number, options: PuzzleMixOptions = {}): PuzzleMixSetup {
  const levels = options.levels ?? PUZZLE_DEFAULT_LEVELS;
  checkWeights(options, levels);
  const requested = options.grid ?? 'random';
  const grid = chooseGrid(rng, height, width, requested);
  const [bh, bw] = blockSize(height, width, grid);
  return {
    grid,
    gridDrawn: requested === 'random',
    levels,
    neighbourhood: neighbourhoodSide(options.neighbourhood ?? PUZZLE_DEFAULT_NEIGHBOURHOOD, bh, bw),
    weights: {
      smoothness: options.smoothness ?? PUZZLE_DEFAULT_WEIGHTS.smoothness,
      dataSmoothness: options.dataSmoothness ?? PUZZLE_DEFAULT_WEIGHTS.dataSmoothness,
      priorWeight: options.priorWeight ?? PUZZLE_DEFAULT_WEIGHTS.priorWeight,
    },
    solver: chooseSolver(options.solver ?? 'auto', { blockCount: grid * grid, levels }),
    transport: options.transport ?? true,
    transportWeight: options.transportWeight ?? PUZZLE_DEFAULT_TRANSPORT_WEIGHT,
  };
}

/** Rows of a [N, …] tensor as plain number arrays. */
async function rowsOf(tensor: tf.Tensor): Promise<number[][]> {
  const [count] = tensor.shape;
  const values = await tensor.data();
  const width = values.length / count;
  return Array.from({ length: count }, (_, n) => Array.from(values.subarray(n * width, (n + 1) * width)));
}

/** Rows of a [N, …, 4] tensor of edge distances as per-pair lists of [d00, d01, d10, d11]. */
async function edgeRowsOf(tensor: tf.Tensor): Promise<EdgeDistances[][]> {
  return (await rowsOf(tensor)).map((row) => Array.from({ length: row.length / 4 }, (_, e): EdgeDistances => [row[4 * e], row[4 * e + 1], row[4 * e + 2], row[4 * e + 3]]));
}

/** Puzzle Mix of every pair (one grid draw, then one λ draw per pair, in pair order; one forward and backward pass for the saliency of the whole batch). */
export async function puzzleMix(classifier: Pick<Classifier, 'logits'>, rng: SeededRandom, pairs: PairBatch, lambda: LambdaSpec = DEFAULT_LAMBDA, options: PuzzleMixOptions = {}): Promise<PuzzleMixBatch> {
  const [count, height, width] = pairs.first.shape;
  const setup = resolvePuzzleSetup(rng, height, width, options);
  const priorLambdas = drawLambdas(rng, lambda, count);
  const saliencyTarget = options.saliencyTarget ?? 'label';
  const saliency = tf.tidy(() => {
    const classes = saliencyTarget === 'label' ? [...pairs.firstClasses, ...pairs.secondClasses] : null;
    return blockSaliency(classifier, tf.concat([pairs.first, pairs.second]), classes, setup.grid);
  });
  let saliencyRows: number[][];
  try {
    saliencyRows = await rowsOf(saliency);
  } finally {
    saliency.dispose();
  }
  return mixBySaliency(pairs, saliencyRows.slice(0, count), saliencyRows.slice(count), priorLambdas, setup);
}

/** Puzzle Mix of every pair given the normalised block saliencies of x1 and x2 (g² values per pair, row-major) and each pair's prior λ. */
export async function mixBySaliency(pairs: PairBatch, saliencyFirst: number[][], saliencySecond: number[][], priorLambdas: number[], setup: PuzzleMixSetup): Promise<PuzzleMixBatch> {
  const { grid, levels } = setup;
  const [count, height, width] = pairs.first.shape;
  const { across, down } = neighbourDistances(pairs.first, pairs.second, grid, setup.neighbourhood);
  let acrossRows: EdgeDistances[][], downRows: EdgeDistances[][];
  try {
    [acrossRows, downRows] = await Promise.all([edgeRowsOf(across), edgeRowsOf(down)]);
  } finally {
    tf.dispose([across, down]);
  }
  const labellings = priorLambdas.map((priorLambda, n) => {
    const inputs = { grid, levels, lambda: priorLambda, saliencyFirst: saliencyFirst[n], saliencySecond: saliencySecond[n], distancesAcross: acrossRows[n], distancesDown: downRows[n] };
    const problem = buildMaskProblem(inputs, setup.weights);
    const labels = setup.solver === 'exact' ? solveExactly(problem) : solveBySwaps(problem);
    return { labels, energy: maskEnergy(problem, labels) };
  });
  const masks = labellings.map(({ labels }) => Array.from(labels, (k) => k / levels));
  const ratios = masks.map((z) => z.reduce((sum, v) => sum + v, 0) / z.length);
  const transportFirst = setup.transport ? masks.map((z, n) => transportPlan(saliencyFirst[n], z.map((v) => v > 0), grid, setup.transportWeight)) : null;
  const transportSecond = setup.transport ? masks.map((z, n) => transportPlan(saliencySecond[n], z.map((v) => v < 1), grid, setup.transportWeight)) : null;

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
    setup,
    masks,
    priorLambdas,
    energies: labellings.map(({ energy }) => energy),
    saliencyFirst,
    saliencySecond,
    transportFirst,
    transportSecond,
  };
}
