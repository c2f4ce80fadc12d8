// What the calibration and OOD figures say in words and numbers, shared by the sweep panel and the static reports:
// reliability bins with their image counts, and the OOD metrics' units and verdict (definitions.md §5).
import type { SweepCalibration, SweepModelResult, SweepOodResult } from '../../src/protocol/sweep';
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

/** The OOD table's units and score, in one sentence. */
export const OOD_METRICS_NOTE = 'Score: each image\'s maximum softmax probability; in-distribution images are the positive class. AUROC, TNR at TPR 95% and detection accuracy in %: AUROC 50% is chance, detection accuracy 50% is what calling every image "in" (or every image "out") gets.';

/** A warning in words when the model is more confident on OOD sets than on its in-distribution images (AUROC below chance); else null. */
export function oodVerdict(model: SweepModelResult): string | null {
  const reversed = model.ood.filter((o) => o.auroc < 0.5);
  if (reversed.length === 0) return null;
  const sets = reversed.map((o) => `${o.set} (${o.outCount.toLocaleString('en-US')} images, AUROC ${formatPercent(o.auroc)})`);
  const list = sets.length === 1 ? sets[0] : `${sets.slice(0, -1).join(', ')} and ${sets[sets.length - 1]}`;
  return `${model.name} is more confident on ${list} than on its ${reversed[0].inCount.toLocaleString('en-US')} in-distribution images (chance is 50%): its maximum softmax probability cannot flag ${sets.length === 1 ? 'this set' : 'these sets'}.`;
}

/** How the score orders the two sets, in a few words, for the OOD table's last column (AUROC 50% is chance). */
export function oodReading(result: SweepOodResult): string {
  if (result.auroc < 0.5) return 'scores this set higher than in-distribution images';
  if (result.auroc > 0.5) return 'scores in-distribution images higher';
  return 'no separation (chance)';
}
