// The Puzzle Mix mask energy and its solvers (definitions.md §6), against a brute force written here from the energy's formula (β' = β/(16g)):
//   E(z) = Σ_i [z_i·(s2_i + a1_i) + (1−z_i)·(s1_i + a2_i)] − (η/g²)·Σ_i ln(C(m, m·z_i)·λ^(m·z_i)·(1−λ)^(m−m·z_i) + 1e-8)
//        + Σ_{p~q} β'·(1 + γ·(d10 + d01 − d11 − d00)/2)·(z_p − z_q)²,
// each edge adding β'γ(d10 + d11)/2 to a1_p, β'γ(d01 + d00)/2 to a2_p, β'γ(d01 + d11)/2 to a1_q and β'γ(d10 + d00)/2 to a2_q.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { solveExactly, exactSolverFits } from '../../../src/engine/mix/puzzle/exactSolver';
import { buildMaskProblem, maskEnergy, PUZZLE_DEFAULT_WEIGHTS, type MaskEnergyInputs, type MaskEnergyWeights } from '../../../src/engine/mix/puzzle/maskEnergy';
import { solveBySwaps } from '../../../src/engine/mix/puzzle/swapSolver';
import { transportPlan } from '../../../src/engine/mix/puzzle/transport';
import { SeededRandom } from '../../../src/engine/random';

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

