// α-β swap graph cut (Boykov, Veksler & Zabih 2001) for the Puzzle Mix mask energy (maskEnergy.ts; definitions.md §6), as the authors'
// gco call (algorithm='swap', run to convergence) does: from gco's start (every block at its label 0, which is z = 1), repeatedly re-split
// the blocks labelled α or β between α and β by a minimum cut, for every pair of levels in gco's order, until a cycle lowers E no more. The pairwise cost
// weight·(k_a − k_b)²/m² is a semimetric for weight ≥ 0, so each binary swap is solved exactly; the result is a local minimum under swap
// moves (for m = 1 there is one swap and it is the global minimum).
import { UserFacingError } from '../../errors';
import { FlowNetwork } from './maxFlow';
import { maskEnergy, type MaskProblem } from './maskEnergy';

/** Energies within this of each other count as equal, so that rounding cannot make the swaps cycle. */
const improvementTolerance = 1e-12;

/** The labelling of the optimal α-β swap move from `labels`. */
function swapMove(problem: MaskProblem, labels: Int32Array, alpha: number, beta: number): Int32Array {
  const { levels, unary } = problem;
  const active = Array.from(labels.keys()).filter((i) => labels[i] === alpha || labels[i] === beta);
  const node = new Map(active.map((block, index) => [block, index]));
  // Cost of each active block taking α or β, including its edges to blocks outside the swap (whose labels stay).
  const costAlpha = active.map((i) => unary[i * (levels + 1) + alpha]);
  const costBeta = active.map((i) => unary[i * (levels + 1) + beta]);
  const network = new FlowNetwork(active.length + 2);
  const source = active.length;
  const sink = active.length + 1;
  for (const e of problem.edges) {
    const a = node.get(e.a);
    const b = node.get(e.b);
    if (a !== undefined && b !== undefined) {
      const cut = (e.weight * (beta - alpha) ** 2) / levels ** 2;
      network.addEdge(a, b, cut, cut);
    } else if (a !== undefined || b !== undefined) {
      const [inside, outsideLabel] = a !== undefined ? [a, labels[e.b]] : [b as number, labels[e.a]];
      costAlpha[inside] += (e.weight * (alpha - outsideLabel) ** 2) / levels ** 2;
      costBeta[inside] += (e.weight * (beta - outsideLabel) ** 2) / levels ** 2;
    }
  }
  // A block left on the source side takes α (its sink arc, the α cost, is cut); on the sink side it takes β.
  active.forEach((_, index) => {
    const floor = Math.min(costAlpha[index], costBeta[index]);
    network.addEdge(source, index, costBeta[index] - floor);
    network.addEdge(index, sink, costAlpha[index] - floor);
  });
  const sourceSide = network.minCutSourceSide(source, sink);
  const moved = labels.slice();
  active.forEach((block, index) => { moved[block] = sourceSide[index] ? alpha : beta; });
  return moved;
}

/** gco's order of the swaps in one cycle over its labels l (z = 1 − l/m, so level k = m − l): l from 0 up, l' from m down, l < l'. */
function swapOrder(levels: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let l = 0; l <= levels; l++) {
    for (let other = levels; other > l; other--) pairs.push([levels - other, levels - l]);
  }
  return pairs;
}

/** A labelling no α-β swap can improve: cycles of swaps in gco's order until a cycle lowers E no more. */
export function solveBySwaps(problem: MaskProblem): Int32Array {
  if (problem.edges.some((e) => e.weight < 0)) {
    throw new UserFacingError('A Puzzle Mix edge weight β(1 + γ·d) is negative (possible when γ > 1, or with images outside [0, 1]); the graph cut needs weights ≥ 0. Lower γ to 1 or less.', 'bad-input');
  }
  let labels: Int32Array = new Int32Array(problem.blockCount).fill(problem.levels);
  let energy = maskEnergy(problem, labels);
  const order = swapOrder(problem.levels);
  for (let improved = true; improved; ) {
    improved = false;
    for (const [alpha, beta] of order) {
      const candidate = swapMove(problem, labels, alpha, beta);
      const candidateEnergy = maskEnergy(problem, candidate);
      if (candidateEnergy < energy - improvementTolerance) {
        labels = candidate;
        energy = candidateEnergy;
        improved = true;
      }
    }
  }
  return labels;
}
