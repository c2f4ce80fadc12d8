// The OOD score functions of definitions.md §5 (Scores) from each image's logits: max softmax probability, max logit and
// energy T·log Σ_c exp(z_c/T) with T = 1; a higher score means more in-distribution.
import { UserFacingError } from '../errors';

export type OodScoreName = 'msp' | 'maxLogit' | 'energy';
export const OOD_SCORE_NAMES: readonly OodScoreName[] = ['msp', 'maxLogit', 'energy'];

/** How reports name each score. */
export const OOD_SCORE_LABELS: Readonly<Record<OodScoreName, string>> = {
  msp: 'max softmax probability', maxLogit: 'max logit', energy: 'energy (T = 1)',
};

/** One score per image for each score function. */
export type OodScoreLists = Record<OodScoreName, Float64Array>;

// definitions.md §5: MSP = max_c softmax(z)_c, max logit = max_c z_c, energy = log Σ_c exp(z_c) (T = 1), each computed
// stably from the row's maximum: logsumexp = m + log Σ exp(z_c − m), MSP = exp(m − logsumexp).
export function oodScoresFromLogits(logits: ArrayLike<number>, classCount: number): OodScoreLists {
  if (!Number.isInteger(classCount) || classCount < 1 || logits.length % classCount !== 0) {
    throw new UserFacingError(`Expected logits in rows of ${classCount} classes, got ${logits.length} values.`, 'bad-input');
  }
  const count = logits.length / classCount;
  const scores: OodScoreLists = { msp: new Float64Array(count), maxLogit: new Float64Array(count), energy: new Float64Array(count) };
  for (let i = 0; i < count; i++) {
    const offset = i * classCount;
    let peak = -Infinity;
    for (let c = 0; c < classCount; c++) peak = Math.max(peak, logits[offset + c]);
    let sum = 0;
    for (let c = 0; c < classCount; c++) sum += Math.exp(logits[offset + c] - peak);
    const logSumExp = peak + Math.log(sum);
    scores.msp[i] = Math.exp(peak - logSumExp);
    scores.maxLogit[i] = peak;
    scores.energy[i] = logSumExp;
  }
  return scores;
}
