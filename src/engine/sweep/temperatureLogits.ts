// What temperature scaling divides by T (definitions.md §5): a batch's logits, or, for a model whose logits cannot be computed
// (predicted on ONNX Runtime only), its log-probabilities, which softmax maps back to the same probabilities.
import { NLL_PROBABILITY_FLOOR } from '../uncertainty/negativeLogLikelihood';
import type { ConditionOutputs } from './conditionOutputs';
import type { BatchLogits } from './temperatureTally';

/** ln p per value, p raised to NLL_PROBABILITY_FLOOR first so that a probability of 0 stays finite (as NLL treats it). */
export function logProbabilities(probabilities: ArrayLike<number>): Float64Array {
  const out = new Float64Array(probabilities.length);
  for (let i = 0; i < probabilities.length; i++) out[i] = Math.log(Math.max(probabilities[i], NLL_PROBABILITY_FLOOR));
  return out;
}

/** The logits the clean pass (or the calibration pass, by the same code) left in `outputs`, else the log of its probabilities. */
export function temperatureLogitsOf(outputs: Pick<ConditionOutputs, 'logits' | 'probabilities'>): BatchLogits {
  return outputs.logits ?? { kind: 'log-probabilities', values: logProbabilities(outputs.probabilities) };
}
