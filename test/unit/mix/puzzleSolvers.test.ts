// The Puzzle Mix mask energy and its solvers (definitions.md §6), against a brute force written here from the energy's formula:
//   E(z) = Σ_i −(z_i·s1_i + (1−z_i)·s2_i) − (η/g²)·Σ_i ln(C(m, m·z_i)·λ^(m·z_i)·(1−λ)^(m−m·z_i) + 1e-8) + Σ_{i~j} (β + γ·d_ij)/(16g)·|z_i − z_j|.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { solveExactly, exactSolverFits } from '../../../src/engine/mix/puzzle/exactSolver';
import { buildMaskProblem, maskEnergy, PUZZLE_DEFAULT_WEIGHTS, type MaskEnergyInputs, type MaskEnergyWeights } from '../../../src/engine/mix/puzzle/maskEnergy';
import { solveBySwaps } from '../../../src/engine/mix/puzzle/swapSolver';
import { greedyBlockTransport } from '../../../src/engine/mix/puzzle/transport';
import { SeededRandom } from '../../../src/engine/random';

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

/** The energy of mask values z (row-major), straight from the formula above. */
function energyByHand(z: number[], input: MaskEnergyInputs, w: MaskEnergyWeights): number {
  const { grid: g, levels: m, lambda } = input;
  let energy = 0;
  z.forEach((zi, i) => {
    const k = Math.round(zi * m);
    const probability = (factorial(m) / (factorial(k) * factorial(m - k))) * lambda ** k * (1 - lambda) ** (m - k);
    energy += -(zi * input.saliencyFirst[i] + (1 - zi) * input.saliencySecond[i]) - (w.priorWeight / (g * g)) * Math.log(probability + 1e-8);
  });
  for (let r = 0; r < g; r++) {
    for (let c = 0; c < g; c++) {
      if (c + 1 < g) energy += ((w.smoothness + w.dataSmoothness * input.seamAcross[r * (g - 1) + c]) / (16 * g)) * Math.abs(z[r * g + c] - z[r * g + c + 1]);
      if (r + 1 < g) energy += ((w.smoothness + w.dataSmoothness * input.seamDown[r * g + c]) / (16 * g)) * Math.abs(z[r * g + c] - z[(r + 1) * g + c]);
    }
  }
  return energy;
}

/** Every mask of (m+1)^(g²) values, recursively; returns the least energy and its mask. */
function bruteForce(input: MaskEnergyInputs, w: MaskEnergyWeights): { energy: number; mask: number[] } {
  const cells = input.grid * input.grid;
  let best = { energy: Infinity, mask: [] as number[] };
  const visit = (prefix: number[]): void => {
    if (prefix.length === cells) {
      const energy = energyByHand(prefix, input, w);
      if (energy < best.energy) best = { energy, mask: prefix.slice() };
      return;
    }
    for (let k = 0; k <= input.levels; k++) visit([...prefix, k / input.levels]);
  };
  visit([]);
  return best;
}

function normalised(values: number[]): number[] {
  const total = values.reduce((s, v) => s + v, 0);
  return values.map((v) => v / total);
}

/** A random instance on a g×g grid: saliencies concentrated by squaring uniforms, seams and λ uniform. */
function randomInputs(rng: SeededRandom, grid: number, levels: number): MaskEnergyInputs {
  const cells = grid * grid;
  const draw = (n: number): number[] => Array.from({ length: n }, () => rng.uniform());
  return {
    grid, levels, lambda: rng.uniform(),
    saliencyFirst: normalised(draw(cells).map((v) => v * v)), saliencySecond: normalised(draw(cells).map((v) => v * v)),
    seamAcross: draw(grid * (grid - 1)), seamDown: draw(grid * (grid - 1)),
  };
}

// Default weights, and heavier smoothness and prior so that the pairwise terms decide some masks.
const weightSets: MaskEnergyWeights[] = [PUZZLE_DEFAULT_WEIGHTS, { smoothness: 12, dataSmoothness: 6, priorWeight: 1 }];

