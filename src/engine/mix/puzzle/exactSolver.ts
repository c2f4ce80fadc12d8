// Exact minimiser of the Puzzle Mix mask energy (maskEnergy.ts, definitions.md §6: "an exact … solver on small grids") by enumerating every mask.
import { maskEnergy, type MaskProblem } from './maskEnergy';

/** The most masks the exact solver enumerates: (m+1)^(g²) ≤ 2^16, i.e. g = 2 for any m ≤ 15, g = 4 only for m = 1. */
export const EXACT_SOLVER_MAX_MASKS = 2 ** 16;

/** Whether enumerating every mask of `problem` is within EXACT_SOLVER_MAX_MASKS. */
export function exactSolverFits(problem: Pick<MaskProblem, 'blockCount' | 'levels'>): boolean {
  return problem.blockCount * Math.log(problem.levels + 1) <= Math.log(EXACT_SOLVER_MAX_MASKS) + 1e-9;
}

/** The labelling of least energy; among equal energies, the first in counting order (block 0 the fastest digit). */
export function solveExactly(problem: MaskProblem): Int32Array {
  const labels = new Int32Array(problem.blockCount);
  let best = labels.slice();
  let bestEnergy = maskEnergy(problem, labels);
  for (;;) {
    let digit = 0;
    while (digit < labels.length && labels[digit] === problem.levels) labels[digit++] = 0;
    if (digit === labels.length) return best;
    labels[digit]++;
    const energy = maskEnergy(problem, labels);
    if (energy < bestEnergy) {
      bestEnergy = energy;
      best = labels.slice();
    }
  }
}
