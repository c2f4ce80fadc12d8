// The one seeded random generator every run draws from (definitions.md, notation: "all randomness comes
// from one seeded generator per run"). sfc32 core, seeded through splitmix32 from a 32-bit key; child
// streams come from hashing the parent's key with a label, so they do not depend on how many numbers the
// parent has drawn.

import { MemoryLayout, wasmKernels, type WasmKernels } from './simd/wasmKernels';

const twoPow32 = 4294967296;

/** splitmix32 step: turns a 32-bit state into a well-mixed 32-bit output (used only for seeding). */
function splitmix32(state: number): [next: number, output: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

/** 32-bit MurmurHash3 of a label, mixed with a parent key: the key of a forked stream. */
function hashLabel(parentKey: number, label: string): number {
  let h = parentKey >>> 0;
  for (let i = 0; i < label.length; i++) {
    let k = Math.imul(label.charCodeAt(i), 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64;
  }
  h ^= label.length;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Stirling series for ln Γ(x), accurate to ~1e-10 for x ≥ 10. */
function logGammaStirling(x: number): number {
  const inv = 1 / x;
  const inv2 = inv * inv;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260));
}

const smallLogFactorials: number[] = (() => {
  const table = [0];
  for (let k = 1; k < 32; k++) table.push(table[k - 1] + Math.log(k));
  return table;
})();

/** ln(k!) for a non-negative integer k. */
function logFactorial(k: number): number {
  return k < smallLogFactorials.length ? smallLogFactorials[k] : logGammaStirling(k + 1);
}

export class SeededRandom {
  /** sfc32's four 32-bit words a, b, c, d (typed storage: V8 keeps them unboxed, 3× faster draws than number fields). */
  private readonly state = new Int32Array(4);
  private spareNormal: number | null = null;
  /** int()'s last bound and its rejection limit (draws at or above it are redrawn). */
  private intBound = 0;
  private intLimit = 0;

  /** A generator for an integer seed; the same seed gives the same sequence on every platform. */
  static fromSeed(seed: number): SeededRandom {
    return new SeededRandom(hashLabel(0x5eed, String(Math.trunc(seed))));
  }

  /** `key` is the 32-bit key this stream was seeded from (forks hash it with their label). */
  private constructor(readonly key: number) {
    let seedState = key;
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [next, output] = splitmix32(seedState);
      seedState = next;
      words.push(output);
    }
    this.state.set(words);
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** sfc32 step: the next raw 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.state;
    const a = s[0];
    const b = s[1];
    const c = s[2];
    const d = s[3];
    const t = (((a + b) | 0) + d) | 0;
    s[3] = (d + 1) | 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) | 0;
    s[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** U(0, 1): a float in [0, 1) with 32 random bits. */
  uniform(): number {
    return this.nextUint32() / twoPow32;
  }

  /** U(lo, hi) as a float in [lo, hi). */
  uniformIn(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** `values` filled with U(lo, hi) draws: the same values, in the same order, as that many uniformIn(lo, hi) calls. */
  fillUniform(values: Float32Array, lo: number, hi: number): void {
    this.drawInWasm(values, (kernels, state, out) => kernels.fillUniform(state, out, values.length, lo, hi));
  }

  /** `values` filled with uniform integers in [0, n), n ≤ 2³¹: the same values, in the same order, as that many int(n) calls. */
  fillInt(values: Int32Array, n: number): void {
    if (!Number.isInteger(n) || n <= 0 || n > 2 ** 31) throw new RangeError(`fillInt(n) needs an integer 1 ≤ n ≤ 2^31, got ${n}.`);
    this.drawInWasm(values, (kernels, state, out) => kernels.fillInt(state, out, values.length, n));
  }

  /**
   * A bulk draw of wasm/random.ts into `values`: this generator's words go into the kernels' memory and come back after
   * the draws. The kernels make each value as this class's JavaScript does, several times faster (uniforms 3–5×; integers
   * 4×, a 32-bit remainder where int() takes a double's).
   */
  private drawInWasm(values: Float32Array | Int32Array, draw: (kernels: WasmKernels, state: number, out: number) => void): void {
    const kernels = wasmKernels();
    const type = values instanceof Float32Array ? 'f32' : 'i32';
    const layout = new MemoryLayout<'state' | 'out'>().reserve('state', 4, 'i32').reserve('out', values.length, type);
    const views = layout.views(kernels);
    views.i32('state').set(this.state);
    draw(kernels, layout.at('state'), layout.at('out'));
    this.state.set(views.i32('state'));
    values.set(type === 'f32' ? views.f32('out') : views.i32('out'));
  }

  /** A uniform integer in [0, n) (rejection sampling, so no modulo bias). */
  int(n: number): number {
    // The bound is checked and its rejection limit worked out once while n stays the same (glass blur draws 10⁵ in a row).
    if (n !== this.intBound) {
      if (!Number.isInteger(n) || n <= 0 || n > twoPow32) throw new RangeError(`int(n) needs an integer 1 ≤ n ≤ 2^32, got ${n}.`);
      this.intBound = n;
      this.intLimit = twoPow32 - (twoPow32 % n);
    }
    let x = this.nextUint32();
    while (x >= this.intLimit) x = this.nextUint32();
    return x % n;
  }

  /** N(mean, std) by the Marsaglia polar method; the second variate of each pair is kept for the next call. */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + std * z;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * factor;
    return mean + std * u * factor;
  }

  /** `values` filled with N(mean, std) draws: the same values, in the same order, as that many normal(mean, std) calls. */
  fillNormal(values: Float32Array, mean: number, std: number): void {
    let i = 0;
    if (this.spareNormal !== null && values.length > 0) values[i++] = this.normal(mean, std);
    // Marsaglia's polar method as in normal(), with sfc32 (as in nextUint32) on local words: several times cheaper per draw.
    const s = this.state;
    let a = s[0], b = s[1], c = s[2], d = s[3];
    while (i < values.length) {
      let u: number, v: number, q: number;
      do {
        let t = (((a + b) | 0) + d) | 0;
        d = (d + 1) | 0;
        a = b ^ (b >>> 9);
        b = (c + (c << 3)) | 0;
        c = (((c << 21) | (c >>> 11)) + t) | 0;
        u = 2 * ((t >>> 0) / twoPow32) - 1;
        t = (((a + b) | 0) + d) | 0;
        d = (d + 1) | 0;
        a = b ^ (b >>> 9);
        b = (c + (c << 3)) | 0;
        c = (((c << 21) | (c >>> 11)) + t) | 0;
        v = 2 * ((t >>> 0) / twoPow32) - 1;
        q = u * u + v * v;
      } while (q >= 1 || q === 0);
      const factor = Math.sqrt((-2 * Math.log(q)) / q);
      values[i++] = mean + std * u * factor;
      const spare = v * factor;
      if (i < values.length) values[i++] = mean + std * spare;
      else this.spareNormal = spare;
    }
    s[0] = a; s[1] = b; s[2] = c; s[3] = d;
  }

  /** Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 uses Gamma(shape + 1)·U^(1/shape). */
  gamma(shape: number): number {
    if (!(shape > 0)) throw new RangeError(`gamma(shape) needs shape > 0, got ${shape}.`);
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(1 - this.uniform(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number, v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - this.uniform();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Beta(α, β) as X/(X+Y) with X ~ Gamma(α), Y ~ Gamma(β). */
  beta(alpha: number, beta: number): number {
    const x = this.gamma(alpha);
    const y = this.gamma(beta);
    return x / (x + y);
  }

  /** Poisson(λ), exact: Knuth's product method for λ < 10, Hörmann's PTRS transformed rejection (1993) above. */
  poisson(lambda: number): number {
    if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`poisson(λ) needs a finite λ ≥ 0, got ${lambda}.`);
    if (lambda === 0) return 0;
    return lambda < 10 ? this.poissonKnuth(lambda) : this.poissonPtrs(lambda);
  }

  private poissonKnuth(lambda: number): number {
    const limit = Math.exp(-lambda);
    let k = 0;
    let product = this.uniform();
    while (product > limit) {
      k++;
      product *= this.uniform();
    }
    return k;
  }

  private poissonPtrs(lambda: number): number {
    const sqrtLambda = Math.sqrt(lambda);
    const logLambda = Math.log(lambda);
    const b = 0.931 + 2.53 * sqrtLambda;
    const a = -0.059 + 0.02483 * b;
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.uniform() - 0.5;
      const v = this.uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -lambda + k * logLambda - logFactorial(k)) return k;
    }
  }

  /** Fisher–Yates shuffle in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const held = items[i];
      items[i] = items[j];
      items[j] = held;
    }
    return items;
  }

  /** A permutation of 0..n-1. */
  permutation(n: number): number[] {
    return this.shuffle(Array.from({ length: n }, (_, i) => i));
  }

  /** An independent child stream named by `label`; the same parent seed and label always give the same stream. */
  fork(label: string): SeededRandom {
    return new SeededRandom(hashLabel(this.key, label));
  }
}
