// Negative log-likelihood of the true class (definitions.md §5, "also report NLL").
import { UserFacingError } from '../errors';

/** Probabilities below this are raised to it before the log, so a confident miss costs at most −ln(1e-12) ≈ 27.6 nats. */
export const NLL_PROBABILITY_FLOOR = 1e-12;

// definitions.md §5: NLL = mean over images of −ln p(y|x), p clamped below at NLL_PROBABILITY_FLOOR.
export function negativeLogLikelihood(trueClassProbabilities: ArrayLike<number>): number {
  const n = trueClassProbabilities.length;
  if (n === 0) throw new UserFacingError('NLL needs at least one labelled image.', 'bad-input');
  let sum = 0;
  for (let i = 0; i < n; i++) sum -= Math.log(Math.max(trueClassProbabilities[i], NLL_PROBABILITY_FLOOR));
  return sum / n;
}
