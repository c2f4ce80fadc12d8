import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SeededRandom } from '../../src/engine/random';

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sumSq += x * x;
  }
  const mean = sum / n;
  return { mean, variance: sumSq / n - mean * mean };
}

test('the same seed gives the same sequence, a different seed a different one', () => {
  const a = SeededRandom.fromSeed(42);
  const b = SeededRandom.fromSeed(42);
  const c = SeededRandom.fromSeed(43);
  const seqA = Array.from({ length: 20 }, () => a.nextUint32());
  assert.deepEqual(seqA, Array.from({ length: 20 }, () => b.nextUint32()));
  assert.notDeepEqual(seqA, Array.from({ length: 20 }, () => c.nextUint32()));
});

test('every sampler is reproducible from the seed', () => {
  const run = () => {
    const r = SeededRandom.fromSeed(7);
    return [r.uniform(), r.int(10), r.normal(), r.gamma(0.5), r.beta(2, 5), r.poisson(3), r.poisson(5000), ...r.permutation(6)];
  };
  assert.deepEqual(run(), run());
});

test('fork gives deterministic streams that do not depend on the parent\'s draws', () => {
  const parent = SeededRandom.fromSeed(1);
  const first = parent.fork('noise').uniform();
  parent.uniform();
  parent.uniform();
  assert.equal(parent.fork('noise').uniform(), first);
  assert.notEqual(parent.fork('blur').uniform(), first);
  assert.notEqual(SeededRandom.fromSeed(2).fork('noise').uniform(), first);
});

test('uniform lies in [0, 1) with mean 1/2 and variance 1/12', () => {
  const r = SeededRandom.fromSeed(3);
  const { mean, variance } = moments(() => {
    const u = r.uniform();
    assert.ok(u >= 0 && u < 1);
    return u;
  }, 200_000);
  assert.ok(Math.abs(mean - 0.5) < 0.005, `mean ${mean}`);
  assert.ok(Math.abs(variance - 1 / 12) < 0.002, `variance ${variance}`);
});

test('int(n) covers 0..n-1 evenly', () => {
  const r = SeededRandom.fromSeed(4);
  const counts = new Array(7).fill(0);
  for (let i = 0; i < 70_000; i++) counts[r.int(7)]++;
  for (const c of counts) assert.ok(Math.abs(c - 10_000) < 400, `counts ${counts}`);
  assert.throws(() => r.int(0), RangeError);
});

test('normal(μ, σ) has the requested mean and variance', () => {
  const r = SeededRandom.fromSeed(5);
  const { mean, variance } = moments(() => r.normal(2, 3), 200_000);
  assert.ok(Math.abs(mean - 2) < 0.03, `mean ${mean}`);
  assert.ok(Math.abs(variance - 9) < 0.15, `variance ${variance}`);
});

test('gamma(k) has mean k and variance k, also for k < 1', () => {
  const r = SeededRandom.fromSeed(6);
  for (const k of [0.3, 1, 4.5]) {
    const { mean, variance } = moments(() => r.gamma(k), 200_000);
    assert.ok(Math.abs(mean - k) < 0.02 * Math.max(1, k), `k ${k} mean ${mean}`);
    assert.ok(Math.abs(variance - k) < 0.05 * Math.max(1, k), `k ${k} variance ${variance}`);
  }
});

test('beta(1, 1) is uniform and beta(2, 5) has mean 2/7 and variance 10/392', () => {
  const r = SeededRandom.fromSeed(8);
  const flat = moments(() => r.beta(1, 1), 200_000);
  assert.ok(Math.abs(flat.mean - 0.5) < 0.005 && Math.abs(flat.variance - 1 / 12) < 0.002, JSON.stringify(flat));
  const skewed = moments(() => r.beta(2, 5), 200_000);
  assert.ok(Math.abs(skewed.mean - 2 / 7) < 0.003, `mean ${skewed.mean}`);
  assert.ok(Math.abs(skewed.variance - 10 / 392) < 0.001, `variance ${skewed.variance}`);
});

