// Exact Poisson draws for shot noise (definitions.md §1 notes, random draws: an exact Poisson draw per value) by
// inverting the cumulative distribution: one uniform per draw, against a float64 table of P(X ≤ k) built once per λ.
// A shot-noise image has few distinct λ (x·c with x on 256 levels), so the tables are made a few hundred times per
// image at most, where the generator's own sampler (Knuth's product below λ = 10, PTRS above) costs several uniforms
// and logarithms per draw. Which λ are cached changes only the speed: every λ up to INVERSION_LIMIT is inverted.
import type { SeededRandom } from '../../random';

/** Above this λ the draws come from SeededRandom.poisson (e^−λ would underflow near 745). */
const INVERSION_LIMIT = 700;
/** Tables kept per sampler before the cache is emptied (inputs off the 8-bit levels can have a λ per value). */
const MAX_TABLES = 4096;

/** P(X ≤ k) for k = 0 … until 1 − P falls below 2⁻⁴⁰ (below the 2⁻³² resolution of a uniform), and a guide into it. */
interface InversionTable {
  cdf: Float64Array;
  /** guide[j]: the least k with P(X ≤ k) > j / guide.length, where the search for a uniform in [j, j + 1)/length starts. */
  guide: Int32Array;
}

function inversionTable(lambda: number): InversionTable {
  const values: number[] = [];
  let pmf = Math.exp(-lambda);
  let cdf = pmf;
  values.push(cdf);
  for (let k = 1; 1 - cdf > 2 ** -40 && (k <= lambda || pmf > 0); k++) {
    pmf *= lambda / k;
    cdf += pmf;
    values.push(cdf);
  }
  const table = Float64Array.from(values);
  const guide = new Int32Array(table.length);
  for (let j = 0, k = 0; j < guide.length; j++) {
    while (k < table.length - 1 && table[k] <= j / guide.length) k++;
    guide[j] = k;
  }
  return { cdf: table, guide };
}

/** The least k with P(X ≤ k) > u. */
function invert({ cdf, guide }: InversionTable, u: number): number {
  let k = guide[Math.floor(u * guide.length)];
  while (k < cdf.length - 1 && cdf[k] <= u) k++;
  return k;
}

/**
 * Poisson(x · scale) draws from a seeded stream for values x ≥ 0, exact for every λ = x · scale (inversion up to
 * INVERSION_LIMIT, the generator's own sampler above). Values on the 8-bit levels (k/255 in float32) find their table by
 * level, others by λ; either way the table is the same function of λ, so the draw does not depend on the path.
 */
export class PoissonSampler {
  private readonly byLevel: (InversionTable | null | undefined)[] = new Array<InversionTable | null | undefined>(256);
  private readonly byLambda = new Map<number, InversionTable>();

  constructor(private readonly scale: number) {}

  draw(rng: SeededRandom, x: number): number {
    const lambda = Math.max(0, x) * this.scale;
    if (!Number.isFinite(lambda)) throw new RangeError(`A Poisson draw needs a finite λ ≥ 0, got ${lambda}.`);
    const level = Math.round(x * 255);
    const onLevel = level >= 0 && level <= 255 && Math.fround(level / 255) === x;
    let table = onLevel ? this.byLevel[level] : undefined;
    if (table === undefined) {
      table = this.lookUp(lambda);
      if (onLevel) this.byLevel[level] = table;
    }
    if (table === null) return lambda === 0 ? 0 : rng.poisson(lambda);
    return invert(table, rng.uniform());
  }

  /** λ's table, or null where λ is 0 or above INVERSION_LIMIT. */
  private lookUp(lambda: number): InversionTable | null {
    if (lambda === 0 || lambda > INVERSION_LIMIT) return null;
    let table = this.byLambda.get(lambda);
    if (!table) {
      if (this.byLambda.size >= MAX_TABLES) this.byLambda.clear();
      table = inversionTable(lambda);
      this.byLambda.set(lambda, table);
    }
    return table;
  }
}
