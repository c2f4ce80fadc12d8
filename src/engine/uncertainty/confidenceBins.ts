// Equal-width bins over (0, 1], each bin (lo, hi] (definitions.md §5, ECE), shared by calibration and score histograms.
import { UserFacingError } from '../errors';

/** Bin b of `count` is (b/count, (b+1)/count]. */
export interface BinBounds {
  lower: number;
  upper: number;
}

export function binBounds(count: number): BinBounds[] {
  checkBinCount(count);
  return Array.from({ length: count }, (_, b) => ({ lower: b / count, upper: (b + 1) / count }));
}

/**
 * The bin (lo, hi] holding `value`, with edges exactly b/count (so 0.6 of 15 bins lands in (0.5333…, 0.6]).
 * Values ≤ 0 have no (lo, hi] bin; they are put in the first bin (max-softmax confidences are ≥ 1/K > 0, so
 * this only matters for other scores). Values above 1 go in the last bin.
 */
export function binIndex(value: number, count: number): number {
  let b = Math.min(count - 1, Math.max(0, Math.ceil(value * count) - 1));
  // ceil(value·count) can be off by one at an edge through rounding; settle it against the edges themselves.
  if (b < count - 1 && value > (b + 1) / count) b++;
  if (b > 0 && value <= b / count) b--;
  return b;
}

function checkBinCount(count: number): void {
  if (!Number.isInteger(count) || count < 1) throw new UserFacingError(`The number of bins must be a whole number of at least 1, got ${count}.`, 'bad-input');
}