test('the energy of a hand-worked 2×2 mask z = (1, ½, 0, ½) with m = 2, λ = ½', () => {
  const input: MaskEnergyInputs = { grid: 2, levels: 2, lambda: 0.5, saliencyFirst: [0.4, 0.3, 0.2, 0.1], saliencySecond: [0.1, 0.2, 0.3, 0.4], seamAcross: [0.2, 0.6], seamDown: [0, 1] };
  const problem = buildMaskProblem(input, PUZZLE_DEFAULT_WEIGHTS);
  // Unary: −0.4 − (0.15 + 0.1) − 0.3 − (0.05 + 0.2) = −1.2. Prior: (0.2/4)·(2·−ln(0.25 + 1e-8) + 2·−ln(0.5 + 1e-8)).
  const prior = 0.05 * (-2 * Math.log(0.25 + 1e-8) - 2 * Math.log(0.5 + 1e-8));
  // Edges (weight (1.2 + 0.5·d)/32): 0–1 d 0.2, |1 − ½|; 2–3 d 0.6, |0 − ½|; 0–2 d 0, |1 − 0|; 1–3 d 1, |½ − ½| = 0.
  const edges = (1.3 / 32) * 0.5 + (1.5 / 32) * 0.5 + (1.2 / 32) * 1;
  const expected = -1.2 + prior + edges;
  assert.ok(Math.abs(maskEnergy(problem, [2, 1, 0, 1]) - expected) < 1e-12);
  assert.ok(Math.abs(energyByHand([1, 0.5, 0, 0.5], input, PUZZLE_DEFAULT_WEIGHTS) - expected) < 1e-12);
});

for (const levels of [1, 2]) {
  test(`on 2×2 grids with m = ${levels}, the exact solver finds the brute force's mask and energy (20 instances, 2 weight sets)`, () => {
    const rng = SeededRandom.fromSeed(100 + levels);
    for (const weights of weightSets) {
      for (let trial = 0; trial < 20; trial++) {
        const input = randomInputs(rng, 2, levels);
        const truth = bruteForce(input, weights);
        const labels = solveExactly(buildMaskProblem(input, weights));
        assert.deepEqual(Array.from(labels, (k) => k / levels), truth.mask, `trial ${trial}`);
        assert.ok(Math.abs(energyByHand(truth.mask, input, weights) - truth.energy) < 1e-12);
      }
    }
  });
}

test('on 2×2 grids the α-β swap graph cut equals the exact mask: always for m = 1 (one swap is a global min-cut), and on these m = 2 instances', () => {
  for (const levels of [1, 2]) {
    const rng = SeededRandom.fromSeed(200 + levels);
    for (const weights of weightSets) {
      for (let trial = 0; trial < 20; trial++) {
        const input = randomInputs(rng, 2, levels);
        const problem = buildMaskProblem(input, weights);
        const exact = solveExactly(problem);
        const swapped = solveBySwaps(problem);
        assert.ok(maskEnergy(problem, swapped) >= maskEnergy(problem, exact) - 1e-12, 'no solver beats the exact one');
        assert.deepEqual(Array.from(swapped), Array.from(exact), `m = ${levels}, trial ${trial}`);
      }
    }
  }
});

test('on 4×4 grids with m = 1 the swap graph cut is exact: it matches enumeration of all 2^16 masks', () => {
  const rng = SeededRandom.fromSeed(300);
  for (const weights of weightSets) {
    for (let trial = 0; trial < 3; trial++) {
      const problem = buildMaskProblem(randomInputs(rng, 4, 1), weights);
      assert.ok(exactSolverFits(problem));
      assert.deepEqual(Array.from(solveBySwaps(problem)), Array.from(solveExactly(problem)), `trial ${trial}`);
    }
  }
});

test('the exact solver takes at most 2^16 masks: g = 2 with m = 2, g = 4 with m = 1, not g = 4 with m = 2', () => {
  assert.ok(exactSolverFits({ blockCount: 4, levels: 2 }));
  assert.ok(exactSolverFits({ blockCount: 16, levels: 1 }));
  assert.ok(!exactSolverFits({ blockCount: 16, levels: 2 }));
});

test('greedy transport on a 2×2 grid: block 0 (s = 0.7) moves to the shown corner 3 only when −0.7 + ξ·2 < −0.1, i.e. ξ < 0.3', () => {
  const saliency = [0.7, 0.1, 0.1, 0.1];
  const shownOnlyAtThree = [false, false, false, true];
  // ξ = 0.8: staying costs −0.1, moving block 0 costs −0.7 + 0.8·(1 + 1)/1 = 0.9, so block 3 keeps its own block.
  assert.deepEqual(Array.from(greedyBlockTransport(saliency, shownOnlyAtThree, 2, 0.8)), [0, 1, 2, 3]);
  // ξ = 0.2: moving costs −0.7 + 0.4 = −0.3 < −0.1; block 0 is then used, so block 0 takes the lowest free block, 3.
  assert.deepEqual(Array.from(greedyBlockTransport(saliency, shownOnlyAtThree, 2, 0.2)), [3, 1, 2, 0]);
});
