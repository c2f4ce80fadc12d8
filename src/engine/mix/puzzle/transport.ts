// Puzzle Mix transport as the authors' code does it (snu-mllab/PuzzleMix mask_transport; definitions.md §6). Cost of moving block i of a
// source to block j: ξ·C_ij − s_i·[source shown at j], C_ij = ((r_i − r_j)² + (c_i − c_j)²)/(g−1)². For g rounds: every source block picks
// its cheapest destination (first on ties); at each destination the chooser of least cost wins, where non-choosers count as cost 0 and the
// first least row wins (so a destination whose choosers all cost more than 0 has no winner); every losing choice's cost grows by 1. The
// winners of the last round are the plan: a destination without a winner shows nothing (zeros), as in their transport_image.

/** sources[j] = the block of the source image that block j shows after transport, or −1 where no block won j. */
export function transportPlan(saliency: ArrayLike<number>, shown: ArrayLike<boolean>, grid: number, weight: number): Int32Array {
  const blockCount = grid * grid;
  const cost = new Float64Array(blockCount * blockCount);
  for (let i = 0; i < blockCount; i++) {
    for (let j = 0; j < blockCount; j++) {
      const dr = Math.floor(i / grid) - Math.floor(j / grid);
      const dc = (i % grid) - (j % grid);
      cost[i * blockCount + j] = (weight * (dr * dr + dc * dc)) / ((grid - 1) * (grid - 1)) - (shown[j] ? saliency[i] : 0);
    }
  }
  const choice = new Int32Array(blockCount);
  const winner = new Int32Array(blockCount);
  for (let round = 0; round < grid; round++) {
    for (let i = 0; i < blockCount; i++) {
      let best = 0;
      for (let j = 1; j < blockCount; j++) if (cost[i * blockCount + j] < cost[i * blockCount + best]) best = j;
      choice[i] = best;
    }
    for (let j = 0; j < blockCount; j++) {
      let best = 0;
      let bestCost = choice[0] === j ? cost[j] : 0;
      for (let i = 1; i < blockCount; i++) {
        const fight = choice[i] === j ? cost[i * blockCount + j] : 0;
        if (fight < bestCost) {
          best = i;
          bestCost = fight;
        }
      }
      winner[j] = choice[best] === j ? best : -1;
    }
    for (let i = 0; i < blockCount; i++) if (winner[choice[i]] !== i) cost[i * blockCount + choice[i]] += 1;
  }
  return winner;
}
