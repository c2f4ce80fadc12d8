// α-β swap graph cut (Boykov, Veksler & Zabih 2001) for the Puzzle Mix mask energy (maskEnergy.ts; definitions.md §6): from the per-block best
// level, repeatedly re-split the blocks labelled α or β between α and β by a minimum cut, for every pair α < β, until no swap lowers E.
// The pairwise cost weight·|k_a − k_b|/m is a metric, so each binary swap is solved exactly; the result is a local minimum under swap moves
// (for m = 1 there is one swap and it is the global minimum).
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
      const cut = (e.weight * (beta - alpha)) / levels;
      network.addEdge(a, b, cut, cut);
    } else if (a !== undefined || b !== undefined) {
      const [inside, outsideLabel] = a !== undefined ? [a, labels[e.b]] : [b as number, labels[e.a]];
      costAlpha[inside] += (e.weight * Math.abs(alpha - outsideLabel)) / levels;
      costBeta[inside] += (e.weight * Math.abs(beta - outsideLabel)) / levels;
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

/** The per-block level of least unary cost (ties to the lower level). */
function independentLabels(problem: MaskProblem): Int32Array {
  const labels = new Int32Array(problem.blockCount);
  for (let i = 0; i < problem.blockCount; i++) {
    let best = 0;
    for (let k = 1; k <= problem.levels; k++) if (problem.unary[i * (problem.levels + 1) + k] < problem.unary[i * (problem.levels + 1) + best]) best = k;
    labels[i] = best;
  }
  return labels;
}

/** A labelling no α-β swap can improve. */
export function solveBySwaps(problem: MaskProblem): Int32Array {
  let labels = independentLabels(problem);
  let energy = maskEnergy(problem, labels);
  for (let improved = true; improved; ) {
    improved = false;
    for (let alpha = 0; alpha < problem.levels; alpha++) {
      for (let beta = alpha + 1; beta <= problem.levels; beta++) {
        const candidate = swapMove(problem, labels, alpha, beta);
        const candidateEnergy = maskEnergy(problem, candidate);
        if (candidateEnergy < energy - improvementTolerance) {
          labels = candidate;
          energy = candidateEnergy;
          improved = true;
        }
      }
    }
  }
  return labels;
}
