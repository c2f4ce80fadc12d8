// What the calibration and OOD figures say in words and numbers, shared by the sweep panel and the static reports:
// reliability bins with their image counts, and the OOD metrics' units and verdict (definitions.md §5).
import type { SweepCalibration, SweepModelResult, SweepOodResult, SweepOodScore } from '../protocol/sweep';
import { formatPercent } from './format';

export interface ReliabilityBar {
  lower: number;
  upper: number;
  /** Images whose confidence falls in the bin; 0 for an empty bin, which has no accuracy. */
  count: number;
  accuracy: number | null;
}

/** Every bin of the reliability diagram, empty ones included, so a chart can show them as empty rather than skip them. */
export function reliabilityBars(calibration: SweepCalibration): ReliabilityBar[] {
  return calibration.bins.map((b) => ({ lower: b.lower, upper: b.upper, count: b.count, accuracy: b.count > 0 ? b.accuracy : null }));
}

/** What the reliability diagram shows, with its sample size. */
export function reliabilityCaption(calibration: SweepCalibration): string {
  const filled = calibration.bins.filter((b) => b.count > 0).length;
  return `Accuracy per confidence bin on ${calibration.imageCount.toLocaleString('en-US')} clean images (${filled} of ${calibration.bins.length} bins hold any); the number over each bar is its image count; the dashed diagonal is perfect calibration.`;
}

const OOD_UNITS_NOTE = 'in-distribution images are the positive class. Every column is in %: AUROC 50% is chance; FPR at TPR 95% is the share of OOD images still called "in" when 95% of in-distribution images are (lower is better, TNR is 100 − FPR); AUPR-In ranks in-distribution images as positives, AUPR-Out the OOD images by the negated score (chance: each class\'s share of the images); detection accuracy 50% is what calling every image "in" (or every image "out") gets.';

/** The OOD table's units and score, in one sentence. */
export const OOD_METRICS_NOTE = `Score: each image's maximum softmax probability; ${OOD_UNITS_NOTE}`;

/** Which OOD score (definitions.md §5) a table shows: one of the three, or all of them, a row each. */
export type OodScoreChoice = SweepOodScore | 'all';
export const OOD_SCORE_CHOICES: readonly OodScoreChoice[] = ['msp', 'maxLogit', 'energy', 'all'];
export const OOD_SCORE_TITLES: Readonly<Record<SweepOodScore, string>> = { msp: 'max softmax probability', maxLogit: 'max logit', energy: 'energy (T = 1)' };

/** The OOD note for the chosen score. */
export function oodMetricsNote(choice: OodScoreChoice): string {
  if (choice === 'msp') return OOD_METRICS_NOTE;
  const score = choice === 'all' ? 'maximum softmax probability, maximum logit and energy log Σ exp(logit) (T = 1), as each row says' : `each image's ${choice === 'maxLogit' ? 'maximum logit' : 'energy log Σ exp(logit) (T = 1)'}`;
  return `Score: ${score}; higher means more in-distribution; ${OOD_UNITS_NOTE}`;
}

/** An OOD set's name in a row, with its near/far tag when the user gave one: "textures (near-OOD)". */
export function oodSetLabel(result: Pick<SweepOodResult, 'set' | 'tag'>): string {
  return result.tag ? `${result.set} (${result.tag}-OOD)` : result.set;
}

/** A model's OOD rows under the chosen score(s), each with its score; a score an older record lacks has no rows. */
export function oodRows(model: SweepModelResult, choice: OodScoreChoice): Array<{ score: SweepOodScore; result: SweepOodResult }> {
  const scores: SweepOodScore[] = choice === 'all' ? ['msp', 'maxLogit', 'energy'] : [choice];
  return scores.flatMap((score) => (score === 'msp' ? model.ood : model.oodByScore?.[score] ?? []).map((result) => ({ score, result })));
}

/** A warning when max logit and energy were taken on log-probabilities (the model exposes no logits); else null. */
export function logProbabilityNote(model: SweepModelResult, choice: OodScoreChoice): string | null {
  if (choice === 'msp' || model.logitKind !== 'log-probabilities') return null;
  return `${model.name} only exposes probabilities: its max logit is log MSP (same ranking as MSP) and its energy is 0 for every image (no separation).`;
}

/** The calibration numbers of one model in a line: ECE, adaptive and classwise ECE in %, NLL in nats. */
export function calibrationLine(calibration: SweepCalibration): string {
  const extra = [
    calibration.adaptiveEce === undefined ? '' : `, adaptive ECE ${formatPercent(calibration.adaptiveEce, 2)} (15 equal-count bins)`,
    calibration.classwiseEce === undefined ? '' : `, classwise ECE ${formatPercent(calibration.classwiseEce, 2)}`,
  ].join('');
  return `ECE ${formatPercent(calibration.ece, 2)} (15 equal-width bins)${extra}, NLL ${calibration.nll.toFixed(4)} nats`;
}

/** A warning in words when the model is more confident on OOD sets than on its in-distribution images (AUROC below chance); else null. */
export function oodVerdict(model: SweepModelResult): string | null {
  const reversed = model.ood.filter((o) => o.auroc < 0.5);
  if (reversed.length === 0) return null;
  const sets = reversed.map((o) => `${oodSetLabel(o)} (${o.outCount.toLocaleString('en-US')} images, AUROC ${formatPercent(o.auroc)})`);
  const list = sets.length === 1 ? sets[0] : `${sets.slice(0, -1).join(', ')} and ${sets[sets.length - 1]}`;
  return `${model.name} is more confident on ${list} than on its ${reversed[0].inCount.toLocaleString('en-US')} in-distribution images (chance is 50%): its maximum softmax probability cannot flag ${sets.length === 1 ? 'this set' : 'these sets'}.`;
}

/** How the score orders the two sets, in a few words, for the OOD table's last column (AUROC 50% is chance). */
export function oodReading(result: SweepOodResult): string {
  if (result.auroc < 0.5) return 'scores this set higher than in-distribution images';
  if (result.auroc > 0.5) return 'scores in-distribution images higher';
  return 'no separation (chance)';
}
