// The WSOL evaluation protocol as a run reports it (definitions.md §4 "The protocol"): settings chosen on the
// train-fullsup split, the test split reported once with them, and which split chose what.

/** The metric that ranks candidates and is reported: MaxBoxAcc on box datasets, PxAP on mask datasets. */
export type ProtocolMetric = 'maxBoxAcc' | 'pxap';

/** One candidate setting and its train-fullsup score (MaxBoxAcc at its own best τ, or PxAP). */
export interface ProtocolCandidateScore {
  /** The setting in words, e.g. "Grad-CAM · min-max · layer 'conv5'" or a score-map folder. */
  label: string;
  trainFullsup: number;
  /** The τ where its train-fullsup MaxBoxAcc peaks; null for PxAP, which has no τ. */
  threshold: number | null;
}

export interface ProtocolSummary {
  metric: ProtocolMetric;
  /** Every candidate in the order tried; the chosen one is candidates[chosen]. */
  candidates: ProtocolCandidateScore[];
  chosen: number;
  /** What each split chose, in words: the settings and τ by train-fullsup, nothing by test. */
  chosenBy: { setting: 'train-fullsup'; threshold: 'train-fullsup' | null };
  /** The test split evaluated once with the chosen settings: MaxBoxAcc at the τ chosen on train-fullsup, or PxAP. */
  test: number;
  /** Test's own best over τ (boxes only): labelled "chosen on test", never the reported number. */
  chosenOnTest: { value: number; threshold: number } | null;
}
