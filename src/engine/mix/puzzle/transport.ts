// Puzzle Mix transport, preview form (definitions.md §6, "optional transport of each source's salient blocks"): a greedy assignment, not the
// paper's optimal-transport solver. Every block j where a source is shown takes a distinct block i of that source, pairs (i, j) taken in
// increasing cost −s_i + ξ·C_ij with C_ij = ((r_i − r_j)² + (c_i − c_j)²)/(g−1)² (ties: lower j, then lower i); blocks where the source is
// not shown keep their own block when it is free, else the lowest free one, so the plan is a permutation.

/** sources[j] = the block of the source image that block j shows after transport. */
export function greedyBlockTransport(saliency: ArrayLike<number>, shown: ArrayLike<boolean>, grid: number, weight: number): Int32Array {
  const blockCount = grid * grid;
  const distance = (i: number, j: number): number => {
    const dr = Math.floor(i / grid) - Math.floor(j / grid);
    const dc = (i % grid) - (j % grid);
    return (dr * dr + dc * dc) / ((grid - 1) * (grid - 1));
  };
  const candidates: { i: number; j: number; cost: number }[] = [];
  for (let j = 0; j < blockCount; j++) {
    if (!shown[j]) continue;
    for (let i = 0; i < blockCount; i++) candidates.push({ i, j, cost: -saliency[i] + weight * distance(i, j) });
  }
  candidates.sort((p, q) => p.cost - q.cost || p.j - q.j || p.i - q.i);
  const sources = new Int32Array(blockCount).fill(-1);
  const used = new Uint8Array(blockCount);
  for (const { i, j } of candidates) {
    if (sources[j] < 0 && !used[i]) {
      sources[j] = i;
      used[i] = 1;
    }
  }
  for (let j = 0; j < blockCount; j++) {
    if (sources[j] < 0 && !used[j]) {
      sources[j] = j;
      used[j] = 1;
    }
  }
  let free = 0;
  for (let j = 0; j < blockCount; j++) {
    if (sources[j] >= 0) continue;
    while (used[free]) free++;
    sources[j] = free;
    used[free] = 1;
  }
  return sources;
}
