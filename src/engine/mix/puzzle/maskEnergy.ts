// The Puzzle Mix mask energy as the authors' released code builds it (Kim et al. 2020, snu-mllab/PuzzleMix mixup_graph and
// graphcut_multi; definitions.md §6). Over a g×g grid with mask levels z_i = k_i/m, k_i ∈ {0..m}, β' = β/(16g):
//   E(k) = Σ_i [ z_i·(s2_i + a1_i) + (1−z_i)·(s1_i + a2_i) ]                      saliency the mask discards (+ absorbed data terms)
//        + (η/g²)·Σ_i −ln(C(m, k_i)·λ^k_i·(1−λ)^(m−k_i) + 1e-8)                     binomial prior around λ
//        + Σ_{p~q} β'·(1 + γ·D_pq)·(k_p − k_q)²/m²                                 label and data smoothness, quadratic in Δlevel
// over 4-neighbours p~q (p above or left of q). With d_pq[a][b] the neighbourhood distance of neighbourDistance.ts (a: what p shows,
// b: what q shows, 1 = x1, 0 = x2), D_pq = (d[1][0] + d[0][1] − d[1][1] − d[0][0])/2, and the rest of each edge's data term is moved
// into the unary as the authors do: a1_p += β'γ(d[1][0] + d[1][1])/2, a2_p += β'γ(d[0][1] + d[0][0])/2, a1_q += β'γ(d[0][1] + d[1][1])/2,
// a2_q += β'γ(d[1][0] + d[0][0])/2 (a1: the cost of showing x1 there, a2: of showing x2).

export interface MaskEnergyWeights {
  /** β: label smoothness. */
  smoothness: number;
  /** γ: data smoothness (it scales with β). */
  dataSmoothness: number;
  /** η: the binomial prior's weight. */
  priorWeight: number;
}

/** Per edge, the neighbourhood distances [d00, d01, d10, d11], d_ab with a what the near block shows and b the far one (1 = x1, 0 = x2). */
export type EdgeDistances = readonly [number, number, number, number];

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
  /** Edges between (r, c) and (r, c+1), g·(g−1) of them, row r at r·(g−1). */
  distancesAcross: readonly EdgeDistances[];
  /** Edges between (r, c) and (r+1, c), (g−1)·g of them, row r at r·g. */
  distancesDown: readonly EdgeDistances[];
}

/** A 4-neighbour edge between blocks a and b costing weight·(k_a − k_b)²/m². */
export interface MaskEdge {
  a: number;
  b: number;
  weight: number;
}

/** The energy as a labelling problem over level indices k ∈ {0..m}: E(k) = Σ_i unary[i·(m+1) + k_i] + Σ_edges weight·(k_a − k_b)²/m². */
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
  const edgeScale = weights.smoothness / (16 * grid);
  const dataScale = edgeScale * weights.dataSmoothness;
  const showFirstCost = Float64Array.from({ length: blockCount }, (_, i) => inputs.saliencySecond[i]);
  const showSecondCost = Float64Array.from({ length: blockCount }, (_, i) => inputs.saliencyFirst[i]);
  const edges: MaskEdge[] = [];
  const addEdge = (near: number, far: number, [d00, d01, d10, d11]: EdgeDistances): void => {
    showFirstCost[near] += (dataScale * (d10 + d11)) / 2;
    showSecondCost[near] += (dataScale * (d01 + d00)) / 2;
    showFirstCost[far] += (dataScale * (d01 + d11)) / 2;
    showSecondCost[far] += (dataScale * (d10 + d00)) / 2;
    edges.push({ a: near, b: far, weight: edgeScale + (dataScale * (d10 + d01 - d11 - d00)) / 2 });
  };
  for (let r = 0; r < grid; r++) {
    for (let c = 0; c < grid; c++) {
      const i = r * grid + c;
      if (c + 1 < grid) addEdge(i, i + 1, inputs.distancesAcross[r * (grid - 1) + c]);
      if (r + 1 < grid) addEdge(i, i + grid, inputs.distancesDown[r * grid + c]);
    }
  }
  const prior = binomialPriorCosts(levels, inputs.lambda).map((cost) => (weights.priorWeight / blockCount) * cost);
  const unary = new Float64Array(blockCount * (levels + 1));
  for (let i = 0; i < blockCount; i++) {
    for (let k = 0; k <= levels; k++) {
      const z = k / levels;
      unary[i * (levels + 1) + k] = z * showFirstCost[i] + (1 - z) * showSecondCost[i] + prior[k];
    }
  }
  return { blockCount, levels, unary, edges };
}

/** E(k) of a labelling (level indices, one per block). */
export function maskEnergy(problem: MaskProblem, labels: ArrayLike<number>): number {
  let energy = 0;
  for (let i = 0; i < problem.blockCount; i++) energy += problem.unary[i * (problem.levels + 1) + labels[i]];
  for (const e of problem.edges) energy += (e.weight * (labels[e.a] - labels[e.b]) ** 2) / problem.levels ** 2;
  return energy;
}