/** The energy of mask values z (row-major), straight from the formula above. */
function energyByHand(z: number[], input: MaskEnergyInputs, w: MaskEnergyWeights): number {
  const { grid: g, levels: m, lambda } = input;
  const scale = w.smoothness / (16 * g);
  const showFirst = Array.from(input.saliencySecond);
  const showSecond = Array.from(input.saliencyFirst);
  let energy = 0;
  const edge = (p: number, q: number, [d00, d01, d10, d11]: readonly number[]): void => {
    showFirst[p] += (scale * w.dataSmoothness * (d10 + d11)) / 2;
    showSecond[p] += (scale * w.dataSmoothness * (d01 + d00)) / 2;
    showFirst[q] += (scale * w.dataSmoothness * (d01 + d11)) / 2;
    showSecond[q] += (scale * w.dataSmoothness * (d10 + d00)) / 2;
    energy += scale * (1 + (w.dataSmoothness * (d10 + d01 - d11 - d00)) / 2) * (z[p] - z[q]) ** 2;
  };
  for (let r = 0; r < g; r++) {
    for (let c = 0; c < g; c++) {
      if (c + 1 < g) edge(r * g + c, r * g + c + 1, input.distancesAcross[r * (g - 1) + c]);
      if (r + 1 < g) edge(r * g + c, (r + 1) * g + c, input.distancesDown[r * g + c]);
    }
  }
  z.forEach((zi, i) => {
    const k = Math.round(zi * m);
    const probability = (factorial(m) / (factorial(k) * factorial(m - k))) * lambda ** k * (1 - lambda) ** (m - k);
    energy += zi * showFirst[i] + (1 - zi) * showSecond[i] - (w.priorWeight / (g * g)) * Math.log(probability + 1e-8);
  });
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

/** A random instance on a g×g grid: saliencies concentrated by squaring uniforms, neighbourhood distances and λ uniform. */
function randomInputs(rng: SeededRandom, grid: number, levels: number): MaskEnergyInputs {
  const cells = grid * grid;
  const draw = (n: number): number[] => Array.from({ length: n }, () => rng.uniform());
  return {
    grid, levels, lambda: rng.uniform(),
    saliencyFirst: normalised(draw(cells).map((v) => v * v)), saliencySecond: normalised(draw(cells).map((v) => v * v)),
    distancesAcross: Array.from({ length: grid * (grid - 1) }, () => [rng.uniform(), rng.uniform(), rng.uniform(), rng.uniform()] as const),
    distancesDown: Array.from({ length: grid * (grid - 1) }, () => [rng.uniform(), rng.uniform(), rng.uniform(), rng.uniform()] as const),
  };
}

// Default weights, and heavier smoothness and prior so that the pairwise terms decide some masks.
const weightSets: MaskEnergyWeights[] = [PUZZLE_DEFAULT_WEIGHTS, { smoothness: 12, dataSmoothness: 1, priorWeight: 1 }];

test('the energy of a hand-worked 2×2 mask z = (1, ½, 0, ½) with m = 2, λ = ½, β = 1.6, γ = 0.5, η = 0.2', () => {
  // One edge carries data: 0–1 with d = [d00, d01, d10, d11] = [0, 0.4, 0.2, 0]; the others have d = 0. β' = 1.6/32 = 0.05, β'γ = 0.025.
  const zero = [0, 0, 0, 0] as const;
  const input: MaskEnergyInputs = {
    grid: 2, levels: 2, lambda: 0.5, saliencyFirst: [0.4, 0.3, 0.2, 0.1], saliencySecond: [0.1, 0.2, 0.3, 0.4], distancesAcross: [[0, 0.4, 0.2, 0], zero], distancesDown: [zero, zero],
  };
  const weights = { smoothness: 1.6, dataSmoothness: 0.5, priorWeight: 0.2 };
  const problem = buildMaskProblem(input, weights);
  // Saliency discarded: block 0 (z = 1) s2 = 0.1; block 1 (½) 0.5·0.2 + 0.5·0.3 = 0.25; block 2 (0) s1 = 0.2; block 3 (½) 0.25. Sum 0.8.
  // Absorbed data terms of edge 0–1: a1_0 += 0.025·0.2/2 = 0.0025 (z_0 = 1 pays it); block 1 at ½ pays ½·a1_1 + ½·a2_1 = ½·0.025·0.4/2 + ½·0.025·0.2/2 = 0.00375.
  const unary = 0.8 + 0.0025 + 0.00375;
  const prior = 0.05 * (-2 * Math.log(0.25 + 1e-8) - 2 * Math.log(0.5 + 1e-8));
  // Edges β'(1 + γ·(d10 + d01 − d11 − d00)/2)·(Δz)²: 0–1 0.05·(1 + 0.5·0.3)·¼; 2–3 0.05·¼; 0–2 0.05·1; 1–3 0.
  const edges = 0.05 * 1.15 * 0.25 + 0.05 * 0.25 + 0.05;
  const expected = unary + prior + edges;
  assert.ok(Math.abs(maskEnergy(problem, [2, 1, 0, 1]) - expected) < 1e-12);
  assert.ok(Math.abs(energyByHand([1, 0.5, 0, 0.5], input, weights) - expected) < 1e-12);
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

test('transport on a 2×2 grid by hand, g = 2 rounds: block 0 (s = 0.7) wins the shown corner 3 only when ξ·2 − 0.7 beats block 3 staying (−0.1)', () => {
  const saliency = [0.7, 0.1, 0.1, 0.1];
  const shownOnlyAtThree = [false, false, false, true];
  // ξ = 0.8: every block's cheapest destination is itself (cost 0, or −0.1 for block 3); block 0 then wins column 0 (first of the zeros),
  // blocks 1 and 2 lose to row 0 of the tie with non-choosers and stay empty; block 3 wins its own corner.
  assert.deepEqual(Array.from(transportPlan(saliency, shownOnlyAtThree, 2, 0.8)), [0, -1, -1, 3]);
  // ξ = 0.2: block 0's best is corner 3 (0.2·2 − 0.7 = −0.3) and it beats block 3 (−0.1) there; blocks 1 and 2 (cost 0 at home) lose
  // to row 0 of the zeros. Round 2 (the last of g = 2): blocks 1 and 2 now choose corner 3 (0.2 − 0.1) and lose it to block 0; block 3
  // (its corner now 0.9) chooses block 1 (0.2, first of the ties 1 and 2), where the zeros of row 0 beat it. Only corner 3 is filled.
  assert.deepEqual(Array.from(transportPlan(saliency, shownOnlyAtThree, 2, 0.2)), [-1, -1, -1, 0]);
});
