// Temperature scaling in words and numbers (definitions.md §5), shared by the sweep panel, the terminal and the static
// reports: the fit's caption and the before / after rows of ECE, adaptive ECE, classwise ECE and NLL on the evaluated images.
import type { SweepCalibration, SweepTemperatureScaling } from '../protocol/sweep';

/** A fraction in % with two decimals: 0.0123 → "1.23%". */
function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}

/** The fitted T as reports print it. */
export function formatTemperature(temperature: number): string {
  return temperature.toFixed(temperature < 10 ? 3 : 2);
}

/** "T = 1.430, fitted on 200 images of /data/val": where T came from, with a warning when it lies on the search range's edge. */
export function temperatureCaption(scaling: SweepTemperatureScaling): string {
  const edge = scaling.atRangeEdge ? ' (on the edge of the search range 0.01–100: the split does not pin T down)' : '';
  const logProbabilities = scaling.logitKind === 'log-probabilities' ? '; the model exposes probabilities only, so log p stands in for the logits' : '';
  return `T = ${formatTemperature(scaling.temperature)}${edge}, fitted on ${scaling.splitImageCount.toLocaleString('en-US')} images of ${scaling.split}${logProbabilities}`;
}

/** One metric before and after scaling, as text. */
export interface TemperatureRow {
  metric: string;
  before: string;
  after: string;
}

/** ECE, adaptive and classwise ECE in %, NLL in nats, before (T = 1) and after scaling; a metric an older record lacks reads '–'. */
export function temperatureRows(calibration: SweepCalibration, scaling: SweepTemperatureScaling): TemperatureRow[] {
  const optional = (value: number | undefined): string => (value === undefined ? '–' : percent(value));
  return [
    { metric: 'ECE (15 equal-width bins)', before: percent(calibration.ece), after: percent(scaling.ece) },
    { metric: 'Adaptive ECE (15 equal-count bins)', before: optional(calibration.adaptiveEce), after: percent(scaling.adaptiveEce) },
    { metric: 'Classwise ECE', before: optional(calibration.classwiseEce), after: percent(scaling.classwiseEce) },
    { metric: 'NLL (nats)', before: calibration.nll.toFixed(4), after: scaling.nll.toFixed(4) },
  ];
}

/** The after-scaling numbers in a line: "T = 1.430, fitted on …: ECE 3.10%, adaptive ECE …, classwise ECE …, NLL 0.4000 nats". */
export function temperatureLine(scaling: SweepTemperatureScaling): string {
  return `after temperature scaling (${temperatureCaption(scaling)}): ECE ${percent(scaling.ece)}, adaptive ECE ${percent(scaling.adaptiveEce)}, `
    + `classwise ECE ${percent(scaling.classwiseEce)}, NLL ${scaling.nll.toFixed(4)} nats`;
}

/** What the reliability diagram's scaled series shows, with the scaled bins' image counts (confidences move between bins when scaled). */
export function scaledBinsCaption(scaling: SweepTemperatureScaling): string {
  return `Diamonds: accuracy per bin after temperature scaling (T = ${formatTemperature(scaling.temperature)}), with ${scaling.bins.map((b) => b.count).join(', ')} images in the ${scaling.bins.length} bins.`;
}
