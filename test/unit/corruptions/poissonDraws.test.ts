// Shot noise's Poisson draws by inversion (ops/poissonDraws) against scipy.stats.poisson's pmf and cdf (values computed
// with scipy 1.10 and pasted here), on and off the 8-bit levels, and above the inversion range.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PoissonSampler } from '../../../src/engine/corruptions/ops/poissonDraws';
import { SeededRandom } from '../../../src/engine/random';

function frequencies(draw: () => number, n: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const k = draw();
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return new Map([...counts].map(([k, c]) => [k, c / n]));
}

test('draws for a value on the levels follow Poisson(x·c): x = 200/255, c = 60 (λ ≈ 47.06)', () => {
  const rng = SeededRandom.fromSeed(21);
  const sampler = new PoissonSampler(60);
  const x = Math.fround(200 / 255);
  const n = 200_000;
  const p = frequencies(() => sampler.draw(rng, x), n);
  // scipy.stats.poisson.pmf(k, 60 * 200 / 255)
  for (const [k, pmf] of [[35, 0.01232586096046129], [40, 0.03602551290583649], [47, 0.05808649205024128], [55, 0.028457091739385], [60, 0.010020784065061003]] as const) {
    assert.ok(Math.abs((p.get(k) ?? 0) - pmf) < 0.0025, `P(${k}) ${p.get(k)} vs ${pmf}`);
  }
  // scipy.stats.poisson.cdf(30, 60 * 200 / 255)
  const lowTail = [...p].filter(([k]) => k <= 30).reduce((sum, [, f]) => sum + f, 0);
  assert.ok(Math.abs(lowTail - 0.005304729516712504) < 0.001, `P(X ≤ 30) ${lowTail}`);
});

test('draws for a value off the levels (found by λ) follow Poisson too: x = 3·40/255 in float64, c = 1', () => {
  const rng = SeededRandom.fromSeed(22);
  const sampler = new PoissonSampler(1);
  const x = (3 * 40) / 255;
  assert.notEqual(Math.fround(x), x);
  const p = frequencies(() => sampler.draw(rng, x), 200_000);
  for (const [k, pmf] of [[0, 0.6246347280002744], [1, 0.2939457543530703], [2, 0.06916370690660477], [3, 0.01084920892652624]] as const) {
    assert.ok(Math.abs((p.get(k) ?? 0) - pmf) < 0.003, `P(${k}) ${p.get(k)} vs ${pmf}`);
  }
});

test('the draws are reproducible from the stream', () => {
  const x = Math.fround(100 / 255);
  const fresh = (): number[] => {
    const rng = SeededRandom.fromSeed(23);
    const sampler = new PoissonSampler(25);
    return Array.from({ length: 1000 }, (_, i) => sampler.draw(rng, i % 2 ? x : x * 0.999));
  };
  assert.deepEqual(fresh(), fresh());
});

test('zero and negative values draw 0; λ above the inversion range keeps mean and variance λ', () => {
  const rng = SeededRandom.fromSeed(24);
  const sampler = new PoissonSampler(1000);
  assert.equal(sampler.draw(rng, 0), 0);
  assert.equal(sampler.draw(rng, -0.5), 0);
  const n = 50_000;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const k = sampler.draw(rng, 1);
    sum += k;
    sumSq += k * k;
  }
  const mean = sum / n;
  assert.ok(Math.abs(mean - 1000) < 0.5, `mean ${mean}`);
  assert.ok(Math.abs((sumSq / n - mean * mean) / 1000 - 1) < 0.03, `variance ${sumSq / n - mean * mean}`);
  assert.throws(() => sampler.draw(rng, Number.NaN), RangeError);
});
