// FGSM robustness (definitions.md §2): the attack, one batch of an ε sweep, and the sweep's totals.
export { FGSM_EPSILON, FGSM_SWEEP_EPSILONS, fgsmGradient, fgsmPerturb, type FgsmGradient, type FgsmTarget } from './fgsm';
export { fgsmBatch, type ClassPrediction, type FgsmBatchOptions, type FgsmBatchResult, type FgsmGalleryEntry } from './fgsmBatch';
export { FgsmSweepTally, type FgsmErrorAtEpsilon, type FgsmSweepResult } from './fgsmSweep';
