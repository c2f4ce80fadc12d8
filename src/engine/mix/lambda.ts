// The mixing weight λ of definitions.md §6: drawn from Beta(a, a) (Mixup's α, CutMix's β; 1 by default) or fixed by the user.
import { UserFacingError } from '../errors';
import type { SeededRandom } from '../random';

/** How λ is chosen for each pair: one fixed value, or a fresh draw from the symmetric Beta(a, a). */
export type LambdaSpec = { kind: 'fixed'; value: number } | { kind: 'beta'; concentration: number };

/** λ ~ Beta(1, 1) = U(0, 1): the default of Mixup (α = 1) and CutMix (β = 1). */
export const DEFAULT_LAMBDA: LambdaSpec = { kind: 'beta', concentration: 1 };

/** Checks a λ spec: a fixed λ in [0, 1], or a concentration > 0. */
export function checkLambdaSpec(spec: LambdaSpec): void {
  if (spec.kind === 'fixed' && !(spec.value >= 0 && spec.value <= 1)) {
    throw new UserFacingError(`A fixed λ must be between 0 and 1; got ${spec.value}.`, 'bad-input');
  }
  if (spec.kind === 'beta' && !(spec.concentration > 0 && Number.isFinite(spec.concentration))) {
    throw new UserFacingError(`λ ~ Beta(a, a) needs a finite a > 0; got ${spec.concentration}.`, 'bad-input');
  }
}

/** One λ for the next pair, drawn from `rng` when the spec is Beta(a, a). */
function drawLambda(rng: SeededRandom, spec: LambdaSpec): number {
  return spec.kind === 'fixed' ? spec.value : rng.beta(spec.concentration, spec.concentration);
}

/** One λ per pair, in pair order. */
export function drawLambdas(rng: SeededRandom, spec: LambdaSpec, count: number): number[] {
  checkLambdaSpec(spec);
  return Array.from({ length: count }, () => drawLambda(rng, spec));
}
