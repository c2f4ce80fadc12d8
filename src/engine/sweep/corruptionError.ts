// Corruption error and relative corruption error of one corruption (definitions.md §1.4), against a checkpoint or AlexNet.
import type { CorruptionName } from '../corruptions';
import { UserFacingError } from '../errors';
import { ALEXNET_CLEAN_ERROR, ALEXNET_MEAN_ERRORS } from './alexnetBaseline';

/** The number of severities every corruption is evaluated at. */
export const SEVERITY_COUNT = 5;

/** Checks that `errors` holds one top-1 error in [0, 1] for each severity 1..5. */
export function checkSeverityErrors(errors: readonly number[], what: string): void {
  if (errors.length !== SEVERITY_COUNT || errors.some((e) => !Number.isFinite(e) || e < 0 || e > 1)) {
    throw new UserFacingError(`${what} needs ${SEVERITY_COUNT} top-1 errors in [0, 1], one per severity; got [${errors.join(', ')}].`, 'bad-input');
  }
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** numerator / denominator, or null when the denominator is not positive (the ratio would mean nothing). */
function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

// definitions.md §1.4: CE(f,c) = Σ_s E(f,c,s) / Σ_s E(base,c,s).
export function corruptionError(model: readonly number[], base: readonly number[]): number | null {
  return ratio(sum(model), sum(base));
}

// definitions.md §1.4: relative CE(f,c) = Σ_s (E(f,c,s) − E_clean(f)) / Σ_s (E(base,c,s) − E_clean(base)).
export function relativeCorruptionError(model: readonly number[], modelClean: number, base: readonly number[], baseClean: number): number | null {
  return ratio(sum(model.map((e) => e - modelClean)), sum(base.map((e) => e - baseClean)));
}

/** AlexNet's published mean error for a benchmark corruption, or null for the extras (none was published). */
export function alexNetMeanError(corruption: CorruptionName): number | null {
  return ALEXNET_MEAN_ERRORS[corruption] ?? null;
}

// definitions.md §1.4, AlexNet baseline (published means over severities): CE = mean_s E(f,c,s) / AlexNet's mean error on c.
export function alexNetCorruptionError(model: readonly number[], corruption: CorruptionName): number | null {
  const base = alexNetMeanError(corruption);
  return base === null ? null : ratio(sum(model) / model.length, base);
}

// definitions.md §1.4, AlexNet baseline: relative CE = (mean_s E(f,c,s) − E_clean(f)) / (AlexNet's mean error on c − 0.4345).
export function alexNetRelativeCorruptionError(model: readonly number[], modelClean: number, corruption: CorruptionName): number | null {
  const base = alexNetMeanError(corruption);
  return base === null ? null : ratio(sum(model) / model.length - modelClean, base - ALEXNET_CLEAN_ERROR);
}