test('poisson(λ) has mean = variance = λ for small and large λ', () => {
  const r = SeededRandom.fromSeed(9);
  for (const [lambda, tolerance] of [[3, 0.03], [1000, 0.02], [255 * 500, 0.02]] as const) {
    const { mean, variance } = moments(() => r.poisson(lambda), 100_000);
    assert.ok(Math.abs(mean - lambda) < tolerance * Math.sqrt(lambda) * 2, `λ ${lambda} mean ${mean}`);
    assert.ok(Math.abs(variance / lambda - 1) < tolerance, `λ ${lambda} variance ${variance}`);
  }
  assert.equal(r.poisson(0), 0);
});

test('poisson(3) matches the probability mass function', () => {
  const r = SeededRandom.fromSeed(10);
  const n = 200_000;
  const counts = new Array(12).fill(0);
  for (let i = 0; i < n; i++) counts[Math.min(r.poisson(3), 11)]++;
  let pmf = Math.exp(-3);
  for (let k = 0; k < 8; k++) {
    assert.ok(Math.abs(counts[k] / n - pmf) < 0.004, `P(${k}) ${counts[k] / n} vs ${pmf}`);
    pmf *= 3 / (k + 1);
  }
});

test('poisson(50) (the rejection branch) matches the probability mass function near the mode', () => {
  const r = SeededRandom.fromSeed(11);
  const n = 200_000;
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const k = r.poisson(50);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const logPmf = (k: number) => -50 + k * Math.log(50) - Array.from({ length: k }, (_, i) => Math.log(i + 1)).reduce((a, b) => a + b, 0);
  for (const k of [40, 45, 50, 55, 60]) {
    const expected = Math.exp(logPmf(k));
    assert.ok(Math.abs((counts.get(k) ?? 0) / n - expected) < 0.0025, `P(${k}) ${(counts.get(k) ?? 0) / n} vs ${expected}`);
  }
});

test('shuffle and permutation give every index exactly once', () => {
  const r = SeededRandom.fromSeed(12);
  const p = r.permutation(50);
  assert.deepEqual([...p].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i));
  assert.notDeepEqual(p, Array.from({ length: 50 }, (_, i) => i));
});

test('fillNormal and fillUniform give exactly the values, in order, of as many normal() and uniformIn() calls', () => {
  for (const length of [0, 1, 2, 7, 1000]) {
    for (const leadingNormals of [0, 1]) {
      const bulk = SeededRandom.fromSeed(9).fork(`fill/${length}`);
      const single = SeededRandom.fromSeed(9).fork(`fill/${length}`);
      // One normal drawn first leaves a spare variate that the fill must hand out first.
      for (let i = 0; i < leadingNormals; i++) assert.equal(bulk.normal(), single.normal());
      const normals = new Float32Array(length);
      bulk.fillNormal(normals, 0.5, 0.25);
      assert.deepEqual([...normals], Array.from({ length }, () => Math.fround(single.normal(0.5, 0.25))));
      const uniforms = new Float32Array(length);
      bulk.fillUniform(uniforms, -2, 3);
      assert.deepEqual([...uniforms], Array.from({ length }, () => Math.fround(single.uniformIn(-2, 3))));
      // Both streams go on identically afterwards, a spare normal included.
      assert.deepEqual([bulk.normal(), bulk.normal(), bulk.nextUint32()], [single.normal(), single.normal(), single.nextUint32()]);
    }
  }
});

test('fillInt gives exactly the values, in order, of as many int(n) calls, rejections included', () => {
  // 3 · 2^29 rejects a quarter of the raw draws; 2^31 and 1 reject none; 1 000 003 is prime.
  for (const n of [1, 2, 6, 1_000_003, 3 * 2 ** 29, 2 ** 31]) {
    const bulk = SeededRandom.fromSeed(4).fork(`int/${n}`);
    const single = SeededRandom.fromSeed(4).fork(`int/${n}`);
    const values = new Int32Array(5000);
    bulk.fillInt(values, n);
    assert.deepEqual([...values], Array.from({ length: values.length }, () => single.int(n)), `n = ${n}`);
    assert.equal(bulk.nextUint32(), single.nextUint32());
  }
  assert.throws(() => SeededRandom.fromSeed(1).fillInt(new Int32Array(1), 2 ** 31 + 1), /1 ≤ n ≤ 2\^31/);
});
