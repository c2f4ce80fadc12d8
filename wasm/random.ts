// The seeded generator's bulk draws (src/engine/random.ts) in WebAssembly: sfc32 on the four 32-bit words at `state`,
// each draw computed with the same integer and float64 operations in the same order as SeededRandom's JavaScript, so
// every value is the JavaScript draw's (uniforms stored as float32, the rounding of a Float32Array store).

const TWO_POW_32: f64 = 4294967296.0;

// Each fill keeps the words in locals and stores them back at the end: sfc32's step, as SeededRandom.nextUint32(), is
//   t = a + b + d; d = d + 1; a = b ^ (b >>> 9); b = c + (c << 3); c = rotl(c, 21) + t   (32-bit wrapping)
// and t / 2³² (t unsigned) is SeededRandom.uniform().

/** `count` U(lo, hi) draws into float32 at `out`, as SeededRandom.uniformIn(lo, hi) one after another. */
export function fillUniform(state: usize, out: usize, count: i32, lo: f64, hi: f64): void {
  let a = load<i32>(state), b = load<i32>(state, 4), c = load<i32>(state, 8), d = load<i32>(state, 12);
  for (let i = 0; i < count; i++) {
    const t = a + b + d;
    d += 1;
    a = b ^ (b >>> 9);
    b = c + (c << 3);
    c = rotl<i32>(c, 21) + t;
    store<f32>(out + (<usize>i << 2), <f32>(lo + (hi - lo) * (<f64>(<u32>t) / TWO_POW_32)));
  }
  store<i32>(state, a);
  store<i32>(state, b, 4);
  store<i32>(state, c, 8);
  store<i32>(state, d, 12);
}

/**
 * `count` uniform integers in [0, n) into int32 at `out` (1 ≤ n ≤ 2³¹), as SeededRandom.int(n) one after another: each
 * draw below the largest multiple of n under 2³² is kept (the rest redrawn), its remainder by n taken.
 */
export function fillInt(state: usize, out: usize, count: i32, n: u32): void {
  const limit: u64 = 4294967296 - 4294967296 % <u64>n;
  let a = load<i32>(state), b = load<i32>(state, 4), c = load<i32>(state, 8), d = load<i32>(state, 12);
  for (let i = 0; i < count; i++) {
    let t: i32;
    do {
      t = a + b + d;
      d += 1;
      a = b ^ (b >>> 9);
      b = c + (c << 3);
      c = rotl<i32>(c, 21) + t;
    } while (<u64><u32>t >= limit);
    store<i32>(out + (<usize>i << 2), <i32>(<u32>t % n));
  }
  store<i32>(state, a);
  store<i32>(state, b, 4);
  store<i32>(state, c, 8);
  store<i32>(state, d, 12);
}
