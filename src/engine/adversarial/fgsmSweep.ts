// Top-1 error at each ε over a whole dataset (definitions.md §2: "report top-1 error at each ε"), summed from batches.
import { UserFacingError } from '../errors';
import { errorRate } from '../metrics/topOneErrors';
import type { FgsmTarget } from './fgsm';
import type { FgsmBatchResult } from './fgsmBatch';

export interface FgsmErrorAtEpsilon {
  epsilon: number;
  /** Top-1 error against the targets: with target 'prediction', the fraction of predictions the attack changed. */
  error: number;
  wrong: number;
}

export interface FgsmSweepResult {
  target: FgsmTarget;
  imageCount: number;
  cleanError: number;
  errors: FgsmErrorAtEpsilon[];
}

/** Adds up FgsmBatchResults of one sweep; every batch must use the same ε list and the same kind of target. */
export class FgsmSweepTally {
  private target: FgsmTarget | null = null;
  private imageCount = 0;
  private cleanWrong = 0;
  private readonly wrong: number[];

  constructor(private readonly epsilons: readonly number[]) {
    this.wrong = epsilons.map(() => 0);
  }

  add(batch: FgsmBatchResult): void {
    if (batch.wrongAtEpsilon.length !== this.epsilons.length) throw new UserFacingError(`An FGSM batch reported ${batch.wrongAtEpsilon.length} ε values; the sweep has ${this.epsilons.length}.`, 'bad-input');
    if (this.target && batch.target !== this.target) throw new UserFacingError('FGSM batches mix labelled and unlabelled images; attack either all with their labels or all with the model\'s predictions.', 'bad-input');
    this.target = batch.target;
    this.imageCount += batch.imageCount;
    this.cleanWrong += batch.cleanWrong;
    batch.wrongAtEpsilon.forEach((w, i) => { this.wrong[i] += w; });
  }

  result(): FgsmSweepResult {
    if (!this.target) throw new UserFacingError('No image was attacked, so there is no FGSM error to report.', 'bad-input');
    const total = this.imageCount;
    return {
      target: this.target, imageCount: total, cleanError: errorRate({ wrong: this.cleanWrong, total }),
      errors: this.epsilons.map((epsilon, i) => ({ epsilon, error: errorRate({ wrong: this.wrong[i], total }), wrong: this.wrong[i] })),
    };
  }
}
