// The WSOL selection protocol (definitions.md §4 "The protocol"; Choe et al., CVPR 2020 §5): candidate settings are
// ranked on train-fullsup, τ is MaxBoxAcc's own best τ on train-fullsup, and test is evaluated once with the choice.
import type { ProtocolCandidateScore, ProtocolSummary } from '../../protocol/wsolProtocol';
import { UserFacingError } from '../errors';
import type { WsolSplitName } from '../data/wsolSplits';

/** What one candidate scored on one split: a MaxBoxAcc curve over the thresholds, or PxAP. */
export type SplitScore =
  | { metric: 'maxBoxAcc'; thresholds: readonly number[]; accuracies: readonly number[] }
  | { metric: 'pxap'; pxap: number };

/** MaxBoxAcc's maximum over τ and the first τ reaching it, or PxAP with no τ. */
function bestOf(score: SplitScore): { value: number; threshold: number | null } {
  if (score.metric === 'pxap') return { value: score.pxap, threshold: null };
  const best = score.accuracies.indexOf(Math.max(...score.accuracies));
  return { value: score.accuracies[best], threshold: score.thresholds[best] };
}

/** Each candidate's train-fullsup score and the index of the best one (the first on ties). */
export function chooseOnTrainFullsup(labels: readonly string[], scores: readonly SplitScore[]): { candidates: ProtocolCandidateScore[]; chosen: number } {
  if (scores.length === 0 || scores.length !== labels.length) throw new UserFacingError('The protocol needs at least one candidate setting.', 'bad-input');
  const candidates = scores.map((score, i) => {
    const { value, threshold } = bestOf(score);
    return { label: labels[i], trainFullsup: value, threshold };
  });
  let chosen = 0;
  candidates.forEach((candidate, i) => { if (candidate.trainFullsup > candidates[chosen].trainFullsup) chosen = i; });
  return { candidates, chosen };
}

/** The test report of the chosen candidate: at the τ chosen on train-fullsup, with test's own best τ beside it. */
export function reportOnTest(candidates: ProtocolCandidateScore[], chosen: number, test: SplitScore): ProtocolSummary {
  const { threshold } = candidates[chosen];
  if (test.metric === 'pxap') {
    return { metric: 'pxap', candidates, chosen, chosenBy: { setting: 'train-fullsup', threshold: null }, test: test.pxap, chosenOnTest: null };
  }
  const index = test.thresholds.findIndex((t) => Math.abs(t - (threshold as number)) < 1e-9);
  if (threshold === null || index < 0) throw new UserFacingError('The test split was evaluated on another τ grid than train-fullsup.', 'bad-input');
  const oracle = bestOf(test);
  return {
    metric: 'maxBoxAcc', candidates, chosen, chosenBy: { setting: 'train-fullsup', threshold: 'train-fullsup' },
    test: test.accuracies[index], chosenOnTest: { value: oracle.value, threshold: oracle.threshold as number },
  };
}

/** Scores `candidate` on `split`; `threshold` is the τ chosen on train-fullsup when scoring test (null otherwise, and for PxAP). */
export type SplitEvaluation<C> = (candidate: C, split: WsolSplitName, threshold: number | null) => Promise<SplitScore>;

/**
 * Runs the protocol: every candidate is scored on train-fullsup, then only the chosen one on test, once.
 */
export async function runProtocol<C>(candidates: readonly C[], labelOf: (candidate: C) => string, evaluate: SplitEvaluation<C>, signal?: AbortSignal): Promise<ProtocolSummary> {
  const scores: SplitScore[] = [];
  for (const candidate of candidates) {
    if (signal?.aborted) throw new UserFacingError('The protocol was cancelled.', 'cancelled');
    scores.push(await evaluate(candidate, 'train-fullsup', null));
  }
  const kinds = new Set(scores.map((score) => score.metric));
  if (kinds.size > 1) throw new UserFacingError('The candidates were scored with different metrics; a protocol ranks by one.', 'bad-input');
  const { candidates: ranked, chosen } = chooseOnTrainFullsup(candidates.map(labelOf), scores);
  return reportOnTest(ranked, chosen, await evaluate(candidates[chosen], 'test', ranked[chosen].threshold));
}
