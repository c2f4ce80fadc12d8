// The Puzzle Mix mask energy (Kim et al. 2020; definitions.md §6, preview form). Over a g×g grid with mask levels z_i = k_i/m, k_i ∈ {0..m}:
//   E(z) = Σ_i −(z_i·s1_i + (1−z_i)·s2_i)                                    unary saliency (s1, s2 sum to 1 each)
//        + (η/g²)·Σ_i −ln(C(m, k_i)·λ^k_i·(1−λ)^(m−k_i) + 1e-8)              binomial prior around λ
//        + Σ_{i~j} ((β + γ·d_ij)/(16·g))·|z_i − z_j|                          label smoothness (β) and data smoothness (γ)
// over 4-neighbours i~j, d_ij the seam distance of seamDistance.ts. The 1/g² puts the prior on the unary's scale (it sums over g² blocks);
// the 1/(16g) makes a straight seam across the grid (g edges) cost (β + γ·d)/16 whatever g, the edge scale of the authors' β/(16g).

export interface MaskEnergyWeights {
  /** β: label smoothness. */
  smoothness: number;
  /** γ: data smoothness. */
  dataSmoothness: number;
  /** η: the binomial prior's weight. */
  priorWeight: number;
}

/** One pair's inputs to the energy, all row-major over the grid. */
export interface MaskEnergyInputs {
  grid: number;
  /** m: the mask takes the m + 1 levels 0, 1/m, …, 1. */
  levels: number;
  /** λ: the prior's success probability (the expected share of x1). */
  lambda: number;
  /** s1 and s2, g² block saliencies each summing to 1. */
  saliencyFirst: ArrayLike<number>;
  saliencySecond: ArrayLike<number>;
  /** d between (r, c) and (r, c+1), g·(g−1) values, row r at r·(g−1). */
  seamAcross: ArrayLike<number>;
  /** d between (r, c) and (r+1, c), (g−1)·g values, row r at r·g. */
  seamDown: ArrayLike<number>;
}

/** A 4-neighbour edge between blocks a and b costing weight·|k_a − k_b|/m. */
export interface MaskEdge {
  a: number;
  b: number;
  weight: number;
}

/** The energy as a labelling problem over level indices k ∈ {0..m}: E(k) = Σ_i unary[i·(m+1) + k_i] + Σ_edges weight·|k_a − k_b|/m. */
export interface MaskProblem {
  blockCount: number;
  levels: number;
  unary: Float64Array;
  edges: MaskEdge[];
}

export const PUZZLE_DEFAULT_WEIGHTS: MaskEnergyWeights = { smoothness: 1.2, dataSmoothness: 0.5, priorWeight: 0.2 };

function logBinomialCoefficient(n: number, k: number): number {
  let sum = 0;
  for (let i = 1; i <= k; i++) sum += Math.log((n - k + i) / i);
  return sum;
}

/** −ln(C(m, k)·λ^k·(1−λ)^(m−k) + 1e-8) for k = 0..m: the prior's cost of each level before its weight η/g². */
function binomialPriorCosts(levels: number, lambda: number): number[] {
  return Array.from({ length: levels + 1 }, (_, k) => -Math.log(Math.exp(logBinomialCoefficient(levels, k)) * lambda ** k * (1 - lambda) ** (levels - k) + 1e-8));
}

/** The labelling problem of one pair's energy. */
export function buildMaskProblem(inputs: MaskEnergyInputs, weights: MaskEnergyWeights): MaskProblem {
  const { grid, levels } = inputs;
  const blockCount = grid * grid;
  const prior = binomialPriorCosts(levels, inputs.lambda).map((cost) => (weights.priorWeight / blockCount) * cost);
  const unary = new Float64Array(blockCount * (levels + 1));
  for (let i = 0; i < blockCount; i++) {
    for (let k = 0; k <= levels; k++) {
      const z = k / levels;
      unary[i * (levels + 1) + k] = -(z * inputs.saliencyFirst[i] + (1 - z) * inputs.saliencySecond[i]) + prior[k];
    }
  }
  const edgeWeight = (seam: number): number => (weights.smoothness + weights.dataSmoothness * seam) / (16 * grid);
  const edges: MaskEdge[] = [];
  for (let r = 0; r < grid; r++) {
    for (let c = 0; c < grid; c++) {
      const i = r * grid + c;
      if (c + 1 < grid) edges.push({ a: i, b: i + 1, weight: edgeWeight(inputs.seamAcross[r * (grid - 1) + c]) });
      if (r + 1 < grid) edges.push({ a: i, b: i + grid, weight: edgeWeight(inputs.seamDown[r * grid + c]) });
    }
  }
  return { blockCount, levels, unary, edges };
}

/** E(k) of a labelling (level indices, one per block). */
export function maskEnergy(problem: MaskProblem, labels: ArrayLike<number>): number {
  let energy = 0;
  for (let i = 0; i < problem.blockCount; i++) energy += problem.unary[i * (problem.levels + 1) + labels[i]];
  for (const e of problem.edges) energy += (e.weight * Math.abs(labels[e.a] - labels[e.b])) / problem.levels;
  return energy;
}
